import type { LibrarySnapshot, Playlist, PlaylistItem, Product, Script } from '../../shared/domain';

/**
 * Undo of a deleted product or script. Before deleting, the studio takes a snapshot of what the host
 * will change; on Undo it computes, against the library as it is then, the host calls that put it back:
 * - deleting a product turns its scripts into general scripts and drops its items from playlists;
 * - deleting a script drops it from every playlist.
 */
export type DeletedSnapshot =
  | { kind: 'product'; product: Product; scriptIds: string[]; playlists: Playlist[] }
  | { kind: 'script'; script: Script; playlists: Playlist[] };

export type RestoreCall =
  | { method: 'library.upsertProduct'; params: { product: Product } }
  | { method: 'library.upsertScript'; params: { script: Script } }
  | { method: 'library.upsertPlaylist'; params: { playlist: Playlist } };

const itemOf = (snapshot: DeletedSnapshot) => (item: PlaylistItem): boolean =>
  snapshot.kind === 'product' ? item.type === 'product' && item.productId === snapshot.product.id : item.type === 'script' && item.scriptId === snapshot.script.id;

/** What deleting `productId` will change; null when the product is not in the library. */
export function snapshotProduct(library: LibrarySnapshot, productId: string): DeletedSnapshot | null {
  const product = library.products.find((p) => p.id === productId);
  if (!product) return null;
  return {
    kind: 'product',
    product,
    scriptIds: library.scripts.filter((s) => s.productId === productId).map((s) => s.id),
    playlists: library.playlists.filter((pl) => pl.items.some((i) => i.type === 'product' && i.productId === productId)),
  };
}

/** What deleting `scriptId` will change; null when the script is not in the library. */
export function snapshotScript(library: LibrarySnapshot, scriptId: string): DeletedSnapshot | null {
  const script = library.scripts.find((s) => s.id === scriptId);
  if (!script) return null;
  return { kind: 'script', script, playlists: library.playlists.filter((pl) => pl.items.some((i) => i.type === 'script' && i.scriptId === scriptId)) };
}

/**
 * Puts the deleted item's entries back at their old places in the playlist as it is now (edits made
 * since the deletion are kept; an entry still there is not doubled).
 */
export function reinsertItems(before: Playlist, now: Playlist, isDeleted: (item: PlaylistItem) => boolean): Playlist {
  if (now.items.some(isDeleted)) return now;
  const items = [...now.items];
  before.items.forEach((item, index) => {
    if (isDeleted(item)) items.splice(Math.min(index, items.length), 0, item);
  });
  return { ...now, items };
}

/** The host calls that undo the deletion, in order: the product or script first, then what refers to it. */
export function restoreCalls(snapshot: DeletedSnapshot, now: LibrarySnapshot): RestoreCall[] {
  const calls: RestoreCall[] = [];
  if (snapshot.kind === 'product') {
    calls.push({ method: 'library.upsertProduct', params: { product: snapshot.product } });
    for (const id of snapshot.scriptIds) {
      const script = now.scripts.find((s) => s.id === id);
      // Moved to another product since, or deleted: the merchant's later choice stands.
      if (script && script.productId === null) calls.push({ method: 'library.upsertScript', params: { script: { ...script, productId: snapshot.product.id } } });
    }
  } else {
    calls.push({ method: 'library.upsertScript', params: { script: now.scripts.find((s) => s.id === snapshot.script.id) ?? snapshot.script } });
  }
  const isDeleted = itemOf(snapshot);
  for (const before of snapshot.playlists) {
    const current = now.playlists.find((pl) => pl.id === before.id);
    // A playlist deleted since stays deleted.
    if (!current) continue;
    const next = reinsertItems(before, current, isDeleted);
    if (next !== current) calls.push({ method: 'library.upsertPlaylist', params: { playlist: next } });
  }
  return calls;
}
