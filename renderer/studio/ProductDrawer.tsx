import { App as AntApp, Button, DatePicker, Drawer, Form, Input, InputNumber, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Product } from '../../shared/domain';
import { getBridge } from '../bridge';
import { EditorDraftPrompts } from './DraftPrompts';
import { productDraftKey, ProductDraftSchema, type ProductDraft } from './drafts';
import { useDraft } from './use-draft';

interface ProductForm {
  name: string;
  price: number | null;
  originalPrice: number | null;
  currency: string;
  sellingPoints: string;
  stock: number | null;
  link: string;
  image: string;
  tags: string;
  /** When the product's time-limited offer ends (the card counts down to it); null = no offer. */
  offerEndsAt: Dayjs | null;
}

const toForm = (p: Product | null, currency: string): ProductForm => ({
  name: p?.name ?? '',
  price: p?.price ?? null,
  originalPrice: p?.originalPrice ?? null,
  currency: p?.currency ?? currency,
  sellingPoints: (p?.sellingPoints ?? []).join('\n'),
  stock: p?.stock ?? null,
  link: p?.link ?? '',
  image: p?.image ?? '',
  tags: (p?.tags ?? []).join(', '),
  offerEndsAt: p?.offerEndsAt ? dayjs(p.offerEndsAt) : null,
});

/** The form as JSON for the draft store (missing fields as empty, the offer end as an ISO string). */
const toDraft = (v: Partial<ProductForm>): ProductDraft => ({
  name: v.name ?? '',
  price: v.price ?? null,
  originalPrice: v.originalPrice ?? null,
  currency: v.currency ?? '',
  sellingPoints: v.sellingPoints ?? '',
  stock: v.stock ?? null,
  link: v.link ?? '',
  image: v.image ?? '',
  tags: v.tags ?? '',
  offerEndsAt: v.offerEndsAt ? v.offerEndsAt.toISOString() : null,
});
const fromDraft = (d: ProductDraft): ProductForm => ({ ...d, offerEndsAt: d.offerEndsAt ? dayjs(d.offerEndsAt) : null });

const list = (raw: string, sep: RegExp): string[] =>
  raw
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Create or edit a product (null = a new one). Validation messages are in the merchant's language. */
export function ProductDrawer({ open, product, defaultCurrency, onClose }: { open: boolean; product: Product | null; defaultCurrency: string; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ProductForm>();
  const [saving, setSaving] = useState(false);
  const [confirmClose, setConfirmClose] = useState(false);
  useEffect(() => {
    if (open) form.setFieldsValue(toForm(product, defaultCurrency));
  }, [open, product, defaultCurrency, form]);
  const watched = Form.useWatch([], form) as Partial<ProductForm> | undefined;
  const values = useMemo(() => (watched && watched.name !== undefined ? toDraft(watched) : null), [watched]);
  const base = useMemo(() => toDraft(toForm(product, defaultCurrency)), [product, defaultCurrency]);
  const draft = useDraft({ open, key: productDraftKey(product?.id ?? null), base, values, schema: ProductDraftSchema });
  /** Closing with unsaved changes asks first (keep / discard / save). */
  const requestClose = () => {
    if (draft.isDirty(toDraft(form.getFieldsValue(true) as Partial<ProductForm>))) setConfirmClose(true);
    else onClose();
  };

  const required = (field: string) => ({ required: true, message: t('edit.required', { field }) });
  const notNegative = (field: string) => ({ type: 'number' as const, min: 0, message: t('edit.notNegative', { field }) });
  const max = (field: string, n: number) => ({ max: n, message: t('edit.tooLong', { field }) });

  const save = async () => {
    const v = await form.validateFields();
    const next: Product = {
      id: product?.id ?? newId('p'),
      name: v.name.trim(),
      price: v.price ?? 0,
      originalPrice: v.originalPrice ?? null,
      currency: v.currency.trim() || defaultCurrency,
      sellingPoints: list(v.sellingPoints ?? '', /\n/),
      stock: v.stock ?? null,
      link: v.link?.trim() || null,
      image: v.image?.trim() || null,
      tags: list(v.tags ?? '', /[,，]/),
      // ISO 8601 with this machine's offset, e.g. 2026-11-11T21:00:00+08:00.
      ...(v.offerEndsAt ? { offerEndsAt: v.offerEndsAt.second(0).millisecond(0).format('YYYY-MM-DDTHH:mm:ssZ') } : {}),
    };
    setSaving(true);
    try {
      await getBridge().call('library.upsertProduct', { product: next });
      void message.success(t('edit.saved'));
      draft.discard();
      setConfirmClose(false);
      onClose();
    } catch (e) {
      void message.error(t('errors.action', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={requestClose}
      title={product ? t('edit.editProduct') : t('edit.newProduct')}
      size={480}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={requestClose} data-testid="product-cancel">
            {t('edit.cancel')}
          </Button>
          <Button type="primary" loading={saving} onClick={() => void save().catch(() => {})} data-testid="product-save">
            {t('edit.save')}
          </Button>
        </Space>
      }
    >
      <EditorDraftPrompts
        draft={draft}
        onRestore={(v) => form.setFieldsValue(fromDraft(v))}
        confirmClose={confirmClose}
        setConfirmClose={setConfirmClose}
        saving={saving}
        save={save}
        onClose={onClose}
      />
      <Form form={form} layout="vertical" data-testid="product-form">
        <Form.Item name="name" label={t('library.name')} rules={[required(t('library.name')), max(t('library.name'), 200)]}>
          <Input data-testid="product-name" />
        </Form.Item>
        <Space>
          <Form.Item name="price" label={t('library.price')} rules={[required(t('library.price')), notNegative(t('library.price'))]}>
            <InputNumber data-testid="product-price" step={0.01} />
          </Form.Item>
          <Form.Item name="originalPrice" label={t('library.originalPrice')} rules={[notNegative(t('library.originalPrice'))]}>
            <InputNumber step={0.01} />
          </Form.Item>
          <Form.Item name="currency" label={t('edit.currency')} rules={[required(t('edit.currency')), max(t('edit.currency'), 8)]}>
            <Input style={{ width: 80 }} />
          </Form.Item>
        </Space>
        <Form.Item name="sellingPoints" label={t('library.sellingPoints')} extra={t('edit.sellingPointsHint')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="product-points" />
        </Form.Item>
        <Form.Item
          name="stock"
          label={t('library.stock')}
          rules={[notNegative(t('library.stock')), { type: 'integer', message: t('edit.wholeNumber', { field: t('library.stock') }) }]}
        >
          <InputNumber />
        </Form.Item>
        <Form.Item name="link" label={t('edit.link')} rules={[max(t('edit.link'), 2000)]}>
          <Input />
        </Form.Item>
        <Form.Item name="image" label={t('edit.image')} rules={[max(t('edit.image'), 2000)]}>
          <Input />
        </Form.Item>
        <Form.Item name="tags" label={t('edit.tags')} extra={t('edit.tagsHint')}>
          <Input />
        </Form.Item>
        <Form.Item name="offerEndsAt" label={t('stage.offer.label')} extra={t('stage.offer.hint')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={t('stage.offer.placeholder')} data-testid="product-offer-ends" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
