import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLibrary } from '../../main/library/open-library';
import { META_SEEDED, type SeedRecord } from '../../main/library/seeds';

/**
 * A new data dir holding an empty library that will stay empty: a host started on a brand-new folder
 * loads the demo store, so the library is created here first and marked as "demo already dealt with"
 * (what a merchant who removed the demo has). Nothing else is written: no products, scripts, playlists or plan.
 */
export function emptyDataDir(locale: 'zh-CN' | 'en-US' = 'zh-CN'): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-empty-'));
  const library = openLibrary({ dataDir, locale, seedsDir: null });
  try {
    if (!library.store.isEmpty()) throw new Error(`the new library in ${dataDir} is not empty`);
    const record: SeedRecord = { at: Date.now(), locale: null };
    library.store.setMeta(META_SEEDED, record);
  } finally {
    library.close();
  }
  return dataDir;
}
