import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';
import type { LibrarySnapshot, Plan, Playlist } from '../../shared/domain';
import type { ImportApplyResult, ImportPreview } from '../../shared/import';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio-1', page: 'studio' };
const AZURE_KEY = 'azure-key-0123456789abcdef-secret';

/** Everything a bundle should carry, read through the host: the snapshot plus every plan and which one is on air. */
function everything(h: StageHost) {
  const { store } = h.library;
  return { snapshot: store.snapshot(), plans: store.listPlans(), active: store.getActivePlan()?.id ?? null };
}

describe('the JSON store bundle covers the whole store', () => {
  const hosts: StageHost[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.close();
  });
  const open = async (seeds: string | null) => {
    const h = await createHost({ dataDir: mkdtempSync(join(tmpdir(), 'stagehost-bundle-')), locale: 'zh-CN', seedsDir: seeds, log: () => {}, resume: false });
    hosts.push(h);
    return h;
  };

  /** The demo store, made richer: a second playlist with rules and weights, overrides and rules on the plan, a second plan, changed settings, an Azure key. */
  async function richStore(): Promise<StageHost> {
    const h = await open(seedsDir);
    const snap = (await h.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    const firstScript = snap.scripts[0]?.id ?? '';
    const firstProduct = snap.products[0]?.id ?? '';
    const promo: Playlist = {
      id: 'pl-promo',
      name: '促销',
      items: [
        { type: 'script', scriptId: firstScript, weight: 3 },
        { type: 'product', productId: firstProduct },
        { type: 'tag', tag: '促销' },
      ],
      loop: true,
      shuffle: true,
      noRepeatWindow: 2,
      rules: [{ id: 'r-follow', kind: 'interval', minMinutes: 5, maxMinutes: 9, source: { text: '点个关注吧' } }],
    };
    await h.handle('library.upsertPlaylist', { playlist: promo }, studio);
    const plan = snap.plan as Plan;
    const richer: Plan = {
      ...plan,
      overrides: [{ date: '2026-11-11', name: '双十一', blocks: [{ id: 'o-1', start: '00:00', end: '24:00', playlistId: 'pl-promo', startMode: 'hard' }] }],
      rules: [{ id: 'r-clock', kind: 'clock', source: { text: '现在是{{time}}' } }],
      gap: { mode: 'idle', playlistId: 'pl-promo' },
    };
    // A second plan first, then the richer one saved last: it stays the plan on air, the other stays in the store.
    h.library.store.upsertPlan({ ...plan, id: 'plan-weekend', name: '周末', overrides: [] });
    await h.handle('plan.save', { plan: richer }, studio);
    await h.handle('settings.update', { patch: { lineGapMs: 900, aiLabel: { text: '本直播由AI生成' }, speech: { rate: 1.2 } } }, studio);
    await h.handle('speech.setAzureCredentials', { key: AZURE_KEY, region: 'eastasia' }, studio);
    return h;
  }

  it('exported from one data dir and imported into an empty one, gives identical content (ids, order, fields)', async () => {
    const a = await richStore();
    const before = everything(a);
    expect(before.plans.map((p) => p.id)).toEqual(['plan-main', 'plan-weekend']);
    expect(before.active).toBe('plan-main');
    const { json, fileName } = (await a.handle('library.exportBundle', {}, studio)) as { json: string; fileName: string };
    expect(fileName).toMatch(/\.json$/);
    expect(JSON.parse(json)).toMatchObject({ format: 'stagehost.bundle', version: 2, activePlanId: 'plan-main' });
    // Never a secret in a bundle.
    expect(json).not.toContain(AZURE_KEY);

    const b = await open(null);
    const preview = (await b.handle('library.importPreview', { format: 'json', text: json }, studio)) as ImportPreview;
    expect(preview.errors).toEqual([]);
    expect(preview.summary).toMatchObject({ products: 7, playlists: 2, plans: 2, settings: true, updated: 0 });
    expect(b.library.store.isEmpty()).toBe(true);
    const applied = (await b.handle('library.importApply', { format: 'json', text: json }, studio)) as ImportApplyResult;
    expect(applied.applied).toBe(true);
    expect(everything(b)).toEqual(before);
    // The key stays where it was: the new store has none.
    expect(await b.handle('speech.azureStatus', {}, studio)).toMatchObject({ configured: false });
  });

  it('still reads a version-1 bundle (products and scripts only) and keeps the settings', async () => {
    const a = await open(seedsDir);
    const snap = a.library.store.snapshot();
    const v1 = JSON.stringify({ format: 'stagehost.bundle', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', products: snap.products, scripts: snap.scripts });
    const b = await open(null);
    await b.handle('settings.update', { patch: { lineGapMs: 1234 } }, studio);
    const applied = (await b.handle('library.importApply', { format: 'json', text: v1 }, studio)) as ImportApplyResult;
    expect(applied).toMatchObject({ applied: true, summary: { products: snap.products.length, scripts: snap.scripts.length } });
    const after = b.library.store.snapshot();
    expect(after.products).toEqual(snap.products);
    expect(after.scripts).toEqual(snap.scripts);
    expect(after.playlists).toEqual([]);
    expect(after.settings.lineGapMs).toBe(1234);
  });

  it('reports every bad item and every missing reference by section, item and field, and saves nothing', async () => {
    const a = await richStore();
    const json = ((await a.handle('library.exportBundle', {}, studio)) as { json: string }).json;
    const broken = JSON.parse(json) as Record<string, unknown> & { playlists: Array<Record<string, unknown>>; plans: Array<Record<string, unknown>>; settings: Record<string, unknown> };
    const promoRow = broken.playlists.findIndex((p) => p.id === 'pl-promo') + 1;
    broken.playlists = broken.playlists.filter((p) => p.id !== 'pl-main'); // the plan still runs it
    broken.playlists[0] = { ...broken.playlists[0], items: [{ type: 'script', scriptId: 'gone' }] };
    broken.settings = { ...broken.settings, lineGapMs: -5 };
    broken.activePlanId = 'nope';
    const b = await open(null);
    const preview = (await b.handle('library.importPreview', { format: 'json', text: JSON.stringify(broken) }, studio)) as ImportPreview;
    const where = preview.errors.map((e) => [e.code, e.column]);
    expect(where).toEqual(
      expect.arrayContaining([
        ['unknown-script', 'playlists.items.0.scriptId'],
        ['unknown-playlist', 'plans.days.mon.0.playlistId'],
        ['negative', 'settings.lineGapMs'],
        ['unknown-plan', 'activePlanId'],
      ]),
    );
    expect(promoRow).toBe(2);
    const refused = (await b.handle('library.importApply', { format: 'json', text: JSON.stringify(broken) }, studio)) as ImportApplyResult;
    expect(refused.applied).toBe(false);
    expect(b.library.store.isEmpty()).toBe(true);

    const newer = (await b.handle('library.importPreview', { format: 'json', text: JSON.stringify({ ...broken, version: 3 }) }, studio)) as ImportPreview;
    expect(newer.errors).toEqual([expect.objectContaining({ code: 'bundle-too-new', params: expect.objectContaining({ version: 3 }) })]);
  });
});
