import { buildBundle, bundleText } from './bundle';
import type { LibraryStore } from './store';

/** The whole store as a JSON store bundle, version 2 (what import and restore read back). No secrets. */
export function exportBundle(store: LibraryStore, now: Date = new Date()): string {
  return bundleText(buildBundle(store, now));
}
