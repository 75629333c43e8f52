import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LibrarySnapshot, Playlist, Product, Script } from '../../shared/domain';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';
import { restoreCalls, snapshotProduct, snapshotScript, type RestoreCall } from '../../renderer/studio/undo-delete';

const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const mug: Product = { id: 'mug', name: '保温杯', price: 99, originalPrice: 129, currency: 'CNY', sellingPoints: ['保温12小时'], stock: 10, link: null, image: null, tags: ['杯子'] };
const pan: Product = { ...mug, id: 'pan', name: '不粘锅', tags: [] };
const s1: Script = { id: 'mug-s1', title: '保温杯介绍', kind: 'sales', productId: 'mug', body: '{{product.name}}只要{{product.price}}元！', tags: [] };
const s2: Script = { id: 'mug-s2', title: '保温杯促销', kind: 'promo', productId: 'mug', body: '今天下单送杯套', tags: [] };
const hello: Script = { id: 'hello', title: '欢迎', kind: 'welcome', productId: null, body: '欢迎来到直播间', tags: [] };
const morning: Playlist = {
  id: 'morning',
  name: '早场',
  loop: true,
  shuffle: false,
  items: [
    { type: 'script', scriptId: 'hello' },
    { type: 'product', productId: 'mug', weight: 2 },
    { type: 'script', scriptId: 'mug-s1' },
    { type: 'product', productId: 'pan' },
    { type: 'script', scriptId: 'hello' },
  ],
};
const evening: Playlist = { id: 'evening', name: '晚场', loop: false, shuffle: true, items: [{ type: 'tag', tag: '杯子' }, { type: 'script', scriptId: 'hello' }] };

describe('undo of a deleted product or script, through the real host', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });
  const open = async () => {
    host = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-undo-')), locale: 'zh-CN', seedsDir: null, log: () => {}, resume: false });
    const h = host;
    for (const product of [mug, pan]) await h.handle('library.upsertProduct', { product }, studio);
    for (const script of [s1, s2, hello]) await h.handle('library.upsertScript', { script }, studio);
    for (const playlist of [morning, evening]) await h.handle('library.upsertPlaylist', { playlist }, studio);
    const snap = async () => (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    const run = async (calls: RestoreCall[]) => {
      for (const c of calls) await h.handle(c.method, c.params, studio);
    };
    return { h, snap, run };
  };
  const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));

  it('a deleted product comes back with its scripts and its places in playlists', async () => {
    const { h, snap, run } = await open();
    const before = await snap();
    const snapshot = snapshotProduct(before, 'mug');
    expect(snapshot).not.toBeNull();
    await h.handle('library.deleteProduct', { id: 'mug' }, studio);
    const deleted = await snap();
    expect(deleted.scripts.filter((s) => s.id.startsWith('mug')).map((s) => s.productId)).toEqual([null, null]);
    expect(deleted.playlists.find((p) => p.id === 'morning')?.items).toHaveLength(4);

    await run(restoreCalls(snapshot!, deleted));
    const after = await snap();
    expect(byId(after.products)).toEqual(byId(before.products));
    expect(byId(after.scripts)).toEqual(byId(before.scripts));
    expect(after.playlists).toEqual(before.playlists);
  });

  it('a deleted script comes back into every playlist it was in, at the same places', async () => {
    const { h, snap, run } = await open();
    const before = await snap();
    const snapshot = snapshotScript(before, 'hello');
    expect(snapshot?.playlists.map((p) => p.id)).toEqual(['morning', 'evening']);
    await h.handle('library.deleteScript', { id: 'hello' }, studio);
    const deleted = await snap();
    expect(deleted.playlists.find((p) => p.id === 'morning')?.items.some((i) => i.type === 'script' && i.scriptId === 'hello')).toBe(false);

    const calls = restoreCalls(snapshot!, deleted);
    expect(calls.map((c) => c.method)).toEqual(['library.upsertScript', 'library.upsertPlaylist', 'library.upsertPlaylist']);
    await run(calls);
    const after = await snap();
    expect(byId(after.scripts)).toEqual(byId(before.scripts));
    expect(after.playlists).toEqual(before.playlists);
  });

  it('keeps edits made after the deletion: a playlist changed or removed since, a script moved to another product', async () => {
    const { h, snap, run } = await open();
    const before = await snap();
    const productSnap = snapshotProduct(before, 'mug')!;
    await h.handle('library.deleteProduct', { id: 'mug' }, studio);
    // Meanwhile: the morning playlist gets a new first entry, the evening one is deleted, one script moves to the pan.
    const m = (await snap()).playlists.find((p) => p.id === 'morning')!;
    await h.handle('library.upsertPlaylist', { playlist: { ...m, items: [{ type: 'script', scriptId: 'mug-s2' }, ...m.items] } }, studio);
    await h.handle('library.upsertScript', { script: { ...s2, productId: 'pan' } }, studio);

    await run(restoreCalls(productSnap, await snap()));
    const after = await snap();
    expect(after.products.map((p) => p.id).sort()).toEqual(['mug', 'pan']);
    expect(after.scripts.find((s) => s.id === 'mug-s1')?.productId).toBe('mug');
    expect(after.scripts.find((s) => s.id === 'mug-s2')?.productId).toBe('pan');
    const items = after.playlists.find((p) => p.id === 'morning')!.items;
    expect(items).toHaveLength(6);
    expect(items.filter((i) => i.type === 'product' && i.productId === 'mug')).toEqual([{ type: 'product', productId: 'mug', weight: 2 }]);

    // Undoing twice does not double the playlist entries.
    expect(restoreCalls(productSnap, after).filter((c) => c.method === 'library.upsertPlaylist')).toEqual([]);
  });
});
