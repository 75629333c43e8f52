import { App as AntApp, Alert, Button, Card, Checkbox, Empty, Input, List, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LibrarySnapshot, Product, Script } from '../../shared/domain';
import { effectiveTerms, lintText, worstSeverity, type BannedTerm } from '../../shared/lint';
import { allTags, filterProducts, LOW_STOCK } from '../../shared/product-bulk';
import { getBridge } from '../bridge';
import { ImportDialog } from './ImportDialog';
import { ProductDrawer } from './ProductDrawer';
import { ProductBulkBar } from './products/ProductBulkBar';
import { ScriptDrawer } from './ScriptDrawer';
import { ProductsExport } from './store/ProductsExport';
import { isMacPlatform, keysLabel } from './live/shortcuts';
import { restoreCalls, snapshotProduct, snapshotScript, type DeletedSnapshot, type RestoreCall } from './undo-delete';

/** How long the "Deleted · Undo" bar stays. */
const UNDO_MS = 10_000;

function runRestoreCall(c: RestoreCall): Promise<unknown> {
  const bridge = getBridge();
  switch (c.method) {
    case 'library.upsertProduct':
      return bridge.call(c.method, c.params);
    case 'library.upsertScript':
      return bridge.call(c.method, c.params);
    case 'library.upsertPlaylist':
      return bridge.call(c.method, c.params);
  }
}

/** The last deletion, undoable for UNDO_MS: what to put back and what to tell the merchant. */
interface UndoState {
  snapshot: DeletedSnapshot;
  label: string;
}

function money(value: number | null, currency: string, locale: string): string {
  if (value === null) return '';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value);
  } catch {
    return `${value} ${currency}`;
  }
}

/** A tag saying how many banned words a script has, with each hit in the tooltip. */
function LintTag({ script, terms }: { script: Script; terms: readonly BannedTerm[] }) {
  const { t } = useTranslation();
  const hits = lintText(script.body, terms);
  const worst = worstSeverity(hits);
  if (!worst) return null;
  return (
    <Tooltip
      title={hits.map((h) => (
        <div key={h.index}>
          {t('lint.where', { script: script.title, line: h.line, column: h.column, term: h.term })}
          {h.suggestion ? ` · ${t('lint.suggestion', { suggestion: h.suggestion })}` : ''}
        </div>
      ))}
    >
      <Tag color={worst === 'block' ? 'red' : 'gold'} data-testid="lint-hits">
        {t('lint.hits', { count: hits.length })}
      </Tag>
    </Tooltip>
  );
}

type ScriptEditing = { script: Script | null; productId: string | null } | null;

function ScriptList({ scripts, terms, onEdit, onNew, onDelete }: { scripts: Script[]; terms: readonly BannedTerm[]; onEdit: (s: Script) => void; onNew: () => void; onDelete: (s: Script) => void }) {
  const { t } = useTranslation();
  return (
    <>
      {scripts.length === 0 ? (
        <Typography.Text type="secondary">{t('library.noScripts')}</Typography.Text>
      ) : (
        <List
          size="small"
          dataSource={scripts}
          renderItem={(s) => (
            <List.Item
              key={s.id}
              data-testid="script-item"
              actions={[
                <Button key="edit" size="small" type="link" onClick={() => onEdit(s)}>
                  {t('edit.edit')}
                </Button>,
                <Button key="delete" size="small" type="link" danger onClick={() => onDelete(s)} data-testid="delete-script">
                  {t('edit.delete')}
                </Button>,
              ]}
            >
              <List.Item.Meta
                title={
                  <>
                    <Tag color="blue">{t(`library.kinds.${s.kind}`)}</Tag>
                    {s.title} <LintTag script={s} terms={terms} />
                  </>
                }
                description={<span style={{ whiteSpace: 'pre-wrap' }}>{s.body}</span>}
              />
            </List.Item>
          )}
        />
      )}
      <Button size="small" style={{ marginTop: 8 }} onClick={onNew} data-testid="new-script">
        + {t('edit.newScript')}
      </Button>
    </>
  );
}

/** The store's products with their scripts, and the general scripts: search, create, edit, delete, import, export. */
export function ProductsPanel({ library }: { library: LibrarySnapshot }) {
  const { t, i18n } = useTranslation();
  const { message } = AntApp.useApp();
  const [query, setQuery] = useState('');
  const [undo, setUndo] = useState<UndoState | null>(null);
  const lintSettings = library.settings.lint;
  const bannedTerms = useMemo(() => effectiveTerms(lintSettings), [lintSettings]);
  const libraryRef = useRef(library);
  useEffect(() => {
    libraryRef.current = library;
  }, [library]);
  useEffect(() => {
    if (!undo) return;
    const timer = setTimeout(() => setUndo((u) => (u === undo ? null : u)), UNDO_MS);
    return () => clearTimeout(timer);
  }, [undo]);

  /** Deletes at once and offers Undo for UNDO_MS (the snapshot says what to put back). */
  const remove = async (snapshot: DeletedSnapshot | null, label: string) => {
    if (!snapshot) return;
    try {
      if (snapshot.kind === 'product') await getBridge().call('library.deleteProduct', { id: snapshot.product.id });
      else await getBridge().call('library.deleteScript', { id: snapshot.script.id });
      setUndo({ snapshot, label });
    } catch (e) {
      void message.error(t('errors.action', { message: e instanceof Error ? e.message : String(e) }));
    }
  };
  const deleteProduct = (p: Product) =>
    void remove(snapshotProduct(library, p.id), t('editSafety.productDeleted', { name: p.name, count: scriptsOf(p.id).length }));
  const deleteScript = (s: Script) => void remove(snapshotScript(library, s.id), t('editSafety.scriptDeleted', { title: s.title }));
  const undoDelete = async () => {
    if (!undo) return;
    setUndo(null);
    try {
      for (const call of restoreCalls(undo.snapshot, libraryRef.current)) await runRestoreCall(call);
      void message.success(t('editSafety.undone'));
    } catch (e) {
      void message.error(t('editSafety.undoFailed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };
  // Ctrl+Z (⌘Z on a Mac) outside a text field takes the deletion back while the Undo bar shows.
  const undoRef = useRef(undoDelete);
  useEffect(() => {
    undoRef.current = undoDelete;
  });
  useEffect(() => {
    if (!undo) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'z' || e.shiftKey || e.altKey || !(e.ctrlKey || e.metaKey)) return;
      const el = e.target instanceof HTMLElement ? e.target : null;
      if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) return;
      e.preventDefault();
      void undoRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo]);
  const [productEditing, setProductEditing] = useState<{ product: Product | null } | null>(null);
  const [scriptEditing, setScriptEditing] = useState<ScriptEditing>(null);
  const [importing, setImporting] = useState(false);
  const scriptsOf = (productId: string | null): Script[] => library.scripts.filter((s) => s.productId === productId);
  const [tagFilter, setTagFilter] = useState<string | null>(null);
  const [lowStock, setLowStock] = useState(false);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const products = filterProducts(library.products, { query, tag: tagFilter, lowStock });
  const tags = allTags(library.products);
  const filtered = query.trim() !== '' || tagFilter !== null || lowStock;
  // Selected and still in the library (a product deleted meanwhile drops out).
  const selectedProducts = library.products.filter((p) => selectedIds.includes(p.id));
  const defaultCurrency = library.products[0]?.currency ?? (library.settings.locale === 'zh-CN' ? 'CNY' : 'USD');

  const exportBundle = async () => {
    try {
      const { json, fileName } = await getBridge().call('library.exportBundle', {});
      const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      void message.success(t('edit.exported', { file: fileName }));
    } catch (e) {
      void message.error(t('errors.action', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  return (
    <>
      {undo && (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="delete-undo-bar"
          title={undo.label}
          description={t('editSafety.undoHint', { seconds: UNDO_MS / 1000, keys: keysLabel(['Mod', 'Z'], isMacPlatform()) })}
          action={
            <Button size="small" type="primary" onClick={() => void undoDelete()} data-testid="delete-undo">
              {t('editSafety.undo')}
            </Button>
          }
          closable={{ onClose: () => setUndo(null) }}
        />
      )}
      <Card
        title={t('library.products')}
        data-testid="products"
        extra={
          <Space wrap>
            <Input.Search allowClear size="small" placeholder={t('edit.search')} onChange={(e) => setQuery(e.target.value)} style={{ width: 200 }} data-testid="product-search" />
            <Select<string>
              allowClear
              size="small"
              value={tagFilter ?? undefined}
              placeholder={t('productsBulk.tagFilter')}
              options={tags.map((x) => ({ value: x, label: x }))}
              onChange={(v) => setTagFilter(v ?? null)}
              style={{ width: 130 }}
              data-testid="product-tag-filter"
            />
            <Checkbox checked={lowStock} onChange={(e) => setLowStock(e.target.checked)} data-testid="product-low-stock">
              {t('productsBulk.lowStock', { count: LOW_STOCK })}
            </Checkbox>
            <Button size="small" type="primary" onClick={() => setProductEditing({ product: null })} data-testid="new-product">
              + {t('edit.newProduct')}
            </Button>
            <Button size="small" onClick={() => setImporting(true)} data-testid="open-import">
              {t('edit.import')}
            </Button>
            <Button size="small" onClick={() => void exportBundle()} data-testid="export">
              {t('edit.export')}
            </Button>
            <ProductsExport />
          </Space>
        }
      >
        {selectedProducts.length > 0 && <ProductBulkBar selected={selectedProducts} tags={tags} onClear={() => setSelectedIds([])} />}
        <Table<Product>
          rowKey="id"
          size="small"
          pagination={products.length > 50 ? { pageSize: 50 } : false}
          dataSource={products}
          rowSelection={{ selectedRowKeys: selectedIds, onChange: (keys) => setSelectedIds(keys.map(String)), preserveSelectedRowKeys: true }}
          locale={{ emptyText: <Empty description={filtered && library.products.length > 0 ? t('productsBulk.noMatch') : t('library.empty')} /> }}
          expandable={{
            expandedRowRender: (p) => (
              <ScriptList
                terms={bannedTerms}
                scripts={scriptsOf(p.id)}
                onEdit={(s) => setScriptEditing({ script: s, productId: p.id })}
                onNew={() => setScriptEditing({ script: null, productId: p.id })}
                onDelete={deleteScript}
              />
            ),
          }}
          columns={[
            { title: t('library.name'), dataIndex: 'name', key: 'name' },
            {
              title: t('library.price'),
              key: 'price',
              render: (_: unknown, p: Product) => (
                <span>
                  {money(p.price, p.currency, i18n.language)}{' '}
                  {p.originalPrice !== null && p.originalPrice > p.price && (
                    <Typography.Text delete type="secondary">
                      {money(p.originalPrice, p.currency, i18n.language)}
                    </Typography.Text>
                  )}
                </span>
              ),
            },
            { title: t('library.stock'), dataIndex: 'stock', key: 'stock' },
            { title: t('library.scripts'), key: 'scripts', render: (_: unknown, p: Product) => scriptsOf(p.id).length },
            {
              title: '',
              key: 'actions',
              render: (_: unknown, p: Product) => (
                <Space size={0}>
                  <Button size="small" type="link" onClick={() => setProductEditing({ product: p })} data-testid="edit-product">
                    {t('edit.edit')}
                  </Button>
                  <Button size="small" type="link" danger onClick={() => deleteProduct(p)} data-testid="delete-product">
                    {t('edit.delete')}
                  </Button>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('library.generalScripts')} style={{ marginTop: 16 }} data-testid="general-scripts">
        <ScriptList
          terms={bannedTerms}
          scripts={scriptsOf(null)}
          onEdit={(s) => setScriptEditing({ script: s, productId: null })}
          onNew={() => setScriptEditing({ script: null, productId: null })}
          onDelete={deleteScript}
        />
      </Card>
      <ProductDrawer open={productEditing !== null} product={productEditing?.product ?? null} defaultCurrency={defaultCurrency} onClose={() => setProductEditing(null)} />
      <ScriptDrawer
        open={scriptEditing !== null}
        script={scriptEditing?.script ?? null}
        productId={scriptEditing?.productId ?? null}
        products={library.products}
        bannedTerms={bannedTerms}
        onClose={() => setScriptEditing(null)}
      />
      <ImportDialog open={importing} onClose={() => setImporting(false)} />
    </>
  );
}
