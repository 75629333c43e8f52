import type { LibrarySnapshot, Playlist, PlaylistItem, Product, RuleSource, Script } from '../../shared/domain';
import { blockAt, localDateTime, slotKey } from '../../shared/plan';
import { resolveScript, seededRandom, type Random, type ResolvedLine, type TemplateScope } from '../../shared/templating';

/** A line chosen for air, with where it came from. */
export interface RundownLine extends ResolvedLine {
  blockId: string | null;
  playlistId: string | null;
  script: Script;
  product: Product | null;
  /** Index of the line in its script. */
  lineIndex: number;
  /** The plan slot (block + the date it started; "gap/…" for the idle playlist) the line belongs to. */
  slot: string | null;
  /** Why this line airs in place of the block's own playlist (for the as-run log), if it does. */
  fallback?: string;
}

/** Where the rundown stands; persisted so a restart resumes at the same place. */
export interface RundownPosition {
  blockId: string | null;
  playlistId: string | null;
  /** Index of the current item in the playlist; -1 before the first. */
  itemIndex: number;
  /** Index of the next line to air within the current script. */
  lineIndex: number;
  /** The script being aired (for product and tag items, the one picked). */
  scriptId?: string | null;
  slot?: string | null;
  /** Rundown scripts aired recently, newest last. */
  recent?: string[];
  /** Per product: how many of its scripts came up (rotation). */
  rotation?: Record<string, number>;
}

export type RundownProblemCode =
  | 'no-plan'
  | 'bad-time-zone'
  | 'off-air-gap'
  | 'missing-playlist'
  | 'empty-playlist'
  | 'missing-script'
  | 'missing-product'
  | 'empty-tag'
  | 'template';

export interface RundownProblem {
  code: RundownProblemCode;
  detail: string;
}

export const START_POSITION: RundownPosition = { blockId: null, playlistId: null, itemIndex: -1, lineIndex: 0 };

const DEFAULT_NO_REPEAT_WINDOW = 3;
const RECENT_MAX = 100;

/** What variables a script may use: the product, and the time and date in the plan's zone. */
export function scopeFor(product: Product | null, now: number, timeZone: string): TemplateScope {
  let time = '';
  let date = '';
  try {
    const l = localDateTime(now, timeZone);
    const m = Math.floor(l.minuteOfDay + 1e-9);
    time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    date = l.date;
  } catch {
    // an invalid zone is reported by the rundown
  }
  return product ? { product, ...product, time, date } : { time, date };
}

/** Scripts an item can air, in order. */
export function scriptsOfItem(library: LibrarySnapshot, item: PlaylistItem): Script[] {
  if (item.type === 'script') return library.scripts.filter((s) => s.id === item.scriptId);
  if (item.type === 'product') return library.scripts.filter((s) => s.productId === item.productId);
  return library.scripts.filter((s) => s.tags.includes(item.tag));
}

function describeItem(item: PlaylistItem): string {
  if (item.type === 'script') return `script ${item.scriptId}`;
  if (item.type === 'product') return `product ${item.productId}`;
  return `tag ${item.tag}`;
}

/** Resolves the lines of a rule or operator source (script, tag or typed text). */
export function linesOfSource(
  library: LibrarySnapshot,
  source: RuleSource,
  random: Random,
  now: number,
  avoid: readonly string[] = [],
): { script: Script | null; product: Product | null; lines: ResolvedLine[]; problem: string | null } {
  const zone = library.plan?.timeZone ?? 'UTC';
  let script: Script | null = null;
  if ('text' in source) {
    const r = resolveScript(source.text, scopeFor(null, now, zone), random);
    return { script: null, product: null, lines: r.lines, problem: r.problems.length ? r.problems.map((p) => `${p.kind} ${p.detail}`).join('; ') : null };
  }
  if ('scriptId' in source) {
    script = library.scripts.find((s) => s.id === source.scriptId) ?? null;
    if (!script) return { script: null, product: null, lines: [], problem: `script ${source.scriptId} is not in the library` };
  } else {
    const all = library.scripts.filter((s) => s.tags.includes(source.tag));
    if (all.length === 0) return { script: null, product: null, lines: [], problem: `no script has the tag ${source.tag}` };
    const fresh = all.filter((s) => !avoid.includes(s.id));
    const pool = fresh.length > 0 ? fresh : all;
    script = pool[Math.floor(random() * pool.length)]!;
  }
  const product = script.productId ? (library.products.find((p) => p.id === script.productId) ?? null) : null;
  const r = resolveScript(script.body, scopeFor(product, now, zone), random);
  return { script, product, lines: r.lines, problem: r.problems.length ? `script ${script.id}: ${r.problems.map((p) => `${p.kind} ${p.detail}`).join('; ')}` : null };
}

export type SlotResolution =
  | {
      blockId: string | null;
      playlistId: string;
      slot: string;
      hard: boolean;
      problems: RundownProblem[];
      /** A stand-in playlist that is not in the library (the store's idle scripts), when the block's own cannot air. */
      playlist?: Playlist;
      /** Set when the block's playlist cannot air and something else fills its time: why (goes to the as-run log). */
      fallback?: string;
    }
  | { problem: RundownProblem };

/** Id of the stand-in playlist made of the store's scripts when nothing else can fill a broken block. */
export const FALLBACK_PLAYLIST_ID = 'fallback:store-scripts';

/** True when at least one item of the playlist has a script to air. */
export function playablePlaylist(library: LibrarySnapshot, playlist: Playlist | undefined): playlist is Playlist {
  return playlist !== undefined && playlist.items.some((item) => scriptsOfItem(library, item).length > 0);
}

/**
 * What fills a block whose playlist cannot air, when no idle playlist can either, so the stream never
 * goes silent while on air: the store's idle scripts, else another playable playlist (the plan's own
 * first), else any of the store's scripts but promotions and closings (those are tied to a time).
 */
function fallbackPlaylist(library: LibrarySnapshot, broken: string): Playlist | null {
  const shuffled = (scripts: readonly Script[], name: string): Playlist => ({
    id: FALLBACK_PLAYLIST_ID,
    name,
    items: scripts.map((s) => ({ type: 'script' as const, scriptId: s.id })),
    loop: true,
    shuffle: true,
  });
  const idle = library.scripts.filter((s) => s.kind === 'idle');
  if (idle.length > 0) return shuffled(idle, 'idle scripts');
  const planned = new Set(Object.values(library.plan?.days ?? {}).flatMap((blocks) => blocks.map((b) => b.playlistId)));
  const candidates = library.playlists.filter((p) => p.id !== broken && playablePlaylist(library, p));
  const other = candidates.find((p) => planned.has(p.id)) ?? candidates[0];
  if (other) return other;
  const general = library.scripts.filter((s) => s.kind !== 'promo' && s.kind !== 'closing');
  const any = general.length > 0 ? general : library.scripts;
  return any.length > 0 ? shuffled(any, 'store scripts') : null;
}

/**
 * What the plan airs at an instant: the block (or, in a gap or when the block's playlist is gone or
 * empty, the idle playlist), with a slot key that changes exactly when that changes. A block whose
 * playlist cannot air and has no idle playlist to fall back on is filled by `fallbackPlaylist` (with
 * the problem reported), so a broken block never silences the stream.
 */
export function resolveSlot(library: LibrarySnapshot, now: number): SlotResolution {
  const plan = library.plan;
  if (!plan) return { problem: { code: 'no-plan', detail: 'the store has no plan' } };
  let at: ReturnType<typeof blockAt>;
  try {
    at = blockAt(plan, now);
  } catch {
    return { problem: { code: 'bad-time-zone', detail: `plan ${plan.id}: time zone ${plan.timeZone} is unknown` } };
  }
  const idle = plan.gap?.mode === 'idle' ? plan.gap.playlistId : null;
  const find = (id: string): Playlist | undefined => library.playlists.find((p) => p.id === id);
  const playable = (id: string): boolean => playablePlaylist(library, find(id));
  const why = (id: string): { gone: boolean; text: string } => {
    const gone = find(id) === undefined;
    return { gone, text: `playlist ${id} ${gone ? 'is not in the library' : (find(id)?.items.length ?? 0) === 0 ? 'has no items' : 'has no script to air'}` };
  };
  if (at && playable(at.block.playlistId)) {
    return { blockId: at.block.id, playlistId: at.block.playlistId, slot: slotKey(at)!, hard: at.block.startMode === 'hard', problems: [] };
  }
  if (idle && playable(idle)) {
    const problems: RundownProblem[] = [];
    if (at) {
      // The block cannot air (its playlist is gone or empty): the idle playlist fills its time.
      const w = why(at.block.playlistId);
      problems.push({
        code: w.gone ? 'missing-playlist' : 'empty-playlist',
        detail: `block ${at.block.id} → ${w.text}; the idle playlist airs instead`,
      });
    }
    return { blockId: null, playlistId: idle, slot: `gap/${idle}`, hard: false, problems };
  }
  // Something should air here (a block, or the idle playlist in a gap), but it cannot.
  const broken = at ? at.block.playlistId : idle;
  if (broken === null) return { problem: { code: 'off-air-gap', detail: 'no block in the plan at this time' } };
  const w = why(broken);
  const where = at ? `block ${at.block.id}` : 'the gap (idle playlist)';
  const stand = fallbackPlaylist(library, broken);
  const code = w.gone ? 'missing-playlist' : 'empty-playlist';
  if (!stand) return { problem: { code, detail: `${where} → ${w.text}, and the store has no script to air instead` } };
  const instead = stand.id === FALLBACK_PLAYLIST_ID ? `the store's ${stand.name}` : `playlist ${stand.id}`;
  const detail = `${where} → ${w.text}; ${instead} air${stand.id === FALLBACK_PLAYLIST_ID ? '' : 's'} instead`;
  const slot = at ? slotKey(at)! : `gap/${broken}`;
  return {
    blockId: at?.block.id ?? null,
    playlistId: stand.id,
    slot,
    hard: at?.block.startMode === 'hard',
    problems: [{ code, detail }],
    ...(stand.id === FALLBACK_PLAYLIST_ID ? { playlist: stand } : {}),
    fallback: `fallback: ${detail}`,
  };
}

/**
 * Walks plan → block → playlist → item → script → lines. Each call to `next(library, now)` returns the
 * next line to air at `now` (or problems explaining why there is none). A pure state machine over its
 * position: no clock, no I/O. Variant choices are seeded per rundown, and the same variant is not
 * picked twice running; shuffled playlists never repeat a script immediately and keep a no-repeat
 * window while other scripts are available; weights bias the shuffle.
 */
export function createRundown(seed: number, initial: RundownPosition = START_POSITION) {
  let position: RundownPosition = { ...initial, recent: [...(initial.recent ?? [])], rotation: { ...(initial.rotation ?? {}) } };
  const random = seededRandom(seed);
  const lastVariant = new Map<string, Map<string, number>>();
  let cached: { scriptId: string; lines: ResolvedLine[] } | null = null;

  function variantMemory(scriptId: string): Map<string, number> {
    let memory = lastVariant.get(scriptId);
    if (!memory) {
      memory = new Map();
      lastVariant.set(scriptId, memory);
    }
    return memory;
  }

  function weightedPick(candidates: number[], items: readonly PlaylistItem[]): number {
    const total = candidates.reduce((s, i) => s + (items[i]!.weight ?? 1), 0);
    let r = random() * total;
    for (const i of candidates) {
      r -= items[i]!.weight ?? 1;
      if (r < 0) return i;
    }
    return candidates[candidates.length - 1]!;
  }

  /** Picks the next item index; null when a non-looping playlist has ended. */
  function nextItemIndex(library: LibrarySnapshot, playlist: Playlist): number | null {
    const n = playlist.items.length;
    if (!playlist.shuffle) {
      const i = position.itemIndex + 1;
      if (i < n) return i;
      return playlist.loop ? 0 : null;
    }
    const window = playlist.noRepeatWindow ?? DEFAULT_NO_REPEAT_WINDOW;
    const recent = (position.recent ?? []).slice(-Math.max(1, window));
    const last = position.recent?.at(-1);
    const all = playlist.items.map((_, i) => i);
    const fresh = all.filter((i) => {
      const scripts = scriptsOfItem(library, playlist.items[i]!);
      return scripts.some((s) => !recent.includes(s.id));
    });
    const notLast = all.filter((i) => scriptsOfItem(library, playlist.items[i]!).some((s) => s.id !== last));
    const pool = fresh.length > 0 ? fresh : notLast.length > 0 ? notLast : all;
    return weightedPick(pool, playlist.items);
  }

  function scriptForItem(library: LibrarySnapshot, playlist: Playlist, item: PlaylistItem): Script | null {
    const scripts = scriptsOfItem(library, item);
    if (scripts.length === 0) return null;
    if (item.type === 'script') return scripts[0]!;
    if (item.type === 'product') {
      const rotation = position.rotation ?? {};
      const count = rotation[item.productId] ?? 0;
      position.rotation = { ...rotation, [item.productId]: count + 1 };
      return scripts[count % scripts.length]!;
    }
    const window = playlist.noRepeatWindow ?? DEFAULT_NO_REPEAT_WINDOW;
    const recent = (position.recent ?? []).slice(-Math.max(1, window));
    const fresh = scripts.filter((s) => !recent.includes(s.id));
    const pool = fresh.length > 0 ? fresh : scripts.filter((s) => s.id !== position.recent?.at(-1));
    const from = pool.length > 0 ? pool : scripts;
    return from[Math.floor(random() * from.length)]!;
  }

  function next(library: LibrarySnapshot, now: number): { line: RundownLine | null; problems: RundownProblem[] } {
    const problems: RundownProblem[] = [];
    const plan = library.plan;
    if (!plan) return { line: null, problems: [{ code: 'no-plan', detail: 'the store has no plan' }] };
    const resolved = resolveSlot(library, now);
    if ('problem' in resolved) return { line: null, problems: [resolved.problem] };
    const { blockId, playlistId, slot } = resolved;
    problems.push(...resolved.problems);
    // A saved position from before slots existed matches by block id. A block given another playlist
    // (the plan edited on air, or a fallback while its own is broken) starts that playlist afresh.
    const sameSlot =
      position.playlistId === playlistId &&
      (position.slot !== undefined && position.slot !== null ? position.slot === slot : position.blockId === blockId && blockId !== null);
    if (!sameSlot) {
      position = { blockId, playlistId, slot, itemIndex: -1, lineIndex: 0, scriptId: null, recent: position.recent, rotation: position.rotation };
      cached = null;
    } else if (position.slot !== slot) {
      position = { ...position, slot };
    }
    const where = blockId ? `block ${blockId}` : 'the gap';
    const playlist: Playlist | undefined = resolved.playlist ?? library.playlists.find((p) => p.id === playlistId);
    if (!playlist) return { line: null, problems: [{ code: 'missing-playlist', detail: `${where} → playlist ${playlistId} is not in the library` }] };
    if (playlist.items.length === 0) return { line: null, problems: [{ code: 'empty-playlist', detail: `${where} → playlist ${playlist.id} has no items` }] };

    // Try each item a bounded number of times per call, so a playlist of broken scripts cannot spin forever.
    for (let attempts = 0; attempts <= playlist.items.length * 2 + 2; attempts++) {
      const script = position.scriptId ? (library.scripts.find((s) => s.id === position.scriptId) ?? null) : null;
      if (script) {
        const product = script.productId ? (library.products.find((p) => p.id === script.productId) ?? null) : null;
        if (!cached || cached.scriptId !== script.id) {
          const r = resolveScript(script.body, scopeFor(product, now, plan.timeZone), random, variantMemory(script.id));
          const missing = r.problems.filter((p) => p.kind === 'missing-variable');
          for (const p of r.problems) problems.push({ code: 'template', detail: `playlist ${playlist.id} → script ${script.id}: ${p.kind} ${p.detail}` });
          // A script that would say a blank price is not aired; the rest of the playlist is.
          cached = { scriptId: script.id, lines: missing.length > 0 ? [] : r.lines };
        }
        const resolvedLine = cached.lines[position.lineIndex];
        if (resolvedLine) {
          const line: RundownLine = { ...resolvedLine, blockId, playlistId: playlist.id, script, product, lineIndex: position.lineIndex, slot, ...(resolved.fallback ? { fallback: resolved.fallback } : {}) };
          position = { ...position, lineIndex: position.lineIndex + 1 };
          return { line, problems };
        }
      }
      // The script is done (or gone): pick the next item.
      cached = null;
      const index = nextItemIndex(library, playlist);
      if (index === null) {
        return { line: null, problems: [...problems, { code: 'off-air-gap', detail: `playlist ${playlist.id} ended (it does not loop)` }] };
      }
      const item = playlist.items[index]!;
      const picked = scriptForItem(library, playlist, item);
      if (!picked) {
        const code = item.type === 'script' ? 'missing-script' : item.type === 'product' ? (library.products.some((p) => p.id === item.productId) ? 'empty-tag' : 'missing-product') : 'empty-tag';
        problems.push({ code, detail: `playlist ${playlist.id} item ${index + 1} (${describeItem(item)}) has no script to air` });
        position = { ...position, itemIndex: index, scriptId: null, lineIndex: 0 };
        continue;
      }
      const recent = [...(position.recent ?? []), picked.id].slice(-RECENT_MAX);
      position = { ...position, itemIndex: index, scriptId: picked.id, lineIndex: 0, recent };
    }
    return { line: null, problems: [...problems, { code: 'empty-playlist', detail: `${where} → playlist ${playlist.id} has no speakable line` }] };
  }

  return {
    next,
    position: (): RundownPosition => ({ ...position, recent: [...(position.recent ?? [])], rotation: { ...(position.rotation ?? {}) } }),
    /** Jump to the end of the current script: the next call picks the next item. */
    skipScript(): void {
      position = { ...position, lineIndex: Number.MAX_SAFE_INTEGER };
    },
    /** Random source for inserts (seeded with the rundown). */
    random,
  };
}

export type Rundown = ReturnType<typeof createRundown>;
