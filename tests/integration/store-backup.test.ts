import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';
import { KEEP_BACKUPS, listBackups, writeBackup } from '../../main/library/backups';
import type { MethodResult } from '../../shared/api';
import type { LibrarySnapshot } from '../../shared/domain';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const stage: CallerContext = { connectionId: 'stage-1', page: 'stage' };

describe('backup and restore of the whole store', () => {
  const hosts: StageHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });
  const open = async (seeds: string | null = seedsDir, dataDir = mkdtempSync(join(tmpdir(), 'stagehost-backup-'))) => {
    const h = await createHost({ dataDir, locale: 'zh-CN', seedsDir: seeds, log: () => {}, resume: false });
    hosts.push(h);
    const events: LibrarySnapshot[] = [];
    h.subscribe((event, payload) => {
      if (event === 'library.changed') events.push(payload as LibrarySnapshot);
    });
    return { h, dataDir, events };
  };
  const call = async <M extends 'store.backup' | 'store.listBackups' | 'store.checkRestore' | 'store.restore' | 'store.exportProducts'>(h: StageHost, m: M, params: object) =>
    (await h.handle(m, params, studio)) as MethodResult<M>;

  it('backs up into <dataDir>/backups, lists it, and restores it over a changed store (undoable through the safety backup)', async () => {
    const { h, dataDir, events } = await open();
    const original = h.library.store.snapshot();
    const backup = await call(h, 'store.backup', {});
    expect(backup.fileName).toMatch(/^stagehost-store-\d{4}-\d{2}-\d{2}\.json$/);
    expect(backup.backup.kind).toBe('manual');
    expect(existsSync(join(dataDir, 'backups', backup.backup.name))).toBe(true);
    expect((await call(h, 'store.listBackups', {})).backups.map((b) => b.name)).toEqual([backup.backup.name]);

    // The merchant changes things: deletes a product, adds one, changes a setting.
    const gone = original.products[0]?.id ?? '';
    await h.handle('library.deleteProduct', { id: gone }, studio);
    await h.handle('library.upsertProduct', { product: { ...original.products[1], id: 'new-one', name: '新品' } }, studio);
    await h.handle('settings.update', { patch: { lineGapMs: 2000 } }, studio);
    const changed = h.library.store.snapshot();

    const check = await call(h, 'store.checkRestore', { source: { backupName: backup.backup.name } });
    expect(check).toMatchObject({ ok: true, errors: [], file: { products: original.products.length, settings: true }, current: { products: changed.products.length } });
    expect(h.library.store.snapshot()).toEqual(changed); // checking changes nothing

    const eventsBefore = events.length;
    const restored = await call(h, 'store.restore', { source: { backupName: backup.backup.name } });
    expect(restored).toMatchObject({ restored: true, reason: null, errors: [], safetyBackup: { kind: 'before-restore' } });
    expect(h.library.store.snapshot()).toEqual(original);
    expect(events.length).toBe(eventsBefore + 1);
    expect(events.at(-1)).toEqual(original);

    // Undo: restore the safety backup → the changed store again.
    const undo = await call(h, 'store.restore', { source: { backupName: restored.safetyBackup?.name ?? '' } });
    expect(undo.restored).toBe(true);
    expect(h.library.store.snapshot()).toEqual(changed);
  });

  it('restores a bundle given as text into another data dir with identical content', async () => {
    const { h } = await open();
    const { json } = await call(h, 'store.backup', {});
    const { h: other } = await open(null);
    await other.handle('library.upsertProduct', { product: { id: 'x', name: '别的', price: 1, originalPrice: null, currency: 'CNY', sellingPoints: [], stock: null, link: null, image: null, tags: [] } }, studio);
    const r = await call(other, 'store.restore', { source: { json } });
    expect(r.restored).toBe(true);
    expect(other.library.store.snapshot()).toEqual(h.library.store.snapshot());
    expect(other.library.store.listPlans()).toEqual(h.library.store.listPlans());
  });

  it('a bad file changes nothing: every problem is reported with where it is, and no safety backup is written', async () => {
    const { h, dataDir, events } = await open();
    const before = h.library.store.snapshot();
    const { json } = await call(h, 'store.backup', {});
    const bundle = JSON.parse(json) as { products: Array<Record<string, unknown>>; scripts: Array<Record<string, unknown>> };
    bundle.products[2] = { ...bundle.products[2], price: '九块九' };
    bundle.scripts[0] = { ...bundle.scripts[0], productId: 'no-such-product' };
    const bad = JSON.stringify(bundle);
    const backupsBefore = listBackups(dataDir).length;
    const eventsBefore = events.length;

    const check = await call(h, 'store.checkRestore', { source: { json: bad } });
    expect(check.ok).toBe(false);
    const r = await call(h, 'store.restore', { source: { json: bad } });
    expect(r).toMatchObject({ restored: false, reason: 'file', safetyBackup: null });
    expect(r.errors.map((e) => [e.code, e.row, e.column])).toEqual(
      expect.arrayContaining([
        ['wrong-type', 3, 'products.price'],
        ['unknown-product', 1, 'scripts.productId'],
      ]),
    );
    for (const text of ['{not json', '{"hello": 1}', '']) {
      const r2 = await call(h, 'store.restore', { source: { json: text } });
      expect(r2.restored).toBe(false);
      expect(r2.errors[0]?.code).toMatch(/^not-(json|bundle)$/);
    }
    expect(h.library.store.snapshot()).toEqual(before);
    expect(listBackups(dataDir).length).toBe(backupsBefore);
    expect(events.length).toBe(eventsBefore);
  });

  it('refuses to restore on air (the store stays as it is) and restores once off air', async () => {
    const { h } = await open();
    const { backup } = await call(h, 'store.backup', {});
    await h.handle('library.deleteScript', { id: h.library.store.listScripts()[0]?.id ?? '' }, studio);
    const changed = h.library.store.snapshot();
    await h.handle('playout.goLive', {}, studio);
    const refused = await call(h, 'store.restore', { source: { backupName: backup.name } });
    expect(refused).toMatchObject({ restored: false, reason: 'on-air', safetyBackup: null });
    expect(h.library.store.snapshot()).toEqual(changed);
    await h.handle('playout.stop', {}, studio);
    expect((await call(h, 'store.restore', { source: { backupName: backup.name } })).restored).toBe(true);
    expect(h.library.store.snapshot()).not.toEqual(changed);
  });

  it('refuses names that are not backups (no paths) and a backup that is gone', async () => {
    const { h } = await open();
    await expect(h.handle('store.restore', { source: { backupName: '../stagehost.db' } }, studio)).rejects.toMatchObject({ code: 'bad-request' });
    const r = await call(h, 'store.restore', { source: { backupName: 'stagehost-backup-20200101-000000-000-manual.json' } });
    expect(r).toMatchObject({ restored: false, reason: 'file' });
    await expect(h.handle('store.backup', {}, stage)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it(`keeps the newest ${KEEP_BACKUPS} backups of each kind`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-keep-'));
    const t0 = Date.UTC(2026, 0, 1);
    for (let i = 0; i < KEEP_BACKUPS + 3; i++) writeBackup(dataDir, '{}', 'auto', t0 + i * 1000);
    writeBackup(dataDir, '{}', 'manual', t0);
    const list = listBackups(dataDir);
    expect(list.filter((b) => b.kind === 'auto')).toHaveLength(KEEP_BACKUPS);
    expect(list.filter((b) => b.kind === 'manual')).toHaveLength(1);
    expect(list[0]?.createdAt).toBe(t0 + (KEEP_BACKUPS + 2) * 1000); // newest first
    expect(readdirSync(join(dataDir, 'backups')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('exports the products as .xlsx (scripts on a second sheet) and CSV that import reads back', async () => {
    const { h } = await open();
    const products = h.library.store.listProducts();
    const scripts = h.library.store.listScripts();
    const xlsx = await call(h, 'store.exportProducts', { format: 'xlsx' });
    expect(xlsx).toMatchObject({ rows: products.length, fileName: expect.stringMatching(/\.xlsx$/) });
    const csv = await call(h, 'store.exportProducts', { format: 'csv' });
    expect(Buffer.from(csv.base64, 'base64').toString('utf8').startsWith('\uFEFF编号,名称,价格')).toBe(true);
    const { h: other } = await open(null);
    for (const input of [{ format: 'xlsx', base64: xlsx.base64 }, { format: 'csv', text: Buffer.from(csv.base64, 'base64').toString('utf8') }]) {
      const r = (await other.handle('library.importApply', input, studio)) as { applied: boolean; errors: unknown[] };
      expect(r.errors).toEqual([]);
      expect(other.library.store.listProducts()).toEqual(products);
      expect(other.library.store.listScripts()).toEqual(scripts);
    }
  });
});
