import { createHash } from 'node:crypto';
import { ScriptKindSchema, ScriptSchema, type Locale, type Script, type ScriptKind } from '../../shared/domain';
import { columnLetter, importProblem, type ImportErrorCode, type ImportErrorParams, type ImportProblem } from '../../shared/import';
import { codeOfIssue } from '../../shared/import-issues';
import type { TableRecord } from './import-products';

/** Script fields a column of the scripts sheet may fill, with the header names we accept (zh-CN and en-US, any case). */
const COLUMNS = {
  id: ['id', '编号', '话术编号'],
  title: ['title', '标题'],
  kind: ['kind', 'type', '类型'],
  productId: ['product_id', 'product id', 'productid', 'product', '商品编号', '商品id'],
  body: ['body', 'text', '正文', '内容'],
  tags: ['tags', '标签'],
  emotion: ['emotion', 'mood', '情绪'],
} as const satisfies Record<keyof Script, readonly string[]>;
type Field = keyof typeof COLUMNS;
const REQUIRED: readonly Field[] = ['title', 'body'];

const normal = (h: string): string => h.trim().toLowerCase().replace(/[\s-]+/g, '_');
const LOOKUP = new Map<string, Field>();
for (const [field, names] of Object.entries(COLUMNS) as Array<[Field, readonly string[]]>) {
  for (const name of names) LOOKUP.set(normal(name), field);
}

/** Kind names as the merchant writes them (zh-CN labels or the ids). */
export const KIND_LABELS: Record<ScriptKind, string> = { welcome: '欢迎', follow: '关注', sales: '讲解', promo: '促销', closing: '下播', idle: '暖场' };
const KINDS = new Map<string, ScriptKind>();
for (const kind of ScriptKindSchema.options) {
  KINDS.set(kind, kind);
  KINDS.set(KIND_LABELS[kind], kind);
}

/** Names of the scripts sheet in a workbook. */
export const SCRIPT_SHEET_NAMES = new Set(['话术', 'scripts', 'script']);
export const scriptSheetName = (locale: Locale): string => (locale === 'zh-CN' ? '话术' : 'Scripts');

/** Header names of the scripts sheet the export writes. */
export const SCRIPT_HEADERS: Record<Locale, readonly string[]> = {
  'zh-CN': ['编号', '标题', '类型', '商品编号', '正文', '标签', '情绪'],
  'en-US': ['id', 'title', 'kind', 'product_id', 'body', 'tags', 'emotion'],
};

/** A stable id for a script row without one (importing the same sheet twice updates, not duplicates). */
export function scriptIdFor(title: string, body: string): string {
  return `s-${createHash('sha1').update(`${title.trim()}\n${body.trim()}`).digest('hex').slice(0, 12)}`;
}

const splitList = (raw: string): string[] =>
  raw
    .split(/[|；;｜]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * Reads the scripts sheet of a workbook. Every problem names its row, column and cell; a script's
 * product must be in the file (`productIds`) or in the library (`hasProduct`).
 */
export function readScriptsTable(
  records: readonly TableRecord[],
  sheet: string,
  hasProduct: (id: string) => boolean,
): { scripts: Array<Script & { row: number }>; errors: ImportProblem[]; ignored: string[] } {
  const errors: ImportProblem[] = [];
  const header = records[0];
  if (!header) return { scripts: [], errors: [importProblem('empty-sheet', { row: 1, sheet }, { sheet })], ignored: [] };
  const index = new Map<Field, number>();
  const ignored: string[] = [];
  const names = header.fields.map((h) => h.trim());
  names.forEach((h, i) => {
    const field = LOOKUP.get(normal(h));
    if (field === undefined) {
      if (h !== '') ignored.push(h);
      return;
    }
    if (index.has(field)) errors.push(importProblem('duplicate-column', { row: header.row, column: h, cell: `${columnLetter(i)}${header.row}`, sheet }));
    else index.set(field, i);
  });
  for (const f of REQUIRED) {
    if (!index.has(f)) errors.push(importProblem('missing-column', { row: header.row, column: COLUMNS[f][0], sheet }, { alt: COLUMNS[f][1] }));
  }
  if (errors.length > 0) return { scripts: [], errors, ignored };

  const scripts: Array<Script & { row: number }> = [];
  const seen = new Map<string, number>();
  for (const rec of records.slice(1)) {
    const rowErrors: ImportProblem[] = [];
    const cell = (f: Field): string => {
      const i = index.get(f);
      return i === undefined ? '' : (rec.fields[i] ?? '').trim();
    };
    const fail = (f: Field, code: ImportErrorCode, params: ImportErrorParams = {}) => {
      const i = index.get(f);
      rowErrors.push(importProblem(code, { row: rec.row, column: names[i ?? -1] ?? COLUMNS[f][0], ...(i === undefined ? {} : { cell: `${columnLetter(i)}${rec.row}` }), sheet }, params));
    };
    const title = cell('title');
    const body = (() => {
      const i = index.get('body');
      return i === undefined ? '' : (rec.fields[i] ?? '').replace(/\r\n/g, '\n').trim();
    })();
    if (title === '') fail('title', 'empty-cell');
    if (body === '') fail('body', 'empty-cell');
    const productId = cell('productId') || null;
    if (productId !== null && !hasProduct(productId)) fail('productId', 'unknown-product', { id: productId });
    const kindText = cell('kind');
    const kind: ScriptKind | undefined = kindText === '' ? (productId ? 'sales' : 'idle') : KINDS.get(kindText.toLowerCase()) ?? KINDS.get(kindText);
    if (kind === undefined) fail('kind', 'not-allowed', { values: ScriptKindSchema.options.map((k) => `${k} (${KIND_LABELS[k]})`).join(', ') });
    const id = cell('id') || (title && body ? scriptIdFor(title, body) : '');
    const first = seen.get(id);
    if (id && first !== undefined) fail(cell('id') ? 'id' : 'title', 'duplicate-row', { first });
    if (rowErrors.length === 0) {
      const emotion = cell('emotion').toLowerCase();
      const candidate = { id, title, kind, productId, body, tags: splitList(cell('tags')), ...(emotion !== '' ? { emotion } : {}) };
      const parsed = ScriptSchema.safeParse(candidate);
      if (parsed.success) scripts.push({ ...parsed.data, row: rec.row });
      else {
        for (const issue of parsed.error.issues) {
          const { code, params } = codeOfIssue(issue, candidate);
          fail((issue.path[0] as Field | undefined) ?? 'title', code, params);
        }
      }
    }
    if (id && first === undefined) seen.set(id, rec.row);
    errors.push(...rowErrors);
  }
  return { scripts, errors, ignored };
}

/** Scripts as rows of the scripts sheet (header first). */
export function scriptRows(scripts: readonly Script[], locale: Locale): Array<Array<string | null>> {
  return [
    [...SCRIPT_HEADERS[locale]],
    ...scripts.map((s) => [s.id, s.title, locale === 'zh-CN' ? KIND_LABELS[s.kind] : s.kind, s.productId, s.body, s.tags.join(' | '), s.emotion ?? null]),
  ];
}
