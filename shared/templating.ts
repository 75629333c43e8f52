/**
 * Script templating: turns a script body into spoken lines.
 *   {{product.price}}      variables, filled from the product and the store
 *   {a|b|c}               variants: one is picked per resolution (seeded)
 *   [wave] [card:on]      cues, passed through to the stage with the line they are written in (or
 *                         precede), with where in the line's text they were written (`cueAt`)
 *   [pause 800]           a pause (ms) after the line it ends
 * A line is one sentence: the body is split at sentence punctuation (。！？!?.;；… and newlines).
 */

export interface ResolvedLine {
  /** What is spoken (no cues, no markup). */
  text: string;
  /** Cues of this line, in order (those written between two sentences belong to the next one). */
  cues: string[];
  /**
   * Parallel to `cues`: the character offset in `text` where each cue was written, so that the
   * stage can start a gesture at that word: 0 for a cue before the first word, `text.length` for a
   * cue after the last (a script's trailing cues). Absent on lines not made by `resolveScript`.
   */
  cueAt?: number[];
  /** Extra silence after the line, from [pause N]. */
  pauseAfterMs: number;
}

export interface TemplateProblem {
  kind: 'missing-variable' | 'unclosed-variable' | 'unclosed-variant' | 'bad-pause';
  /** Offset in the script body where the problem starts. */
  index: number;
  detail: string;
}

export interface ResolveResult {
  lines: ResolvedLine[];
  problems: TemplateProblem[];
}

/** A value that can fill a variable. Arrays are indexable (`sellingPoints.0`). */
export type TemplateValue = string | number | boolean | null | undefined | readonly TemplateValue[] | { readonly [k: string]: TemplateValue };
export type TemplateScope = { readonly [k: string]: TemplateValue };

/** A deterministic random source in [0, 1). */
export type Random = () => number;

/** mulberry32: a small seeded PRNG, so that a resolution can be replayed. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function lookupVariable(scope: TemplateScope, path: string): TemplateValue {
  let value: TemplateValue = scope;
  for (const part of path.split('.')) {
    if (value === null || value === undefined || typeof value !== 'object') return undefined;
    if (Array.isArray(value)) {
      const i = Number(part);
      value = Number.isInteger(i) ? (value as readonly TemplateValue[])[i] : undefined;
    } else {
      value = (value as { readonly [k: string]: TemplateValue })[part];
    }
  }
  return value;
}

function formatValue(value: TemplateValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(2)));
  if (typeof value === 'string' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(formatValue).filter((v) => v !== null).join('、');
  return null;
}

const SENTENCE_END = /[。！？!?；;…\n]|\.(?=\s|$)/;

/**
 * Picks variants, fills variables, extracts cues and pauses, and splits into lines.
 * `lastVariant` remembers the variant chosen per variant group (by its offset) so that the same
 * variant is not picked twice in a row when another is available.
 */
export function resolveScript(
  body: string,
  scope: TemplateScope,
  random: Random,
  lastVariant: Map<string, number> = new Map(),
): ResolveResult {
  const problems: TemplateProblem[] = [];
  // 1. Variants: {a|b|c} (but not {{…}}).
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch === '{' && body[i + 1] === '{') {
      const close = body.indexOf('}}', i + 2);
      if (close < 0) {
        problems.push({ kind: 'unclosed-variable', index: i, detail: body.slice(i, i + 20) });
        text += body.slice(i);
        break;
      }
      text += body.slice(i, close + 2);
      i = close + 1;
    } else if (ch === '{') {
      const close = body.indexOf('}', i + 1);
      if (close < 0) {
        problems.push({ kind: 'unclosed-variant', index: i, detail: body.slice(i, i + 20) });
        text += body.slice(i + 1);
        break;
      }
      const options = body.slice(i + 1, close).split('|');
      const key = String(i);
      const previous = lastVariant.get(key);
      let pick = Math.floor(random() * options.length);
      if (options.length > 1 && pick === previous) pick = (pick + 1 + Math.floor(random() * (options.length - 1))) % options.length;
      lastVariant.set(key, pick);
      text += options[pick] ?? '';
      i = close;
    } else {
      text += ch;
    }
  }
  // 2. Variables.
  text = text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, path: string, offset: number) => {
    const value = formatValue(lookupVariable(scope, path));
    if (value === null || value === '') {
      problems.push({ kind: 'missing-variable', index: offset, detail: path });
      return '';
    }
    return value;
  });
  // 3. Split into sentences while collecting cues and pauses.
  const lines: ResolvedLine[] = [];
  let current = '';
  let cues: string[] = [];
  /** Where each cue was written: an offset in `current` (raw, before whitespace is collapsed). */
  let rawCueAt: number[] = [];
  /** The offset in the spoken (collapsed, trimmed) text that a raw offset in `raw` lands on. */
  const spokenOffset = (raw: string, at: number, spokenLength: number): number =>
    Math.min(spokenLength, raw.slice(0, at).replace(/\s+/g, ' ').trimStart().length);
  const flush = (pauseAfterMs: number): void => {
    const spoken = current.replace(/\s+/g, ' ').trim();
    if (spoken && /[\p{L}\p{N}]/u.test(spoken)) {
      const cueAt = rawCueAt.map((at) => spokenOffset(current, at, spoken.length));
      lines.push({ text: spoken, cues, cueAt, pauseAfterMs });
      cues = [];
      rawCueAt = [];
    } else {
      // No words: its cues move on to the start of the next line.
      rawCueAt = rawCueAt.map(() => 0);
      if (pauseAfterMs > 0 && lines.length > 0) lines[lines.length - 1]!.pauseAfterMs += pauseAfterMs;
    }
    current = '';
  };
  const tokens = text.split(/(\[[^\]\n]{1,40}\])/);
  for (const token of tokens) {
    const cue = /^\[([^\]]+)\]$/.exec(token);
    if (cue) {
      const name = cue[1]!.trim();
      const pause = /^pause\s+(\d{1,5})$/i.exec(name);
      if (pause) {
        flush(Math.min(10_000, Number(pause[1])));
      } else if (/^pause\b/i.test(name)) {
        problems.push({ kind: 'bad-pause', index: body.indexOf(token), detail: token });
      } else {
        cues.push(name);
        rawCueAt.push(current.length);
      }
      continue;
    }
    let rest = token;
    for (;;) {
      const m = SENTENCE_END.exec(rest);
      if (!m) {
        current += rest;
        break;
      }
      current += rest.slice(0, m.index + m[0].length);
      rest = rest.slice(m.index + m[0].length);
      flush(0);
    }
  }
  flush(0);
  // Cues after the last sentence belong to the last line's end.
  const last = lines[lines.length - 1];
  if (cues.length > 0 && last) {
    last.cues.push(...cues);
    last.cueAt?.push(...cues.map(() => last.text.length));
  }
  return { lines, problems };
}

export type LineSegment = { kind: 'text'; text: string } | { kind: 'cue'; cue: string };

/**
 * A line as text with its cues where they were written (for showing a line with its cues in
 * place); lines without `cueAt` show their cues first.
 */
export function lineSegments(line: Pick<ResolvedLine, 'text' | 'cues' | 'cueAt'>): LineSegment[] {
  const out: LineSegment[] = [];
  let from = 0;
  line.cues.forEach((cue, i) => {
    const at = Math.max(from, Math.min(line.text.length, line.cueAt?.[i] ?? 0));
    if (at > from) out.push({ kind: 'text', text: line.text.slice(from, at) });
    out.push({ kind: 'cue', cue });
    from = at;
  });
  if (from < line.text.length) out.push({ kind: 'text', text: line.text.slice(from) });
  return out;
}
