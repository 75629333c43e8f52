import { App as AntApp, Alert, Button, Modal, Space, Table, Tabs, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bytesToBase64, decodeImportBytes, importFormatOf, type ImportInput, type ImportPreview, type ImportProblem } from '../../shared/import';
import { getBridge } from '../bridge';
import { useImportProblemText } from './store/import-problem-text';

/** Choose a file → the host checks every row (nothing saved) → Apply saves all in one go, Cancel saves nothing. */
export function ImportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const problem = useImportProblemText();
  const fileInput = useRef<HTMLInputElement>(null);
  const [input, setInput] = useState<ImportInput | null>(null);
  const [fileName, setFileName] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const reset = () => {
    setInput(null);
    setPreview(null);
    setFileName('');
    setFailure(null);
    if (fileInput.current) fileInput.current.value = '';
  };
  const close = () => {
    reset();
    onClose();
  };

  const choose = async (file: File) => {
    setBusy(true);
    setFailure(null);
    setPreview(null);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const format = importFormatOf(file.name);
      let next: ImportInput;
      if (format === 'xlsx') next = { format, base64: bytesToBase64(bytes) };
      else {
        const decoded = decodeImportBytes(bytes);
        next = { format, text: decoded.text, encoding: decoded.encoding };
      }
      setFileName(file.name);
      setInput(next);
      setPreview(await getBridge().call('library.importPreview', next));
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (!input) return;
    setBusy(true);
    try {
      const r = await getBridge().call('library.importApply', input);
      if (r.applied) {
        void message.success(t('edit.imported', { count: r.summary.products + r.summary.scripts }));
        close();
      } else {
        setPreview((p) => (p ? { ...p, errors: r.errors, summary: r.summary } : p));
      }
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const errors = preview?.errors ?? [];
  return (
    <Modal
      open={open}
      title={t('edit.importTitle')}
      width={860}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close} data-testid="import-cancel">
            {t('edit.cancel')}
          </Button>
          <Button type="primary" disabled={!preview || errors.length > 0} loading={busy} onClick={() => void apply()} data-testid="import-apply">
            {t('edit.apply')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('store.importHint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => fileInput.current?.click()} loading={busy}>
          {t('edit.chooseFile')}
        </Button>
        <Typography.Text>{fileName}</Typography.Text>
        <input
          ref={fileInput}
          type="file"
          accept=".csv,.xlsx,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          style={{ display: 'none' }}
          data-testid="import-file"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void choose(file);
          }}
        />
      </Space>
      {failure && <Alert type="error" title={t('errors.action', { message: failure })} />}
      {preview && (
        <>
          {input?.format !== 'xlsx' && input?.encoding === 'gbk' && <Alert type="info" title={t('edit.gbk')} style={{ marginBottom: 8 }} />}
          <Alert
            data-testid="import-verdict"
            type={errors.length > 0 ? 'error' : 'success'}
            title={errors.length > 0 ? t('edit.importErrors', { count: errors.length }) : t('edit.importOk')}
            description={
              <>
                {t('edit.importSummary', preview.summary)}
                {preview.summary.playlists !== undefined && (
                  <div data-testid="import-summary-store">
                    {t('store.importSummaryStore', { playlists: preview.summary.playlists, plans: preview.summary.plans ?? 0 })}
                    {preview.summary.settings ? ` ${t('store.importSummarySettings')}` : ''}
                  </div>
                )}
              </>
            }
            style={{ marginBottom: 8 }}
          />
          <Tabs
            items={[
              ...(errors.length > 0
                ? [
                    {
                      key: 'errors',
                      label: `${t('edit.problem')} (${errors.length})`,
                      children: (
                        <Table<ImportProblem>
                          size="small"
                          data-testid="import-errors"
                          rowKey={(e) => `${e.sheet ?? ''}-${e.row}-${e.column}-${e.message}`}
                          dataSource={errors}
                          pagination={{ pageSize: 8 }}
                          columns={[
                            { title: t('edit.row'), dataIndex: 'row', width: 70 },
                            {
                              title: t('edit.column'),
                              key: 'column',
                              width: 170,
                              render: (_: unknown, e: ImportProblem) => (
                                <>
                                  {e.column || '—'}
                                  {e.cell && <Typography.Text type="secondary">{` (${t('store.cell', { cell: e.sheet ? `${e.sheet}!${e.cell}` : e.cell })})`}</Typography.Text>}
                                </>
                              ),
                            },
                            { title: t('edit.problem'), key: 'problem', render: (_: unknown, e: ImportProblem) => <span data-testid="import-error-text">{problem(e)}</span> },
                          ]}
                        />
                      ),
                    },
                  ]
                : []),
              {
                key: 'products',
                label: `${t('library.products')} (${preview.products.length})`,
                children: (
                  <Table
                    size="small"
                    rowKey="id"
                    dataSource={preview.products}
                    pagination={{ pageSize: 8 }}
                    columns={[
                      { title: t('edit.row'), dataIndex: 'row', width: 70 },
                      { title: t('library.name'), dataIndex: 'name' },
                      { title: t('library.price'), dataIndex: 'price' },
                      { title: t('library.originalPrice'), dataIndex: 'originalPrice' },
                      { title: t('library.stock'), dataIndex: 'stock' },
                      { title: t('library.sellingPoints'), key: 'sp', render: (_: unknown, p: ImportPreview['products'][number]) => p.sellingPoints.join(' | ') },
                    ]}
                  />
                ),
              },
              ...(preview.scripts.length > 0
                ? [
                    {
                      key: 'scripts',
                      label: `${t('library.scripts')} (${preview.scripts.length})`,
                      children: (
                        <Table
                          size="small"
                          rowKey="id"
                          dataSource={preview.scripts}
                          pagination={{ pageSize: 8 }}
                          columns={[
                            { title: t('edit.row'), dataIndex: 'row', width: 70 },
                            { title: t('edit.title'), dataIndex: 'title' },
                            { title: t('edit.body'), dataIndex: 'body', ellipsis: true },
                          ]}
                        />
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      )}
    </Modal>
  );
}
