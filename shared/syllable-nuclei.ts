/**
 * Syllable nuclei: where, inside one voiced region, the vowels are actually heard, and a time warp
 * that moves text-aligned phones onto them. Pure and deterministic.
 *
 *   1. Nuclei are the prominent local maxima of the smoothed log RMS energy. A peak's prominence
 *      (dB above the higher of the two valleys that separate it from higher ground, or from the
 *      region's edge) says how sure we are that it is a syllable.
 *   2. Vowels (one per syllable: a Mandarin final, an English vowel or diphthong) are matched to
 *      nuclei in order by a dynamic programme that keeps the local speaking rate between matched
 *      vowels close to the region's mean rate, and tolerates vowels without a peak (short, reduced
 *      vowels, vowels merged into their neighbour's peak) and peaks without a vowel (a loud
 *      consonant, a split vowel) at a price.
 *   3. The matches are anchors of a piecewise-linear warp from the weight timeline (phones laid end
 *      to end by typical duration) to audio time: every vowel's loudest part lands on its peak, and
 *      the consonants between two vowels share the time between them as before. The warp is
 *      increasing, so phones and words stay in order.
 */

/** One candidate syllable nucleus. */
export interface Nucleus {
  /** Milliseconds (sub-frame, from a parabola through the peak). */
  t: number;
  /** Prominence in dB. */
  prominence: number;
}

/** A vowel on the weight timeline (phones end to end by typical duration). */
export interface VowelSpan {
  start: number;
  end: number;
  /** Where its loudest part is centred (start ≤ centre ≤ end). */
  centre: number;
  /** 0..1: how surely it has a syllable peak of its own (1 = stressed, long). */
  strength: number;
}

/** A point of the warp: weight-timeline position → audio time (ms). */
export interface WarpAnchor {
  w: number;
  t: number;
}

/** Peaks less prominent than this (dB) are not nuclei. */
const MIN_PROMINENCE_DB = 1.5;
/** A peak this prominent (dB) is surely a syllable: skipping it costs the most. */
const FULL_PROMINENCE_DB = 8;
/**
 * Half-width of the (triangular) smoothing window, as a share of the mean time per syllable, within
 * bounds (ms): ripples within a vowel are not syllables, but fast speech must keep its syllables apart.
 */
const SMOOTH_SHARE = 0.2;
const MIN_SMOOTH_HALF_MS = 15;
const MAX_SMOOTH_HALF_MS = 40;
/**
 * Price of a strong vowel heard without a peak of its own (relative to the rate cost, ≈ (ln ratio)²);
 * weaker vowels (reduced, short) cost less by the square of their strength.
 */
const SKIP_VOWEL_COST = 1.2;
/** Price of skipping the surest peak; less prominent peaks cost proportionally less. */
const SKIP_PEAK_COST = 1.2;
/** Matches may skip at most this many vowels or peaks between them. */
const MAX_SKIP = 3;
/** Local rate may differ from the region's mean by at most this factor between two anchors. */
const MAX_RATE_RATIO = 4;
/** A vowel is matched only to peaks within this far of its even-rate position: a share of the region, within bounds (ms). */
const BAND_SHARE = 0.35;
const MIN_BAND_MS = 800;
const MAX_BAND_MS = 3000;
/** Rate cost factor for a region's edge that has more time than its phones need. */
const EDGE_SLACK = 0.25;
const FLOOR = 1e-5;
/** Depth (dB below the region's loudest frame) below which the envelope counts as silence. */
const FLOOR_DB = 30;

/**
 * Candidate nuclei inside [startMs, endMs) of an envelope (frame i covers [i·frameMs, (i+1)·frameMs)),
 * sorted by time. `syllables`: how many the text says are spoken there (sets the smoothing).
 */
export function findNuclei(values: ArrayLike<number>, frameMs: number, startMs: number, endMs: number, syllables = 0): Nucleus[] {
  const first = Math.max(0, Math.floor(startMs / frameMs));
  const last = Math.min(values.length, Math.ceil(endMs / frameMs));
  const n = last - first;
  if (n < 3 || !(frameMs > 0)) return [];
  const perSyllable = syllables > 0 ? (endMs - startMs) / syllables : Number.POSITIVE_INFINITY;
  const halfMs = Math.max(MIN_SMOOTH_HALF_MS, Math.min(MAX_SMOOTH_HALF_MS, SMOOTH_SHARE * perSyllable));
  const half = Math.max(1, Math.round(halfMs / frameMs));
  const db = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    let c = 0;
    for (let k = -half; k <= half; k++) {
      const j = first + i + k;
      if (j < first || j >= last) continue;
      const v = values[j] ?? 0;
      // Triangular window: the centre counts most.
      const wgt = half + 1 - Math.abs(k);
      s += (Number.isFinite(v) ? Math.abs(v) : 0) * wgt;
      c += wgt;
    }
    db[i] = 20 * Math.log10(Math.max(FLOOR, s / c));
  }
  // Closures and digital silence inside the region would make every neighbouring peak look
  // prominent: nothing counts as deeper than FLOOR_DB below the region's loudest frame.
  let top = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) top = Math.max(top, db[i] ?? 0);
  for (let i = 0; i < n; i++) db[i] = Math.max(top - FLOOR_DB, db[i] ?? 0);
  // Local maxima (a plateau counts once, at its middle).
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = db[i] ?? 0;
    if (i > 0 && (db[i - 1] ?? 0) >= v) continue;
    let j = i;
    while (j + 1 < n && (db[j + 1] ?? 0) === v) j++;
    if (j + 1 < n && (db[j + 1] ?? 0) > v) continue;
    peaks.push(Math.floor((i + j) / 2));
    i = j;
  }
  const out: Nucleus[] = [];
  for (const p of peaks) {
    const h = db[p] ?? 0;
    // Prominence: height above the higher of the two valleys on the way to higher ground (or to
    // the region's edge).
    let left = h;
    for (let i = p - 1; i >= 0; i--) {
      const v = db[i] ?? 0;
      if (v > h) break;
      if (v < left) left = v;
    }
    let right = h;
    for (let i = p + 1; i < n; i++) {
      const v = db[i] ?? 0;
      if (v > h) break;
      if (v < right) right = v;
    }
    const prominence = h - Math.max(left, right);
    if (!(prominence >= MIN_PROMINENCE_DB)) continue;
    // Parabolic interpolation of the peak's position between frames.
    const a = db[p - 1] ?? h;
    const c = db[p + 1] ?? h;
    const den = a - 2 * h + c;
    const delta = den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : 0;
    out.push({ t: (first + p + 0.5 + delta) * frameMs, prominence });
  }
  return out;
}

/**
 * Matches vowels (in order, inside [0, totalWeight] on the weight timeline) to nuclei (times inside
 * (startMs, endMs), increasing), in order. Returns the warp anchors from weight 0 to totalWeight,
 * strictly increasing in weight and never decreasing in time, inside [startMs, endMs]: each matched
 * vowel is laid out at one local rate around its peak, so that the middle of its loudest part
 * (where the mouth is most open) is on the peak. A vowel that opens the region may start after
 * startMs; one that closes it may end before endMs. No match: the straight line from (0, startMs)
 * to (totalWeight, endMs).
 */
export function nucleusWarp(vowels: readonly VowelSpan[], nuclei: readonly Nucleus[], totalWeight: number, startMs: number, endMs: number): WarpAnchor[] {
  const vowelCentres = Float64Array.from(vowels, (v) => v.centre);
  const ends: WarpAnchor[] = [
    { w: 0, t: startMs },
    { w: totalWeight, t: endMs },
  ];
  const K = vowelCentres.length;
  const peaks = nuclei.filter((p) => p.t > startMs && p.t < endMs);
  const P = peaks.length;
  if (K === 0 || P === 0 || !(totalWeight > 0) || !(endMs > startMs)) return ends;
  const rate = (endMs - startMs) / totalWeight;
  const peakT = Float64Array.from(peaks, (p) => p.t);
  const peakCost = peaks.map((p) => SKIP_PEAK_COST * Math.min(1, p.prominence / FULL_PROMINENCE_DB));
  const peakCum = [0];
  for (const c of peakCost) peakCum.push((peakCum[peakCum.length - 1] ?? 0) + c);
  // Cost of the rate between two anchors; Infinity when they are out of order or the rate is absurd.
  const segment = (w1: number, t1: number, w2: number, t2: number): number => {
    const dw = w2 - w1;
    const dt = t2 - t1;
    if (!(dw > 0) || !(dt > 0)) return Number.POSITIVE_INFINITY;
    // x + 1/x − 2 ≈ (ln x)² near 1, symmetric in x ↔ 1/x, and cheaper than a logarithm.
    const x = dt / (dw * rate);
    if (x > MAX_RATE_RATIO || x * MAX_RATE_RATIO < 1) return Number.POSITIVE_INFINITY;
    return x + 1 / x - 2;
  };
  const vowelCum = [0];
  for (let k = 0; k < K; k++) vowelCum.push((vowelCum[k] ?? 0) + SKIP_VOWEL_COST * Math.max(0, Math.min(1, vowels[k]?.strength ?? 1)) ** 2);
  // Vowels skipped strictly between indices a and b (-1 = start, K = end).
  const skippedVowels = (a: number, b: number) => (vowelCum[b] ?? 0) - (vowelCum[a + 1] ?? 0);
  // The stretches before the first and after the last match: a region's edges often hold breath,
  // a trailing consonant or the voice fading, so more time than the phones need costs little there.
  const edge = (w1: number, t1: number, w2: number, t2: number): number => {
    const dw = w2 - w1;
    const dt = t2 - t1;
    if (!(dt > dw * rate) || !(dw > 0)) return segment(w1, t1, w2, t2);
    const x = dt / (dw * rate);
    return EDGE_SLACK * (x + 1 / x - 2);
  };
  // Peaks skipped strictly between indices a and b (a < b; -1 = start, P = end).
  const skippedPeaks = (a: number, b: number) => (peakCum[b] ?? 0) - (peakCum[a + 1] ?? 0);

  const INF = Number.POSITIVE_INFINITY;
  // Vowel k may only match peaks near where the even-rate layout puts it (a band, so that long
  // regions stay linear in size): states of vowel k are peaks [lo[k], hi[k]).
  const band = Math.min(MAX_BAND_MS, Math.max(MIN_BAND_MS, BAND_SHARE * (endMs - startMs)));
  const lo = new Int32Array(K);
  const hi = new Int32Array(K);
  const offset = new Int32Array(K + 1);
  const firstPeakAfter = (t: number) => {
    let a = 0;
    let b = P;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((peakT[mid] ?? 0) < t) a = mid + 1;
      else b = mid;
    }
    return a;
  };
  for (let k = 0; k < K; k++) {
    const expected = startMs + (vowelCentres[k] ?? 0) * rate;
    lo[k] = firstPeakAfter(expected - band);
    hi[k] = Math.max(lo[k] ?? 0, firstPeakAfter(expected + band));
    offset[k + 1] = (offset[k] ?? 0) + (hi[k] ?? 0) - (lo[k] ?? 0);
  }
  const states = offset[K] ?? 0;
  // best[s]: cost of the best path whose last match is state s (vowel k ↔ peak j); from: the
  // previous state (-1 = the region's start).
  const best = new Float64Array(states).fill(INF);
  const from = new Int32Array(states).fill(-1);
  const stateVowel = new Int32Array(states);
  const statePeak = new Int32Array(states);
  for (let k = 0; k < K; k++) {
    const wk = vowelCentres[k] ?? 0;
    for (let j = lo[k] ?? 0; j < (hi[k] ?? 0); j++) {
      const s = (offset[k] ?? 0) + j - (lo[k] ?? 0);
      stateVowel[s] = k;
      statePeak[s] = j;
      const tj = peakT[j] ?? 0;
      // From the start: vowels [0, k) and peaks [0, j) skipped.
      let b = edge(0, startMs, wk, tj) + skippedVowels(-1, k) + skippedPeaks(-1, j);
      let f = -1;
      for (let k0 = Math.max(0, k - MAX_SKIP - 1); k0 < k; k0++) {
        const dw = (wk - (vowelCentres[k0] ?? 0)) * rate;
        if (!(dw > 0)) continue;
        const vowelsSkipped = skippedVowels(k0, k);
        const j0Lo = Math.max(lo[k0] ?? 0, j - MAX_SKIP - 1);
        const j0Hi = Math.min(hi[k0] ?? 0, j);
        const base = (offset[k0] ?? 0) - (lo[k0] ?? 0);
        for (let j0 = j0Lo; j0 < j0Hi; j0++) {
          const prev = best[base + j0] ?? INF;
          if (prev === INF) continue;
          // segment(), inlined: this is the hot loop.
          const x = (tj - (peakT[j0] ?? 0)) / dw;
          if (x > MAX_RATE_RATIO || x * MAX_RATE_RATIO < 1) continue;
          const c = prev + x + 1 / x - 2 + vowelsSkipped + skippedPeaks(j0, j);
          if (c < b) {
            b = c;
            f = base + j0;
          }
        }
      }
      best[s] = b;
      from[s] = f;
    }
  }
  // To the end; the path with no match at all is the baseline.
  let total = segment(0, startMs, totalWeight, endMs) + skippedVowels(-1, K) + skippedPeaks(-1, P);
  let last = -1;
  for (let s = 0; s < states; s++) {
    const b = best[s] ?? INF;
    if (b === INF) continue;
    const k = stateVowel[s] ?? 0;
    const j = statePeak[s] ?? 0;
    const c = b + edge(vowelCentres[k] ?? 0, (peaks[j] as Nucleus).t, totalWeight, endMs) + skippedVowels(k, K) + skippedPeaks(j, P);
    if (c < total) {
      total = c;
      last = s;
    }
  }
  const matched: WarpAnchor[] = [];
  const matchedVowel: number[] = [];
  for (let s = last; s >= 0; s = from[s] ?? -1) {
    matched.push({ w: vowelCentres[stateVowel[s] ?? 0] ?? 0, t: (peaks[statePeak[s] ?? 0] as Nucleus).t });
    matchedVowel.push(stateVowel[s] ?? 0);
  }
  matched.reverse();
  matchedVowel.reverse();
  const centres = [ends[0] as WarpAnchor, ...matched, ends[1] as WarpAnchor];
  // Each matched vowel at the slower of its two neighbouring rates: it fits on both sides (the
  // warp stays increasing) and its middle stays on the peak.
  const anchors: WarpAnchor[] = [ends[0] as WarpAnchor];
  // Two anchors at one weight (no consonant between two vowels): meet halfway. A vowel that opens
  // or closes the region keeps its own time: the mouth then opens later or closes earlier than the
  // region's edge (a breath, a fading voice).
  const add = (a: WarpAnchor, keep: 'both' | 'new' | 'old') => {
    const prev = anchors[anchors.length - 1] as WarpAnchor;
    if (a.w > prev.w) anchors.push(a);
    else if (keep === 'new') prev.t = a.t;
    else if (keep === 'both') prev.t = (prev.t + a.t) / 2;
  };
  for (let i = 1; i < centres.length - 1; i++) {
    const before = centres[i - 1] as WarpAnchor;
    const here = centres[i] as WarpAnchor;
    const after = centres[i + 1] as WarpAnchor;
    const local = Math.min((here.t - before.t) / (here.w - before.w), (after.t - here.t) / (after.w - here.w));
    const v = vowels[matchedVowel[i - 1] ?? 0] as VowelSpan;
    add({ w: v.start, t: here.t - (here.w - v.start) * local }, anchors.length === 1 ? 'new' : 'both');
    add({ w: v.end, t: here.t + (v.end - here.w) * local }, 'both');
  }
  add(ends[1] as WarpAnchor, 'old');
  return anchors;
}

/** Maps a weight-timeline position to audio time through the anchors (increasing in w and t). */
export function warpTime(anchors: readonly WarpAnchor[], w: number): number {
  const first = anchors[0];
  if (!first) return 0;
  if (w <= first.w) return first.t;
  // Binary search for the segment holding w.
  let lo = 0;
  let hi = anchors.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if ((anchors[mid] as WarpAnchor).w <= w) lo = mid;
    else hi = mid;
  }
  const a = anchors[lo] as WarpAnchor;
  const b = anchors[hi] as WarpAnchor;
  if (w >= b.w) return b.t;
  return a.t + ((w - a.w) * (b.t - a.t)) / (b.w - a.w);
}
