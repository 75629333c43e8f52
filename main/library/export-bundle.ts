import { BUNDLE_FORMAT, type StoreBundle } from '../../shared/import';
import type { LibraryStore } from './store';

/** The library's products and scripts as a JSON store bundle (what import reads back). */
export function exportBundle(store: LibraryStore, now: Date = new Date()): string {
  const bundle: StoreBundle = {
    format: BUNDLE_FORMAT,
    version: 1,
    exportedAt: now.toISOString(),
    products: store.listProducts(),
    scripts: store.listScripts(),
  };
  return `${JSON.stringify(bundle, null, 2)}\n`;
}
