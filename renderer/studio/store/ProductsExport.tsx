import { App as AntApp, Button, Dropdown } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { getBridge } from '../../bridge';
import { downloadBase64 } from './download';

/** "Export products" → an Excel sheet (.xlsx) or a CSV of the products, both of which import reads back. */
export function ProductsExport() {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  const run = async (format: 'xlsx' | 'csv') => {
    setBusy(true);
    try {
      const r = await getBridge().call('store.exportProducts', { format });
      downloadBase64(r.base64, r.fileName, r.mime);
      void message.success(t('store.exported', { rows: r.rows, file: r.fileName }));
    } catch (e) {
      void message.error(t('errors.action', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'xlsx', label: <span data-testid="export-products-xlsx">{t('store.exportXlsx')}</span> },
          { key: 'csv', label: <span data-testid="export-products-csv">{t('store.exportCsv')}</span> },
        ],
        onClick: ({ key }) => void run(key === 'csv' ? 'csv' : 'xlsx'),
      }}
    >
      <Button size="small" loading={busy} data-testid="export-products">
        {t('store.exportProducts')}
      </Button>
    </Dropdown>
  );
}
