import { ATTACK_TAU_MS, CLOSURE_ATTACK_TAU_MS, RELEASE_TAU_MS, type VisemeBlend } from './lipsync';
import { VISEME_COUNT, VISEME_POSES } from './visemes';
import { ARKIT_MOUTH, OCULUS_VISEMES } from './avatar-inspect';

/**
 * Per-avatar lip-sync tables: Azure's 22 viseme ids → the weights of the shapes a model has.
 * - `vrm`: the five VRM mouth expressions (aa, ih, ou, ee, oh). VRM has no lip closure, so a
 *   p/b/m is every mouth weight at 0 (the model's rest mouth is closed).
 * - `oculus`: the 15 Oculus (Meta) visemes, viseme_sil … viseme_U.
 * - `arkit`: ARKit mouth blend shapes (jawOpen, mouthClose, mouthFunnel, mouthPucker, …).
 * Silence (id 0) is every weight at 0 in every table: the model's own rest face.
 * Every weight array has one more slot after the shapes: the lip closure of the viseme (as in
 * shared/visemes.ts). It is smoothed with the fast closure attack and multiplies the opening
 * shapes by (1 - closure) on output, so a p/b/m visibly closes every model's lips, as on the
 * default avatar.
 * Pure; the stage keeps one Float32Array per avatar and fills it each frame (no allocation).
 */

export type TargetSet = 'vrm' | 'oculus' | 'arkit';

export interface TargetTable {
  readonly set: TargetSet;
  /** Shape names, in the order of every weight array. */
  readonly channels: readonly string[];
  /** weights[visemeId][channel], 0..1; length channels.length + 1 (the last slot is the lip closure). */
  readonly weights: readonly Float32Array[];
  /** channels.length + 1: the length of every weight array. */
  readonly size: number;
  /** Channels that close the lips: they attack fast and are not scaled by loudness. */
  readonly closure: readonly boolean[];
  /** How much each channel opens the mouth (for the stage's mouth-open reading), 0..1. */
  readonly openness: Float32Array;
}

type Row = Readonly<Record<string, number>>;

function table(set: TargetSet, channels: readonly string[], rows: readonly Row[], closure: readonly string[], openness: Row): TargetTable {
  if (rows.length !== VISEME_COUNT) throw new Error(`${set}: ${rows.length} rows, expected ${VISEME_COUNT}`);
  const weights = rows.map((row, id) => {
    const w = new Float32Array(channels.length + 1);
    w[channels.length] = VISEME_POSES[id]!.closed;
    for (const [name, value] of Object.entries(row)) {
      const c = channels.indexOf(name);
      if (c < 0) throw new Error(`${set}: viseme ${id} names unknown shape ${name}`);
      w[c] = value;
    }
    return w;
  });
  return {
    set,
    channels,
    weights,
    size: channels.length + 1,
    closure: [...channels.map((c) => closure.includes(c)), true],
    openness: Float32Array.from(channels, (c) => openness[c] ?? 0),
  };
}

/** VRM: the default avatar's poses (shared/visemes.ts); VRM has no closure shape, the closure slot closes the mouth. */
export const VRM_TABLE: TargetTable = table(
  'vrm',
  ['aa', 'ih', 'ou', 'ee', 'oh'],
  VISEME_POSES.map((p) => ({ aa: p.aa, ih: p.ih, ou: p.ou, ee: p.ee, oh: p.oh })),
  [],
  { aa: 1, ih: 0.6, ou: 0.7, ee: 0.6, oh: 0.9 },
);

const OCULUS_CHANNELS = OCULUS_VISEMES;

export const OCULUS_TABLE: TargetTable = table(
  'oculus',
  OCULUS_CHANNELS,
  [
    {}, // 0 silence
    { viseme_aa: 0.7, viseme_E: 0.2 }, // 1 æ ə ʌ
    { viseme_aa: 1 }, // 2 ɑ
    { viseme_O: 0.8, viseme_aa: 0.2 }, // 3 ɔ
    { viseme_E: 0.8, viseme_U: 0.2 }, // 4 ɛ ʊ
    { viseme_RR: 0.8, viseme_E: 0.2 }, // 5 ɝ
    { viseme_I: 1 }, // 6 j i ɪ
    { viseme_U: 1 }, // 7 w u
    { viseme_O: 1 }, // 8 o
    { viseme_aa: 0.7, viseme_U: 0.3 }, // 9 aʊ
    { viseme_O: 0.7, viseme_I: 0.3 }, // 10 ɔɪ
    { viseme_aa: 0.7, viseme_I: 0.3 }, // 11 aɪ
    { viseme_aa: 0.35, viseme_kk: 0.2 }, // 12 h
    { viseme_RR: 1 }, // 13 ɹ
    { viseme_nn: 0.8, viseme_DD: 0.2 }, // 14 l
    { viseme_SS: 1 }, // 15 s z
    { viseme_CH: 1 }, // 16 ʃ tʃ dʒ ʒ
    { viseme_TH: 1 }, // 17 ð
    { viseme_FF: 1 }, // 18 f v
    { viseme_DD: 0.8, viseme_TH: 0.2 }, // 19 d t n θ
    { viseme_kk: 1 }, // 20 k g ŋ
    { viseme_PP: 1 }, // 21 p b m
  ],
  ['viseme_PP', 'viseme_FF'],
  {
    viseme_aa: 1,
    viseme_O: 0.9,
    viseme_E: 0.6,
    viseme_I: 0.5,
    viseme_U: 0.6,
    viseme_RR: 0.5,
    viseme_CH: 0.45,
    viseme_kk: 0.45,
    viseme_DD: 0.4,
    viseme_nn: 0.35,
    viseme_TH: 0.35,
    viseme_SS: 0.3,
    viseme_FF: 0.1,
  },
);

/** The ARKit mouth shapes a table drives: the same list the avatar inspection looks for. */
const ARKIT_CHANNELS = ARKIT_MOUTH;

const stretch = (v: number) => ({ mouthStretchLeft: v, mouthStretchRight: v });
const smile = (v: number) => ({ mouthSmileLeft: v, mouthSmileRight: v });
const press = (v: number) => ({ mouthPressLeft: v, mouthPressRight: v });
const lowerDown = (v: number) => ({ mouthLowerDownLeft: v, mouthLowerDownRight: v });
const upperUp = (v: number) => ({ mouthUpperUpLeft: v, mouthUpperUpRight: v });

export const ARKIT_TABLE: TargetTable = table(
  'arkit',
  ARKIT_CHANNELS,
  [
    {}, // 0 silence
    { jawOpen: 0.45, ...lowerDown(0.25), ...stretch(0.1) }, // 1 æ ə ʌ
    { jawOpen: 0.7, ...lowerDown(0.35) }, // 2 ɑ
    { jawOpen: 0.45, mouthFunnel: 0.5, mouthPucker: 0.15 }, // 3 ɔ
    { jawOpen: 0.3, ...stretch(0.3), ...lowerDown(0.2) }, // 4 ɛ ʊ
    { jawOpen: 0.2, mouthFunnel: 0.35, mouthPucker: 0.25 }, // 5 ɝ
    { jawOpen: 0.15, ...stretch(0.45), ...smile(0.2) }, // 6 j i ɪ
    { jawOpen: 0.12, mouthPucker: 0.85, mouthFunnel: 0.3 }, // 7 w u
    { jawOpen: 0.35, mouthFunnel: 0.75, mouthPucker: 0.3 }, // 8 o
    { jawOpen: 0.55, mouthFunnel: 0.3, ...lowerDown(0.2) }, // 9 aʊ
    { jawOpen: 0.4, mouthFunnel: 0.45, ...stretch(0.15) }, // 10 ɔɪ
    { jawOpen: 0.6, ...stretch(0.2), ...lowerDown(0.25) }, // 11 aɪ
    { jawOpen: 0.3, ...lowerDown(0.1) }, // 12 h
    { jawOpen: 0.15, mouthFunnel: 0.4, mouthPucker: 0.3 }, // 13 ɹ
    { jawOpen: 0.25, ...upperUp(0.15) }, // 14 l
    { jawOpen: 0.06, ...stretch(0.4), ...upperUp(0.15) }, // 15 s z
    { jawOpen: 0.1, mouthFunnel: 0.55, mouthPucker: 0.35 }, // 16 ʃ tʃ dʒ ʒ
    { jawOpen: 0.15, ...upperUp(0.1) }, // 17 ð
    { jawOpen: 0.05, mouthRollLower: 0.6, ...upperUp(0.25) }, // 18 f v
    { jawOpen: 0.2, ...stretch(0.15) }, // 19 d t n θ
    { jawOpen: 0.25, ...stretch(0.1) }, // 20 k g ŋ
    { jawOpen: 0, mouthClose: 0.9, ...press(0.5), mouthRollLower: 0.15, mouthRollUpper: 0.15 }, // 21 p b m
  ],
  ['mouthClose', 'mouthPressLeft', 'mouthPressRight', 'mouthRollLower', 'mouthRollUpper'],
  { jawOpen: 1, mouthFunnel: 0.4, mouthLowerDownLeft: 0.3, mouthLowerDownRight: 0.3 },
);

export const TARGET_TABLES: Readonly<Record<TargetSet, TargetTable>> = { vrm: VRM_TABLE, oculus: OCULUS_TABLE, arkit: ARKIT_TABLE };

/** A viseme's shape weights by name, as shown at its centre at normal loudness (tests, debugging; allocates). */
export function visemeTargets(set: TargetSet, visemeId: number): Record<string, number> {
  const t = TARGET_TABLES[set];
  const w = scaleWeights(t, t.weights[visemeId] ?? t.weights[0]!, 1, new Float32Array(t.size));
  return Object.fromEntries(t.channels.map((c, i) => [c, w[i]!]));
}

/** The target weights for a blend between two visemes (see shared/lipsync.ts blendAt). Writes into `out`. */
export function targetWeights(t: TargetTable, blend: Readonly<VisemeBlend>, out: Float32Array): Float32Array {
  const a = t.weights[blend.from] ?? t.weights[0]!;
  const b = t.weights[blend.to] ?? t.weights[0]!;
  const k = blend.k;
  for (let c = 0; c < out.length; c++) out[c] = a[c]! + (b[c]! - a[c]!) * k;
  return out;
}

const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : Number.isFinite(x) ? x : 0);

/**
 * One smoothing step per channel (same time constants as the default avatar: fast attack, a
 * release that brings a silent mouth to rest within 150 ms, faster attack for lip closure).
 * `current` is updated in place.
 */
export function smoothWeights(t: TargetTable, current: Float32Array, target: Float32Array, dtMs: number): Float32Array {
  const dt = Number.isFinite(dtMs) && dtMs > 0 ? dtMs : 0;
  const attack = 1 - Math.exp(-dt / ATTACK_TAU_MS);
  const release = 1 - Math.exp(-dt / RELEASE_TAU_MS);
  const closureAttack = 1 - Math.exp(-dt / CLOSURE_ATTACK_TAU_MS);
  for (let c = 0; c < current.length; c++) {
    const cur = clamp01(current[c]!);
    const goal = clamp01(target[c]!);
    const k = goal > cur ? (t.closure[c] ? closureAttack : attack) : release;
    current[c] = clamp01(cur + (goal - cur) * k);
  }
  return current;
}

/**
 * The weights as written to the model: opening channels scaled by the loudness factor and by
 * (1 - lip closure); closure channels unchanged. Writes into `out` (may be `weights`).
 */
export function scaleWeights(t: TargetTable, weights: Float32Array, scale: number, out: Float32Array): Float32Array {
  const closure = clamp01(weights[t.channels.length]!);
  const s = (Number.isFinite(scale) && scale > 0 ? scale : 0) * (1 - closure);
  for (let c = 0; c < t.channels.length; c++) out[c] = t.closure[c] ? clamp01(weights[c]!) : clamp01(weights[c]! * s);
  out[t.channels.length] = closure;
  return out;
}

/** How open the mouth is, 0..1, from shown weights (closure slot optional): the largest channel weighted by how much it opens, less lip closure. */
export function weightsOpenness(t: TargetTable, weights: ArrayLike<number>): number {
  let open = 0;
  let closed = 0;
  const n = Math.min(weights.length, t.size);
  for (let c = 0; c < n; c++) {
    const w = weights[c] ?? 0;
    if (t.closure[c]) closed = Math.max(closed, w);
    else open = Math.max(open, w * t.openness[c]!);
  }
  return clamp01(open * (1 - closed));
}
