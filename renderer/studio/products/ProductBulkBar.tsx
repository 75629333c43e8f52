import { App as AntApp, Button, Input, InputNumber, Select, Space, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../../shared/domain';
import { applyBulk, type BulkAction } from '../../../shared/product-bulk';
import { getBridge } from '../../bridge';

/** Bulk actions on the selected products: add or remove a tag, set stock, change price by a percentage (one upsert per changed product). */
export function ProductBulkBar({ selected, tags, onClear }: { selected: Product[]; tags: string[]; onClear: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [tag, setTag] = useState('');
  const [removeTag, setRemoveTag] = useState<string | null>(null);
  const [stock, setStock] = useState<number | null>(null);
  const [percent, setPercent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: BulkAction): Promise<void> {
    const changed = selected.map((p) => applyBulk(p, action)).filter((p): p is Product => p !== null);
    if (changed.length === 0) {
      void message.info(t('productsBulk.nothing'));
      return;
    }
    setBusy(true);
    let done = 0;
    try {
      for (const product of changed) {
        await getBridge().call('library.upsertProduct', { product });
        done++;
      }
      void message.success(t('productsBulk.done', { count: done }));
    } catch (e) {
      void message.error(t('productsBulk.failed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  }

  const selectedTags = [...new Set(selected.flatMap((p) => p.tags))].filter((x) => tags.includes(x));
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="product-bulk-bar">
      <Typography.Text strong>{t('productsBulk.selected', { count: selected.length })}</Typography.Text>
      <Space.Compact>
        <Input size="small" value={tag} maxLength={40} placeholder={t('productsBulk.tagPlaceholder')} onChange={(e) => setTag(e.target.value)} style={{ width: 100 }} data-testid="bulk-tag" />
        <Button size="small" disabled={busy || !tag.trim()} onClick={() => void run({ kind: 'addTag', tag })} data-testid="bulk-add-tag">
          {t('productsBulk.addTag')}
        </Button>
      </Space.Compact>
      <Space.Compact>
        <Select<string>
          size="small"
          value={removeTag ?? undefined}
          placeholder={t('productsBulk.tagPlaceholder')}
          options={selectedTags.map((x) => ({ value: x, label: x }))}
          onChange={setRemoveTag}
          style={{ width: 110 }}
          data-testid="bulk-remove-tag-select"
        />
        <Button size="small" disabled={busy || !removeTag} onClick={() => removeTag && void run({ kind: 'removeTag', tag: removeTag })} data-testid="bulk-remove-tag">
          {t('productsBulk.removeTag')}
        </Button>
      </Space.Compact>
      <Space.Compact>
        <InputNumber<number> size="small" min={0} precision={0} value={stock} placeholder={t('productsBulk.stockPlaceholder')} onChange={(v) => setStock(v)} style={{ width: 90 }} data-testid="bulk-stock" />
        <Button size="small" disabled={busy || stock === null} onClick={() => stock !== null && void run({ kind: 'setStock', stock })} data-testid="bulk-set-stock">
          {t('productsBulk.setStock')}
        </Button>
      </Space.Compact>
      <Tooltip title={t('productsBulk.percentHint')}>
        <Space.Compact>
          <InputNumber<number> size="small" min={-99} max={1000} value={percent} placeholder={t('productsBulk.percentPlaceholder')} onChange={(v) => setPercent(v)} style={{ width: 90 }} data-testid="bulk-percent" />
          <Button size="small" disabled={busy || !percent} onClick={() => percent && void run({ kind: 'pricePercent', percent })} data-testid="bulk-change-price">
            {t('productsBulk.changePrice')}
          </Button>
        </Space.Compact>
      </Tooltip>
      <Button size="small" type="link" onClick={onClear} data-testid="bulk-clear">
        {t('productsBulk.clear')}
      </Button>
    </Space>
  );
}
