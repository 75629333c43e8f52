import { z } from 'zod';

/**
 * What can be wrong with an import file (or a backup being restored). The code is stable: the studio
 * says it in the merchant's language with t(`store.importErrors.<code>`, params); the CLI prints the
 * English message built here from the same params.
 */
export const IMPORT_ERROR_CODES = [
  // the file as a whole
  'empty-file',
  'unclosed-quote',
  'not-json',
  'not-bundle',
  'bundle-too-new',
  'not-xlsx',
  'xls-not-supported',
  'empty-sheet',
  // the header
  'duplicate-column',
  'missing-column',
  'no-rows',
  // a cell or a field
  'empty-cell',
  'not-a-number',
  'negative',
  'not-whole',
  'too-long',
  'too-small',
  'too-big',
  'wrong-type',
  'not-allowed',
  'invalid-value',
  // between rows and with the library
  'duplicate-row',
  'duplicate-id',
  'unknown-product',
  'unknown-script',
  'unknown-playlist',
  'unknown-plan',
] as const;
export const ImportErrorCodeSchema = z.enum(IMPORT_ERROR_CODES);
export type ImportErrorCode = z.infer<typeof ImportErrorCodeSchema>;
export type ImportErrorParams = Record<string, string | number>;

const p = (params: ImportErrorParams, key: string): string => String(params[key] ?? '');

/** English sentences, for the CLI and logs. The studio's en-US strings say the same (renderer/i18n/sections/store.ts). */
const ENGLISH: Record<ImportErrorCode, (params: ImportErrorParams) => string> = {
  'empty-file': () => 'the file is empty: expected a header row such as 名称,价格 or name,price',
  'unclosed-quote': (x) => `a quoted field starting in row ${p(x, 'row')} is never closed`,
  'not-json': (x) => `not valid JSON: ${p(x, 'detail')}`,
  'not-bundle': () => 'not a StageHost store bundle (expected "format": "stagehost.bundle" with "version" 1 or 2)',
  'bundle-too-new': (x) => `the bundle is version ${p(x, 'version')}, written by a newer StageHost; this one reads versions 1 and 2`,
  'not-xlsx': () => 'not an Excel .xlsx file (it cannot be opened as a spreadsheet); save it from Excel as .xlsx or .csv',
  'xls-not-supported': () => 'an old Excel .xls file: save it from Excel as .xlsx (Excel Workbook) or .csv',
  'empty-sheet': (x) => `the sheet "${p(x, 'sheet')}" is empty: expected a header row such as 名称,价格 or name,price`,
  'duplicate-column': (x) => `column "${p(x, 'column')}" appears twice`,
  'missing-column': (x) => `missing required column "${p(x, 'column')}" (or "${p(x, 'alt')}")`,
  'no-rows': () => 'no rows under the header',
  'empty-cell': () => 'is empty',
  'not-a-number': (x) => `"${p(x, 'value')}" is not a number`,
  negative: (x) => `must not be negative (${p(x, 'value')})`,
  'not-whole': (x) => `must be a whole number (${p(x, 'value')})`,
  'too-long': (x) => `is longer than ${p(x, 'max')} characters`,
  'too-small': (x) => `is below the minimum ${p(x, 'min')}`,
  'too-big': (x) => `is above the maximum ${p(x, 'max')}`,
  'wrong-type': (x) => `expected ${p(x, 'expected')}`,
  'not-allowed': (x) => `is not one of: ${p(x, 'values')}`,
  'invalid-value': (x) => `is not valid: ${p(x, 'detail')}`,
  'duplicate-row': (x) => `duplicate of row ${p(x, 'first')}`,
  'duplicate-id': (x) => `duplicate of item ${p(x, 'first')} (same id "${p(x, 'id')}")`,
  'unknown-product': (x) => `product "${p(x, 'id')}" is neither in the file nor in the library`,
  'unknown-script': (x) => `script "${p(x, 'id')}" is neither in the file nor in the library`,
  'unknown-playlist': (x) => `playlist "${p(x, 'id')}" is neither in the file nor in the library`,
  'unknown-plan': (x) => `the plan on air "${p(x, 'id')}" is not among the file's plans`,
};

export function importErrorMessage(code: ImportErrorCode, params: ImportErrorParams = {}): string {
  return ENGLISH[code](params);
}
