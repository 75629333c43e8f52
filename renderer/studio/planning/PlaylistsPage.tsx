import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, arrayMove, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Alert, App as AntApp, Button, Card, Empty, Input, InputNumber, List, Popconfirm, Segmented, Select, Space, Switch, Tag, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot, Playlist, PlaylistItem, RuleSource } from '../../../shared/domain';
import { getBridge } from '../../bridge';
import { newId } from '../ProductDrawer';
import { SortableItem, keyOf, useItemLabel, type ItemType } from './PlaylistItemRow';
import { RuleEditor } from './RuleEditor';
import { UndoBar, errorText, playlistColour } from './planning-ui';
import { usePlanningStore } from './planning-store';
import './planning.css';

function PlaylistEditor({ library, playlist, saved }: { library: LibrarySnapshot; playlist: Playlist; saved: Playlist | null }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const setDraft = usePlanningStore((s) => s.setPlaylistDraft);
  const selectPlaylist = usePlanningStore((s) => s.selectPlaylist);
  const pushUndo = usePlanningStore((s) => s.pushUndo);
  const [error, setError] = useState<string | null>(null);
  const [errorTitle, setErrorTitle] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [addType, setAddType] = useState<ItemType>('script');
  const [addTarget, setAddTarget] = useState<string | null>(null);
  const labelOf = useItemLabel(library);
  const hasDraft = usePlanningStore((s) => s.playlistDraft) !== null;
  const dirty = saved === null || hasDraft;
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const update = (patch: Partial<Playlist>) => {
    setError(null);
    setDraft({ ...playlist, ...patch });
  };
  const moveItem = (from: number, to: number) => update({ items: arrayMove(playlist.items, from, to) });
  const onDragEnd = (e: DragEndEvent) => {
    if (!e.over || e.active.id === e.over.id) return;
    const keys = playlist.items.map(keyOf);
    moveItem(keys.indexOf(String(e.active.id)), keys.indexOf(String(e.over.id)));
  };
  const removeItem = (index: number) => {
    const before = playlist;
    const label = labelOf(playlist.items[index]!).text;
    update({ items: playlist.items.filter((_, i) => i !== index) });
    pushUndo({ label: t('planning.items.removed', { name: label }), undo: () => setDraft(before) });
  };
  const setWeight = (index: number, w: number | null) =>
    update({
      items: playlist.items.map((it, i) => {
        if (i !== index) return it;
        const { weight: _old, ...rest } = it;
        return (w === null || w === 1 ? rest : { ...rest, weight: w }) as PlaylistItem;
      }),
    });

  const targets = useMemo(() => {
    if (addType === 'script') return library.scripts.map((s) => ({ value: s.id, label: s.title }));
    if (addType === 'product') return library.products.map((p) => ({ value: p.id, label: p.name }));
    return [...new Set(library.scripts.flatMap((s) => s.tags))].map((x) => ({ value: x, label: `#${x}` }));
  }, [addType, library]);
  const addItem = () => {
    if (!addTarget) return;
    const item: PlaylistItem =
      addType === 'script' ? { type: 'script', scriptId: addTarget } : addType === 'product' ? { type: 'product', productId: addTarget } : { type: 'tag', tag: addTarget };
    update({ items: [...playlist.items, item] });
    setAddTarget(null);
  };

  const save = async () => {
    if (!playlist.name.trim()) {
      setError(t('planning.playlist.nameRequired'));
      setErrorTitle(null);
      return;
    }
    const badRule = (playlist.rules ?? []).findIndex((r) => r.kind === 'interval' && r.maxMinutes < r.minMinutes);
    if (badRule >= 0) {
      setError(t('planning.rules.badRule', { n: badRule + 1 }));
      setErrorTitle(null);
      return;
    }
    setSaving(true);
    try {
      await getBridge().call('library.upsertPlaylist', { playlist: { ...playlist, name: playlist.name.trim() } });
      setDraft(null);
      setError(null);
      void message.success(t('planning.saved'));
    } catch (e) {
      setError(errorText(e));
      setErrorTitle(null);
    } finally {
      setSaving(false);
    }
  };
  const discard = () => {
    setError(null);
    setDraft(null);
    if (!saved) selectPlaylist(library.playlists[0]?.id ?? null);
  };
  const remove = async () => {
    if (!saved) {
      discard();
      return;
    }
    try {
      await getBridge().call('library.deletePlaylist', { id: saved.id });
      selectPlaylist(null);
      pushUndo({
        label: t('planning.playlist.deleted', { name: saved.name }),
        undo: async () => {
          await getBridge().call('library.upsertPlaylist', { playlist: saved });
          selectPlaylist(saved.id);
        },
      });
    } catch (e) {
      const text = errorText(e);
      setError(text);
      setErrorTitle(/used by the plan/.test(text) ? t('planning.playlist.inUse') : t('planning.playlist.deleteFailed'));
    }
  };

  const rules = playlist.rules ?? [];
  return (
    <Card
      data-testid="playlist-editor"
      title={
        <Space>
          <Input
            value={playlist.name}
            onChange={(e) => update({ name: e.target.value })}
            placeholder={t('planning.playlist.namePlaceholder')}
            maxLength={200}
            style={{ width: 280 }}
            data-testid="playlist-name"
            status={playlist.name.trim() ? undefined : 'error'}
          />
          {dirty && <Tag color="orange">{saved ? t('planning.unsaved') : t('planning.notSavedYet')}</Tag>}
        </Space>
      }
      extra={
        <Space>
          {dirty && (
            <Button onClick={discard} data-testid="playlist-discard">
              {t('planning.discard')}
            </Button>
          )}
          <Popconfirm title={t('planning.playlist.confirmDelete', { name: playlist.name })} onConfirm={() => void remove()} okText={t('planning.delete')} cancelText={t('planning.cancel')}>
            <Button danger data-testid="playlist-delete">
              {t('planning.delete')}
            </Button>
          </Popconfirm>
          <Button type="primary" loading={saving} disabled={!dirty} onClick={() => void save()} data-testid="playlist-save">
            {t('planning.save')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon className="planning-error" data-testid="playlist-error" title={errorTitle ?? t('planning.playlist.saveFailed')} description={error} />}
      <Space wrap size="large" className="playlist-options">
        <label>
          <Switch checked={playlist.loop} onChange={(v) => update({ loop: v })} data-testid="playlist-loop" /> {t('planning.playlist.loop')}
        </label>
        <label>
          <Switch checked={playlist.shuffle} onChange={(v) => update({ shuffle: v })} data-testid="playlist-shuffle" /> {t('planning.playlist.shuffle')}
        </label>
        <Tooltip title={t('planning.playlist.noRepeatHelp')}>
          <Space size={4}>
            {t('planning.playlist.noRepeat')}
            <InputNumber min={0} max={100} value={playlist.noRepeatWindow ?? 3} onChange={(v) => update({ noRepeatWindow: v ?? undefined })} style={{ width: 70 }} data-testid="playlist-norepeat" />
          </Space>
        </Tooltip>
      </Space>

      <Typography.Title level={5}>{t('planning.items.title')}</Typography.Title>
      {playlist.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planning.items.empty')} />
      ) : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={playlist.items.map(keyOf)} strategy={verticalListSortingStrategy}>
            <div className="playlist-items" data-testid="playlist-items">
              {playlist.items.map((item, i) => (
                <SortableItem
                  key={keyOf(item)}
                  item={item}
                  index={i}
                  count={playlist.items.length}
                  label={labelOf(item)}
                  onMove={moveItem}
                  onRemove={() => removeItem(i)}
                  onWeight={(w) => setWeight(i, w)}
                />
              ))}
            </div>
          </SortableContext>
        </DndContext>
      )}
      <Space.Compact className="playlist-add">
        <Segmented<ItemType>
          value={addType}
          onChange={(v) => {
            setAddType(v);
            setAddTarget(null);
          }}
          options={(['script', 'product', 'tag'] as const).map((k) => ({ value: k, label: t(`planning.items.type.${k}`) }))}
          data-testid="add-item-type"
        />
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          value={addTarget}
          onChange={(v: string) => setAddTarget(v)}
          options={targets}
          placeholder={t(`planning.items.pick.${addType}`)}
          style={{ width: 300 }}
          data-testid="add-item-target"
          notFoundContent={t('planning.items.nothingToPick')}
        />
        <Button type="primary" ghost disabled={!addTarget} onClick={addItem} data-testid="add-item">
          {t('planning.items.add')}
        </Button>
      </Space.Compact>

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('planning.rules.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('planning.rules.help')}</Typography.Paragraph>
      {rules.map((r, i) => (
        <RuleEditor
          key={r.id}
          rule={r}
          library={library}
          onChange={(next) => update({ rules: rules.map((x, j) => (j === i ? next : x)) })}
          onRemove={() => {
            const before = playlist;
            update({ rules: rules.filter((_, j) => j !== i) });
            pushUndo({ label: t('planning.rules.removed'), undo: () => setDraft(before) });
          }}
        />
      ))}
      <Button
        onClick={() => {
          const general = library.scripts.find((s) => s.kind === 'follow') ?? library.scripts[0];
          const source: RuleSource = general ? { scriptId: general.id } : { text: t('planning.rules.defaultText', { time: '{{time}}' }) };
          update({ rules: [...rules, { id: newId('r'), kind: 'interval', minMinutes: 10, maxMinutes: 15, source }] });
        }}
        data-testid="add-rule"
      >
        {t('planning.rules.add')}
      </Button>
    </Card>
  );
}

/** Playlists: order (drag and drop, or ↑/↓), loop/shuffle, weights, no-repeat window, interval inserts. */
export function PlaylistsPage({ library }: { library: LibrarySnapshot }) {
  const { t } = useTranslation();
  const { modal } = AntApp.useApp();
  const selectedId = usePlanningStore((s) => s.selectedPlaylistId);
  const draft = usePlanningStore((s) => s.playlistDraft);
  const selectPlaylist = usePlanningStore((s) => s.selectPlaylist);
  const setDraft = usePlanningStore((s) => s.setPlaylistDraft);

  const effectiveId = selectedId ?? draft?.id ?? library.playlists[0]?.id ?? null;
  const saved = library.playlists.find((p) => p.id === effectiveId) ?? null;
  const current = draft && draft.id === effectiveId ? draft : saved;
  const usedBy = (id: string) => {
    const plan = library.plan;
    if (!plan) return 0;
    return [...Object.values(plan.days).flat(), ...(plan.overrides ?? []).flatMap((o) => o.blocks)].filter((b) => b.playlistId === id).length;
  };

  const guard = (then: () => void) => {
    if (!draft) return then();
    modal.confirm({
      title: t('planning.discardTitle'),
      content: t('planning.discardBody'),
      okText: t('planning.discard'),
      cancelText: t('planning.cancel'),
      onOk: () => {
        setDraft(null);
        then();
      },
    });
  };
  const create = () =>
    guard(() => {
      const pl: Playlist = { id: newId('pl'), name: t('planning.playlist.newName', { n: library.playlists.length + 1 }), items: [], loop: true, shuffle: false };
      selectPlaylist(pl.id);
      setDraft(pl);
    });

  const listed: Playlist[] = [...library.playlists, ...(draft && !library.playlists.some((p) => p.id === draft.id) ? [draft] : [])];
  return (
    <div className="planning-page" data-testid="playlists-page">
      <UndoBar />
      <div className="playlists-layout">
        <Card
          title={t('planning.playlists')}
          size="small"
          extra={
            <Button type="primary" size="small" onClick={create} data-testid="new-playlist">
              {t('planning.playlist.new')}
            </Button>
          }
        >
          {listed.length === 0 ? (
            <Empty description={t('planning.playlist.emptyList')} />
          ) : (
            <List
              data-testid="playlist-list"
              dataSource={listed}
              renderItem={(p) => {
                const n = usedBy(p.id);
                return (
                  <List.Item
                    className={`playlist-row${p.id === effectiveId ? ' selected' : ''}`}
                    onClick={() => p.id !== effectiveId && guard(() => selectPlaylist(p.id))}
                    data-testid="playlist-row"
                  >
                    <span className="swatch" style={{ background: playlistColour(p.id, listed) }} />
                    <span className="playlist-row-name">{p.id === draft?.id ? draft.name : p.name}</span>
                    <Typography.Text type="secondary">{t('planning.playlist.count', { count: p.items.length })}</Typography.Text>
                    {n > 0 && <Tag>{t('planning.playlist.onPlan', { count: n })}</Tag>}
                  </List.Item>
                );
              }}
            />
          )}
        </Card>
        <div>
          {current ? (
            <PlaylistEditor key={current.id} library={library} playlist={current} saved={saved} />
          ) : (
            <Card>
              <Empty description={t('planning.playlist.emptyEditor')}>
                <Button type="primary" onClick={create}>
                  {t('planning.playlist.new')}
                </Button>
              </Empty>
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
