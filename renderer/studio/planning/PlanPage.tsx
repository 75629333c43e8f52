import { Alert, App as AntApp, Button, Card, DatePicker, Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WeekdaySchema, systemTimeZone, type LibrarySnapshot, type Plan, type PlanBlock, type Weekday } from '../../../shared/domain';
import { isValidTimeZone, localDateTime } from '../../../shared/plan';
import type { PlanProblem } from '../../../shared/plan-check';
import { PLAN_WEEKDAYS, allDayPlan, copyDay, newBlockId, planBlockIds, previousWeekday, spanToClock, type Span } from '../../../shared/plan-edit';
import { getBridge } from '../../bridge';
import { newId } from '../ProductDrawer';
import { BlockEditor, CopyDayModal, type EditingBlock } from './BlockEditor';
import { ProblemList, problemDescriber, usePlanProblems } from './PlanProblems';
import { Timeline, type TimelineRow } from './Timeline';
import { UndoBar, errorText } from './planning-ui';
import { usePlanningStore, type BlockRef, type DayKey } from './planning-store';
import './planning.css';

const isWeekday = (key: DayKey): key is Weekday => WeekdaySchema.safeParse(key).success;

function blocksOf(plan: Plan, key: DayKey): readonly PlanBlock[] {
  if (isWeekday(key)) return plan.days[key] ?? [];
  return plan.overrides?.find((o) => o.date === key)?.blocks ?? [];
}

function withDay(plan: Plan, key: DayKey, fn: (blocks: readonly PlanBlock[]) => PlanBlock[]): Plan {
  if (isWeekday(key)) return { ...plan, days: { ...plan.days, [key]: fn(plan.days[key] ?? []) } };
  return { ...plan, overrides: (plan.overrides ?? []).map((o) => (o.date === key ? { ...o, blocks: fn(o.blocks) } : o)) };
}

/** Now in the plan's time zone (refreshed every 30 s), or null when the zone is not valid. */
function useNow(timeZone: string | null): { date: string; weekday: Weekday; minute: number } | null {
  const [tick, setTick] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setTick(Date.now()), 30_000);
    return () => clearInterval(id);
  }, []);
  if (!timeZone || !isValidTimeZone(timeZone)) return null;
  const l = localDateTime(tick, timeZone);
  return { date: l.date, weekday: l.weekday, minute: l.minuteOfDay };
}

/** The store has no plan: offer one that plays a chosen playlist all day, every day. */
function NoPlan({ library }: { library: LibrarySnapshot }) {
  const { t } = useTranslation();
  const [playlistId, setPlaylistId] = useState<string | null>(library.playlists[0]?.id ?? null);
  const [error, setError] = useState<string | null>(null);
  if (library.playlists.length === 0) return <Empty description={t('planning.plan.noPlaylists')} />;
  const create = async () => {
    if (!playlistId) return;
    try {
      await getBridge().call('plan.save', { plan: allDayPlan({ id: newId('plan'), name: t('planning.plan.defaultName'), timeZone: systemTimeZone(), playlistId }) });
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Card>
      <Empty description={t('planning.plan.noPlan')}>
        <Space>
          <Select value={playlistId} onChange={setPlaylistId} options={library.playlists.map((p) => ({ value: p.id, label: p.name }))} style={{ width: 240 }} data-testid="create-plan-playlist" />
          <Button type="primary" onClick={() => void create()} data-testid="create-plan">
            {t('planning.plan.createAllDay')}
          </Button>
        </Space>
        {error && <Alert type="error" title={error} style={{ marginTop: 12 }} />}
      </Empty>
    </Card>
  );
}

/** The plan: a 24-hour timeline per weekday, dated overrides, time zone and gap policy, problems, save. */
export function PlanPage({ library }: { library: LibrarySnapshot }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const draft = usePlanningStore((s) => s.planDraft);
  const setDraft = usePlanningStore((s) => s.setPlanDraft);
  const selected = usePlanningStore((s) => s.selectedBlock);
  const selectBlock = usePlanningStore((s) => s.selectBlock);
  const selectedOverride = usePlanningStore((s) => s.selectedOverride);
  const selectOverride = usePlanningStore((s) => s.selectOverride);
  const pushUndo = usePlanningStore((s) => s.pushUndo);
  const [editing, setEditing] = useState<EditingBlock | null>(null);
  const [copyFrom, setCopyFrom] = useState<Weekday | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [newOverrideDate, setNewOverrideDate] = useState<string | null>(null);

  // A draft of another plan (or of one that is gone) is not this one.
  const plan = draft && library.plan && draft.id === library.plan.id ? draft : (library.plan ?? draft);
  const dirty = draft !== null && plan === draft;
  const now = useNow(plan?.timeZone ?? null);
  const { problems, error: checkError } = usePlanProblems(plan, library);
  const timeZones = useMemo(() => {
    try {
      return Intl.supportedValuesOf('timeZone');
    } catch {
      return [systemTimeZone()];
    }
  }, []);

  if (!plan) return <NoPlan library={library} />;

  const edit = (next: Plan) => {
    setSaveError(null);
    setDraft(next);
  };
  const dayLabel = (key: DayKey): string => (isWeekday(key) ? t(`planning.weekday.${key}`) : key);
  const playlistName = (id: string) => library.playlists.find((p) => p.id === id)?.name ?? null;
  const defaultPlaylist = library.playlists[0]?.id ?? '';

  const openBlock = (ref: BlockRef) => {
    const block = blocksOf(plan, ref.day).find((b) => b.id === ref.id);
    if (!block) return;
    selectBlock(ref);
    setEditing({ day: ref.day, block, isNew: false });
  };
  const onCreate = (day: DayKey, span: Span) => {
    const id = newBlockId(planBlockIds(plan), `blk-${isWeekday(day) ? day : 'ovr'}`);
    const last = [...blocksOf(plan, day)].pop();
    setEditing({ day, block: { id, ...spanToClock(span), playlistId: last?.playlistId ?? defaultPlaylist, startMode: 'soft' }, isNew: true });
  };
  const commitBlock = (day: DayKey, block: PlanBlock) => {
    edit(withDay(plan, day, (list) => (list.some((b) => b.id === block.id) ? list.map((b) => (b.id === block.id ? block : b)) : [...list, block])));
    selectBlock({ day, id: block.id });
    setEditing(null);
  };
  const deleteBlock = (day: DayKey, id: string) => {
    const before = draft;
    edit(withDay(plan, day, (list) => list.filter((b) => b.id !== id)));
    selectBlock(null);
    setEditing(null);
    pushUndo({ label: t('planning.block.deleted', { day: dayLabel(day) }), undo: () => setDraft(before) });
  };
  const save = async () => {
    setSaving(true);
    try {
      await getBridge().call('plan.save', { plan });
      setDraft(null);
      setSaveError(null);
      void message.success(t('planning.plan.saved'));
    } catch (e) {
      setSaveError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  const discard = () => {
    const before = draft;
    setDraft(null);
    setSaveError(null);
    if (before) pushUndo({ label: t('planning.plan.discarded'), undo: () => setDraft(before) });
  };

  const todayOverride = now ? plan.overrides?.find((o) => o.date === now.date) : undefined;
  const weekRows: TimelineRow[] = PLAN_WEEKDAYS.map((d) => ({
    key: d,
    label: (
      <span className={now?.weekday === d ? 'today' : undefined}>
        {t(`planning.weekday.${d}`)}
        {now?.weekday === d && <Tag color="red" className="today-tag">{t('planning.plan.today')}</Tag>}
      </span>
    ),
    previousKey: previousWeekday(d),
    nowMinute: now && now.weekday === d && !todayOverride ? now.minute : null,
    actions: (
      <Space size={2}>
        <Button size="small" type="text" onClick={() => onCreate(d, { start: 540, end: 720 })} aria-label={t('planning.plan.addBlock')} title={t('planning.plan.addBlock')} data-testid={`add-block-${d}`}>
          ＋
        </Button>
        <Button size="small" type="text" onClick={() => setCopyFrom(d)} title={t('planning.plan.copy')} data-testid={`copy-${d}`}>
          {t('planning.plan.copyShort')}
        </Button>
      </Space>
    ),
  }));
  const blocksByKey: Record<string, readonly PlanBlock[]> = { ...plan.days };
  for (const o of plan.overrides ?? []) blocksByKey[o.date] = o.blocks;
  const override = plan.overrides?.find((o) => o.date === selectedOverride) ?? null;

  const addOverride = () => {
    if (!newOverrideDate || plan.overrides?.some((o) => o.date === newOverrideDate)) {
      if (newOverrideDate) selectOverride(newOverrideDate);
      return;
    }
    const [y, m, d] = newOverrideDate.split('-').map(Number) as [number, number, number];
    const weekday = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const)[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]!;
    const taken = planBlockIds(plan);
    const blocks = (plan.days[weekday] ?? []).map((b) => ({ ...b, id: newBlockId(taken, 'blk-ovr') }));
    const overrides = [...(plan.overrides ?? []), { date: newOverrideDate, name: '', blocks }].sort((a, b) => a.date.localeCompare(b.date));
    edit({ ...plan, overrides });
    selectOverride(newOverrideDate);
  };
  const removeOverride = (date: string) => {
    const before = draft;
    edit({ ...plan, overrides: (plan.overrides ?? []).filter((o) => o.date !== date) });
    selectOverride(null);
    pushUndo({ label: t('planning.overrides.removed', { date }), undo: () => setDraft(before) });
  };

  /** Clicking a problem opens the block it is about (for an overlap: the block that loses). */
  const pickProblem = (p: PlanProblem) => {
    const m = /› (\S+) › block (\S+)/.exec(p.where);
    const o = /› (\S+) › \d\d:\d\d–/.exec(p.where);
    const loser = /^blocks (\S+) and (\S+) overlap; (\S+) airs/.exec(p.detail);
    const day = m?.[1] ?? o?.[1];
    const id = m?.[2] ?? (loser ? (loser[3] === loser[1] ? loser[2] : loser[1]) : undefined);
    if (!day || !id || !(isWeekday(day) || plan.overrides?.some((x) => x.date === day))) return;
    if (!isWeekday(day)) selectOverride(day);
    openBlock({ day, id });
  };
  const describeProblem = problemDescriber(plan, library, t);

  const gapValue = plan.gap?.mode === 'idle' ? plan.gap.playlistId : '';
  const gapLabel = plan.gap?.mode === 'idle' ? t('planning.plan.gapIdle', { name: playlistName(plan.gap.playlistId) ?? plan.gap.playlistId }) : t('planning.plan.gapOffAir');

  return (
    <div className="planning-page" data-testid="plan-page">
      <UndoBar />
      <Card
        size="small"
        className="plan-toolbar"
        title={
          <Space wrap>
            <Input value={plan.name} onChange={(e) => edit({ ...plan, name: e.target.value })} style={{ width: 220 }} maxLength={200} aria-label={t('planning.plan.name')} data-testid="plan-name" />
            {dirty ? <Tag color="orange">{t('planning.unsaved')}</Tag> : <Tag color="green">{t('planning.plan.active')}</Tag>}
          </Space>
        }
        extra={
          <Space>
            {dirty && (
              <Button onClick={discard} data-testid="plan-discard">
                {t('planning.discard')}
              </Button>
            )}
            <Button type="primary" disabled={!dirty || !plan.name.trim()} loading={saving} onClick={() => void save()} data-testid="plan-save">
              {t('planning.plan.save')}
            </Button>
          </Space>
        }
      >
        <Space wrap size="large">
          <Space>
            {t('planning.plan.timeZone')}
            <Select
              showSearch
              value={plan.timeZone}
              onChange={(v: string) => edit({ ...plan, timeZone: v })}
              options={timeZones.map((z) => ({ value: z, label: z }))}
              style={{ width: 220 }}
              data-testid="plan-timezone"
            />
          </Space>
          <Space>
            {t('planning.plan.gap')}
            <Select
              value={gapValue}
              onChange={(v: string) => edit({ ...plan, gap: v ? { mode: 'idle', playlistId: v } : { mode: 'off-air' } })}
              options={[{ value: '', label: t('planning.plan.gapOffAir') }, ...library.playlists.map((p) => ({ value: p.id, label: t('planning.plan.gapIdle', { name: p.name }) }))]}
              style={{ width: 240 }}
              data-testid="plan-gap"
            />
          </Space>
          {now && (
            <Typography.Text type="secondary">
              {t('planning.plan.nowIn', { time: `${String(Math.floor(now.minute / 60)).padStart(2, '0')}:${String(Math.floor(now.minute % 60)).padStart(2, '0')}`, zone: plan.timeZone })}
            </Typography.Text>
          )}
        </Space>
        <Typography.Paragraph type="secondary" className="plan-help">
          {t('planning.plan.help')}
        </Typography.Paragraph>
      </Card>
      {saveError && <Alert type="error" showIcon className="planning-error" data-testid="plan-error" title={t('planning.plan.saveFailed')} description={saveError} />}
      {todayOverride && <Alert type="info" showIcon title={t('planning.overrides.todayIs', { date: todayOverride.date })} />}

      <Card size="small" title={t('planning.plan.week')}>
        <Timeline
          rows={weekRows}
          blocks={blocksByKey}
          playlists={library.playlists}
          gapLabel={gapLabel}
          selected={selected}
          onCreate={onCreate}
          onChange={(day, block) => commitBlock(day, block)}
          onSelect={(day, id) => openBlock({ day, id })}
        />
      </Card>

      <div className="plan-lower">
        <Card size="small" title={t('planning.overrides.title')} data-testid="overrides">
          <Typography.Paragraph type="secondary">{t('planning.overrides.help')}</Typography.Paragraph>
          <Space>
            <DatePicker onChange={(_d, s) => setNewOverrideDate(typeof s === 'string' && s ? s : null)} data-testid="override-date" />
            <Button onClick={addOverride} disabled={!newOverrideDate} data-testid="add-override">
              {t('planning.overrides.add')}
            </Button>
          </Space>
          {(plan.overrides ?? []).length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planning.overrides.empty')} />
          ) : (
            <List
              size="small"
              dataSource={plan.overrides ?? []}
              renderItem={(o) => (
                <List.Item
                  className={`override-row${o.date === selectedOverride ? ' selected' : ''}`}
                  onClick={() => selectOverride(o.date)}
                  data-testid="override-row"
                  actions={[
                    <Button key="rm" size="small" danger type="text" onClick={(e) => { e.stopPropagation(); removeOverride(o.date); }} data-testid="override-remove">
                      {t('planning.delete')}
                    </Button>,
                  ]}
                >
                  <Space>
                    <Typography.Text strong>{o.date}</Typography.Text>
                    {o.name && <span>{o.name}</span>}
                    <Typography.Text type="secondary">{t('planning.overrides.blocks', { count: o.blocks.length })}</Typography.Text>
                    {now?.date === o.date && <Tag color="red">{t('planning.plan.today')}</Tag>}
                  </Space>
                </List.Item>
              )}
            />
          )}
          {override && (
            <div className="override-editor" data-testid="override-editor">
              <Space style={{ margin: '12px 0' }}>
                <Typography.Text strong>{override.date}</Typography.Text>
                <Input
                  value={override.name ?? ''}
                  placeholder={t('planning.overrides.namePlaceholder')}
                  onChange={(e) => edit({ ...plan, overrides: (plan.overrides ?? []).map((o) => (o.date === override.date ? { ...o, name: e.target.value } : o)) })}
                  style={{ width: 240 }}
                  maxLength={200}
                  data-testid="override-name"
                />
                <Button size="small" onClick={() => onCreate(override.date, { start: 540, end: 720 })} data-testid="override-add-block">
                  {t('planning.plan.addBlock')}
                </Button>
              </Space>
              <Timeline
                rows={[{ key: override.date, label: override.date, previousKey: null, nowMinute: now?.date === override.date ? now.minute : null }]}
                blocks={blocksByKey}
                playlists={library.playlists}
                gapLabel={gapLabel}
                selected={selected}
                onCreate={onCreate}
                onChange={(day, block) => commitBlock(day, block)}
                onSelect={(day, id) => openBlock({ day, id })}
              />
            </div>
          )}
        </Card>
        <ProblemList problems={problems} error={checkError} describe={describeProblem} onPick={pickProblem} />
      </div>

      {editing && (
        <BlockEditor
          key={`${editing.day}/${editing.block.id}`}
          editing={editing}
          library={library}
          dayLabel={dayLabel}
          onOk={commitBlock}
          onDelete={deleteBlock}
          onClose={() => {
            setEditing(null);
            selectBlock(null);
          }}
        />
      )}
      {copyFrom && (
        <CopyDayModal
          key={copyFrom}
          from={copyFrom}
          dayLabel={dayLabel}
          onClose={() => setCopyFrom(null)}
          onOk={(to) => {
            const before = draft;
            edit(copyDay(plan, copyFrom, to));
            pushUndo({ label: t('planning.plan.copied', { day: dayLabel(copyFrom), count: to.length }), undo: () => setDraft(before) });
            setCopyFrom(null);
          }}
        />
      )}
    </div>
  );
}
