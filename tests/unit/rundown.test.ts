import { defaultStageSettings } from '../../shared/stage-settings';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { LibrarySnapshot, Plan, Playlist, Script } from '../../shared/domain';
import { createRundown, FALLBACK_PLAYLIST_ID, resolveSlot } from '../../main/playout/rundown';

const script = (id: string, body = `${id} says one. ${id} says two.`, extra: Partial<Script> = {}): Script => ({ id, title: id, kind: 'sales', productId: null, body, tags: [], ...extra });

function library(playlist: Playlist, scripts: Script[]): LibrarySnapshot {
  return {
    products: [{ id: 'pan', name: 'Pan', price: 99, originalPrice: null, currency: 'CNY', sellingPoints: ['non-stick'], stock: 3, link: null, image: null, tags: [] }],
    scripts,
    playlists: [playlist],
    plan: {
      id: 'p',
      name: 'p',
      timeZone: 'Asia/Shanghai',
      days: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ id: `b-${d}`, start: '00:00', end: '24:00', playlistId: playlist.id, startMode: 'soft' }]])) as Plan['days'],
    },
    settings: { locale: 'en-US', speech: { engine: 'system', voice: null, rate: 1, pitch: 1 }, lineGapMs: 400, aiLabel: { enabled: true, text: 'AI' }, stage: defaultStageSettings(), lint: { custom: [], disabled: [] } },
  };
}

/** The scripts the rundown starts, in order (one per script, not per line). */
function scriptOrder(lib: LibrarySnapshot, seed: number, count: number): string[] {
  const r = createRundown(seed);
  const out: string[] = [];
  const t = Date.UTC(2026, 10, 23, 4);
  for (let i = 0; out.length < count && i < count * 20; i++) {
    const { line } = r.next(lib, t);
    if (!line) break;
    if (line.lineIndex === 0) out.push(line.script.id);
  }
  return out;
}

describe('rundown: shuffle, no-repeat window, weights, item kinds', () => {
  it('a shuffled playlist never repeats a script immediately, nor within its no-repeat window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 11 }), fc.integer(), (n, w, seed) => {
        const window = Math.min(w, n - 1);
        const scripts = Array.from({ length: n }, (_, i) => script(`s${i}`));
        const pl: Playlist = { id: 'pl', name: 'pl', items: scripts.map((s) => ({ type: 'script', scriptId: s.id })), loop: true, shuffle: true, noRepeatWindow: window };
        const order = scriptOrder(library(pl, scripts), seed, 60);
        for (let i = 1; i < order.length; i++) {
          if (order[i] === order[i - 1]) return false;
          const recent = order.slice(Math.max(0, i - window), i);
          if (recent.includes(order[i]!)) return false;
        }
        return order.length === 60;
      }),
      { numRuns: 200 },
    );
  });

  it('weights bias the shuffle', () => {
    const scripts = ['a', 'b', 'c', 'd'].map((id) => script(id));
    const pl: Playlist = {
      id: 'pl',
      name: 'pl',
      items: [{ type: 'script', scriptId: 'a', weight: 6 }, { type: 'script', scriptId: 'b' }, { type: 'script', scriptId: 'c' }, { type: 'script', scriptId: 'd' }],
      loop: true,
      shuffle: true,
      noRepeatWindow: 1,
    };
    const order = scriptOrder(library(pl, scripts), 3, 2000);
    const share = order.filter((s) => s === 'a').length / order.length;
    expect(share).toBeGreaterThan(0.35); // about half of the picks, given no immediate repeats
    expect(order.some((s, i) => i > 0 && s === order[i - 1])).toBe(false);
  });

  it('a product item rotates through its scripts; a tag item picks scripts with the tag', () => {
    const scripts = [
      script('pan-1', 'Pan {{product.price}} one.', { productId: 'pan' }),
      script('pan-2', 'Pan two.', { productId: 'pan' }),
      script('pan-3', 'Pan three.', { productId: 'pan' }),
      script('t1', 'Tagged one.', { tags: ['night'] }),
      script('t2', 'Tagged two.', { tags: ['night'] }),
    ];
    const pl: Playlist = { id: 'pl', name: 'pl', items: [{ type: 'product', productId: 'pan' }, { type: 'tag', tag: 'night' }], loop: true, shuffle: false };
    const order = scriptOrder(library(pl, scripts), 5, 8);
    expect(order.filter((_, i) => i % 2 === 0)).toEqual(['pan-1', 'pan-2', 'pan-3', 'pan-1']);
    expect(order.filter((_, i) => i % 2 === 1).every((s) => s === 't1' || s === 't2')).toBe(true);
  });

  it('passes over a script whose variable names a missing product field, and says where', () => {
    const scripts = [script('bad', 'Now only {{product.discount}}.', { productId: 'pan' }), script('good', 'All good.')];
    const pl: Playlist = { id: 'pl', name: 'pl', items: [{ type: 'script', scriptId: 'bad' }, { type: 'script', scriptId: 'good' }], loop: true, shuffle: false };
    const r = createRundown(1);
    const { line, problems } = r.next(library(pl, scripts), Date.UTC(2026, 10, 23, 4));
    expect(line?.script.id).toBe('good');
    expect(problems[0]).toMatchObject({ code: 'template', detail: expect.stringContaining('script bad: missing-variable product.discount') });
  });

  it('a block whose playlist was deleted is filled by the idle playlist, and the problem says which block', () => {
    const scripts = [script('idle-1', 'Thanks for staying with us.')];
    const idle: Playlist = { id: 'idle', name: 'idle', items: [{ type: 'script', scriptId: 'idle-1' }], loop: true, shuffle: false };
    const lib = library(idle, scripts);
    const plan = lib.plan!;
    const broken: LibrarySnapshot = {
      ...lib,
      plan: { ...plan, days: { ...plan.days, mon: [{ id: 'b-gone', start: '00:00', end: '24:00', playlistId: 'deleted', startMode: 'hard' }] }, gap: { mode: 'idle', playlistId: 'idle' } },
    };
    const { line, problems } = createRundown(1).next(broken, Date.UTC(2026, 10, 23, 4)); // a Monday in Shanghai
    expect(line).toMatchObject({ text: 'Thanks for staying with us.', blockId: null, playlistId: 'idle' });
    expect(problems[0]).toMatchObject({ code: 'missing-playlist', detail: expect.stringContaining('block b-gone → playlist deleted') });
  });

  describe('a broken block with no idle playlist never leaves the air silent', () => {
    const monday = Date.UTC(2026, 10, 23, 4); // noon on a Monday in Shanghai
    function brokenBlock(lib: LibrarySnapshot, playlistId: string): LibrarySnapshot {
      const plan = lib.plan!;
      return { ...lib, plan: { ...plan, gap: { mode: 'off-air' }, days: { ...plan.days, mon: [{ id: 'b-broken', start: '00:00', end: '24:00', playlistId, startMode: 'hard' }] } } };
    }

    it("airs the store's idle scripts in place of a deleted playlist, and says why on every line", () => {
      const scripts = [script('sale', 'Buy now.'), script('idle-1', 'Thanks for staying.', { kind: 'idle' }), script('idle-2', 'Ask me anything.', { kind: 'idle' })];
      const other: Playlist = { id: 'other', name: 'other', items: [{ type: 'script', scriptId: 'sale' }], loop: true, shuffle: false };
      const lib = brokenBlock(library(other, scripts), 'deleted');
      const r = createRundown(4);
      const lines = Array.from({ length: 6 }, () => r.next(lib, monday));
      for (const { line, problems } of lines) {
        expect(line).toMatchObject({ blockId: 'b-broken', playlistId: FALLBACK_PLAYLIST_ID, slot: '2026-11-23/b-broken' });
        expect(['idle-1', 'idle-2']).toContain(line!.script.id);
        expect(line!.fallback).toBe("fallback: block b-broken → playlist deleted is not in the library; the store's idle scripts air instead");
        expect(problems[0]).toMatchObject({ code: 'missing-playlist' });
      }
      expect(resolveSlot(lib, monday)).toMatchObject({ hard: true, playlistId: FALLBACK_PLAYLIST_ID });
    });

    it('without idle scripts, airs another playable playlist; a playlist whose scripts are all gone counts as broken', () => {
      const scripts = [script('sale', 'Buy now.')];
      const other: Playlist = { id: 'other', name: 'other', items: [{ type: 'script', scriptId: 'sale' }], loop: true, shuffle: false };
      const ghost: Playlist = { id: 'ghost', name: 'ghost', items: [{ type: 'script', scriptId: 'deleted-script' }], loop: true, shuffle: false };
      const base = library(other, scripts);
      const lib = brokenBlock({ ...base, playlists: [ghost, other] }, 'ghost');
      const { line, problems } = createRundown(2).next(lib, monday);
      expect(line).toMatchObject({ blockId: 'b-broken', playlistId: 'other', text: 'Buy now.' });
      expect(problems[0]).toMatchObject({ code: 'empty-playlist', detail: 'block b-broken → playlist ghost has no script to air; playlist other airs instead' });
    });

    it('with no script at all there is nothing to air, and the problem says so', () => {
      const empty: Playlist = { id: 'empty', name: 'empty', items: [], loop: true, shuffle: false };
      const lib = brokenBlock(library(empty, []), 'empty');
      const { line, problems } = createRundown(2).next(lib, monday);
      expect(line).toBeNull();
      expect(problems[0]).toMatchObject({ code: 'empty-playlist', detail: 'block b-broken → playlist empty has no items, and the store has no script to air instead' });
    });

    it('an off-air gap stays off air (the merchant chose it)', () => {
      const scripts = [script('idle-1', 'Thanks for staying.', { kind: 'idle' })];
      const pl: Playlist = { id: 'pl', name: 'pl', items: [{ type: 'script', scriptId: 'idle-1' }], loop: true, shuffle: false };
      const lib = library(pl, scripts);
      const gap: LibrarySnapshot = { ...lib, plan: { ...lib.plan!, gap: { mode: 'off-air' }, days: { ...lib.plan!.days, mon: [{ id: 'late', start: '20:00', end: '22:00', playlistId: 'pl', startMode: 'soft' }] } } };
      expect(createRundown(1).next(gap, monday)).toMatchObject({ line: null, problems: [{ code: 'off-air-gap' }] });
    });
  });

  it('a block given another playlist on air starts the new playlist at its next line, not the rest of the old script', () => {
    const scripts = [script('old', 'Old one. Old two. Old three.'), script('new', 'New one.')];
    const oldPl: Playlist = { id: 'old-pl', name: 'old', items: [{ type: 'script', scriptId: 'old' }], loop: true, shuffle: false };
    const newPl: Playlist = { id: 'new-pl', name: 'new', items: [{ type: 'script', scriptId: 'new' }], loop: true, shuffle: false };
    const lib = { ...library(oldPl, scripts), playlists: [oldPl, newPl] };
    const t = Date.UTC(2026, 10, 23, 4);
    const r = createRundown(1);
    expect(r.next(lib, t).line?.text).toBe('Old one.');
    const plan = lib.plan!;
    const edited: LibrarySnapshot = { ...lib, plan: { ...plan, days: { ...plan.days, mon: plan.days.mon!.map((blk) => ({ ...blk, playlistId: 'new-pl' })) } } };
    expect(r.next(edited, t).line).toMatchObject({ text: 'New one.', playlistId: 'new-pl', blockId: 'b-mon' });
  });
});
