import type { LibrarySnapshot, Playlist, Product, Script } from '../../shared/domain';
import { blockAt } from '../../shared/plan';
import { resolveScript, seededRandom, type ResolvedLine, type TemplateProblem, type TemplateScope } from '../../shared/templating';

/** A line chosen for air, with where it came from. */
export interface RundownLine extends ResolvedLine {
  blockId: string | null;
  playlistId: string | null;
  script: Script;
  product: Product | null;
  /** Index of the line in its script. */
  lineIndex: number;
}

/** Where the rundown stands; persisted so a restart resumes at the same place. */
export interface RundownPosition {
  blockId: string | null;
  playlistId: string | null;
  itemIndex: number;
  lineIndex: number;
}

export interface RundownProblem {
  code: 'no-plan' | 'off-air-gap' | 'missing-playlist' | 'empty-playlist' | 'missing-script' | 'template';
  detail: string;
}

export const START_POSITION: RundownPosition = { blockId: null, playlistId: null, itemIndex: 0, lineIndex: 0 };

function productScope(product: Product | null): TemplateScope {
  return product ? { product } : {};
}

/**
 * Walks plan → block → playlist → script → lines. Each call to `next(now)` returns the next line
 * to air (or a problem explaining why there is none). Variant choices are seeded per rundown so a
 * restart does not replay the same wording, and the same variant is not picked twice running.
 */
export function createRundown(seed: number, initial: RundownPosition = START_POSITION) {
  let position: RundownPosition = { ...initial };
  const random = seededRandom(seed);
  /** Per script: the variant picked last time for each variant group, to avoid immediate repeats. */
  const lastVariant = new Map<string, Map<string, number>>();
  let cached: { scriptId: string; lines: ResolvedLine[] } | null = null;

  function linesOf(script: Script, product: Product | null): { lines: ResolvedLine[]; problems: TemplateProblem[] } {
    if (cached && cached.scriptId === script.id) return { lines: cached.lines, problems: [] };
    const r = resolveScript(script.body, productScope(product), random, variantMemory(script.id));
    cached = { scriptId: script.id, lines: r.lines };
    return r;
  }

  function variantMemory(scriptId: string): Map<string, number> {
    let memory = lastVariant.get(scriptId);
    if (!memory) {
      memory = new Map();
      lastVariant.set(scriptId, memory);
    }
    return memory;
  }

  function next(library: LibrarySnapshot, now: number): { line: RundownLine | null; problems: RundownProblem[] } {
    const problems: RundownProblem[] = [];
    const plan = library.plan;
    if (!plan) return { line: null, problems: [{ code: 'no-plan', detail: 'the store has no plan' }] };
    const at = blockAt(plan, now);
    if (!at) return { line: null, problems: [{ code: 'off-air-gap', detail: 'no block in the plan at this time' }] };
    if (at.block.id !== position.blockId) {
      position = { blockId: at.block.id, playlistId: at.block.playlistId, itemIndex: 0, lineIndex: 0 };
      cached = null;
    }
    const playlist: Playlist | undefined = library.playlists.find((p) => p.id === at.block.playlistId);
    if (!playlist) return { line: null, problems: [{ code: 'missing-playlist', detail: `block ${at.block.id} → playlist ${at.block.playlistId}` }] };
    if (playlist.items.length === 0) return { line: null, problems: [{ code: 'empty-playlist', detail: playlist.id }] };

    // Try each item at most once per call, so a playlist of broken scripts cannot spin forever.
    for (let attempts = 0; attempts <= playlist.items.length; attempts++) {
      if (position.itemIndex >= playlist.items.length) {
        if (!playlist.loop) return { line: null, problems: [...problems, { code: 'off-air-gap', detail: `playlist ${playlist.id} ended` }] };
        position = { ...position, itemIndex: 0, lineIndex: 0 };
      }
      const item = playlist.items[position.itemIndex]!;
      const script = library.scripts.find((s) => s.id === item.scriptId);
      if (!script) {
        problems.push({ code: 'missing-script', detail: `playlist ${playlist.id} item ${position.itemIndex + 1} → script ${item.scriptId}` });
        position = { ...position, itemIndex: position.itemIndex + 1, lineIndex: 0 };
        cached = null;
        continue;
      }
      const product = script.productId ? (library.products.find((p) => p.id === script.productId) ?? null) : null;
      const resolved = linesOf(script, product);
      for (const p of resolved.problems) problems.push({ code: 'template', detail: `script ${script.id}: ${p.kind} ${p.detail}` });
      const resolvedLine = resolved.lines[position.lineIndex];
      if (!resolvedLine) {
        position = { ...position, itemIndex: position.itemIndex + 1, lineIndex: 0 };
        cached = null;
        continue;
      }
      const line: RundownLine = {
        ...resolvedLine,
        blockId: at.block.id,
        playlistId: playlist.id,
        script,
        product,
        lineIndex: position.lineIndex,
      };
      position = { ...position, lineIndex: position.lineIndex + 1 };
      return { line, problems };
    }
    return { line: null, problems: [...problems, { code: 'empty-playlist', detail: `playlist ${playlist.id} has no speakable line` }] };
  }

  return {
    next,
    position: (): RundownPosition => ({ ...position }),
  };
}

export type Rundown = ReturnType<typeof createRundown>;
