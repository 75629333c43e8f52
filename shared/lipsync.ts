import type { TimingTrack } from './timing';
import { REST_POSE, type MouthPose, visemePose } from './visemes';

/**
 * Pure lip-sync maths: from a timing track and a time on the audio clock to a mouth pose, and from
 * frame to frame a smoothed pose. No DOM, no three.js: the stage calls these once per frame with
 * preallocated output objects (the optional `out` arguments), so nothing is allocated per frame.
 *
 * Model
 * - The viseme events cut the line into segments: event i holds from its time to the next event's
 *   time (the last one to the end of the track). Before the first event and after the end the mouth
 *   is at rest.
 * - Coarticulation: around every boundary the pose crossfades (smoothstep) from one viseme's pose to
 *   the next, and the crossfade is centred a little *before* the boundary, so the mouth anticipates
 *   the coming sound. The crossfade never reaches the centre of a segment, so every viseme hits its
 *   own pose exactly at its centre (a p/b/m closes the lips fully there). The first fade (out of
 *   the silence before the first event) starts at that event, and the last fade (back to rest)
 *   finishes at the end of the track, so the mouth is exactly at rest outside the line.
 * - Smoothing: per channel, a one-pole filter with a fast attack and a slightly slower release.
 */

/** How far before a boundary the crossfade is centred (anticipation of the next viseme), ms. */
export const ANTICIPATION_MS = 25;
/** Half-width of a crossfade at a boundary, ms (shrunk for short segments). */
export const CROSSFADE_HALF_MS = 45;
/** How long the last viseme lasts when the track's duration does not say, ms. */
export const DEFAULT_LAST_VISEME_MS = 120;

/** Time constant of the attack (pose moving away from rest / opening), ms: ~90 % in ~46 ms. */
export const ATTACK_TAU_MS = 20;
/** Time constant of the release (pose returning towards the target when it falls), ms. */
export const RELEASE_TAU_MS = 36;
/** Lip closure (p/b/m) is brief and must be seen: it attacks faster than the open shapes. */
export const CLOSURE_ATTACK_TAU_MS = 12;

const CHANNELS = ['aa', 'ih', 'ou', 'ee', 'oh', 'closed'] as const satisfies readonly (keyof MouthPose)[];

/** A track prepared for fast look-ups: events sorted by time, times and ids in typed arrays. */
interface PreparedTrack {
  /** Segment start times; index 0 is the implicit rest before the first event. */
  readonly starts: Float64Array;
  /** Viseme id of each segment (0 = silence / rest). */
  readonly ids: Int32Array;
  /** End of the last segment: after it the mouth is at rest. */
  readonly end: number;
}

const prepared = new WeakMap<TimingTrack, PreparedTrack>();

function prepare(track: TimingTrack): PreparedTrack {
  const cached = prepared.get(track);
  if (cached) return cached;

  const events = track.visemes
    .filter((e) => Number.isFinite(e.t) && e.t >= 0)
    .map((e, i) => ({ t: e.t, id: e.id, i }))
    // Stable sort: events at the same time keep their order, and the last one wins below.
    .sort((a, b) => a.t - b.t || a.i - b.i);

  const lastT = events.length > 0 ? events[events.length - 1]!.t : 0;
  const end =
    events.length === 0
      ? 0
      : Number.isFinite(track.durationMs) && track.durationMs > lastT
        ? track.durationMs
        : lastT + DEFAULT_LAST_VISEME_MS;

  const starts: number[] = [Number.NEGATIVE_INFINITY];
  const ids: number[] = [0];
  for (const e of events) {
    if (e.t === starts[starts.length - 1]) {
      ids[ids.length - 1] = e.id;
    } else {
      starts.push(e.t);
      ids.push(e.id);
    }
  }
  const result: PreparedTrack = { starts: Float64Array.from(starts), ids: Int32Array.from(ids), end };
  prepared.set(track, result);
  return result;
}

/** Index of the last segment whose start is <= t (segment 0 starts at -Infinity). */
function segmentAt(p: PreparedTrack, t: number): number {
  let lo = 0;
  let hi = p.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.starts[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function segmentLength(p: PreparedTrack, i: number): number {
  const start = p.starts[i]!;
  const end = i + 1 < p.starts.length ? p.starts[i + 1]! : p.end;
  if (!Number.isFinite(start)) return Number.POSITIVE_INFINITY;
  return Math.max(0, end - start);
}

function smoothstep(x: number): number {
  const c = x <= 0 ? 0 : x >= 1 ? 1 : x;
  return c * c * (3 - 2 * c);
}

function copyPose(out: MouthPose, src: Readonly<MouthPose>): MouthPose {
  out.aa = src.aa;
  out.ih = src.ih;
  out.ou = src.ou;
  out.ee = src.ee;
  out.oh = src.oh;
  out.closed = src.closed;
  return out;
}

function lerpPose(out: MouthPose, a: Readonly<MouthPose>, b: Readonly<MouthPose>, k: number): MouthPose {
  out.aa = a.aa + (b.aa - a.aa) * k;
  out.ih = a.ih + (b.ih - a.ih) * k;
  out.ou = a.ou + (b.ou - a.ou) * k;
  out.ee = a.ee + (b.ee - a.ee) * k;
  out.oh = a.oh + (b.oh - a.oh) * k;
  out.closed = a.closed + (b.closed - a.closed) * k;
  return out;
}

/** A fresh rest pose (mutable), e.g. to hold the stage's smoothed state. */
export function restPose(): MouthPose {
  return { ...REST_POSE };
}

/**
 * Crossfade window of the boundary at the start of segment `k` (between k-1 and k):
 * [centre - half, centre + half], centred `anticipation` before the boundary. Both numbers are
 * limited by the shorter neighbour so windows never overlap and never reach a segment's centre.
 */
function boundaryWindow(p: PreparedTrack, k: number, isEnd: boolean): { centre: number; half: number } {
  const boundary = isEnd ? p.end : p.starts[k]!;
  const prevLen = segmentLength(p, k - 1);
  const nextLen = isEnd ? prevLen : segmentLength(p, k);
  const shortest = Math.min(prevLen, nextLen);
  if (isEnd) {
    // The last fade finishes exactly at the end of the track: at and after it, the mouth is at rest.
    const half = Math.min(CROSSFADE_HALF_MS, shortest / 4);
    return { centre: boundary - half, half };
  }
  if (k === 1) {
    // Out of the silence before the first event: the mouth stays at rest until the first sound
    // starts, then moves (the smoothing adds the onset's softness).
    const half = Math.min(CROSSFADE_HALF_MS, shortest / 4);
    return { centre: boundary + half, half };
  }
  const anticipation = Math.min(ANTICIPATION_MS, shortest / 4);
  const half = Math.max(0, Math.min(CROSSFADE_HALF_MS, shortest / 2 - anticipation));
  return { centre: boundary - anticipation, half };
}

/**
 * Which two visemes the mouth is between at `tMs`, and how far (`k` = 0 → all `from`, 1 → all
 * `to`); id 0 (silence) is the rest pose. The timing behind poseAt, shared with the per-avatar
 * target tables (shared/viseme-targets.ts) so every avatar follows the same coarticulation.
 */
export interface VisemeBlend {
  from: number;
  to: number;
  k: number;
}

export function blendAt(track: TimingTrack, tMs: number, out?: VisemeBlend): VisemeBlend {
  const result = out ?? { from: 0, to: 0, k: 0 };
  result.from = 0;
  result.to = 0;
  result.k = 0;
  const p = prepare(track);
  if (!Number.isFinite(tMs) || p.starts.length < 2 || tMs >= p.end) return result;

  const i = segmentAt(p, tMs);
  const here = p.ids[i]!;
  result.from = here;
  result.to = here;

  // The next boundary (start of segment i+1, or the end of the track), whose window may begin
  // inside this segment because of anticipation.
  const nextIsEnd = i + 1 >= p.starts.length;
  const next = boundaryWindow(p, i + 1, nextIsEnd);
  if (next.half > 0 && tMs >= next.centre - next.half) {
    result.to = nextIsEnd ? 0 : p.ids[i + 1]!;
    result.k = smoothstep((tMs - (next.centre - next.half)) / (2 * next.half));
    return result;
  }
  // The window of this segment's own start boundary may still be running (it extends past it).
  if (i >= 1) {
    const own = boundaryWindow(p, i, false);
    if (own.half > 0 && tMs < own.centre + own.half) {
      result.from = p.ids[i - 1]!;
      result.k = smoothstep((tMs - (own.centre - own.half)) / (2 * own.half));
    }
  }
  return result;
}

const scratchBlend: VisemeBlend = { from: 0, to: 0, k: 0 };

/**
 * The target mouth pose at `tMs` on the line's audio clock (ms from the first sample), with
 * coarticulation between neighbouring visemes. Rest before the first event and from the end of
 * the track on. Writes into `out` when given (no allocation), else returns a new object.
 */
export function poseAt(track: TimingTrack, tMs: number, out?: MouthPose): MouthPose {
  const result = out ?? restPose();
  const b = blendAt(track, tMs, scratchBlend);
  if (b.k === 0) return copyPose(result, visemePose(b.from));
  return lerpPose(result, visemePose(b.from), visemePose(b.to), b.k);
}

function clamp01(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}

/**
 * One smoothing step from `current` towards `target` over `dtMs`: per channel a one-pole filter
 * with a fast attack (rising weights) and a release that brings a silent mouth to rest (openness
 * under 0.05) within 150 ms. Frame-rate independent. Writes into `out` when given (may be
 * `current` itself), else returns a new object. Results are clamped to [0, 1].
 */
export function smoothPose(
  current: Readonly<MouthPose>,
  target: Readonly<MouthPose>,
  dtMs: number,
  out?: MouthPose,
): MouthPose {
  const result = out ?? restPose();
  const dt = Number.isFinite(dtMs) && dtMs > 0 ? dtMs : 0;
  const attack = 1 - Math.exp(-dt / ATTACK_TAU_MS);
  const release = 1 - Math.exp(-dt / RELEASE_TAU_MS);
  const closureAttack = 1 - Math.exp(-dt / CLOSURE_ATTACK_TAU_MS);
  for (let i = 0; i < CHANNELS.length; i++) {
    const ch = CHANNELS[i]!;
    const c = clamp01(Number.isFinite(current[ch]) ? current[ch] : 0);
    const g = clamp01(Number.isFinite(target[ch]) ? target[ch] : 0);
    const k = g > c ? (ch === 'closed' ? closureAttack : attack) : release;
    result[ch] = clamp01(c + (g - c) * k);
  }
  return result;
}

/** RMS level (0..1 full scale) under which the line is treated as quiet, for the loudness scale. */
const QUIET_DB = -42;
const LOUD_DB = -12;
export const LOUDNESS_MIN_SCALE = 0.75;
export const LOUDNESS_MAX_SCALE = 1.15;

/**
 * Maps an RMS level (linear, 0..1) to a gentle multiplier for the open mouth shapes: quiet passages
 * open the mouth a little less, loud ones a little more. Never below LOUDNESS_MIN_SCALE, so the
 * mouth still follows the track when the analyser reads nothing (muted stage).
 */
export function loudnessScale(rms: number): number {
  if (!Number.isFinite(rms) || rms <= 0) return LOUDNESS_MIN_SCALE;
  const db = 20 * Math.log10(rms);
  const k = clamp01((db - QUIET_DB) / (LOUD_DB - QUIET_DB));
  return LOUDNESS_MIN_SCALE + (LOUDNESS_MAX_SCALE - LOUDNESS_MIN_SCALE) * k;
}

/**
 * The pose as it should be written to a mesh: the open shapes scaled by `scale` (see
 * loudnessScale) and reduced by the lip closure (a closed lip cannot be open), each clamped to
 * [0, 1]; `closed` unchanged. Writes into `out` when given.
 */
export function applyLoudness(p: Readonly<MouthPose>, scale: number, out?: MouthPose): MouthPose {
  const result = out ?? restPose();
  const s = Number.isFinite(scale) && scale > 0 ? scale : 0;
  const closed = clamp01(p.closed);
  const open = s * (1 - closed);
  result.aa = clamp01(p.aa * open);
  result.ih = clamp01(p.ih * open);
  result.ou = clamp01(p.ou * open);
  result.ee = clamp01(p.ee * open);
  result.oh = clamp01(p.oh * open);
  result.closed = closed;
  return result;
}
