import { createHash } from 'node:crypto';
import { parseCsv, CsvError } from '../../shared/csv';
import { ProductSchema, type Product } from '../../shared/domain';
import type { ImportProblem } from '../../shared/import';

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

export interface ProductRows {
  products: Array<Product & { row: number }>;
  errors: ImportProblem[];
  /** Header columns we do not know (left out). */
  ignored: string[];
}

/**
 * Reads a products CSV (header row in zh-CN or en-US). Every problem is reported with its row and
 * column; rows with problems are left out of `products`.
 */
export function readProductsCsv(text: string, defaultCurrency: string): ProductRows {
  const errors: ImportProblem[] = [];
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvError) return { products: [], errors: [{ row: e.row, column: '', message: e.message }], ignored: [] };
    throw e;
  }
  const header = records[0];
  if (!header) return { products: [], errors: [{ row: 1, column: '', message: 'the file is empty: expected a header row such as 名称,价格 or name,price' }], ignored: [] };
  const index = new Map<Field, number>();
  const ignored: string[] = [];
  const names: string[] = header.fields.map((h) => h.trim());
  names.forEach((h, i) => {
    const field = LOOKUP.get(normal(h));
    if (field === undefined) {
      if (h !== '') ignored.push(h);
      return;
    }
    if (index.has(field)) errors.push({ row: header.row, column: h, message: `column "${h}" appears twice` });
    else index.set(field, i);
  });
  for (const f of REQUIRED) {
    if (!index.has(f)) errors.push({ row: header.row, column: COLUMNS[f][0], message: `missing required column "${COLUMNS[f][0]}" (or "${COLUMNS[f][1]}")` });
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
    const fail = (f: Field, message: string) => rowErrors.push({ row: rec.row, column: col(f), message });
    const number = (f: Field, opts: { required: boolean; integer?: boolean }): number | null => {
      const raw = cell(f).replace(/^[¥￥$]/, '').replace(/,/g, '');
      if (raw === '') {
        if (opts.required) fail(f, 'is empty');
        return null;
      }
      const v = Number(raw);
      if (!Number.isFinite(v)) fail(f, `"${cell(f)}" is not a number`);
      else if (v < 0) fail(f, `must not be negative (${cell(f)})`);
      else if (opts.integer && !Number.isInteger(v)) fail(f, `must be a whole number (${cell(f)})`);
      else return v;
      return null;
    };
    const name = cell('name');
    if (name === '') fail('name', 'is empty');
    else if (name.length > 200) fail('name', 'is longer than 200 characters');
    const price = number('price', { required: true });
    const originalPrice = number('originalPrice', { required: false });
    const stock = number('stock', { required: false, integer: true });
    const id = cell('id') || (name ? productIdFor(name) : '');
    if (id.length > 64) fail('id', 'is longer than 64 characters');
    const first = seen.get(id);
    if (id && first !== undefined) fail(index.has('id') && cell('id') ? 'id' : 'name', `duplicate of row ${first}`);
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
      };
      const parsed = ProductSchema.safeParse(candidate);
      if (parsed.success) products.push({ ...parsed.data, row: rec.row });
      else {
        for (const issue of parsed.error.issues) {
          const f = (issue.path[0] as Field | undefined) ?? 'name';
          fail(f, issue.message);
        }
      }
    }
    if (id && first === undefined) seen.set(id, rec.row);
    errors.push(...rowErrors);
  }
  if (records.length === 1) errors.push({ row: 2, column: '', message: 'no product rows under the header' });
  return { products, errors, ignored };
}
