import { App as AntApp, Alert, Button, List, Modal, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BackupInfo, RestoreSource, StoreContents } from '../../../shared/api-store';
import { decodeImportBytes, type ImportProblem } from '../../../shared/import';
import { getBridge } from '../../bridge';
import { downloadText } from './download';
import { useImportProblemText } from './import-problem-text';

interface PendingRestore {
  source: RestoreSource;
  label: string;
  file: StoreContents;
  current: StoreContents;
}

/**
 * Backup and restore of the whole store (for the settings drawer): download a backup, restore from a
 * file or a kept backup — after a confirmation that says what is replaced with what, and after the
 * host has checked the whole file (a bad file changes nothing and is explained row by row).
 */
export function BackupSection() {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const problemText = useImportProblemText();
  const fileInput = useRef<HTMLInputElement>(null);
  const [backups, setBackups] = useState<BackupInfo[]>([]);
  const [keep, setKeep] = useState(10);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<PendingRestore | null>(null);
  const [problems, setProblems] = useState<{ label: string; errors: ImportProblem[] } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const refresh = useCallback(
    () =>
      getBridge()
        .call('store.listBackups', {})
        .then(
          (r) => {
            setBackups(r.backups);
            setKeep(r.keep);
          },
          (e: unknown) => setFailure(e instanceof Error ? e.message : String(e)),
        ),
    [],
  );
  // The list, each time the host (re)connects.
  useEffect(() => getBridge().onConnection((connected) => void (connected && refresh())), [refresh]);

  const fail = (e: unknown) => setFailure(e instanceof Error ? e.message : String(e));
  const when = (ms: number) => new Date(ms).toLocaleString(i18n.language);

  const download = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const r = await getBridge().call('store.backup', {});
      downloadText(r.json, r.fileName);
      void message.success(t('store.downloaded', { file: r.fileName }));
      await refresh();
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  /** The host checks the whole file first; only a good file gets to the confirmation. */
  const check = async (source: RestoreSource, label: string) => {
    setBusy(true);
    setFailure(null);
    setProblems(null);
    try {
      const r = await getBridge().call('store.checkRestore', { source });
      if (!r.ok) setProblems({ label, errors: r.errors });
      else setPending({ source, label, file: r.file, current: r.current });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const chooseFile = async (file: File) => {
    const { text } = decodeImportBytes(new Uint8Array(await file.arrayBuffer()));
    if (fileInput.current) fileInput.current.value = '';
    await check({ json: text }, file.name);
  };

  const restore = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      const r = await getBridge().call('store.restore', { source: pending.source });
      setPending(null);
      if (r.restored) void message.success(t('store.restoreDone', { name: r.safetyBackup?.name ?? '' }));
      else if (r.reason === 'on-air') setFailure(t('store.restoreOnAir'));
      else setProblems({ label: pending.label, errors: r.errors });
      await refresh();
    } catch (e) {
      setPending(null);
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const counts = (c: StoreContents) => ({ products: c.products, scripts: c.scripts, playlists: c.playlists, plans: c.plans });

  return (
    <div data-testid="backup-section">
      <Typography.Paragraph type="secondary">{t('store.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => void download()} loading={busy} data-testid="backup-download">
          {t('store.download')}
        </Button>
        <Button onClick={() => fileInput.current?.click()} disabled={busy} data-testid="restore-choose">
          {t('store.restoreFromFile')}
        </Button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          style={{ display: 'none' }}
          data-testid="restore-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void chooseFile(file).catch(fail);
          }}
        />
      </Space>
      {failure && <Alert type="error" showIcon title={t('errors.action', { message: failure })} style={{ marginBottom: 8 }} closable onClose={() => setFailure(null)} />}
      {problems && (
        <Alert
          type="error"
          showIcon
          data-testid="restore-errors"
          style={{ marginBottom: 8 }}
          closable
          onClose={() => setProblems(null)}
          title={`${problems.label}: ${t('store.restoreBad')}`}
          description={
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {problems.errors.slice(0, 20).map((e, i) => (
                <li key={i}>
                  {e.column ? `${e.column}${e.row > 0 ? ` #${e.row}` : ''}: ` : ''}
                  {problemText(e)}
                </li>
              ))}
              {problems.errors.length > 20 && <li>…</li>}
            </ul>
          }
        />
      )}
      <Typography.Title level={5}>{t('store.backupsTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('store.backupsHint', { keep })}</Typography.Paragraph>
      <List<BackupInfo>
        size="small"
        bordered
        data-testid="backup-list"
        dataSource={backups}
        locale={{ emptyText: t('store.backupsEmpty') }}
        renderItem={(b) => (
          <List.Item
            data-testid="backup-item"
            actions={[
              <Button key="restore" size="small" disabled={busy} onClick={() => void check({ backupName: b.name }, when(b.createdAt))} data-testid="backup-restore">
                {t('store.restoreThis')}
              </Button>,
            ]}
          >
            <Space>
              <Tag color={b.kind === 'manual' ? 'blue' : b.kind === 'auto' ? 'green' : 'orange'}>{t(`store.kind.${b.kind}`)}</Tag>
              <span>{when(b.createdAt)}</span>
              <Typography.Text type="secondary">{t('store.size', { kb: Math.max(1, Math.round(b.bytes / 1024)) })}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      <Modal
        open={pending !== null}
        title={t('store.restoreTitle')}
        okText={t('store.restoreOk')}
        okButtonProps={{ danger: true, loading: busy, ...({ 'data-testid': 'restore-confirm' } as object) }}
        cancelButtonProps={{ ...({ 'data-testid': 'restore-cancel' } as object) }}
        onOk={() => void restore()}
        onCancel={() => setPending(null)}
        destroyOnHidden
      >
        {pending && (
          <div data-testid="restore-summary">
            <Typography.Paragraph>{t('store.restoreReplaces', counts(pending.current))}</Typography.Paragraph>
            <Typography.Paragraph strong>
              {t('store.restoreWith', { ...counts(pending.file), when: pending.file.exportedAt ? new Date(pending.file.exportedAt).toLocaleString(i18n.language) : pending.label })}
            </Typography.Paragraph>
            <Typography.Paragraph>{pending.file.settings ? t('store.restoreSettings') : t('store.restoreKeepsSettings')}</Typography.Paragraph>
            <Alert type="info" showIcon title={t('store.restoreSafety')} />
          </div>
        )}
      </Modal>
    </div>
  );
}
