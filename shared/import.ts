import { z } from 'zod';
import { PlanSchema, PlaylistSchema, ProductSchema, ScriptSchema, SettingsSchema } from './domain';
import { ImportErrorCodeSchema, importErrorMessage, type ImportErrorCode, type ImportErrorParams } from './import-errors';

export { IMPORT_ERROR_CODES, ImportErrorCodeSchema, importErrorMessage, type ImportErrorCode, type ImportErrorParams } from './import-errors';

/** A spreadsheet (.xlsx) travels as base64: 50 MB of file at most. */
const MAX_BASE64 = 70_000_000;

/**
 * What the studio (or the CLI) hands over to import: a text file (CSV of products, JSON store bundle)
 * as text, or a spreadsheet (.xlsx) as base64 bytes. The host does not touch the merchant's files.
 */
export const ImportInputSchema = z.discriminatedUnion('format', [
  z
    .object({
      format: z.enum(['csv', 'json']),
      /** The file as text. 50 MB at most. */
      text: z.string().max(50_000_000),
      /** How the file's bytes were decoded (see decodeImportBytes); reported in the summary. */
      encoding: z.enum(['utf-8', 'gbk']).optional(),
    })
    .strict(),
  z
    .object({
      format: z.literal('xlsx'),
      /** The .xlsx file's bytes, base64. */
      base64: z.string().max(MAX_BASE64),
    })
    .strict(),
]);
export type ImportInput = z.infer<typeof ImportInputSchema>;
export type ImportFormat = ImportInput['format'];

/** The import format a file name implies (.json → bundle, .xlsx → spreadsheet, anything else → CSV). */
export function importFormatOf(fileName: string): ImportFormat {
  if (/\.json$/i.test(fileName)) return 'json';
  if (/\.xlsx$/i.test(fileName)) return 'xlsx';
  return 'csv';
}

/**
 * One problem of the file: the spreadsheet row as the merchant sees it (header = 1; JSON: the item's
 * 1-based index in its section), the column (header name, or `section.field` for JSON), a stable
 * `code` with `params` for the studio to say it in the merchant's language, and the English `message`
 * (the CLI prints it).
 */
export const ImportProblemSchema = z.object({
  row: z.number().int().nonnegative(),
  column: z.string(),
  message: z.string(),
  code: ImportErrorCodeSchema,
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The cell as Excel names it, e.g. "C3" (spreadsheets and CSV, when the column is known). */
  cell: z.string().optional(),
  /** The sheet of an .xlsx file. */
  sheet: z.string().optional(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

export const ImportSummarySchema = z.object({
  products: z.number().int().nonnegative(),
  scripts: z.number().int().nonnegative(),
  /** Store bundles (version 2) also carry playlists, plans and settings. */
  playlists: z.number().int().nonnegative().optional(),
  plans: z.number().int().nonnegative().optional(),
  settings: z.boolean().optional(),
  /** How many of them are new / replace what is in the library. */
  created: z.number().int().nonnegative(),
  updated: z.number().int().nonnegative(),
  errors: z.number().int().nonnegative(),
  /** Notes for the merchant, e.g. "decoded as GBK". */
  notes: z.array(z.string()),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const ImportPreviewSchema = z.object({
  products: z.array(ProductSchema.extend({ row: z.number().int() })),
  scripts: z.array(ScriptSchema.extend({ row: z.number().int() })),
  errors: z.array(ImportProblemSchema),
  summary: ImportSummarySchema,
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const ImportApplyResultSchema = z.object({
  /** False when the file had errors: nothing was saved. */
  applied: z.boolean(),
  errors: z.array(ImportProblemSchema),
  summary: ImportSummarySchema,
});
export type ImportApplyResult = z.infer<typeof ImportApplyResultSchema>;

/** The JSON store bundle (export, backup, and import/restore back). */
export const BUNDLE_FORMAT = 'stagehost.bundle';
/** The version this app writes. Version 1 (products and scripts only) is still read. */
export const BUNDLE_VERSION = 2;

/** Only the envelope; the items are checked one by one so that every bad item is reported with where it is. */
export const StoreBundleV1Schema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  products: z.array(z.unknown()),
  scripts: z.array(z.unknown()),
});
export const StoreBundleV2Schema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(2),
  exportedAt: z.string(),
  products: z.array(z.unknown()),
  scripts: z.array(z.unknown()),
  playlists: z.array(z.unknown()),
  /** Every plan, in the library's order. */
  plans: z.array(z.unknown()),
  /** The plan on air (one of `plans`), or null. */
  activePlanId: z.string().nullable(),
  /** The settings (never secrets: the Azure key is kept apart and is not in a bundle). */
  settings: z.unknown(),
});
export const StoreBundleSchema = z.discriminatedUnion('version', [StoreBundleV1Schema, StoreBundleV2Schema]);
export type StoreBundle = z.infer<typeof StoreBundleSchema>;

/** A version-2 bundle as this app writes it (every item valid). */
export const StoreBundleContentSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_VERSION),
  exportedAt: z.string(),
  products: z.array(ProductSchema),
  scripts: z.array(ScriptSchema),
  playlists: z.array(PlaylistSchema),
  plans: z.array(PlanSchema),
  activePlanId: z.string().nullable(),
  settings: SettingsSchema,
});
export type StoreBundleContent = z.infer<typeof StoreBundleContentSchema>;

export interface DecodedFile {
  text: string;
  encoding: 'utf-8' | 'gbk';
}

/** Decodes a file's bytes: UTF-8 (with or without BOM) when valid, else GBK (what Excel on a Chinese Windows writes). Node and Chromium both know GBK. */
export function decodeImportBytes(bytes: Uint8Array): DecodedFile {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

export const GBK_NOTE = 'the file is not UTF-8: read it as GBK (Chinese Windows/Excel)';

/** Bytes → base64 in Node and in the browser (chunked: no call-stack limit on big files). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** The spreadsheet letter(s) of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** One problem, with the English message made from its code and params (row and column are added to the params). */
export function importProblem(
  code: ImportErrorCode,
  where: { row: number; column?: string; cell?: string; sheet?: string },
  params: ImportErrorParams = {},
): ImportProblem {
  const column = where.column ?? '';
  const all: ImportErrorParams = { ...params, row: where.row, ...(column ? { column } : {}) };
  return {
    row: where.row,
    column,
    message: importErrorMessage(code, all),
    code,
    params: all,
    ...(where.cell ? { cell: where.cell } : {}),
    ...(where.sheet ? { sheet: where.sheet } : {}),
  };
}
