import { Alert, App as AntApp, Button, Card, Empty, Popconfirm, Progress, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AvatarInspectionSchema, type StoredInspection } from '../../../shared/avatar-inspect';
import { checkMediaFile, mediaUses, type MediaItem } from '../../../shared/media';
import { getBridge } from '../../bridge';
import { useLibrary } from '../use-host';
import { AvatarLoadAlert } from './AvatarLoadAlert';
import { renderAvatarThumbnail } from './thumbnail';

/** An error in the merchant's language: a known code is translated with its params, else the message. */
export function useProblemText(): (e: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (e: unknown) => {
      const err = (typeof e === 'object' && e !== null ? e : {}) as { code?: unknown; params?: Record<string, string | number>; message?: unknown };
      const key = typeof err.code === 'string' ? `avatars.mediaErrors.${err.code}` : null;
      if (key && i18n.exists(key)) return t(key, err.params ?? {});
      return typeof err.message === 'string' ? err.message : String(e);
    },
    [t, i18n],
  );
}

function inspectionOf(item: MediaItem): StoredInspection | null {
  const parsed = AvatarInspectionSchema.safeParse(item.meta.inspection);
  return parsed.success ? parsed.data : null;
}

/** The imported avatars, newest first, kept live from `media.changed`. */
function useAvatarList(): { items: MediaItem[]; error: string | null } {
  const [items, setItems] = useState<MediaItem[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const bridge = getBridge();
    const off = bridge.on('media.changed', (p) => setItems(p.items.filter((i) => i.kind === 'avatar')));
    const offConn = bridge.onConnection((connected) => {
      if (!connected) return;
      bridge.call('media.list', { kind: 'avatar' }).then(
        (r) => {
          setItems(r.items);
          setError(null);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    });
    return () => {
      off();
      offConn();
    };
  }, []);
  return { items, error };
}

/**
 * Settings › Avatars: the built-in host and the imported models (with thumbnails), import with
 * progress and clear refusals, "Use" puts one on air (asking first when it cannot lip-sync).
 */
export function AvatarsSection(): React.JSX.Element {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const problemText = useProblemText();
  const { library } = useLibrary();
  const { items, error } = useAvatarList();
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [notes, setNotes] = useState<Record<string, string[]>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const bridge = getBridge();
  const stage = library?.settings.stage ?? null;
  const onAirId = stage?.avatarId ?? null;

  const select = async (id: string | null, name: string, acceptNoLipSync = false): Promise<void> => {
    setBusy(id ?? 'built-in');
    try {
      await bridge.call('avatar.select', { id, ...(acceptNoLipSync ? { acceptNoLipSync } : {}) });
      void message.success(id === null ? t('avatars.switchedBuiltIn') : t('avatars.switched', { name }));
    } catch (e) {
      void message.error(t('avatars.selectFailed', { reason: problemText(e) }));
    } finally {
      setBusy(null);
    }
  };

  const use = (item: MediaItem): void => {
    const inspection = inspectionOf(item);
    if (inspection?.noLipSync && item.meta.acceptedNoLipSync !== true) {
      modal.confirm({
        title: t('avatars.noLipSyncTitle'),
        content: t('avatars.noLipSyncBody', { reason: problemText(inspection.noLipSync) }),
        okText: t('avatars.noLipSyncOk'),
        cancelText: t('avatars.cancel'),
        onOk: () => select(item.id, item.fileName, true),
      });
      return;
    }
    void select(item.id, item.fileName);
  };

  const remove = async (item: MediaItem): Promise<void> => {
    if (stage && mediaUses(stage, item.id).length > 0) {
      void message.warning(t('avatars.inUse', { name: item.fileName }));
      return;
    }
    try {
      await bridge.call('media.delete', { id: item.id });
      void message.success(t('avatars.deleted'));
    } catch (e) {
      void message.error(problemText(e));
    }
  };

  const importFile = async (file: File): Promise<void> => {
    setImportError(null);
    // Refused before a byte is read: wrong type, empty, too large.
    const early = checkMediaFile('avatar', file.name, file.size);
    if (early) {
      setImportError(t('avatars.importFailed', { name: file.name, reason: problemText(early) }));
      return;
    }
    setProgress({ name: file.name, fraction: 0 });
    let item: MediaItem;
    try {
      item = await bridge.uploadFile('avatar', file, file.name, (fraction) => setProgress({ name: file.name, fraction }));
    } catch (e) {
      setProgress(null);
      setImportError(t('avatars.importFailed', { name: file.name, reason: problemText(e) }));
      return;
    }
    setProgress(null);
    void message.success(t('avatars.imported', { name: item.fileName }));
    const inspection = inspectionOf(item);
    const itemNotes = (inspection?.warnings ?? []).map((w) => problemText(w));
    if (inspection?.noLipSync) itemNotes.unshift(problemText(inspection.noLipSync));
    // A picture for the list; rendering it also shows early whether the stage can draw the model.
    try {
      const png = await renderAvatarThumbnail(bridge.fileUrl(item.id), inspection?.blendShapeSet);
      const thumb = await bridge.uploadFile('thumbnail', png, `${item.id}.png`);
      await bridge.call('media.setThumbnail', { id: item.id, thumbnailId: thumb.id });
    } catch (e) {
      itemNotes.push(t('avatars.thumbnailFailed', { reason: problemText(e) }));
    }
    if (itemNotes.length > 0) setNotes((n) => ({ ...n, [item.id]: itemNotes }));
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="avatars-section">
      <Typography.Paragraph type="secondary">{t('avatars.intro')}</Typography.Paragraph>
      <AvatarLoadAlert />
      {error && <Alert type="error" showIcon title={t('avatars.loadFailed', { message: error })} />}
      <Space wrap>
        <Button type="primary" onClick={() => input.current?.click()} disabled={progress !== null} data-testid="avatar-import">
          {t('avatars.import')}
        </Button>
        <Typography.Text type="secondary">{t('avatars.importRules')}</Typography.Text>
      </Space>
      <input
        ref={input}
        type="file"
        accept=".vrm,.glb"
        style={{ display: 'none' }}
        data-testid="avatar-file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void importFile(file);
        }}
      />
      {progress && (
        <div data-testid="avatar-progress">
          <Typography.Text>{t('avatars.importing', { name: progress.name })}</Typography.Text>
          <Progress percent={Math.round(progress.fraction * 100)} size="small" />
        </div>
      )}
      {importError && <Alert type="error" showIcon closable title={importError} onClose={() => setImportError(null)} data-testid="avatar-import-error" />}

      <Card size="small" data-testid="avatar-built-in">
        <Space style={{ width: '100%', justifyContent: 'space-between' }}>
          <Space direction="vertical" size={0}>
            <Typography.Text strong>{t('avatars.builtIn')}</Typography.Text>
            <Typography.Text type="secondary">{t('avatars.builtInHint')}</Typography.Text>
          </Space>
          {onAirId === null ? (
            <Tag color="green">{t('avatars.onAir')}</Tag>
          ) : (
            <Button onClick={() => void select(null, '')} loading={busy === 'built-in'} data-testid="avatar-use-built-in">
              {t('avatars.use')}
            </Button>
          )}
        </Space>
      </Card>

      {items.length === 0 && <Empty description={t('avatars.empty')} />}
      {items.map((item) => {
        const inspection = inspectionOf(item);
        const onAir = item.id === onAirId;
        return (
          <Card size="small" key={item.id} data-testid={`avatar-${item.id}`}>
            <Space align="start" style={{ width: '100%' }}>
              <div style={{ width: 72, height: 72, borderRadius: 6, background: '#f0f0f0', overflow: 'hidden', flex: 'none' }}>
                {item.thumbnailId && <img src={bridge.fileUrl(item.thumbnailId)} alt="" width={72} height={72} style={{ objectFit: 'cover' }} />}
              </div>
              <Space direction="vertical" size={4} style={{ flex: 1 }}>
                <Typography.Text strong ellipsis>
                  {item.fileName}
                </Typography.Text>
                <Space size={4} wrap>
                  {inspection && <Tag>{t(`avatars.format.${inspection.format}`)}</Tag>}
                  {inspection && <Tag color={inspection.blendShapeSet === 'none' ? 'orange' : 'blue'}>{t(`avatars.set.${inspection.blendShapeSet}`)}</Tag>}
                  <Typography.Text type="secondary">{(item.bytes / 1024 / 1024).toFixed(1)} MB</Typography.Text>
                </Space>
                {(notes[item.id] ?? []).map((n) => (
                  <Alert key={n} type="warning" showIcon title={n} />
                ))}
              </Space>
              <Space direction="vertical">
                {onAir ? (
                  <Tag color="green">{t('avatars.onAir')}</Tag>
                ) : (
                  <Button onClick={() => use(item)} loading={busy === item.id} data-testid={`avatar-use-${item.id}`}>
                    {t('avatars.use')}
                  </Button>
                )}
                <Popconfirm title={t('avatars.deleteConfirm', { name: item.fileName })} onConfirm={() => remove(item)} okText={t('avatars.delete')} cancelText={t('avatars.cancel')}>
                  <Button danger size="small" disabled={onAir} data-testid={`avatar-delete-${item.id}`}>
                    {t('avatars.delete')}
                  </Button>
                </Popconfirm>
              </Space>
            </Space>
          </Card>
        );
      })}
    </Space>
  );
}
