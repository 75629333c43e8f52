import type { StoreContents, StoreMethods } from '../../../shared/api-store';
import { importProblem } from '../../../shared/import';
import { listBackups, readBackup, writeBackup, KEEP_BACKUPS } from '../../library/backups';
import { buildBundle, bundleText, readBundleText, replaceStore, type ParsedBundle } from '../../library/bundle';
import { productsCsv, productsXlsx } from '../../library/export-products';
import type { LibraryStore } from '../../library/store';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const storePages: PagesOf<typeof StoreMethods> = {
  'store.backup': ['studio'],
  'store.listBackups': ['studio'],
  'store.checkRestore': ['studio'],
  'store.restore': ['studio'],
  'store.exportProducts': ['studio'],
};

/** A daily backup while the host runs: checked an hour apart (first a minute after start), written when the last one is a day old. */
const AUTO_FIRST_CHECK_MS = 60_000;
const AUTO_CHECK_EVERY_MS = 60 * 60_000;
const AUTO_EVERY_MS = 24 * 60 * 60_000;

const day = (d: Date) => d.toISOString().slice(0, 10);

function currentContents(store: LibraryStore): StoreContents {
  return {
    products: store.listProducts().length,
    scripts: store.listScripts().length,
    playlists: store.listPlaylists().length,
    plans: store.listPlans().length,
    settings: true,
    exportedAt: null,
  };
}

function fileContents(b: ParsedBundle): StoreContents {
  return {
    products: b.products.length,
    scripts: b.scripts.length,
    playlists: b.playlists.length,
    plans: b.plans.length,
    settings: b.settings !== null,
    exportedAt: b.exportedAt,
  };
}

export function storeMethods(ctx: HostContext): ImplOf<typeof StoreMethods> {
  const { store, dataDir } = ctx;

  const backupNow = (kind: 'manual' | 'auto' | 'before-restore') => {
    const json = bundleText(buildBundle(store));
    return { json, backup: writeBackup(dataDir, json, kind) };
  };

  /** The bundle to restore: a backup that cannot be read is reported like a bad file. */
  const readSource = (source: { json: string } | { backupName: string }): ParsedBundle => {
    if ('json' in source) return readBundleText(source.json);
    let text: string;
    try {
      text = readBackup(dataDir, source.backupName);
    } catch (e) {
      return { ...readBundleText(''), errors: [importProblem('not-json', { row: 0 }, { detail: (e as Error).message })] };
    }
    return readBundleText(text);
  };

  const autoBackup = () => {
    try {
      if (store.isEmpty()) return;
      const last = listBackups(dataDir).find((b) => b.kind === 'auto');
      if (last && Date.now() - last.createdAt < AUTO_EVERY_MS) return;
      const { backup } = backupNow('auto');
      ctx.log(`store: automatic backup ${backup.name}`);
    } catch (e) {
      ctx.log(`store: the automatic backup failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
  let interval: ReturnType<typeof setInterval> | null = null;
  const first = setTimeout(() => {
    autoBackup();
    interval = setInterval(autoBackup, AUTO_CHECK_EVERY_MS);
    interval.unref?.();
  }, AUTO_FIRST_CHECK_MS);
  first.unref?.();
  ctx.onClose(() => {
    clearTimeout(first);
    if (interval) clearInterval(interval);
  });

  return {
    'store.backup': () => {
      const { json, backup } = backupNow('manual');
      return { json, fileName: `stagehost-store-${day(new Date(backup.createdAt))}.json`, backup };
    },
    'store.listBackups': () => ({ backups: listBackups(dataDir), keep: KEEP_BACKUPS }),
    'store.checkRestore': ({ source }) => {
      const bundle = readSource(source);
      return { ok: bundle.errors.length === 0, errors: bundle.errors, file: fileContents(bundle), current: currentContents(store) };
    },
    'store.restore': ({ source }) => {
      const bundle = readSource(source);
      const contents = fileContents(bundle);
      if (bundle.errors.length > 0) return { restored: false, reason: 'file' as const, errors: bundle.errors, safetyBackup: null, contents };
      const status = ctx.playout.state().status;
      if (status === 'on-air' || status === 'starting') return { restored: false, reason: 'on-air' as const, errors: [], safetyBackup: null, contents };
      const { backup } = backupNow('before-restore');
      ctx.write(() => replaceStore(store, bundle));
      ctx.log(`store: restored ${contents.products} product(s), ${contents.scripts} script(s), ${contents.playlists} playlist(s), ${contents.plans} plan(s); the store before is in ${backup.name}`);
      return { restored: true, reason: null, errors: [], safetyBackup: backup, contents };
    },
    'store.exportProducts': async ({ format }) => {
      const products = store.listProducts();
      const locale = store.getSettings().locale;
      const base = `stagehost-products-${day(new Date())}`;
      if (format === 'csv') {
        return { fileName: `${base}.csv`, mime: 'text/csv;charset=utf-8', base64: Buffer.from(productsCsv(products, locale)).toString('base64'), rows: products.length };
      }
      const bytes = await productsXlsx(products, locale, store.listScripts());
      return {
        fileName: `${base}.xlsx`,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        base64: bytes.toString('base64'),
        rows: products.length,
      };
    },
  };
}
