import { z } from 'zod';
import { ProductSchema, ScriptSchema } from './domain';

/** What the studio (or the CLI) hands over to import: the file's text and its format. */
export const ImportInputSchema = z
  .object({
    format: z.enum(['csv', 'json']),
    /** The file as text (the host does not touch the merchant's files). 50 MB at most. */
    text: z.string().max(50_000_000),
    /** How the file's bytes were decoded (see decodeImportBytes); reported in the summary. */
    encoding: z.enum(['utf-8', 'gbk']).optional(),
  })
  .strict();
export type ImportInput = z.infer<typeof ImportInputSchema>;

/** One problem of the file: the spreadsheet row (header = 1; JSON: the item's 1-based index), the column, what is wrong. */
export const ImportProblemSchema = z.object({
  row: z.number().int().nonnegative(),
  column: z.string(),
  message: z.string(),
});
export type ImportProblem = z.infer<typeof ImportProblemSchema>;

export const ImportSummarySchema = z.object({
  products: z.number().int().nonnegative(),
  scripts: z.number().int().nonnegative(),
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

/** The JSON store bundle (export, and import back). */
export const BUNDLE_FORMAT = 'stagehost.bundle';
export const StoreBundleSchema = z.object({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(1),
  exportedAt: z.string(),
  products: z.array(z.unknown()),
  scripts: z.array(z.unknown()),
});
export type StoreBundle = z.infer<typeof StoreBundleSchema>;

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
