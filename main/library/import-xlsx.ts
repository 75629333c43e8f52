import readXlsxFile, { InvalidInputError } from 'read-excel-file/node';
import { importProblem, type ImportProblem } from '../../shared/import';
import type { TableRecord } from './import-products';
import { SCRIPT_SHEET_NAMES } from './import-scripts';

/** One sheet of a workbook as text rows; `row` is the row number Excel shows (blank rows are left out). */
export interface XlsxSheet {
  name: string;
  records: TableRecord[];
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  return String(value);
}

/** Reads every sheet of an .xlsx file. A file that is not a spreadsheet (e.g. a CSV renamed .xlsx, an old .xls) is one clear error. */
export async function readXlsxSheets(bytes: Buffer): Promise<{ sheets: XlsxSheet[] } | { error: ImportProblem }> {
  let sheets;
  try {
    sheets = await readXlsxFile(bytes);
  } catch (e) {
    if (e instanceof InvalidInputError && e.code === 'XLS_FILE_NOT_SUPPORTED') return { error: importProblem('xls-not-supported', { row: 0 }) };
    return { error: importProblem('not-xlsx', { row: 0 }) };
  }
  if (sheets.length === 0) return { error: importProblem('not-xlsx', { row: 0 }) };
  return {
    sheets: sheets.map((s) => ({
      name: s.sheet,
      // read-excel-file starts every sheet at A1 and fills gaps, so index + 1 is the row Excel shows.
      records: s.data.flatMap((cells, i) => {
        const fields = cells.map(cellText);
        return fields.some((f) => f.trim() !== '') ? [{ row: i + 1, fields }] : [];
      }),
    })),
  };
}

const PRODUCT_SHEET_NAMES = new Set(['商品', 'products', 'product']);

/** The sheet with the products: one named 商品/Products, else the first that is not the scripts sheet (话术/Scripts). */
export function pickProductsSheet(sheets: readonly XlsxSheet[]): XlsxSheet {
  const named = sheets.find((s) => PRODUCT_SHEET_NAMES.has(s.name.trim().toLowerCase()));
  const sheet = named ?? sheets.find((s) => !SCRIPT_SHEET_NAMES.has(s.name.trim().toLowerCase())) ?? sheets[0];
  if (!sheet) throw new Error('pickProductsSheet: no sheets');
  return sheet;
}
