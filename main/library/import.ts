import type { Locale, Product, Script } from '../../shared/domain';
import { GBK_NOTE, type ImportApplyResult, type ImportInput, type ImportPreview, type ImportProblem, type ImportSummary } from '../../shared/import';
import { bulkUpsertProducts, libraryLookup, mergeBundle, readBundleText, type ParsedBundle } from './bundle';
import { readProductsCsv, readProductsTable, type ProductRows } from './import-products';
import { SCRIPT_SHEET_NAMES, readScriptsTable } from './import-scripts';
import { pickProductsSheet, readXlsxSheets } from './import-xlsx';
import type { LibraryStore } from './store';

export const defaultCurrency = (locale: Locale): string => (locale === 'zh-CN' ? 'CNY' : 'USD');

/** What an import file holds once read and checked (nothing saved yet). */
interface ReadImport {
  products: Array<Product & { row: number }>;
  scripts: Array<Script & { row: number }>;
  /** Set for a JSON store bundle. */
  bundle: ParsedBundle | null;
  errors: ImportProblem[];
  notes: string[];
}

async function readImport(store: LibraryStore, input: ImportInput): Promise<ReadImport> {
  const currency = defaultCurrency(store.getSettings().locale);
  const notes: string[] = [];
  const fromRows = (r: ProductRows): ReadImport => {
    if (r.ignored.length > 0) notes.push(`ignored columns: ${r.ignored.join(', ')}`);
    return { products: r.products, scripts: [], bundle: null, errors: r.errors, notes };
  };
  if (input.format === 'csv') {
    if (input.encoding === 'gbk') notes.push(GBK_NOTE);
    return fromRows(readProductsCsv(input.text, currency));
  }
  if (input.format === 'xlsx') {
    const read = await readXlsxSheets(Buffer.from(input.base64, 'base64'));
    if ('error' in read) return { products: [], scripts: [], bundle: null, errors: [read.error], notes };
    const sheet = pickProductsSheet(read.sheets);
    const result = fromRows(readProductsTable(sheet.records, currency, { sheet: sheet.name }));
    // A second sheet named 话术/Scripts holds scripts (what the export writes).
    const scriptSheet = read.sheets.find((s) => s !== sheet && SCRIPT_SHEET_NAMES.has(s.name.trim().toLowerCase()));
    if (scriptSheet) {
      const inFile = new Set(result.products.map((p) => p.id));
      const r = readScriptsTable(scriptSheet.records, scriptSheet.name, (id) => inFile.has(id) || store.getProduct(id) !== null);
      result.scripts = r.scripts;
      result.errors = [...result.errors, ...r.errors];
      if (r.ignored.length > 0) notes.push(`ignored columns of "${scriptSheet.name}": ${r.ignored.join(', ')}`);
    }
    const others = read.sheets.filter((s) => s !== sheet && s !== scriptSheet).map((s) => `"${s.name}"`);
    if (others.length > 0) notes.push(`read the sheet "${sheet.name}"${scriptSheet ? ` and "${scriptSheet.name}"` : ''}; left out ${others.join(', ')}`);
    return result;
  }
  if (input.encoding === 'gbk') notes.push(GBK_NOTE);
  const bundle = readBundleText(input.text, libraryLookup(store));
  return { products: bundle.products, scripts: bundle.scripts, bundle, errors: bundle.errors, notes };
}

function summarise(store: LibraryStore, read: ReadImport, notes: string[]): ImportSummary {
  const { products, scripts, bundle } = read;
  const existing = (ids: readonly { id: string }[], list: readonly { id: string }[]) => {
    const have = new Set(ids.map((x) => x.id));
    return list.filter((x) => have.has(x.id)).length;
  };
  const playlists = bundle?.playlists ?? [];
  const plans = bundle?.plans ?? [];
  const updated =
    existing(store.listProducts(), products) + existing(store.listScripts(), scripts) + existing(store.listPlaylists(), playlists) + existing(store.listPlans(), plans);
  const total = products.length + scripts.length + playlists.length + plans.length;
  return {
    products: products.length,
    scripts: scripts.length,
    ...(bundle && bundle.version >= 2 ? { playlists: playlists.length, plans: plans.length, settings: bundle.settings !== null } : {}),
    created: total - updated,
    updated,
    errors: read.errors.length,
    notes,
  };
}

async function check(store: LibraryStore, input: ImportInput, notes: string[]): Promise<{ preview: ImportPreview; read: ReadImport }> {
  const read = await readImport(store, input);
  const allNotes = [...notes];
  for (const n of read.notes) if (!allNotes.includes(n)) allNotes.push(n);
  const errors = [...read.errors].sort((a, b) => a.row - b.row);
  return { preview: { products: read.products, scripts: read.scripts, errors, summary: summarise(store, { ...read, errors }, allNotes) }, read };
}

/** Reads an import file and checks it against the library, without saving anything. */
export async function previewImport(store: LibraryStore, input: ImportInput, notes: string[] = []): Promise<ImportPreview> {
  return (await check(store, input, notes)).preview;
}

/**
 * Saves the whole file in one transaction, only when it has no errors; otherwise saves nothing.
 * A store bundle is merged: its items are added or replace those with the same id, its plan on air
 * becomes the active plan, its settings replace the library's (see store.restore to replace everything).
 */
export async function applyImport(store: LibraryStore, input: ImportInput, notes: string[] = []): Promise<ImportApplyResult & { preview: ImportPreview }> {
  const { preview, read } = await check(store, input, notes);
  if (preview.errors.length > 0) return { applied: false, errors: preview.errors, summary: preview.summary, preview };
  store.transaction(() => {
    if (read.bundle) mergeBundle(store, read.bundle);
    else {
      bulkUpsertProducts(store, preview.products.map(({ row: _row, ...p }) => p));
      for (const { row: _row, ...sc } of preview.scripts) store.upsertScript(sc);
    }
  });
  return { applied: true, errors: [], summary: preview.summary, preview };
}
