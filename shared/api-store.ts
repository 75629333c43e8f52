import { z } from 'zod';
import type { EventSpecs, MethodSpecs } from './api-spec';
import { ImportProblemSchema } from './import';

/** Why a backup was written: by the merchant, by the daily automatic backup, or just before a restore (to undo it). */
export const BackupKindSchema = z.enum(['manual', 'auto', 'before-restore']);
export type BackupKind = z.infer<typeof BackupKindSchema>;

/** File names of backups in <dataDir>/backups/ (nothing else can be named: no paths). */
export const BACKUP_NAME = /^stagehost-backup-\d{8}-\d{6}-\d{3}-(?:manual|auto|before-restore)\.json$/;

export const BackupInfoSchema = z.object({
  name: z.string().regex(BACKUP_NAME),
  kind: BackupKindSchema,
  /** Epoch ms. */
  createdAt: z.number(),
  bytes: z.number().int().nonnegative(),
});
export type BackupInfo = z.infer<typeof BackupInfoSchema>;

/** How much a store (or a backup file) holds: what a restore replaces, and with what. */
export const StoreContentsSchema = z.object({
  products: z.number().int().nonnegative(),
  scripts: z.number().int().nonnegative(),
  playlists: z.number().int().nonnegative(),
  plans: z.number().int().nonnegative(),
  /** False for an old (version 1) bundle: the settings are kept as they are. */
  settings: z.boolean(),
  /** When the file was written (ISO); null for the current store. */
  exportedAt: z.string().nullable(),
});
export type StoreContents = z.infer<typeof StoreContentsSchema>;

/** What to restore: a bundle's text (a file the merchant chose) or one of the backups in the data folder. */
export const RestoreSourceSchema = z.union([
  z.object({ json: z.string().max(50_000_000) }).strict(),
  z.object({ backupName: z.string().regex(BACKUP_NAME) }).strict(),
]);
export type RestoreSource = z.infer<typeof RestoreSourceSchema>;

const RestoreCheckSchema = z.object({
  /** True when the file can be restored (no errors). */
  ok: z.boolean(),
  /** Every problem of the file, with where it is (section, item, field). */
  errors: z.array(ImportProblemSchema),
  file: StoreContentsSchema,
  current: StoreContentsSchema,
});

/** The whole store: backup and restore, spreadsheet export. */
export const StoreMethods = {
  /** The whole store as a bundle (JSON text + a file name for the download); also kept in <dataDir>/backups/. */
  'store.backup': { params: z.object({}).strict(), result: z.object({ json: z.string(), fileName: z.string(), backup: BackupInfoSchema }) },
  /** The backups kept in the data folder, newest first (the newest `keep` of each kind are kept). */
  'store.listBackups': { params: z.object({}).strict(), result: z.object({ backups: z.array(BackupInfoSchema), keep: z.number().int() }) },
  /** Checks a file (or a kept backup) for a restore and says what it would replace with what; changes nothing. */
  'store.checkRestore': { params: z.object({ source: RestoreSourceSchema }).strict(), result: RestoreCheckSchema },
  /**
   * Replaces the whole store (products, scripts, playlists, plans, settings; not the as-run log, not secrets)
   * with the file's, in one transaction, after writing a `before-restore` backup of the current store.
   * A bad file changes nothing (`restored: false`, `reason: 'file'`, with every error); refused on air
   * (`reason: 'on-air'`). Broadcasts `library.changed`.
   */
  'store.restore': {
    params: z.object({ source: RestoreSourceSchema }).strict(),
    result: z.object({
      restored: z.boolean(),
      reason: z.enum(['file', 'on-air']).nullable(),
      errors: z.array(ImportProblemSchema),
      /** The backup of the store as it was just before (restore it to undo). */
      safetyBackup: BackupInfoSchema.nullable(),
      contents: StoreContentsSchema,
    }),
  },
  /** The products as a spreadsheet (.xlsx, with the scripts on a second sheet) or CSV (UTF-8 with BOM, products only) that import reads back; base64 for the download. */
  'store.exportProducts': {
    params: z.object({ format: z.enum(['xlsx', 'csv']) }).strict(),
    result: z.object({ fileName: z.string(), mime: z.string(), base64: z.string(), rows: z.number().int().nonnegative() }),
  },
} as const satisfies MethodSpecs;

export const StoreEvents = {} as const satisfies EventSpecs;
