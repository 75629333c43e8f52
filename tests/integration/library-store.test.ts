import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  LibrarySnapshotSchema,
  type Plan,
  type Playlist,
  type PlayoutResumeState,
  type Product,
  type Script,
} from '../../shared/domain';
import { LibraryError } from '../../main/library/errors';
import { openLibrary, type OpenedLibrary } from '../../main/library/open-library';
import { META_PLAYOUT_STATE, defaultSettings, type AsRunInsert, type LibraryStore } from '../../main/library/store';

let dir: string;
let lib: OpenedLibrary;
let store: LibraryStore;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stagehost-store-'));
  lib = openLibrary({ dataDir: dir, locale: 'zh-CN', seedsDir: null });
  store = lib.store;
});
afterEach(() => {
  lib.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function catchError(fn: () => unknown): LibraryError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LibraryError) return err;
    throw err;
  }
  throw new Error('expected a LibraryError');
}

const product = (id: string, over: Partial<Product> = {}): Product => ({
  id,
  name: `Product ${id}`,
  price: 9.9,
  originalPrice: 19.9,
  currency: 'CNY',
  sellingPoints: ['one', 'two', 'three'],
  stock: 10,
  link: null,
  image: null,
  tags: ['t'],
  ...over,
});
const script = (id: string, productId: string | null, over: Partial<Script> = {}): Script => ({
  id,
  title: `Script ${id}`,
  kind: productId ? 'sales' : 'welcome',
  productId,
  body: '欢迎！{{product.name}}',
  tags: [],
  ...over,
});
const playlist = (id: string, scriptIds: string[]): Playlist => ({
  id,
  name: `Playlist ${id}`,
  items: scriptIds.map((scriptId) => ({ type: 'script', scriptId })),
  loop: true,
  shuffle: false,
});
const allDay = (id: string, playlistId: string): Plan => ({
  id,
  name: `Plan ${id}`,
  timeZone: 'Asia/Shanghai',
  days: {
    mon: [{ id: `${id}-mon`, start: '00:00', end: '24:00', playlistId, startMode: 'soft' }],
    tue: [
      { id: `${id}-tue-a`, start: '00:00', end: '12:00', playlistId, startMode: 'soft' },
      { id: `${id}-tue-b`, start: '12:00', end: '24:00', playlistId, startMode: 'hard' },
    ],
    wed: [],
    thu: [],
    fri: [],
    sat: [],
    sun: [{ id: `${id}-sun`, start: '22:00', end: '02:00', playlistId, startMode: 'soft' }],
  },
});
const line = (n: number, over: Partial<AsRunInsert> = {}): AsRunInsert => ({
  lineId: `line-${n}`,
  plannedAt: 1_000 * n,
  startedAt: 1_000 * n + 5,
  endedAt: null,
  blockId: 'b1',
  playlistId: 'pl1',
  scriptId: 's1',
  text: `Line number ${n}.`,
  engine: 'system',
  voice: null,
  cacheHit: n % 2 === 0,
  outcome: 'on-air',
  note: null,
  ...over,
});

describe('products and scripts', () => {
  it('upserts, lists in insertion order, updates in place and reads back exactly', () => {
    store.upsertProduct(product('b'));
    store.upsertProduct(product('a', { originalPrice: null, stock: null, link: 'https://shop.example/a' }));
    expect(store.listProducts().map((p) => p.id)).toEqual(['b', 'a']);
    const updated = store.upsertProduct(product('b', { name: 'Renamed', sellingPoints: ['x'], price: 12 }));
    expect(updated).toEqual(product('b', { name: 'Renamed', sellingPoints: ['x'], price: 12 }));
    expect(store.listProducts().map((p) => p.id)).toEqual(['b', 'a']);
    expect(store.getProduct('a')).toEqual(product('a', { originalPrice: null, stock: null, link: 'https://shop.example/a' }));
    expect(store.getProduct('missing')).toBeNull();
  });

  it('rejects invalid input with a message naming the field, and writes nothing', () => {
    const err = catchError(() => store.upsertProduct({ ...product('x'), price: -1 }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toContain('$.price');
    expect(store.listProducts()).toEqual([]);

    const err2 = catchError(() => store.upsertScript(script('s', 'no-such-product')));
    expect(err2.code).toBe('invalid-input');
    expect(err2.message).toContain('no-such-product');
  });

  it('filters scripts and keeps them (as general scripts) when their product is deleted', () => {
    store.upsertProduct(product('p1'));
    store.upsertScript(script('w', null));
    store.upsertScript(script('s1', 'p1'));
    store.upsertScript(script('s2', 'p1', { kind: 'promo' }));
    expect(store.listScripts({ productId: 'p1' }).map((s) => s.id)).toEqual(['s1', 's2']);
    expect(store.listScripts({ productId: null }).map((s) => s.id)).toEqual(['w']);
    expect(store.listScripts({ kind: 'sales' }).map((s) => s.id)).toEqual(['s1']);
    expect(store.deleteProduct('p1')).toBe(true);
    expect(store.deleteProduct('p1')).toBe(false);
    expect(store.getScript('s1')).toMatchObject({ id: 's1', productId: null });
  });

  it('names the table and id of a bad row', () => {
    store.upsertProduct(product('p-bad'));
    lib.db.prepare("UPDATE products SET selling_points = 'not json' WHERE id = 'p-bad'").run();
    const err = catchError(() => store.listProducts());
    expect(err.code).toBe('invalid-row');
    expect(err.message).toContain('"products"');
    expect(err.message).toContain('"p-bad"');
    expect(err.message).toContain('selling_points');

    store.upsertScript(script('s-bad', null));
    lib.db.prepare("UPDATE scripts SET kind = 'shouting' WHERE id = 's-bad'").run();
    const err2 = catchError(() => store.getScript('s-bad'));
    expect(err2.message).toMatch(/"scripts".*"s-bad".*\$\.kind/);
  });
});

describe('playlists and plans', () => {
  beforeEach(() => {
    store.upsertProduct(product('p1'));
    store.upsertScript(script('w', null));
    store.upsertScript(script('s1', 'p1'));
    store.upsertScript(script('s2', 'p1'));
  });

  it('stores playlist items in order and replaces them on update', () => {
    expect(store.upsertPlaylist(playlist('pl', ['w', 's1', 'w', 's2']))).toEqual(playlist('pl', ['w', 's1', 'w', 's2']));
    expect(store.upsertPlaylist({ ...playlist('pl', ['s2', 'w']), shuffle: true, loop: false })).toEqual({
      ...playlist('pl', ['s2', 'w']),
      shuffle: true,
      loop: false,
    });
    store.upsertPlaylist(playlist('pl2', ['s1']));
    expect(store.listPlaylists().map((p) => [p.id, p.items.length])).toEqual([
      ['pl', 2],
      ['pl2', 1],
    ]);
    const err = catchError(() => store.upsertPlaylist(playlist('pl3', ['w', 'ghost'])));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toContain('"ghost"');
    expect(store.getPlaylist('pl3')).toBeNull();
  });

  it('takes a deleted script out of playlists', () => {
    store.upsertPlaylist(playlist('pl', ['w', 's1', 'w']));
    store.deleteScript('s1');
    expect(store.getPlaylist('pl')?.items).toEqual([
      { type: 'script', scriptId: 'w' },
      { type: 'script', scriptId: 'w' },
    ]);
  });

  it('round-trips a plan, makes the first plan active, and protects playlists on a plan', () => {
    store.upsertPlaylist(playlist('pl', ['w', 's1']));
    store.upsertPlaylist(playlist('pl2', ['s2']));
    expect(store.getActivePlan()).toBeNull();
    expect(store.upsertPlan(allDay('main', 'pl'))).toEqual(allDay('main', 'pl'));
    store.upsertPlan(allDay('other', 'pl2'));
    expect(store.getActivePlan()?.id).toBe('main');
    store.setActivePlan('other');
    expect(store.getActivePlan()?.id).toBe('other');
    store.upsertPlan(allDay('main', 'pl'), { activate: true });
    expect(store.getActivePlan()?.id).toBe('main');
    expect(catchError(() => store.setActivePlan('nope')).code).toBe('not-found');

    const inUse = catchError(() => store.deletePlaylist('pl'));
    expect(inUse.code).toBe('in-use');
    expect(inUse.message).toContain('Plan main');
    expect(store.getPlaylist('pl')).not.toBeNull();

    const missing = catchError(() => store.upsertPlan(allDay('x', 'ghost')));
    expect(missing.code).toBe('invalid-input');
    expect(missing.message).toContain('"ghost"');

    const badTime = catchError(() =>
      store.upsertPlan({ ...allDay('x', 'pl'), days: { ...allDay('x', 'pl').days, wed: [{ id: 'b', start: '25:00', end: '24:00', playlistId: 'pl', startMode: 'soft' }] } }),
    );
    expect(badTime.message).toContain('$.days.wed[0].start');

    expect(store.deletePlan('main')).toBe(true);
    expect(store.getActivePlan()?.id).toBe('other');
    store.deletePlan('other');
    expect(store.deletePlaylist('pl')).toBe(true);
    expect(store.getActivePlan()).toBeNull();
  });

  it('snapshot matches the API contract', () => {
    store.upsertPlaylist(playlist('pl', ['w', 's1']));
    store.upsertPlan(allDay('main', 'pl'));
    const snap = store.snapshot();
    expect(LibrarySnapshotSchema.parse(snap)).toEqual(snap);
    expect(snap.plan?.id).toBe('main');
    expect(snap.scripts).toHaveLength(3);
    expect(snap.settings).toEqual(defaultSettings('zh-CN'));
  });
});

describe('settings', () => {
  it('gives defaults for the locale when nothing is stored', () => {
    expect(store.readSettings()).toEqual({ settings: defaultSettings('zh-CN'), problems: [] });
    expect(defaultSettings('zh-CN')).toEqual({
      locale: 'zh-CN',
      speech: { engine: 'system', voice: null, rate: 1, pitch: 1 },
      lineGapMs: 400,
      aiLabel: { enabled: true, text: 'AI生成 · 数字人直播' },
      stage: { avatarId: null, background: { kind: 'studio' }, light: 'studio', ticker: { enabled: false, text: '' }, logoMediaId: null, qrMediaId: null, drawWhenHidden: false, volume: 1 },
      lint: { custom: [], disabled: [] },
    });
    expect(defaultSettings('en-US').aiLabel.text).toBe('AI-generated host');
  });

  it('merges patches one level deep and validates the whole', () => {
    const next = store.updateSettings({ speech: { rate: 1.25 }, aiLabel: { enabled: false } });
    expect(next.speech).toEqual({ engine: 'system', voice: null, rate: 1.25, pitch: 1 });
    expect(next.aiLabel).toEqual({ enabled: false, text: 'AI生成 · 数字人直播' });
    expect(store.updateSettings({ locale: 'en-US' }).locale).toBe('en-US');

    const err = catchError(() => store.updateSettings({ speech: { rate: 7 }, lineGapMs: 100 }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toContain('$.speech.rate');
    expect(store.getSettings().lineGapMs).toBe(400); // nothing of the rejected patch was stored
    expect(catchError(() => store.updateSettings({ colour: 'red' } as never)).message).toContain('colour');
  });

  it('uses defaults for invalid stored values and reports them instead of throwing', () => {
    store.updateSettings({ lineGapMs: 1200, locale: 'en-US' });
    const put = lib.db.prepare('INSERT OR REPLACE INTO settings (key, value, updated_at) VALUES (?, ?, 0)');
    put.run('lineGapMs', '-5');
    put.run('speech', '{broken json');
    put.run('aiLabel', JSON.stringify({ enabled: 'yes', text: '' }));
    const { settings, problems } = store.readSettings();
    expect(settings).toEqual(defaultSettings('en-US'));
    expect(problems.map((p) => p.key).sort()).toEqual(['aiLabel', 'lineGapMs', 'speech']);
    expect(problems.find((p) => p.key === 'speech')?.reason).toMatch(/not valid JSON/);
    expect(problems.find((p) => p.key === 'lineGapMs')).toMatchObject({ stored: '-5', reason: expect.stringContaining('$.lineGapMs') });
    expect(store.snapshot().settings).toEqual(defaultSettings('en-US'));

    // Writing a good value fixes the stored one.
    store.updateSettings({ lineGapMs: 250 });
    expect(store.readSettings().problems.map((p) => p.key).sort()).toEqual(['aiLabel', 'speech']);
    expect(store.getSettings().lineGapMs).toBe(250);
  });
});

describe('as-run log', () => {
  it('inserts, updates and returns the tail newest first', () => {
    const ids = [1, 2, 3, 4, 5].map((n) => store.asRunInsert(line(n)));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(store.asRunCount()).toBe(5);

    const updated = store.asRunUpdate(ids[1] as number, { outcome: 'aired', endedAt: 2_999, note: 'ok' });
    expect(updated).toMatchObject({ id: ids[1], lineId: 'line-2', outcome: 'aired', endedAt: 2_999, note: 'ok', cacheHit: true });

    const tail = store.asRunTail(3);
    expect(tail.map((e) => e.lineId)).toEqual(['line-5', 'line-4', 'line-3']);
    expect(store.asRunTail(10).map((e) => e.id)).toEqual([...ids].reverse());
    expect(store.asRunTail(10)[3]).toEqual(updated);
    expect(store.asRunTail(0)).toEqual([]);

    expect(store.asRunBetween(2_000, 4_000).map((e) => e.lineId)).toEqual(['line-2', 'line-3']);
    expect(store.asRunPrune(3_000)).toBe(2);
    expect(store.asRunCount()).toBe(3);
    // Ids are never reused after pruning.
    expect(store.asRunInsert(line(6))).toBeGreaterThan(ids[4] as number);
  });

  it('rejects bad entries, bad patches and unknown ids', () => {
    expect(catchError(() => store.asRunInsert({ ...line(1), outcome: 'exploded' as never })).message).toContain('$.outcome');
    const id = store.asRunInsert(line(1, { startedAt: null }));
    expect(catchError(() => store.asRunUpdate(id, { id: 5 } as never)).code).toBe('invalid-input');
    expect(catchError(() => store.asRunUpdate(id + 100, { outcome: 'aired' })).code).toBe('not-found');
    expect(store.asRunGet(id)).toMatchObject({ startedAt: null, outcome: 'on-air' });
  });
});

describe('playout state and meta', () => {
  const state: PlayoutResumeState = {
    onAir: true,
    blockId: 'blk-mon-all-day',
    playlistId: 'pl-main',
    scriptPosition: 3,
    scriptId: 's-pan-1',
    lineIndex: 2,
    updatedAt: 1_700_000_000_000,
  };

  it('stores, replaces and clears the on-air state', () => {
    expect(store.getPlayoutState()).toBeNull();
    store.setPlayoutState(state);
    expect(store.getPlayoutState()).toEqual(state);
    store.setPlayoutState({ ...state, onAir: false, lineIndex: null });
    expect(store.getPlayoutState()).toEqual({ ...state, onAir: false, lineIndex: null });
    store.clearPlayoutState();
    expect(store.getPlayoutState()).toBeNull();
    expect(catchError(() => store.setPlayoutState({ ...state, lineIndex: -1 })).code).toBe('invalid-input');
  });

  it('survives a restart, and an unusable stored state reads as none with a reason', () => {
    store.setPlayoutState(state);
    lib.close();
    lib = openLibrary({ dataDir: dir, locale: 'zh-CN', seedsDir: null });
    store = lib.store;
    expect(store.getPlayoutState()).toEqual(state);

    store.setMeta(META_PLAYOUT_STATE, { onAir: 'maybe' });
    expect(store.readPlayoutState()).toEqual({ state: null, problem: expect.stringContaining('$.onAir') });
    expect(store.getPlayoutState()).toBeNull();
  });

  it('keeps JSON values in meta', () => {
    expect(store.getMeta('x')).toBeUndefined();
    store.setMeta('x', { a: [1, 'two'] });
    expect(store.getMeta('x')).toEqual({ a: [1, 'two'] });
    expect(store.deleteMeta('x')).toBe(true);
    expect(store.getMeta('x')).toBeUndefined();
  });
});
