import type { Locale } from './domain';
import type { Phone } from './phonemes';
import { findNuclei, nucleusWarp, warpTime, type VowelSpan } from './syllable-nuclei';
import type { TimingTrack, VisemeEvent, WordEvent } from './timing';
import { mouthOpenness, visemePose } from './visemes';

/**
 * Text-aligned timing tracks: phonemes (or syllables estimated from text) spread over the voiced
 * parts of the audio. Pure and deterministic: same input, same track.
 *
 *   1. Voiced regions: frames of the RMS envelope above an adaptive threshold; short dips (stop
 *      closures) are bridged, short blips dropped.
 *   2. Phones are assigned to regions in order by a small dynamic programme that makes the speaking
 *      rate (phone weight per ms) as even as possible across regions and prefers to break between
 *      words, so clause pauses in the audio line up with word boundaries.
 *   3. Within a region, phones share its time by weight (vowels longer than consonants), and then
 *      follow the syllables heard in the audio: vowels are matched in order to the peaks of the
 *      envelope and placed on them, the consonants between two vowels share the time between
 *      (see syllable-nuclei.ts). Where the envelope shows no clear peaks, the even layout stands.
 *   4. Silence (viseme 0) at the start when speech starts late, in every gap, and a closing
 *      silence event at the very end of the audio, so the track always spans the audio.
 */

/** RMS energy per frame; frame i covers [i·frameMs, (i+1)·frameMs). */
export interface EnergyEnvelope {
  frameMs: number;
  rms: ArrayLike<number>;
}

/** One word as spoken: its text (for word events) and its phones in order. */
export interface PhonemeWord {
  text: string;
  phones: readonly Phone[];
}

export interface Region {
  /** Milliseconds. */
  start: number;
  end: number;
}

export interface VoicedRegionOptions {
  /** Silent dips shorter than this are bridged (stop closures inside words). Default 100 ms. */
  minGapMs?: number;
  /** Voiced runs shorter than this are dropped (clicks). Default 40 ms. */
  minVoicedMs?: number;
}

export interface AlignOptions extends VoicedRegionOptions {
  /** Audio duration; defaults to the envelope's length. */
  durationMs?: number;
}

/** Share of a two-part phone's time given to its first part (the medial in iA, the glide in uai). */
const FIRST_PART_SHARE = 0.4;
/** A vowel this long (typical ms: stressed, long or a diphthong) surely has a syllable peak of its own. */
const STRONG_VOWEL_MS = 140;
/** Above this many DP cell evaluations, phones are spread by cumulative weight instead. */
const DP_BUDGET = 30_000_000;

/** How much voiced time a phone takes relative to others: its typical duration. */
export function phoneWeight(p: Phone): number {
  if (p.kind === 'pause' || !(p.ms > 0)) return 0;
  return p.ms;
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i] ?? 0;
}

/** The energy above which a frame counts as voiced: relative to the loud frames, above the floor. */
export function voicedThreshold(env: EnergyEnvelope): number {
  const values = Array.from(env.rms, (v) => (Number.isFinite(v) ? Math.abs(v) : 0)).sort((a, b) => a - b);
  const peak = percentile(values, 0.95);
  const floor = percentile(values, 0.05);
  // ~-28 dB below the loud frames, at least 3× the noise floor (capped so that a floor measured
  // inside speech cannot hide soft consonants), and never below -80 dBFS.
  return Math.max(1e-4, peak * 0.04, Math.min(floor * 3, peak * 0.25));
}

/** Voiced regions of the envelope in milliseconds, sorted and disjoint. */
export function findVoicedRegions(env: EnergyEnvelope, opts: VoicedRegionOptions = {}): Region[] {
  const minGap = opts.minGapMs ?? 100;
  const minVoiced = opts.minVoicedMs ?? 40;
  const n = env.rms.length;
  if (n === 0 || !(env.frameMs > 0)) return [];
  const thr = voicedThreshold(env);
  const runs: Region[] = [];
  let startFrame = -1;
  for (let i = 0; i <= n; i++) {
    const v = i < n ? (env.rms[i] ?? 0) : 0;
    const voiced = i < n && Number.isFinite(v) && Math.abs(v) > thr;
    if (voiced && startFrame < 0) startFrame = i;
    if (!voiced && startFrame >= 0) {
      runs.push({ start: startFrame * env.frameMs, end: i * env.frameMs });
      startFrame = -1;
    }
  }
  const bridged: Region[] = [];
  for (const r of runs) {
    const last = bridged[bridged.length - 1];
    if (last && r.start - last.end < minGap) last.end = r.end;
    else bridged.push({ ...r });
  }
  const kept = bridged.filter((r) => r.end - r.start >= minVoiced);
  if (kept.length === 0 && bridged.length > 0) {
    // Only blips: keep the longest rather than call the whole line silent.
    const longest = bridged.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    return [longest];
  }
  return kept;
}

interface FlatPhone {
  phone: Phone;
  weight: number;
  word: number;
}

/**
 * Assigns phones (in order) to regions (in order): returns, for each region, the index of its first
 * phone; region j holds phones [starts[j], starts[j+1]). Minimises Σ (w_j − d_j)² / d_j over regions
 * (w = share of phone weight, d = share of voiced time) plus a penalty for breaking inside a word.
 */
function assignPhones(phones: readonly FlatPhone[], regions: readonly Region[]): number[] {
  const n = phones.length;
  const m = regions.length;
  const totalW = phones.reduce((s, p) => s + p.weight, 0);
  const totalD = regions.reduce((s, r) => s + (r.end - r.start), 0);
  if (m === 1) return [0];
  const cum = [0];
  for (const p of phones) cum.push((cum[cum.length - 1] ?? 0) + p.weight / totalW);
  const share = regions.map((r) => (r.end - r.start) / totalD);

  if (m * n * n > DP_BUDGET) {
    // Too big for the DP: each phone goes where its midpoint falls on the voiced timeline.
    const starts = [0];
    let j = 0;
    let bound = share[0] ?? 1;
    for (let i = 0; i < n; i++) {
      const mid = ((cum[i] ?? 0) + (cum[i + 1] ?? 0)) / 2;
      while (j < m - 1 && mid > bound) {
        j++;
        starts.push(i);
        bound += share[j] ?? 0;
      }
    }
    while (starts.length < m) starts.push(n);
    return starts;
  }

  const wordBreak: boolean[] = [];
  for (let i = 0; i <= n; i++) {
    wordBreak.push(i === 0 || i === n || phones[i - 1]?.word !== phones[i]?.word);
  }
  const words = new Set(phones.map((p) => p.word)).size;
  // Breaking inside a word is worth it when snapping to a word edge would move the break by more
  // than half an average word.
  const splitPenalty = (0.5 / Math.max(1, words)) ** 2 * m;

  const INF = Number.POSITIVE_INFINITY;
  // dp[j][b]: best cost with regions 0..j holding phones [0, b).
  const dp: Float64Array[] = [];
  const from: Int32Array[] = [];
  for (let j = 0; j < m; j++) {
    dp.push(new Float64Array(n + 1).fill(INF));
    from.push(new Int32Array(n + 1).fill(-1));
  }
  const cost = (j: number, a: number, b: number): number => {
    const d = share[j] ?? 0;
    const w = (cum[b] ?? 0) - (cum[a] ?? 0);
    return ((w - d) * (w - d)) / Math.max(d, 1e-9) + (wordBreak[b] ? 0 : splitPenalty);
  };
  const dp0 = dp[0] as Float64Array;
  const from0 = from[0] as Int32Array;
  for (let b = 0; b <= n; b++) {
    dp0[b] = cost(0, 0, b);
    from0[b] = 0;
  }
  for (let j = 1; j < m; j++) {
    const prev = dp[j - 1] as Float64Array;
    const cur = dp[j] as Float64Array;
    const back = from[j] as Int32Array;
    const lastB = j === m - 1 ? n : 0;
    for (let b = lastB; b <= n; b++) {
      let best = INF;
      let arg = -1;
      for (let a = 0; a <= b; a++) {
        const p = prev[a] ?? INF;
        if (p === INF) continue;
        const c = p + cost(j, a, b);
        if (c < best) {
          best = c;
          arg = a;
        }
      }
      cur[b] = best;
      back[b] = arg;
    }
  }
  const starts = new Array<number>(m).fill(0);
  let b = n;
  for (let j = m - 1; j >= 1; j--) {
    const a = (from[j] as Int32Array)[b] ?? 0;
    starts[j] = a;
    b = a;
  }
  starts[0] = 0;
  return starts;
}

/** Where the most open part of a vowel's visemes lies, as a share of the vowel (0.5 for one part). */
function loudestPartCentre(visemes: readonly number[]): number {
  if (visemes.length <= 1) return 0.5;
  let best = 0;
  let bestOpen = -1;
  visemes.forEach((v, k) => {
    const open = mouthOpenness(visemePose(v));
    if (open > bestOpen) {
      bestOpen = open;
      best = k;
    }
  });
  if (best === 0) return FIRST_PART_SHARE / 2;
  const rest = (1 - FIRST_PART_SHARE) / (visemes.length - 1);
  return FIRST_PART_SHARE + rest * (best - 0.5);
}

function round(t: number): number {
  return Math.round(t);
}

/**
 * Builds a text-aligned timing track from words of phones and the audio's energy envelope.
 * The last viseme event is a silence at the end of the audio.
 */
export function alignTrack(words: readonly PhonemeWord[], env: EnergyEnvelope, opts: AlignOptions = {}): TimingTrack {
  const envDuration = env.rms.length * env.frameMs;
  const durationMs = Math.max(0, opts.durationMs ?? envDuration);
  const end = Math.floor(durationMs);
  const regions = findVoicedRegions(env, opts)
    .map((r) => ({ start: Math.min(r.start, durationMs), end: Math.min(r.end, durationMs) }))
    .filter((r) => r.end > r.start);

  const phones: FlatPhone[] = [];
  words.forEach((w, wi) => {
    for (const phone of w.phones) {
      const weight = phoneWeight(phone);
      if (weight > 0 && phone.visemes.length > 0) phones.push({ phone, weight, word: wi });
    }
  });

  const visemes: VisemeEvent[] = [];
  const push = (t: number, id: number) => {
    const rt = Math.min(end, Math.max(0, round(t)));
    const last = visemes[visemes.length - 1];
    if (last && last.t === rt) {
      // A later event at the same millisecond replaces a zero-length one.
      visemes.pop();
      const before = visemes[visemes.length - 1];
      if (before && before.id === id) return;
      visemes.push({ t: rt, id });
      return;
    }
    if (last && last.id === id) return;
    visemes.push({ t: rt, id });
  };

  // Start and end times of every phone; words are timed from their phones.
  const phoneStart = new Array<number>(phones.length).fill(0);
  const phoneEnd = new Array<number>(phones.length).fill(0);

  if (regions.length === 0 || phones.length === 0) {
    push(0, 0);
    if (phones.length === 0) {
      // Voiced audio but nothing to say it with: open and close the mouth syllable by syllable.
      for (const r of regions) {
        const syllables = Math.max(1, Math.round((r.end - r.start) / 160));
        const len = (r.end - r.start) / syllables;
        for (let s = 0; s < syllables; s++) push(r.start + s * len, s % 2 === 0 ? 1 : 19);
        push(r.end, 0);
      }
    }
    // Silent audio with phones: the mouth stays shut; words still progress for captions.
    return {
      source: 'text-aligned',
      durationMs,
      visemes: closeTrack(visemes, end),
      words: spreadWords(words, regions.length > 0 ? regions : [{ start: 0, end: durationMs }]),
    };
  }

  const starts = assignPhones(phones, regions);
  if ((regions[0]?.start ?? 0) > 0) push(0, 0);
  regions.forEach((r, j) => {
    const a = starts[j] ?? 0;
    const b = starts[j + 1] ?? phones.length;
    // Phones end to end on the weight timeline, then warped so that vowels sit on the nuclei.
    let w = 0;
    const vowels: VowelSpan[] = [];
    for (let i = a; i < b; i++) {
      const p = phones[i] as FlatPhone;
      if (p.phone.kind === 'vowel') {
        vowels.push({ start: w, end: w + p.weight, centre: w + p.weight * loudestPartCentre(p.phone.visemes), strength: p.weight / STRONG_VOWEL_MS });
      }
      w += p.weight;
    }
    const anchors = nucleusWarp(vowels, findNuclei(env.rms, env.frameMs, r.start, r.end, vowels.length), w, r.start, r.end);
    const at = (x: number) => warpTime(anchors, x);
    let x = 0;
    for (let i = a; i < b; i++) {
      const p = phones[i] as FlatPhone;
      const t = at(x);
      phoneStart[i] = t;
      phoneEnd[i] = at(x + p.weight);
      const parts = p.phone.visemes;
      push(t, parts[0] ?? 0);
      const rest = (p.weight * (1 - FIRST_PART_SHARE)) / Math.max(1, parts.length - 1);
      for (let k = 1; k < parts.length; k++) push(at(x + p.weight * FIRST_PART_SHARE + rest * (k - 1)), parts[k] ?? 0);
      x += p.weight;
    }
    // Silence at the region's end: a closing vowel that peaked early holds while the voice fades.
    push(r.end, 0);
  });

  const wordEvents: WordEvent[] = [];
  let pi = 0;
  let lastEnd = regions[0]?.start ?? 0;
  words.forEach((word, wi) => {
    let first = -1;
    let last = -1;
    while (pi < phones.length && phones[pi]?.word === wi) {
      if (first < 0) first = pi;
      last = pi;
      pi++;
    }
    const t = first >= 0 ? (phoneStart[first] ?? lastEnd) : lastEnd;
    const e = last >= 0 ? (phoneEnd[last] ?? t) : t;
    wordEvents.push({ text: word.text, t: round(Math.min(t, end)), d: Math.max(0, round(Math.min(e, end)) - round(Math.min(t, end))) });
    lastEnd = e;
  });

  return { source: 'text-aligned', durationMs, visemes: closeTrack(visemes, end), words: wordEvents };
}

/** Ends the track with silence at the end of the audio. */
function closeTrack(visemes: VisemeEvent[], end: number): VisemeEvent[] {
  if (visemes.length === 0) return [{ t: 0, id: 0 }, ...(end > 0 ? [{ t: end, id: 0 }] : [])];
  const last = visemes[visemes.length - 1] as VisemeEvent;
  // Already silent a moment before the end: move that silence to the end rather than repeat it.
  if (last.id === 0 && end - last.t <= 20 && visemes.length > 1) visemes[visemes.length - 1] = { t: end, id: 0 };
  else if (last.t < end) visemes.push({ t: end, id: 0 });
  else if (last.id !== 0) visemes[visemes.length - 1] = { t: end, id: 0 };
  return visemes;
}

/** Words spread over regions by phone weight (used when there is nothing to align to). */
function spreadWords(words: readonly PhonemeWord[], regions: readonly Region[]): WordEvent[] {
  const weights = words.map((w) => Math.max(1, w.phones.reduce((s, p) => s + phoneWeight(p), 0)));
  const total = weights.reduce((s, w) => s + w, 0);
  const start = regions[0]?.start ?? 0;
  const stop = regions[regions.length - 1]?.end ?? start;
  let t = start;
  return words.map((w, i) => {
    const d = total > 0 ? ((stop - start) * (weights[i] ?? 0)) / total : 0;
    const ev = { text: w.text, t: round(t), d: round(t + d) - round(t) };
    t += d;
    return ev;
  });
}

// ── Text-only estimation (no phonemes): engines without phoneme output, or when espeak fails ──

const HAN = /\p{Script=Han}/u;
/** A Han character, or a run of letters/digits (with inner apostrophes, dots and hyphens). */
const WORD = /\p{Script=Han}|(?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+(?:['’.-](?:(?!\p{Script=Han})[\p{L}\p{M}\p{N}])+)*/gu;

/** The words of a text, as captions would show them: each Han character, each Latin/digit run. */
export function splitTextWords(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Whether a text is (mostly) Chinese: it contains Han characters. */
export function hasHan(text: string): boolean {
  return HAN.test(text);
}

const C = (v: number): Phone => ({ symbol: '', kind: 'consonant', visemes: [v], ms: v === 21 || v === 19 || v === 20 ? 60 : 80 });
const V = (v: number): Phone => ({ symbol: '', kind: 'vowel', visemes: [v], ms: 125 });

// Deterministic stand-ins for a Han syllable's initial and final, chosen by code point so that
// neighbouring characters differ.
const HAN_INITIALS = [21, 19, 20, 16, 15, 12, 14, 18, 6, 7, 19, 16, 13];
const HAN_FINALS = [2, 1, 8, 6, 7, 4, 11, 9, 1, 2];

function hanSyllable(ch: string): Phone[] {
  const cp = ch.codePointAt(0) ?? 0;
  return [C(HAN_INITIALS[cp % HAN_INITIALS.length] ?? 19), V(HAN_FINALS[Math.floor(cp / 7) % HAN_FINALS.length] ?? 1)];
}

const VOWEL_GROUPS: ReadonlyArray<readonly [string, number]> = [
  ['ou', 9], ['ow', 9], ['oi', 10], ['oy', 10], ['ai', 4], ['ay', 4], ['ee', 6], ['ea', 6], ['ie', 6], ['oo', 7],
  ['ei', 4], ['ey', 4], ['au', 3], ['aw', 3], ['oa', 8], ['ue', 7], ['ui', 7],
  ['a', 1], ['e', 4], ['i', 6], ['o', 8], ['u', 7], ['y', 6],
];
const CONSONANT_GROUPS: ReadonlyArray<readonly [string, number]> = [
  ['th', 17], ['sh', 16], ['ch', 16], ['ph', 18], ['ng', 20], ['ck', 20], ['wh', 7], ['qu', 20],
  ['b', 21], ['m', 21], ['p', 21], ['f', 18], ['v', 18], ['d', 19], ['t', 19], ['n', 19],
  ['k', 20], ['c', 20], ['g', 20], ['q', 20], ['x', 20], ['s', 15], ['z', 15], ['j', 16],
  ['l', 14], ['r', 13], ['h', 12], ['w', 7],
];

/** Rough letters → phones for a Latin word: vowel groups are syllable nuclei. */
function latinPhones(word: string): Phone[] {
  let w = word.toLowerCase().normalize('NFD').replace(/[^a-z]/g, '');
  // Silent final e ("make", "home"), when another vowel remains.
  if (/[^aeiouy]e$/.test(w) && /[aeiouy]/.test(w.slice(0, -1))) w = w.slice(0, -1);
  const out: Phone[] = [];
  let i = 0;
  while (i < w.length) {
    const rest = w.slice(i);
    const isVowelPos = /^[aeiou]/.test(rest) || (rest.startsWith('y') && i > 0);
    const groups = isVowelPos ? VOWEL_GROUPS : CONSONANT_GROUPS;
    const g = groups.find(([s]) => rest.startsWith(s));
    if (g) {
      const prev = out[out.length - 1];
      const phone = isVowelPos ? V(g[1]) : C(g[1]);
      // Doubled letters ("ll", "ss") are one sound.
      if (!(prev && prev.kind === phone.kind && prev.visemes[0] === g[1] && !isVowelPos)) out.push(phone);
      i += g[0].length;
    } else {
      // "y" at the start of a word, or letters we have no group for.
      out.push(rest.startsWith('y') ? C(6) : C(19));
      i++;
    }
  }
  if (out.length > 0 && !out.some((p) => p.kind === 'vowel')) {
    // Acronyms and consonant-only tokens ("TV", "hmm") are spelt out or hummed: give them a vowel.
    out.splice(1, 0, V(1));
  }
  return out;
}

// Digits: one syllable each in Chinese ("yī", "èr"…), closer to one and a half in English.
const ZH_DIGITS: readonly Phone[][] = [
  [C(14), V(6)], [V(6)], [V(5)], [C(15), V(2)], [C(15), V(6)], [V(7)], [C(14), V(6), V(8)], [C(16), V(6)], [C(21), V(2)], [C(16), V(6), V(8)],
];
const EN_DIGITS: readonly Phone[][] = [
  [C(15), V(6), C(13), V(8)], [C(7), V(1), C(19)], [C(19), V(7)], [C(17), C(13), V(6)], [C(18), V(3), C(13)],
  [C(18), V(11), C(18)], [C(15), V(6), C(20), C(15)], [C(15), V(4), C(18), V(1), C(19)], [V(4), C(19)], [C(19), V(11), C(19)],
];

/** Estimated phones of one text word (see splitTextWords). */
export function estimateWordPhones(word: string, locale: Locale | string): Phone[] {
  const zh = String(locale).toLowerCase().startsWith('zh');
  const out: Phone[] = [];
  for (const part of word.match(/\p{Script=Han}|\p{N}|[^\p{Script=Han}\p{N}]+/gu) ?? []) {
    if (HAN.test(part)) out.push(...hanSyllable(part));
    else if (/^\p{N}$/u.test(part)) {
      const d = Number.parseInt(part, 10);
      const table = zh ? ZH_DIGITS : EN_DIGITS;
      out.push(...(Number.isNaN(d) ? [V(1)] : (table[d] ?? [V(1)])));
    } else out.push(...latinPhones(part));
  }
  return out;
}

/**
 * The phoneme-free fallback: words of a text with phones estimated from spelling (one syllable per
 * Han character; vowel groups for Latin words). Emoji and punctuation are not words.
 */
export function estimateTextWords(text: string, locale: Locale | string): PhonemeWord[] {
  return splitTextWords(text).map((w) => ({ text: w, phones: estimateWordPhones(w, locale) }));
}

/** Estimated syllable count of a text (vowel nuclei of the estimated phones). */
export function estimateSyllables(text: string, locale: Locale | string): number {
  return estimateTextWords(text, locale).reduce((n, w) => n + w.phones.filter((p) => p.kind === 'vowel').length, 0);
}

/** Substitution cost between two phones: same viseme 0, same kind 0.5, else 1. */
function phoneDistance(a: Phone, b: Phone): number {
  if ((a.visemes[0] ?? -1) === (b.visemes[0] ?? -2)) return 0;
  return a.kind === b.kind ? 0.5 : 1;
}

/**
 * Edit distances between `x` and every prefix of y[from, to): the last row of the edit-distance
 * table, so that one pass prices all the ways one text word could cover several spoken words.
 */
function editRow(x: readonly Phone[], y: readonly Phone[], from: number, to: number): Float64Array {
  const len = to - from;
  let prev = new Float64Array(len + 1);
  for (let j = 0; j <= len; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    const cur = new Float64Array(len + 1);
    cur[0] = i;
    const xi = x[i - 1] as Phone;
    for (let j = 1; j <= len; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + phoneDistance(xi, y[from + j - 1] as Phone));
    }
    prev = cur;
  }
  return prev;
}

/** Normalised edit distance (0..1) between two phone sequences. */
function sequenceDistance(x: readonly Phone[], y: readonly Phone[]): number {
  if (x.length === 0 || y.length === 0) return x.length === y.length ? 0 : 1;
  return (editRow(x, y, 0, y.length)[y.length] ?? 0) / Math.max(x.length, y.length);
}

/** One text word may cover up to this many spoken words ("1999" → "one thousand nine hundred …"). */
const MAX_EXPANSION = 8;
/** Up to this many text words may share one spoken word. */
const MAX_MERGE = 3;
const MOVE_PENALTY = 0.3;
const UNMATCHED_COST = 1.5;
/** How far (in words, beyond the difference in counts) the pairing may stray from the diagonal. */
const PAIR_BAND = 40;
/** Above these sizes words are paired by relative position instead. */
const PAIR_MAX_CELLS = 4_000_000;
const PAIR_MAX_BAND_CELLS = 400_000;

/** A word as an engine spoke it (its phones), and a clause of such words. */
export type SpokenWord = readonly Phone[];
export type SpokenClause = readonly SpokenWord[];

/** Clause ends in the text: CJK punctuation, and Latin punctuation followed by a space or the end. */
const CLAUSE_END = /[，。！？；：、…\n]+|[,.!?;:]+(?=\s|$)/u;

/** The text cut into clauses at punctuation (empty clauses dropped). */
export function splitClauses(text: string): string[] {
  return text
    .split(new RegExp(CLAUSE_END.source, 'gu'))
    .map((c) => c.trim())
    .filter((c) => splitTextWords(c).length > 0);
}

function syllableCount(phones: readonly Phone[]): number {
  return phones.filter((p) => p.kind === 'vowel').length;
}

const ALL_HAN = /^\p{Script=Han}+$/u;

/**
 * How badly text words match spoken words (0 = well). Han characters are one syllable each, so
 * for them we compare syllable counts (a character says nothing else about its sound); for other
 * words, the spelling-based phones are compared with the spoken ones.
 */
function matchDistance(text: readonly PhonemeWord[], spoken: readonly Phone[]): number {
  if (text.every((w) => ALL_HAN.test(w.text))) {
    const expected = text.reduce((n, w) => n + [...w.text].length, 0);
    const actual = syllableCount(spoken);
    return Math.abs(expected - actual) / Math.max(expected, actual, 1);
  }
  return sequenceDistance(
    text.flatMap((w) => w.phones),
    spoken,
  );
}

/**
 * Pairs the words of the text with the words an engine spoke (e.g. espeak's, one clause per line),
 * which need not match one to one: a number is spoken as several words, emoji as their names,
 * espeak's Mandarin speaks syllables. When the text has as many clauses as the engine spoke, clauses
 * are paired first; within a clause a small sequence alignment does the rest. Spoken words left
 * without text join the previous word; text words left without sound join a neighbour.
 */
export function pairTextWithPhones(text: string, spoken: readonly SpokenClause[], locale: Locale | string): PhonemeWord[] {
  const clauses = spoken.map((c) => c.filter((w) => w.length > 0)).filter((c) => c.length > 0);
  const groups = clauses.flat();
  const textWords = estimateTextWords(text, locale);
  if (groups.length === 0) return textWords.map((w) => ({ text: w.text, phones: [] }));
  if (textWords.length === 0) return [{ text: text.trim().replace(/\s+/g, ' '), phones: groups.flat() }];
  const textClauses = splitClauses(text);
  if (clauses.length > 1 && textClauses.length === clauses.length) {
    return textClauses.flatMap((c, i) => pairWords(estimateTextWords(c, locale), clauses[i] ?? []));
  }
  return pairWords(textWords, groups);
}

function pairWords(textWords: readonly PhonemeWord[], groups: readonly SpokenWord[]): PhonemeWord[] {
  if (groups.length === 0) return textWords.map((w) => ({ text: w.text, phones: [] }));
  if (textWords.length === 0) return [{ text: '', phones: groups.flat() }];
  const n = textWords.length;
  const m = groups.length;
  const band = PAIR_BAND + Math.abs(n - m);
  if ((n + 1) * (m + 1) > PAIR_MAX_CELLS || (n + 1) * Math.min(m + 1, 2 * band + 1) > PAIR_MAX_BAND_CELLS) {
    return pairProportionally(textWords, groups);
  }

  const flat = groups.flat();
  const gStart = [0];
  const gSyllables = [0];
  for (const g of groups) {
    gStart.push((gStart[gStart.length - 1] ?? 0) + g.length);
    gSyllables.push((gSyllables[gSyllables.length - 1] ?? 0) + syllableCount(g));
  }
  const hanChars = textWords.map((w) => (ALL_HAN.test(w.text) ? [...w.text].length : 0));

  // cost[i][j]: best cost of pairing text words [0, i) with spoken words [0, j); move = a·16 + b.
  const INF = Number.POSITIVE_INFINITY;
  const cost: Float64Array[] = Array.from({ length: n + 1 }, () => new Float64Array(m + 1).fill(INF));
  const move: Int8Array[] = Array.from({ length: n + 1 }, () => new Int8Array(m + 1).fill(-1));
  (cost[0] as Float64Array)[0] = 0;
  const relax = (i: number, j: number, a: number, b: number, c: number) => {
    const from = (cost[i] as Float64Array)[j] ?? INF;
    const row = cost[i + a] as Float64Array;
    if (from + c < (row[j + b] ?? INF)) {
      row[j + b] = from + c;
      (move[i + a] as Int8Array)[j + b] = a * 16 + b;
    }
  };
  for (let i = 0; i <= n; i++) {
    const centre = (i * m) / n;
    const lo = Math.max(0, Math.floor(centre) - band);
    const hi = Math.min(m, Math.ceil(centre) + band);
    for (let j = lo; j <= hi; j++) {
      if (((cost[i] as Float64Array)[j] ?? INF) === INF) continue;
      if (j < m) relax(i, j, 0, 1, UNMATCHED_COST);
      if (i < n) relax(i, j, 1, 0, UNMATCHED_COST);
      if (i >= n || j >= m) continue;
      // One text word → b spoken words.
      const maxB = Math.min(MAX_EXPANSION, m - j);
      const han = hanChars[i] ?? 0;
      const x = (textWords[i] as PhonemeWord).phones;
      const row = han > 0 ? null : editRow(x, flat, gStart[j] ?? 0, gStart[j + maxB] ?? 0);
      for (let b = 1; b <= maxB; b++) {
        let d: number;
        if (han > 0) {
          const syl = (gSyllables[j + b] ?? 0) - (gSyllables[j] ?? 0);
          d = Math.abs(han - syl) / Math.max(han, syl, 1);
        } else {
          const len = (gStart[j + b] ?? 0) - (gStart[j] ?? 0);
          d = x.length === 0 || len === 0 ? (x.length === len ? 0 : 1) : (row?.[len] ?? len) / Math.max(x.length, len);
        }
        relax(i, j, 1, b, d * ((1 + b) / 2) + MOVE_PENALTY * (b - 1));
      }
      // a text words → one spoken word.
      for (let a = 2; a <= MAX_MERGE && i + a <= n; a++) {
        const d = matchDistance(textWords.slice(i, i + a), groups[j] ?? []);
        relax(i, j, a, 1, d * ((a + 1) / 2) + MOVE_PENALTY * (a - 1));
      }
    }
  }
  if (((cost[n] as Float64Array)[m] ?? INF) === INF) return pairProportionally(textWords, groups);

  const steps: (readonly [number, number])[] = [];
  for (let i = n, j = m; i > 0 || j > 0; ) {
    const code = (move[i] as Int8Array)[j] ?? -1;
    if (code < 0) return pairProportionally(textWords, groups); // unreachable once cost[n][m] is finite
    const step = [code >> 4, code & 15] as const;
    steps.push(step);
    i -= step[0];
    j -= step[1];
  }
  steps.reverse();

  const out: PhonemeWord[] = [];
  let pendingText: string[] = [];
  let pendingPhones: Phone[] = [];
  let i = 0;
  let j = 0;
  for (const [a, b] of steps) {
    const texts = textWords.slice(i, i + a).map((w) => w.text);
    const phones = groups.slice(j, j + b).flat();
    i += a;
    j += b;
    const prev = out[out.length - 1];
    if (a === 0) {
      // Spoken but not in the text: the previous word says it (or the next one, at the start).
      if (prev) prev.phones = [...prev.phones, ...phones];
      else pendingPhones.push(...phones);
    } else if (b === 0) {
      if (prev) prev.text = joinWords([prev.text, ...texts]);
      else pendingText.push(...texts);
    } else {
      out.push({ text: joinWords([...pendingText, ...texts]), phones: [...pendingPhones, ...phones] });
      pendingText = [];
      pendingPhones = [];
    }
  }
  if (out.length === 0) return [{ text: joinWords(pendingText), phones: pendingPhones }];
  return out;
}

/** Joins caption words: no space next to Han characters, a space between Latin words. */
function joinWords(words: readonly string[]): string {
  let s = '';
  for (const w of words) {
    if (s && !hasHan(s.slice(-1)) && !hasHan(w.slice(0, 1))) s += ' ';
    s += w;
  }
  return s;
}

/** Each spoken word goes to the text word at the same relative position (for very long texts). */
function pairProportionally(textWords: readonly PhonemeWord[], groups: readonly SpokenWord[]): PhonemeWord[] {
  const tw = textWords.map((w) => Math.max(50, w.phones.reduce((s, p) => s + phoneWeight(p), 0)));
  const gw = groups.map((g) => Math.max(1e-6, g.reduce((s, p) => s + phoneWeight(p), 0)));
  const tTotal = tw.reduce((s, w) => s + w, 0);
  const gTotal = gw.reduce((s, w) => s + w, 0);
  const assigned: Phone[][] = textWords.map(() => []);
  let tAcc = tw[0] ?? 0;
  let gAcc = 0;
  let ti = 0;
  groups.forEach((g, gi) => {
    const mid = (gAcc + (gw[gi] ?? 0) / 2) / gTotal;
    gAcc += gw[gi] ?? 0;
    while (ti < textWords.length - 1 && mid > tAcc / tTotal) {
      ti++;
      tAcc += tw[ti] ?? 0;
    }
    (assigned[ti] as Phone[]).push(...g);
  });
  const out: PhonemeWord[] = [];
  let pending: string[] = [];
  textWords.forEach((w, i) => {
    const phones = assigned[i] ?? [];
    const prev = out[out.length - 1];
    if (phones.length > 0) {
      out.push({ text: joinWords([...pending, w.text]), phones });
      pending = [];
    } else if (prev) prev.text = joinWords([prev.text, w.text]);
    else pending.push(w.text);
  });
  return out;
}
