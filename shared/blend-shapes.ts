import type { TargetTable } from './viseme-targets';
import type { MouthPose } from './visemes';

/**
 * Azure FacialExpression blend-shape frames (`<mstts:viseme type="FacialExpression"/>`): 60 frames
 * a second, 55 values each, in Azure's documented order: the 52 ARKit face shapes (Apple's order,
 * eyeBlinkLeft … tongueOut) then headRoll, leftEyeRoll, rightEyeRoll.
 * Pure: the stage reads one frame per rendered frame into a preallocated Float32Array
 * (`blendFrameAt`) and converts it to its avatar's target space (`frameToTargets`,
 * `frameToMouthPose`, `frameFace`, `frameEyes`) without allocating.
 * Source of the order: Microsoft's "Get facial position with viseme" (3D blend shapes table,
 * learn.microsoft.com/azure/ai-services/speech-service/how-to-speech-synthesis-viseme).
 */

export const AZURE_BLEND_SHAPES = [
  'eyeBlinkLeft',
  'eyeLookDownLeft',
  'eyeLookInLeft',
  'eyeLookOutLeft',
  'eyeLookUpLeft',
  'eyeSquintLeft',
  'eyeWideLeft',
  'eyeBlinkRight',
  'eyeLookDownRight',
  'eyeLookInRight',
  'eyeLookOutRight',
  'eyeLookUpRight',
  'eyeSquintRight',
  'eyeWideRight',
  'jawForward',
  'jawLeft',
  'jawRight',
  'jawOpen',
  'mouthClose',
  'mouthFunnel',
  'mouthPucker',
  'mouthLeft',
  'mouthRight',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthFrownLeft',
  'mouthFrownRight',
  'mouthDimpleLeft',
  'mouthDimpleRight',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthShrugLower',
  'mouthShrugUpper',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
  'browDownLeft',
  'browDownRight',
  'browInnerUp',
  'browOuterUpLeft',
  'browOuterUpRight',
  'cheekPuff',
  'cheekSquintLeft',
  'cheekSquintRight',
  'noseSneerLeft',
  'noseSneerRight',
  'tongueOut',
  'headRoll',
  'leftEyeRoll',
  'rightEyeRoll',
] as const;

export type AzureBlendShape = (typeof AZURE_BLEND_SHAPES)[number];
export const BLEND_SHAPE_COUNT = AZURE_BLEND_SHAPES.length;

/** Index of a shape in an Azure frame. */
export const BS: Readonly<Record<AzureBlendShape, number>> = Object.fromEntries(AZURE_BLEND_SHAPES.map((n, i) => [n, i])) as Record<AzureBlendShape, number>;

/** A new frame buffer (one per avatar/animator; reused every frame). */
export function blendFrame(): Float32Array {
  return new Float32Array(BLEND_SHAPE_COUNT);
}

const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : Number.isFinite(x) ? x : 0);

/**
 * The frame at `timeMs` (ms from the first frame, on the line's audio clock), interpolated
 * linearly between the two neighbouring frames, written into `out` (values clamped to 0..1, except
 * the three rolls, which are copied as given). Returns false and leaves `out` at zeros when there
 * is no frame at that time: before 0, after the last frame, or no frames at all. Missing values in
 * a short frame read as 0. No allocation.
 */
export function blendFrameAt(frames: readonly (readonly number[])[], fps: number, timeMs: number, out: Float32Array): boolean {
  const n = frames.length;
  if (n === 0 || !(fps > 0) || !Number.isFinite(timeMs) || timeMs < 0) {
    out.fill(0);
    return false;
  }
  const pos = (timeMs * fps) / 1000;
  // The last frame holds for one frame period, then the frames are over.
  if (pos >= n) {
    out.fill(0);
    return false;
  }
  const i = Math.floor(pos);
  const k = pos - i;
  const a = frames[i]!;
  const b = frames[i + 1 < n ? i + 1 : i]!;
  const m = Math.min(out.length, BLEND_SHAPE_COUNT);
  for (let c = 0; c < m; c++) {
    const va = a[c] ?? 0;
    const vb = b[c] ?? 0;
    const v = (Number.isFinite(va) ? va : 0) + ((Number.isFinite(vb) ? vb : 0) - (Number.isFinite(va) ? va : 0)) * k;
    out[c] = c >= BS.headRoll ? v : clamp01(v);
  }
  for (let c = m; c < out.length; c++) out[c] = 0;
  return true;
}

const avg = (f: ArrayLike<number>, a: number, b: number): number => ((f[a] ?? 0) + (f[b] ?? 0)) / 2;

/**
 * How closed the lips are, 0..1. ARKit's mouthClose closes the lips *relative to* jawOpen (the
 * jaw is open, the lips meet), so the closure is their ratio; pressed lips close them too.
 */
function lipClosure(f: ArrayLike<number>): number {
  const jaw = f[BS.jawOpen] ?? 0;
  const close = f[BS.mouthClose] ?? 0;
  const ratio = jaw > 0.02 ? close / jaw : 0;
  return clamp01(Math.max(ratio, avg(f, BS.mouthPressLeft, BS.mouthPressRight)));
}

/**
 * The built-in host's mouth pose (VRM-style aa/ih/ou/ee/oh + closed) from a frame: jawOpen opens
 * (aa), mouthFunnel rounds open (oh), mouthPucker rounds closed (ou), mouthStretch spreads (ee),
 * a smile with raised upper lip narrows (ih); closed from mouthClose/jawOpen and mouthPress.
 * Writes into `out`.
 */
export function frameToMouthPose(f: ArrayLike<number>, out: MouthPose): MouthPose {
  const jaw = clamp01(f[BS.jawOpen] ?? 0);
  const funnel = clamp01(f[BS.mouthFunnel] ?? 0);
  const pucker = clamp01(f[BS.mouthPucker] ?? 0);
  const stretch = avg(f, BS.mouthStretchLeft, BS.mouthStretchRight);
  const smile = avg(f, BS.mouthSmileLeft, BS.mouthSmileRight);
  const upper = avg(f, BS.mouthUpperUpLeft, BS.mouthUpperUpRight);
  const round = Math.max(funnel, pucker);
  out.aa = clamp01(jaw * (1 - 0.6 * round));
  out.oh = clamp01(funnel * Math.max(0.35, Math.min(1, jaw * 2 + 0.2)));
  out.ou = clamp01(pucker * (1 - 0.5 * funnel));
  out.ee = clamp01(stretch + 0.3 * smile);
  out.ih = clamp01(0.5 * smile + 0.5 * upper);
  out.closed = lipClosure(f);
  return out;
}

/** Blink, smile and brows of a frame, for the rig's setters. */
export interface FaceFromFrame {
  /** 0 open … 1 closed (both eyes averaged). */
  blink: number;
  /** 0 … 1. */
  smile: number;
  /** -1 frown … 0 rest … 1 raised. */
  brows: number;
}

export function frameFace(f: ArrayLike<number>, out: FaceFromFrame): FaceFromFrame {
  out.blink = clamp01(avg(f, BS.eyeBlinkLeft, BS.eyeBlinkRight));
  out.smile = clamp01(avg(f, BS.mouthSmileLeft, BS.mouthSmileRight));
  const up = Math.max(f[BS.browInnerUp] ?? 0, avg(f, BS.browOuterUpLeft, BS.browOuterUpRight));
  const down = avg(f, BS.browDownLeft, BS.browDownRight);
  const brows = up - down;
  out.brows = brows <= -1 ? -1 : brows >= 1 ? 1 : Number.isFinite(brows) ? brows : 0;
  return out;
}

// --- Eyes and head from a frame ------------------------------------------------------------------

/** How far a frame's eyeLookOut/In (= 1) turns an eye sideways, radians (30°). */
export const GAZE_MAX_YAW = (30 * Math.PI) / 180;
/** How far a frame's eyeLookUp/Down (= 1) turns an eye up or down, radians (25°). */
export const GAZE_MAX_PITCH = (25 * Math.PI) / 180;
/**
 * Azure documents all 55 values as 0..1, yet headRoll comes signed in practice (see
 * met4citizen/TalkingHead#78, which applies it as a head Z rotation). We read the three rolls
 * as small signed angles in radians, clamped to these limits.
 */
export const HEAD_ROLL_MAX = 0.3;
export const EYE_ROLL_MAX = 0.2;
/** How much of a closed lid eyeSquint (= 1) adds, and how far eyeWide (= 1) opens past rest. */
export const SQUINT_LID = 0.4;
export const WIDE_LID = 0.5;

/**
 * Eyes and head of a frame, in the rig's conventions (renderer/stage/avatar/rig.ts): each eye looks
 * along its +Z; `yaw` is its rotation about Y (positive = towards the avatar's own left, +X),
 * `pitch` its rotation about X (positive = down, three.js' sense), `roll` about its gaze.
 * Left and right are the avatar's own, as in ARKit's names (eyeLookInLeft = the left eye turns
 * towards the nose).
 */
export interface EyesFromFrame {
  leftYaw: number;
  leftPitch: number;
  leftRoll: number;
  rightYaw: number;
  rightPitch: number;
  rightRoll: number;
  /** Lid per eye: -WIDE_LID wide open … 0 rest … 1 closed (blink, squint and wide together). */
  leftLid: number;
  rightLid: number;
  /** Head roll, radians (three.js rotation.z sense), clamped to ±HEAD_ROLL_MAX. */
  headRoll: number;
}

export function restEyes(): EyesFromFrame {
  return { leftYaw: 0, leftPitch: 0, leftRoll: 0, rightYaw: 0, rightPitch: 0, rightRoll: 0, leftLid: 0, rightLid: 0, headRoll: 0 };
}

const at01 = (f: ArrayLike<number>, i: number): number => clamp01(f[i] ?? 0);
const signed = (x: number | undefined, max: number): number => {
  const v = x ?? 0;
  return !Number.isFinite(v) ? 0 : v <= -max ? -max : v >= max ? max : v;
};

/** Lid closure from blink, squint and wide (squint and wide act on the part the blink leaves open). */
export function eyeLid(blink: number, squint: number, wide: number): number {
  const b = clamp01(blink);
  const open = 1 - b;
  return b + open * (SQUINT_LID * clamp01(squint) - WIDE_LID * clamp01(wide));
}

/**
 * Per-eye gaze, lids and head roll of a frame, written into `out` (no allocation). An all-zero
 * frame is the rest pose: eyes straight ahead, lids at rest, head upright.
 */
export function frameEyes(f: ArrayLike<number>, out: EyesFromFrame): EyesFromFrame {
  // Left eye: out = towards its own left (+yaw), in = towards the nose (-yaw).
  out.leftYaw = (at01(f, BS.eyeLookOutLeft) - at01(f, BS.eyeLookInLeft)) * GAZE_MAX_YAW;
  out.leftPitch = (at01(f, BS.eyeLookDownLeft) - at01(f, BS.eyeLookUpLeft)) * GAZE_MAX_PITCH;
  // Right eye: out = towards its own right (-yaw), in = towards the nose (+yaw).
  out.rightYaw = (at01(f, BS.eyeLookInRight) - at01(f, BS.eyeLookOutRight)) * GAZE_MAX_YAW;
  out.rightPitch = (at01(f, BS.eyeLookDownRight) - at01(f, BS.eyeLookUpRight)) * GAZE_MAX_PITCH;
  out.leftRoll = signed(f[BS.leftEyeRoll], EYE_ROLL_MAX);
  out.rightRoll = signed(f[BS.rightEyeRoll], EYE_ROLL_MAX);
  out.leftLid = eyeLid(at01(f, BS.eyeBlinkLeft), at01(f, BS.eyeSquintLeft), at01(f, BS.eyeWideLeft));
  out.rightLid = eyeLid(at01(f, BS.eyeBlinkRight), at01(f, BS.eyeSquintRight), at01(f, BS.eyeWideRight));
  out.headRoll = signed(f[BS.headRoll], HEAD_ROLL_MAX);
  return out;
}

/** The ARKit eye-look shapes, in the order `gazeToLook` writes them. */
export const EYE_LOOK_SHAPES = [
  'eyeLookOutLeft',
  'eyeLookInLeft',
  'eyeLookUpLeft',
  'eyeLookDownLeft',
  'eyeLookOutRight',
  'eyeLookInRight',
  'eyeLookUpRight',
  'eyeLookDownRight',
] as const;

/**
 * Back from per-eye yaw/pitch to ARKit eyeLook weights (0..1, EYE_LOOK_SHAPES order), for models
 * that look with morph targets instead of eye bones. The inverse of `frameEyes`' gaze.
 */
export function gazeToLook(g: Readonly<EyesFromFrame>, out: Float32Array): Float32Array {
  const ly = g.leftYaw / GAZE_MAX_YAW;
  const lp = g.leftPitch / GAZE_MAX_PITCH;
  const ry = g.rightYaw / GAZE_MAX_YAW;
  const rp = g.rightPitch / GAZE_MAX_PITCH;
  out[0] = clamp01(ly);
  out[1] = clamp01(-ly);
  out[2] = clamp01(-lp);
  out[3] = clamp01(lp);
  out[4] = clamp01(-ry);
  out[5] = clamp01(ry);
  out[6] = clamp01(-rp);
  out[7] = clamp01(rp);
  return out;
}

/** For each ARKit table channel, its index in an Azure frame (-1: none). Built once per table. */
const directIndex = new WeakMap<TargetTable, Int32Array>();
function indexFor(t: TargetTable): Int32Array {
  let idx = directIndex.get(t);
  if (!idx) {
    idx = Int32Array.from(t.channels, (c) => (c in BS ? BS[c as AzureBlendShape] : -1));
    directIndex.set(t, idx);
  }
  return idx;
}

const scratchPose: MouthPose = { aa: 0, ih: 0, ou: 0, ee: 0, oh: 0, closed: 0 };

/**
 * A frame in an avatar table's weight space (shared/viseme-targets.ts), written into `out`
 * (length table.size; the last slot is the lip closure that scaleWeights applies):
 * - `arkit`: every channel straight from the frame by name; closure slot 0 (the model's own
 *   mouthClose/mouthPress already close its lips).
 * - `vrm`: aa/ih/ou/ee/oh from frameToMouthPose; the closure slot closes the mouth.
 * - `oculus`: jawOpen → viseme_aa, mouthFunnel → viseme_O, mouthPucker → viseme_U, stretch →
 *   viseme_E, smile → viseme_I, lip closure → viseme_PP, mouthRollLower → viseme_FF.
 */
export function frameToTargets(t: TargetTable, f: ArrayLike<number>, out: Float32Array): Float32Array {
  out.fill(0);
  const n = t.channels.length;
  if (t.set === 'arkit') {
    const idx = indexFor(t);
    for (let c = 0; c < n; c++) {
      const i = idx[c]!;
      out[c] = i >= 0 ? clamp01(f[i] ?? 0) : 0;
    }
    return out;
  }
  const p = frameToMouthPose(f, scratchPose);
  if (t.set === 'vrm') {
    const ch = t.channels;
    for (let c = 0; c < n; c++) {
      const name = ch[c];
      out[c] = name === 'aa' ? p.aa : name === 'ih' ? p.ih : name === 'ou' ? p.ou : name === 'ee' ? p.ee : name === 'oh' ? p.oh : 0;
    }
    out[n] = p.closed;
    return out;
  }
  // oculus
  const ch = t.channels;
  const roll = clamp01(f[BS.mouthRollLower] ?? 0);
  for (let c = 0; c < n; c++) {
    const name = ch[c];
    out[c] =
      name === 'viseme_aa'
        ? p.aa
        : name === 'viseme_O'
          ? p.oh
          : name === 'viseme_U'
            ? p.ou
            : name === 'viseme_E'
              ? p.ee
              : name === 'viseme_I'
                ? p.ih
                : name === 'viseme_PP'
                  ? p.closed
                  : name === 'viseme_FF'
                    ? roll
                    : 0;
  }
  out[n] = p.closed;
  return out;
}

/** Frames as carried on a stage cue (StageCue.blendShapes). */
export interface BlendFrames {
  fps: number;
  frames: readonly (readonly number[])[];
}
