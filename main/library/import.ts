import { ProductSchema, ScriptSchema, type Locale, type Product, type Script } from '../../shared/domain';
import { BUNDLE_FORMAT, GBK_NOTE, StoreBundleSchema, type ImportApplyResult, type ImportInput, type ImportPreview, type ImportProblem } from '../../shared/import';
import { readProductsCsv } from './import-products';
import type { LibraryStore } from './store';

export const defaultCurrency = (locale: Locale): string => (locale === 'zh-CN' ? 'CNY' : 'USD');

function readBundle(text: string): { products: Array<Product & { row: number }>; scripts: Array<Script & { row: number }>; errors: ImportProblem[] } {
  const errors: ImportProblem[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { products: [], scripts: [], errors: [{ row: 0, column: '', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  const bundle = StoreBundleSchema.safeParse(raw);
  if (!bundle.success) {
    return {
      products: [],
      scripts: [],
      errors: [{ row: 0, column: '', message: `not a StageHost store bundle (expected "format": "${BUNDLE_FORMAT}", "version": 1, products and scripts)` }],
    };
  }
  const products: Array<Product & { row: number }> = [];
  const scripts: Array<Script & { row: number }> = [];
  const items = <T>(list: unknown[], schema: typeof ProductSchema | typeof ScriptSchema, what: string, out: Array<T & { row: number }>) => {
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const row = i + 1;
      const parsed = schema.safeParse(item);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) errors.push({ row, column: `${what}.${issue.path.join('.')}`, message: issue.message });
        return;
      }
      const first = seen.get(parsed.data.id);
      if (first !== undefined) {
        errors.push({ row, column: `${what}.id`, message: `duplicate of ${what} ${first}` });
        return;
      }
      seen.set(parsed.data.id, row);
      out.push({ ...(parsed.data as T), row });
    });
  };
  items<Product>(bundle.data.products, ProductSchema, 'products', products);
  items<Script>(bundle.data.scripts, ScriptSchema, 'scripts', scripts);
  return { products, scripts, errors };
}

/** Reads an import file and checks it against the library, without saving anything. */
export function previewImport(store: LibraryStore, input: ImportInput, notes: string[] = []): ImportPreview {
  const locale = store.getSettings().locale;
  let products: Array<Product & { row: number }>;
  let scripts: Array<Script & { row: number }> = [];
  let errors: ImportProblem[];
  const allNotes = [...notes];
  if (input.encoding === 'gbk' && !allNotes.includes(GBK_NOTE)) allNotes.push(GBK_NOTE);
  if (input.format === 'csv') {
    const r = readProductsCsv(input.text, defaultCurrency(locale));
    products = r.products;
    errors = r.errors;
    if (r.ignored.length > 0) allNotes.push(`ignored columns: ${r.ignored.join(', ')}`);
  } else {
    const r = readBundle(input.text);
    products = r.products;
    scripts = r.scripts;
    errors = r.errors;
    const known = new Set(products.map((p) => p.id));
    for (const sc of scripts) {
      if (sc.productId !== null && !known.has(sc.productId) && !store.getProduct(sc.productId)) {
        errors.push({ row: sc.row, column: 'scripts.productId', message: `product "${sc.productId}" is neither in the file nor in the library` });
      }
    }
  }
  const existingProducts = new Set(store.listProducts().map((p) => p.id));
  const existingScripts = new Set(store.listScripts().map((s) => s.id));
  const updated = products.filter((p) => existingProducts.has(p.id)).length + scripts.filter((s) => existingScripts.has(s.id)).length;
  errors.sort((a, b) => a.row - b.row);
  return {
    products,
    scripts,
    errors,
    summary: {
      products: products.length,
      scripts: scripts.length,
      created: products.length + scripts.length - updated,
      updated,
      errors: errors.length,
      notes: allNotes,
    },
  };
}

/**
 * The products of an import, in the caller's transaction. Same statement as store.upsertProduct, but
 * with positions given once: the store's per-row `MAX(position)` has no index to use, which makes a
 * 10,000-row import quadratic (≈13 s on a busy machine vs ≈2 s). TODO: once a migration adds an index on
 * products(position), go back to store.upsertProduct. Rows were validated by ProductSchema in the preview.
 */
function bulkUpsertProducts(store: LibraryStore, products: readonly Product[]): void {
  const next = store.db.prepare<[], { n: number }>('SELECT COALESCE(MAX(position), -1) + 1 AS n FROM products').get()?.n ?? 0;
  const upsert = store.db.prepare(
    `INSERT INTO products (id, position, name, price, original_price, currency, selling_points, stock,
                           link, image, tags, created_at, updated_at)
     VALUES (@id, @position, @name, @price, @originalPrice, @currency, @sellingPoints, @stock, @link, @image, @tags, @now, @now)
     ON CONFLICT(id) DO UPDATE SET
       name = excluded.name, price = excluded.price, original_price = excluded.original_price,
       currency = excluded.currency, selling_points = excluded.selling_points, stock = excluded.stock,
       link = excluded.link, image = excluded.image, tags = excluded.tags, updated_at = excluded.updated_at`,
  );
  const now = Date.now();
  products.forEach((input, i) => {
    const p = ProductSchema.parse(input);
    upsert.run({
      id: p.id,
      position: next + i,
      name: p.name,
      price: p.price,
      originalPrice: p.originalPrice,
      currency: p.currency,
      sellingPoints: JSON.stringify(p.sellingPoints),
      stock: p.stock,
      link: p.link,
      image: p.image,
      tags: JSON.stringify(p.tags),
      now,
    });
  });
}

/** Saves the whole file in one transaction, only when it has no errors; otherwise saves nothing. */
export function applyImport(store: LibraryStore, input: ImportInput, notes: string[] = []): ImportApplyResult & { preview: ImportPreview } {
  const preview = previewImport(store, input, notes);
  if (preview.errors.length > 0) return { applied: false, errors: preview.errors, summary: preview.summary, preview };
  store.transaction(() => {
    bulkUpsertProducts(store, preview.products);
    for (const { row: _row, ...s } of preview.scripts) store.upsertScript(s);
  });
  return { applied: true, errors: [], summary: preview.summary, preview };
}
