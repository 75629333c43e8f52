import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventPayload } from '../../shared/api';
import type { LibrarySnapshot, Product, Script } from '../../shared/domain';
import type { ImportApplyResult, ImportPreview } from '../../shared/import';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const stage: CallerContext = { connectionId: 'stage-1', page: 'stage' };

const mug: Product = {
  id: 'mug',
  name: '保温杯',
  price: 99,
  originalPrice: 129,
  currency: 'CNY',
  sellingPoints: ['保温12小时'],
  stock: 10,
  link: null,
  image: null,
  tags: ['杯子'],
};
const mugScript: Script = { id: 'mug-s1', title: '保温杯介绍', kind: 'sales', productId: 'mug', body: '{{product.name}}只要{{product.price}}元！[wave]', tags: [] };

describe('host API: library edits, export and import', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });
  const open = async (seeds: string | null = null) => {
    host = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-lib-')), locale: 'zh-CN', seedsDir: seeds, log: () => {}, resume: false });
    const events: LibrarySnapshot[] = [];
    host.subscribe((event, payload) => {
      if (event === 'library.changed') events.push(payload as EventPayload<'library.changed'>);
    });
    return { h: host, events };
  };

  it('upserts and deletes products and scripts, broadcasting library.changed each time', async () => {
    const { h, events } = await open();
    expect(await h.handle('library.upsertProduct', { product: mug }, studio)).toEqual(mug);
    expect(events.at(-1)?.products.map((p) => p.id)).toEqual(['mug']);
    expect(await h.handle('library.upsertScript', { script: mugScript }, studio)).toEqual(mugScript);
    expect(events.at(-1)?.scripts.map((s) => s.id)).toEqual(['mug-s1']);
    await h.handle('library.upsertProduct', { product: { ...mug, price: 89 } }, studio);
    expect(events.at(-1)?.products[0]?.price).toBe(89);
    expect(await h.handle('library.deleteProduct', { id: 'mug' }, studio)).toEqual({ deleted: true });
    const snap = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(snap.products).toEqual([]);
    expect(snap.scripts[0]?.productId).toBeNull();
    expect(await h.handle('library.deleteScript', { id: 'mug-s1' }, studio)).toEqual({ deleted: true });
    expect(await h.handle('library.deleteScript', { id: 'mug-s1' }, studio)).toEqual({ deleted: false });
    expect(events).toHaveLength(6);
    expect(events.at(-1)?.scripts).toEqual([]);
  });

  it('rejects bad input, scripts of unknown products, and calls from a stage', async () => {
    const { h, events } = await open();
    await expect(h.handle('library.upsertProduct', { product: { ...mug, price: -1 } }, studio)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(h.handle('library.upsertScript', { script: { ...mugScript, productId: 'nope' } }, studio)).rejects.toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('nope'),
    });
    await expect(h.handle('library.upsertProduct', { product: mug }, stage)).rejects.toMatchObject({ code: 'forbidden' });
    expect(events).toEqual([]);
  });

  it('previews a CSV without saving, refuses to apply a file with errors, applies a good one in one go', async () => {
    const { h, events } = await open();
    const bad = '名称,价格,库存\n杯子,9,1\n碗,abc,1\n';
    const preview = (await h.handle('library.importPreview', { format: 'csv', text: bad }, studio)) as ImportPreview;
    expect(preview.errors).toEqual([
      { row: 3, column: '价格', cell: 'B3', code: 'not-a-number', params: { row: 3, column: '价格', value: 'abc' }, message: expect.stringContaining('not a number') },
    ]);
    expect(preview.products.map((p) => p.name)).toEqual(['杯子']);
    const refused = (await h.handle('library.importApply', { format: 'csv', text: bad }, studio)) as ImportApplyResult;
    expect(refused.applied).toBe(false);
    expect(((await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot).products).toEqual([]);
    expect(events).toEqual([]);

    const good = 'name,price,selling_points\nMug,9.5,Hot|Steel\nBowl,3,\n';
    const gbkPreview = (await h.handle('library.importPreview', { format: 'csv', text: good, encoding: 'gbk' }, studio)) as ImportPreview;
    expect(gbkPreview.summary.notes.join(' ')).toContain('GBK');
    const applied = (await h.handle('library.importApply', { format: 'csv', text: good }, studio)) as ImportApplyResult;
    expect(applied).toMatchObject({ applied: true, errors: [], summary: { products: 2, created: 2, updated: 0 } });
    expect(events).toHaveLength(1);
    expect(events[0]?.products.map((p) => p.name).sort()).toEqual(['Bowl', 'Mug']);
    const again = (await h.handle('library.importPreview', { format: 'csv', text: good }, studio)) as ImportPreview;
    expect(again.summary).toMatchObject({ created: 0, updated: 2 });
  });

  it('exports a JSON bundle that imports back into an empty library', async () => {
    const { h } = await open(seedsDir);
    const before = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(before.products.length).toBeGreaterThan(0);
    const { json, fileName } = (await h.handle('library.exportBundle', {}, studio)) as { json: string; fileName: string };
    expect(fileName).toMatch(/\.json$/);
    await h.close();
    const { h: h2 } = await open();
    const preview = (await h2.handle('library.importPreview', { format: 'json', text: json }, studio)) as ImportPreview;
    expect(preview.errors).toEqual([]);
    await h2.handle('library.importApply', { format: 'json', text: json }, studio);
    const after = (await h2.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    expect(after.products).toEqual(before.products);
    expect(after.scripts).toEqual(before.scripts);

    const broken = JSON.parse(json) as { products: Array<Record<string, unknown>>; scripts: Array<Record<string, unknown>> };
    broken.products[0] = { ...broken.products[0], price: 'cheap' };
    broken.scripts.push({ ...broken.scripts[0], id: 'orphan', productId: 'gone' });
    const bad = (await h2.handle('library.importPreview', { format: 'json', text: JSON.stringify(broken) }, studio)) as ImportPreview;
    expect(bad.errors.map((e) => [e.row, e.column])).toEqual(
      expect.arrayContaining([
        [1, 'products.price'],
        [broken.scripts.length, 'scripts.productId'],
      ]),
    );
    const notJson = (await h2.handle('library.importApply', { format: 'json', text: '{oops' }, studio)) as ImportApplyResult;
    expect(notJson.applied).toBe(false);
    expect(notJson.errors[0]?.message).toContain('not valid JSON');
  });
});
