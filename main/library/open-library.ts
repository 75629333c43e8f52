import type { Locale } from '../../shared/domain';
import { openDatabase, type RecoveredLibrary, type SqliteDatabase } from './database';
import { errorMessage, isLibraryError, type LibraryErrorCode } from './errors';
import { migrate, type MigrationResult } from './migrations';
import { loadSeedsIfEmpty, markSeedsSkipped, type SeedResult } from './seeds';
import { createLibraryStore, type LibraryStore } from './store';

export interface OpenLibraryOptions {
  dataDir: string;
  /** Decides the demo store and the default settings. */
  locale: Locale;
  /** Folder holding zh-CN.json / en-US.json; null to never load the demo store. */
  seedsDir: string | null;
  now?: () => Date;
}

export type LibrarySeeding =
  | SeedResult
  | { loaded: false; reason: 'disabled' | 'recovered' }
  /** The demo store could not be loaded; the library opened empty and seeding is retried next start. */
  | { loaded: false; reason: 'error'; error: { code: LibraryErrorCode | 'unknown'; message: string } };

export interface OpenedLibrary {
  store: LibraryStore;
  db: SqliteDatabase;
  /** Absolute path of stagehost.db. */
  path: string;
  /** Set when the library file was damaged and a fresh one was started (tell the merchant). */
  recovered: RecoveredLibrary | null;
  migration: MigrationResult;
  seeding: LibrarySeeding;
  /** Closes the database; safe to call more than once. */
  close(): void;
}

/**
 * Opens (or creates) the library in `dataDir`: checks and, if damaged, recovers the file, runs
 * migrations, and loads the demo store on first run. Throws LibraryError `data-dir-unwritable`,
 * `schema-too-new`, `migration-failed` or `database-open-failed`.
 */
export function openLibrary(options: OpenLibraryOptions): OpenedLibrary {
  const opened = openDatabase(options.dataDir, options.now ? { now: options.now } : {});
  const { db } = opened;
  try {
    const migration = migrate(db);
    const nowDate = options.now;
    const clock = nowDate ? () => nowDate().getTime() : Date.now;
    const store = createLibraryStore(db, { locale: options.locale, now: clock });
    let seeding: LibrarySeeding;
    if (opened.recovered) {
      // The merchant had a library; do not mix the demo into the fresh one.
      markSeedsSkipped(store, 'recovered', { now: clock });
      seeding = { loaded: false, reason: 'recovered' };
    } else if (options.seedsDir === null) {
      seeding = { loaded: false, reason: 'disabled' };
    } else {
      try {
        seeding = loadSeedsIfEmpty(store, options.locale, options.seedsDir, { now: clock });
      } catch (err) {
        seeding = {
          loaded: false,
          reason: 'error',
          error: { code: isLibraryError(err) ? err.code : 'unknown', message: errorMessage(err) },
        };
      }
    }
    let closed = false;
    return {
      store,
      db,
      path: opened.path,
      recovered: opened.recovered,
      migration,
      seeding,
      close() {
        if (closed) return;
        closed = true;
        try {
          db.pragma('optimize');
        } finally {
          db.close();
        }
      },
    };
  } catch (err) {
    db.close();
    throw err;
  }
}
