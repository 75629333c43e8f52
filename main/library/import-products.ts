import { createHash } from 'node:crypto';
import { parseCsv, CsvError } from '../../shared/csv';
import { ProductSchema, type Product } from '../../shared/domain';
import { columnLetter, importProblem, type ImportErrorCode, type ImportErrorParams, type ImportProblem } from '../../shared/import';
import { codeOfIssue } from '../../shared/import-issues';

/** Product fields a CSV column may fill, with the header names we accept (zh-CN and en-US, any case). */
const COLUMNS = {
  id: ['id', 'ID', '编号', '商品id', '商品ID'],
  name: ['name', '名称', '商品名称', '品名'],
  price: ['price', '价格', '售价', '现价'],
  originalPrice: ['original_price', 'original price', 'originalprice', '原价'],
  currency: ['currency', '货币', '币种'],
  sellingPoints: ['selling_points', 'selling points', 'sellingpoints', '卖点'],
  stock: ['stock', '库存'],
  link: ['link', 'url', '链接'],
  image: ['image', '图片', '图片链接'],
  tags: ['tags', '标签'],
  offerEndsAt: ['offer_ends_at', 'offer ends at', '优惠截止', '优惠截止时间'],
} as const satisfies Record<keyof Product, readonly string[]>;
type Field = keyof typeof COLUMNS;
const REQUIRED: readonly Field[] = ['name', 'price'];

const normal = (h: string): string => h.trim().toLowerCase().replace(/[\s-]+/g, '_');
const LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(COLUMNS) as Array<[Field, readonly string[]]>) {
  for (const name of names) LOOKUP.set(normal(name), field);
}

export { decodeImportBytes, type DecodedFile } from '../../shared/import';

/** A stable id for a product row without one, from its name (so importing the same file twice updates, not duplicates). */
export function productIdFor(name: string): string {
  return `p-${createHash('sha1').update(name.trim()).digest('hex').slice(0, 12)}`;
}

const splitList = (raw: string): string[] =>
  raw
    .split(/[|；;｜]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * An `offer_ends_at` cell as the ISO date-time the product keeps: ISO 8601 with an offset or `Z` as
 * written, or "YYYY-MM-DD HH:MM[:SS]" (also with "T" or "/") read as local time on this machine.
 * Anything else is returned as written (the schema then reports it).
 */
export function offerEndsAtFromCell(raw: string): string {
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(raw);
  if (!m) return raw;
  const [y, mo, d, h, mi, sec] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(y, mo - 1, d, h, mi, sec);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d || h > 23) return raw;
  const offset = -date.getTimezoneOffset();
  const two = (n: number): string => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const zone = `${offset >= 0 ? '+' : '-'}${two(offset / 60)}:${two(offset % 60)}`;
  return `${y}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(sec)}${zone}`;
}

export interface ProductRows {
  products: Array<Product & { row: number }>;
  errors: ImportProblem[];
  /** Header columns we do not know (left out). */
  ignored: string[];
}

/** A row of a table file: its spreadsheet row number (header = 1) and its cells as text. */
export interface TableRecord {
  row: number;
  fields: string[];
}

/**
 * Reads a products CSV (header row in zh-CN or en-US). Every problem is reported with its row and
 * column; rows with problems are left out of `products`.
 */
export function readProductsCsv(text: string, defaultCurrency: string): ProductRows {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return { products: [], errors: [importProblem('unclosed-quote', { row: e.row })], ignored: [] };
    throw e;
  }
  return readProductsTable(records, defaultCurrency);
}

/**
 * Reads the rows of a products table (CSV or a spreadsheet's sheet; header row in zh-CN or en-US).
 * Every problem names its row, its column (header name) and its cell (e.g. C3); rows with problems
 * are left out of `products`.
 */
export function readProductsTable(records: readonly TableRecord[], defaultCurrency: string, opts: { sheet?: string } = {}): ProductRows {
  const errors: ImportProblem[] = [];
  const sheet = opts.sheet !== undefined ? { sheet: opts.sheet } : {};
  const header = records[0];
  if (!header) {
    return {
      products: [],
      errors: [opts.sheet !== undefined ? importProblem('empty-sheet', { row: 1, ...sheet }, { sheet: opts.sheet }) : importProblem('empty-file', { row: 1 })],
      ignored: [],
    };
  }
  const index = new Map<Field, number>();
  const ignored: string[] = [];
  const names: string[] = header.fields.map((h) => h.trim());
  const at = (row: number, i: number | undefined) => (i === undefined || i < 0 ? {} : { cell: `${columnLetter(i)}${row}` });
  names.forEach((h, i) => {
    const field = LOOKUP.get(normal(h));
    if (field === undefined) {
      if (h !== '') ignored.push(h);
      return;
    }
    if (index.has(field)) errors.push(importProblem('duplicate-column', { row: header.row, column: h, ...at(header.row, i), ...sheet }));
    else index.set(field, i);
  });
  for (const f of REQUIRED) {
    if (!index.has(f)) errors.push(importProblem('missing-column', { row: header.row, column: COLUMNS[f][0], ...sheet }, { alt: COLUMNS[f][1] }));
  }
  if (errors.length > 0) return { products: [], errors, ignored };

  const products: Array<Product & { row: number }> = [];
  const seen = new Map<string, number>();
  for (const rec of records.slice(1)) {
    const rowErrors: ImportProblem[] = [];
    const cell = (f: Field): string => {
      const i = index.get(f);
      return i === undefined ? '' : (rec.fields[i] ?? '').trim();
    };
    const col = (f: Field): string => names[index.get(f) ?? -1] ?? COLUMNS[f][0];
    const fail = (f: Field, code: ImportErrorCode, params: ImportErrorParams = {}) =>
      rowErrors.push(importProblem(code, { row: rec.row, column: col(f), ...at(rec.row, index.get(f)), ...sheet }, params));
    const number = (f: Field, opts: { required: boolean; integer?: boolean }): number | null => {
      const raw = cell(f).replace(/^[¥￥$]/, '').replace(/,/g, '');
      if (raw === '') {
        if (opts.required) fail(f, 'empty-cell');
        return null;
      }
      const v = Number(raw);
      if (!Number.isFinite(v)) fail(f, 'not-a-number', { value: cell(f) });
      else if (v < 0) fail(f, 'negative', { value: cell(f) });
      else if (opts.integer && !Number.isInteger(v)) fail(f, 'not-whole', { value: cell(f) });
      else return v;
      return null;
    };
    const name = cell('name');
    if (name === '') fail('name', 'empty-cell');
    else if (name.length > 200) fail('name', 'too-long', { max: 200 });
    const price = number('price', { required: true });
    const originalPrice = number('originalPrice', { required: false });
    const stock = number('stock', { required: false, integer: true });
    const id = cell('id') || (name ? productIdFor(name) : '');
    if (id.length > 64) fail('id', 'too-long', { max: 64 });
    const first = seen.get(id);
    if (id && first !== undefined) fail(index.has('id') && cell('id') ? 'id' : 'name', 'duplicate-row', { first });
    if (rowErrors.length === 0) {
      const candidate = {
        id,
        name,
        price: price ?? 0,
        originalPrice,
        currency: cell('currency') || defaultCurrency,
        sellingPoints: splitList(cell('sellingPoints')),
        stock,
        link: cell('link') || null,
        image: cell('image') || null,
        tags: splitList(cell('tags')),
        ...(cell('offerEndsAt') !== '' ? { offerEndsAt: offerEndsAtFromCell(cell('offerEndsAt')) } : {}),
      };
      const parsed = ProductSchema.safeParse(candidate);
      if (parsed.success) products.push({ ...parsed.data, row: rec.row });
      else {
        for (const issue of parsed.error.issues) {
          const f = (issue.path[0] as Field | undefined) ?? 'name';
          const { code, params } = codeOfIssue(issue, candidate);
          fail(f, code, params);
        }
      }
    }
    if (id && first === undefined) seen.set(id, rec.row);
    errors.push(...rowErrors);
  }
  if (records.length === 1) errors.push(importProblem('no-rows', { row: 2, ...sheet }));
  return { products, errors, ignored };
}
