import * as THREE from 'three';
import { type BlendFrames, blendFrame, blendFrameAt, type EyesFromFrame, type FaceFromFrame, frameEyes, frameFace, frameToMouthPose, frameToTargets, restEyes } from '../../../shared/blend-shapes';
import { applyLoudness, blendAt, loudnessScale, poseAt, restPose, smoothPose, type VisemeBlend } from '../../../shared/lipsync';
import type { TimingTrack } from '../../../shared/timing';
import { scaleWeights, smoothWeights, targetWeights } from '../../../shared/viseme-targets';
import { type MouthPose, MOUTH_SHAPES, REST_POSE, mouthOpenness } from '../../../shared/visemes';
import { EMOTION_STYLES, gestureAt, gesturePose, idleMotion, lineEmotion, readCues, restGesturePose, restIdlePose, type Emotion, type GestureName } from './gestures';
import { GESTURE_LEAD_S, GESTURES, gestureStarts } from './gestures';
import type { AvatarRig } from './rig';

/**
 * Drives an avatar every frame: lip-sync from the timing track on the audio clock (target pose →
 * smoothing → loudness → mouth morph influences) and idle life: blinks at random 2–6 s intervals,
 * breathing, a slow head sway that never visibly repeats (a sum of sines with incommensurate
 * frequencies), small nods and brow lifts on stressed syllables, eyes on the camera with tiny
 * saccades; gestures on the line's cues ([wave], [point], [nod], [show]) on the line's audio
 * clock, and an emotion ([neutral], [smile], [excited]) that sets the smile, brows and energy.
 * Imported avatars (rig.mouth) get the same timing through their own viseme table. When the line
 * has blend-shape frames (Azure FacialExpression, shared/blend-shapes.ts), they drive mouth, lids
 * (blink, squint, wide), brows, the per-eye gaze and the head's roll directly at the same line
 * time; the visemes take over where the frames end, and the eyes and head blend from the camera
 * gaze to the frames' and back over ~150 ms.
 * Allocates nothing per frame.
 */

export interface FrameInput {
  /** Time since the last frame, ms. */
  dtMs: number;
  /** Monotonic time, seconds (idle motion). */
  timeS: number;
  /** Position in the current line on the audio clock, ms; null when nothing plays. */
  lineTimeMs: number | null;
  /** Length of the current line's audio, ms (null when unknown: the track's duration is used). */
  lineDurationMs: number | null;
  track: TimingTrack | null;
  /**
   * The line's face blend-shape frames (Azure FacialExpression), on the same clock as `track`;
   * while a frame exists at `lineTimeMs` they drive mouth, brows, lids, gaze and head roll instead
   * of the visemes, the idle blinks and the camera gaze.
   */
  blendShapes?: BlendFrames | null;
  /** RMS level of the audio being played (0..1). */
  level: number;
  /** Camera position in world space (the eyes look at it). */
  camera: THREE.Vector3;
}

/** Small deterministic PRNG (mulberry32), so idle motion is reproducible for a given seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PHI = (1 + Math.sqrt(5)) / 2;
const SQRT2 = Math.SQRT2;
const SQRT3 = Math.sqrt(3);

/** Sum of sines with incommensurate angular frequencies (rad/s): smooth, never a short loop. */
function drift(t: number, base: number, phase: number): number {
  return (
    Math.sin(t * base + phase) * 0.55 +
    Math.sin(t * base * SQRT2 + phase * 1.7) * 0.28 +
    Math.sin(t * base * PHI * PHI + phase * 2.3) * 0.12 +
    Math.sin(t * base * SQRT3 * Math.E + phase * 0.6) * 0.05
  );
}

const EYE_DIVERGENCE = 0.07;
const BLINK_CLOSE_MS = 70;
const BLINK_HOLD_MS = 35;
const BLINK_OPEN_MS = 120;
/** Blend-shape frames take over the eyes (and give them back) over this long. */
const FACE_BLEND_MS = 150;

export class AvatarAnimator {
  /** The target pose from the track (this frame). */
  readonly target: MouthPose = restPose();
  /** After attack/release smoothing. */
  readonly smoothed: MouthPose = restPose();
  /** As written to the mesh (loudness, closure). */
  readonly shown: MouthPose = restPose();
  speaking = false;

  private readonly random: () => number;
  private readonly mouthIndex: Record<keyof MouthPose, number | undefined>;
  private readonly headRest: THREE.Vector3;
  private readonly headRotRest: THREE.Euler;
  private readonly tmp = new THREE.Vector3();
  private readonly tmp2 = new THREE.Vector3();
  private readonly mid = new THREE.Vector3();
  private nextBlinkS: number;
  private blinkStartS = -10;
  private doubleBlinkPending = false;
  private nextSaccadeS: number;
  private readonly saccade = { x: 0, y: 0, tx: 0, ty: 0 };
  private envFast = 0;
  private envSlow = 0;
  private emphasis = 0;
  private smile = 0.4;
  private readonly blend: VisemeBlend = { from: 0, to: 0, k: 0 };
  private readonly wTarget: Float32Array;
  private readonly wSmooth: Float32Array;
  private readonly wShown: Float32Array;
  /** The blend-shape frame at this frame's line time, and whether there is one (`faceActive`). */
  private readonly faceFrame = blendFrame();
  private readonly face: FaceFromFrame = { blink: 0, smile: 0, brows: 0 };
  /** Blend-shape frames drive the face this frame. */
  faceActive = false;
  /** The frames' gaze, lids and head roll (the last frame's, while they fade out). */
  private readonly faceEyes: EyesFromFrame = restEyes();
  /** How much the frames' eyes and head roll show: 0 … 1, ramping over FACE_BLEND_MS. */
  private faceRamp = 0;
  private readonly idle = restIdlePose();
  private readonly gesture = restGesturePose();
  private gestures: GestureName[] = [];
  /** Frame-clock time (s) at which the gesture list's line clock was 0; null until its line plays. */
  private gestureOriginS: number | null = null;
  private gesturesPending = false;
  /** The line's gesture start times (s, line clock, from the words of their cues), or null: the lead rule. */
  private gestureTimesS: number[] | null = null;
  /** What `gestureAt` plays the list by, fixed when the line's clock is anchored. */
  private gestureTiming: number | number[] = GESTURE_LEAD_S;
  /** A gesture of an earlier line still running when a line with gestures starts: it finishes first. */
  private carryGesture: GestureName | null = null;
  private carryStartS = 0;
  /** The gesture shown on the last frame and when (frame clock, s) it started. */
  private shownGesture: GestureName | null = null;
  private shownStartS = 0;
  private readonly gestureNow: { name: GestureName | null; elapsedS: number } = { name: null, elapsedS: 0 };
  private lineProduct: string | null = null;
  /** The host's mood (from an `[smile]` / `[excited]` / `[neutral]` cue; kept for the product's lines). */
  emotion: Emotion = 'smile';
  /** The gesture being played now (for tests and the snapshot), or null. */
  currentGesture: GestureName | null = null;

  constructor(
    private readonly rig: AvatarRig,
    seed = 20240601,
  ) {
    this.random = prng(seed);
    const dict = rig.mouthMesh.morphTargetDictionary ?? {};
    this.mouthIndex = {
      aa: dict['aa'],
      ih: dict['ih'],
      ou: dict['ou'],
      ee: dict['ee'],
      oh: dict['oh'],
      closed: dict['closed'],
    };
    const size = rig.mouth?.table.size ?? 0;
    this.wTarget = new Float32Array(size);
    this.wSmooth = new Float32Array(size);
    this.wShown = new Float32Array(size);
    this.headRest = rig.head.position.clone();
    this.headRotRest = rig.head.rotation.clone();
    this.nextBlinkS = 1 + this.random() * 2;
    this.nextSaccadeS = 1 + this.random() * 2;
    rig.setSmile(this.smile);
  }

  update(f: FrameInput): void {
    const dt = Math.min(Math.max(f.dtMs, 0), 250);
    const t = f.timeS;
    this.updateMouth(f, dt);
    this.updateGesture(f);
    this.updateBlink(t);
    this.updateBody(t, dt);
    this.updateEyes(t, dt, f.camera);
    this.rig.update?.(dt, f.camera);
  }

  /**
   * A line starts: its cues pick the gestures (played on the line's clock) and may change the
   * emotion for the line; otherwise the script's emotion holds (`scriptEmotion`, from the studio).
   * A script without one keeps the mood while the product stays the same, and falls back to a
   * friendly smile when the product changes (see `lineEmotion`).
   */
  lineStarted(cues: readonly string[], productId: string | null, scriptEmotion?: Emotion, cueTimesS?: readonly number[]): void {
    const { gestures, emotion } = readCues(cues);
    // A line without gestures lets a gesture still running finish; one with gestures lets it
    // finish too, and its own gestures wait for it. `cueTimesS` (parallel to `cues`): each
    // gesture starts at the word where its cue was written; without them, one after another.
    if (gestures.length > 0) {
      this.carryGesture = this.shownGesture;
      this.carryStartS = this.shownStartS;
      this.gestures = gestures;
      this.gestureTimesS = gestureStarts(cues, cueTimesS);
      this.gesturesPending = true;
      this.gestureOriginS = null;
    }
    this.emotion = lineEmotion(this.emotion, emotion, scriptEmotion, productId === this.lineProduct);
    this.lineProduct = productId;
  }

  /** How open the mouth is as shown on the model (read back from it), 0..1. */
  mouthOpenness(scratch: MouthPose): number {
    return this.rig.mouth ? this.rig.mouth.openness() : meshMouthOpenness(this.rig.mouthMesh, scratch);
  }

  /**
   * Gestures start on the line's audio clock (anchored at the first frame the line plays) and then
   * run on the frame clock, so one that outlasts its line finishes smoothly instead of snapping back.
   */
  private updateGesture(f: FrameInput): void {
    const line = f.lineTimeMs;
    if (this.gesturesPending && line !== null && line >= 0) {
      const origin = f.timeS - line / 1000;
      this.gestureOriginS = origin;
      this.gesturesPending = false;
      // The line's first gesture waits for one still running from an earlier line (+0.3 s).
      const carry = this.carryGesture;
      const notBefore = carry ? this.carryStartS + GESTURES[carry].durationS + 0.3 - origin : Number.NEGATIVE_INFINITY;
      const times = this.gestureTimesS;
      this.gestureTiming = times ? times.map((t, i) => (i === 0 ? Math.max(t, notBefore) : t)) : Math.max(GESTURE_LEAD_S, notBefore);
    }
    let at: { name: GestureName | null; elapsedS: number } | null = null;
    const carry = this.carryGesture;
    if (carry !== null && f.timeS - this.carryStartS < GESTURES[carry].durationS) {
      this.gestureNow.name = carry;
      this.gestureNow.elapsedS = f.timeS - this.carryStartS;
      at = this.gestureNow;
    } else {
      const origin = this.gestureOriginS;
      at = origin !== null && this.gestures.length > 0 ? gestureAt(this.gestures, f.timeS - origin, this.gestureTiming, this.gestureNow) : null;
    }
    if (at?.name) this.shownStartS = f.timeS - at.elapsedS;
    this.shownGesture = at?.name ?? null;
    this.currentGesture = at?.name ?? null;
    gesturePose(at?.name ?? null, at?.elapsedS ?? 0, this.gesture);
    this.rig.setArms?.(this.gesture);
  }

  private updateMouth(f: FrameInput, dt: number): void {
    const line = f.lineTimeMs;
    const length = f.lineDurationMs ?? f.track?.durationMs ?? 0;
    this.speaking = line !== null && line >= 0 && line < length;
    const frames = f.blendShapes;
    this.faceActive = line !== null && frames != null && blendFrameAt(frames.frames, frames.fps, line, this.faceFrame);
    if (this.faceActive) {
      frameFace(this.faceFrame, this.face);
      frameEyes(this.faceFrame, this.faceEyes);
    }
    const ramp = dt / FACE_BLEND_MS;
    this.faceRamp = this.faceActive ? Math.min(1, this.faceRamp + ramp) : Math.max(0, this.faceRamp - ramp);
    const mouthTarget = this.rig.mouth;
    if (mouthTarget && this.faceActive) {
      // The frames are the face itself (60 fps, interpolated): shown as they are, no smoothing.
      frameToTargets(mouthTarget.table, this.faceFrame, this.wTarget);
      this.wSmooth.set(this.wTarget);
      scaleWeights(mouthTarget.table, this.wSmooth, loudnessScale(f.level), this.wShown);
      mouthTarget.apply(this.wShown);
    } else if (mouthTarget) {
      if (line !== null && f.track) blendAt(f.track, line, this.blend);
      else this.blend.from = this.blend.to = this.blend.k = 0;
      targetWeights(mouthTarget.table, this.blend, this.wTarget);
      smoothWeights(mouthTarget.table, this.wSmooth, this.wTarget, dt);
      scaleWeights(mouthTarget.table, this.wSmooth, loudnessScale(f.level), this.wShown);
      mouthTarget.apply(this.wShown);
    } else {
      if (this.faceActive) {
        frameToMouthPose(this.faceFrame, this.target);
        Object.assign(this.smoothed, this.target);
      } else {
        if (line !== null && f.track) poseAt(f.track, line, this.target);
        else Object.assign(this.target, REST_POSE);
        smoothPose(this.smoothed, this.target, dt, this.smoothed);
      }
      applyLoudness(this.smoothed, loudnessScale(f.level), this.shown);
      const influences = this.rig.mouthMesh.morphTargetInfluences;
      if (influences) {
        for (let k = 0; k < MOUTH_SHAPES.length; k++) {
          const shape = MOUTH_SHAPES[k]!;
          const i = this.mouthIndex[shape];
          if (i !== undefined) influences[i] = this.shown[shape];
        }
        const c = this.mouthIndex.closed;
        if (c !== undefined) influences[c] = this.shown.closed;
      }
    }

    // Loudness envelopes for emphasis (nods, brows).
    const kFast = 1 - Math.exp(-dt / 70);
    const kSlow = 1 - Math.exp(-dt / 650);
    const lvl = this.speaking ? Math.min(1, f.level * 4) : 0;
    this.envFast += (lvl - this.envFast) * kFast;
    this.envSlow += (lvl - this.envSlow) * kSlow;
    const target = Math.max(0, this.envFast - this.envSlow * 1.05);
    this.emphasis += (target - this.emphasis) * (1 - Math.exp(-dt / 120));
  }

  /** The frames' share of the eyes and head roll, eased: 0 … 1. */
  private faceMix(): number {
    const r = this.faceRamp;
    return r * r * (3 - 2 * r);
  }

  private updateBlink(t: number): void {
    if (t >= this.nextBlinkS) {
      this.blinkStartS = t;
      if (this.doubleBlinkPending) {
        this.doubleBlinkPending = false;
        this.nextBlinkS = t + 2 + this.random() * 4;
      } else if (this.random() < 0.18) {
        this.doubleBlinkPending = true;
        this.nextBlinkS = t + 0.28;
      } else {
        this.nextBlinkS = t + 2 + this.random() * 4;
      }
    }
    const ms = (t - this.blinkStartS) * 1000;
    let w = 0;
    if (ms >= 0 && ms < BLINK_CLOSE_MS) w = ms / BLINK_CLOSE_MS;
    else if (ms < BLINK_CLOSE_MS + BLINK_HOLD_MS) w = 1;
    else if (ms < BLINK_CLOSE_MS + BLINK_HOLD_MS + BLINK_OPEN_MS) w = 1 - (ms - BLINK_CLOSE_MS - BLINK_HOLD_MS) / BLINK_OPEN_MS;
    const idle = w * w * (3 - 2 * w);
    // While blend-shape frames play, their lids win: blink with squint and wide, per eye (the idle
    // blink clock keeps running, and takes over again as the frames fade out).
    const k = this.faceMix();
    if (k <= 0) {
      this.rig.setBlink(idle);
      return;
    }
    const left = idle + (this.faceEyes.leftLid - idle) * k;
    const right = idle + (this.faceEyes.rightLid - idle) * k;
    if (this.rig.setLids) this.rig.setLids(left, right);
    else this.rig.setBlink(Math.max(0, (left + right) / 2));
  }

  private updateBody(t: number, dt: number): void {
    // Breathing, ~4.6 s a breath, slightly uneven.
    const breath = Math.sin((t * Math.PI * 2) / 4.6 + 0.3 * Math.sin(t * 0.21));
    const chest = this.rig.chest;
    if (chest) chest.scale.set(1 + 0.004 * breath, 1 + 0.006 * breath, 1 + 0.012 * breath);

    const head = this.rig.head;
    head.position.set(this.headRest.x, this.headRest.y + 0.0025 * breath, this.headRest.z);
    const talk = this.speaking ? 1 : 0;
    const style = EMOTION_STYLES[this.emotion];
    const idle = idleMotion(t, this.idle, style.energy);
    const g = this.gesture;
    const yaw = idle.yaw + 0.02 * talk * style.energy * drift(t, 0.9, 1.3) + g.headYaw;
    const pitch = idle.pitch + 0.07 * style.energy * this.emphasis - 0.015 + g.headPitch;
    // The frames' head roll on top of the idle motion.
    const roll = idle.roll + 0.01 * talk * drift(t, 0.7, 0.4) + g.headRoll + this.faceMix() * this.faceEyes.headRoll;
    head.rotation.set(this.headRotRest.x + pitch, this.headRotRest.y + yaw, this.headRotRest.z + roll);
    // Shoulders: the upper body rolls a little as one shoulder or the other rises.
    if (chest) chest.rotation.z = 0.5 * (idle.shoulderL - idle.shoulderR);

    // The emotion's smile at rest; less while talking (a wide smile fights the vowels).
    const smileTarget = this.speaking ? style.smileTalking + 0.1 * drift(t, 0.4, 0.9) : style.smileRest + 0.1 * drift(t, 0.13, 2.7);
    this.smile += (smileTarget - this.smile) * (1 - Math.exp(-dt / 450));
    if (this.faceActive) {
      // Frames: their smile on top of the mood's (ARKit models already show it in their mouth
      // shapes), their brows on the emotion's brow offset.
      this.rig.setSmile(this.rig.mouth?.table.set === 'arkit' ? this.smile : Math.max(this.smile, this.face.smile));
      this.rig.setBrows(this.face.brows + style.brows);
      return;
    }
    this.rig.setSmile(this.smile);
    this.rig.setBrows(0.12 * drift(t, 0.19, 5.1) + 1.6 * style.energy * this.emphasis + (this.speaking ? 0.08 : 0) + style.brows);
  }

  private updateEyes(t: number, dt: number, camera: THREE.Vector3): void {
    if (t >= this.nextSaccadeS) {
      this.nextSaccadeS = t + 1.2 + this.random() * 3;
      this.saccade.tx = (this.random() - 0.5) * 0.06;
      this.saccade.ty = (this.random() - 0.5) * 0.08;
    }
    // Saccades are quick (~40 ms).
    const k = 1 - Math.exp(-dt / 25);
    this.saccade.x += (this.saccade.tx - this.saccade.x) * k;
    this.saccade.y += (this.saccade.ty - this.saccade.y) * k;
    // Parallel gaze: every eye looks along the line from the midpoint between the eyes to the
    // camera (converging on a camera 2 m away reads as cross-eyed on a stylised face).
    // The frames' gaze replaces the camera's (and the saccades) while they play.
    const mix = this.faceMix();
    const fe = this.faceEyes;
    this.rig.setGaze?.(fe, mix);
    const eyes = this.rig.eyes;
    if (eyes.length === 0) return;
    this.mid.set(0, 0, 0);
    for (let i = 0; i < eyes.length; i++) this.mid.add(eyes[i]!.getWorldPosition(this.tmp));
    this.mid.divideScalar(eyes.length);
    for (let i = 0; i < eyes.length; i++) {
      const eye = eyes[i]!;
      const parent = eye.parent;
      if (!parent) continue;
      eye.getWorldPosition(this.tmp2);
      // Target = camera shifted by this eye's offset from the midpoint.
      this.tmp.copy(camera).add(this.tmp2).sub(this.mid);
      const local = parent.worldToLocal(this.tmp);
      // A hair of divergence: on a curved face the outer white shows more, so centre the iris.
      const yaw = Math.atan2(local.x, local.z) + Math.sign(parent.position.x) * EYE_DIVERGENCE;
      const pitch = -Math.atan2(local.y, Math.hypot(local.x, local.z));
      const camPitch = clamp(pitch + this.saccade.x, -0.35, 0.35);
      const camYaw = clamp(yaw + this.saccade.y, -0.45, 0.45);
      if (mix <= 0) {
        eye.rotation.set(camPitch, camYaw, 0);
        continue;
      }
      const left = parent.position.x >= 0;
      const fPitch = left ? fe.leftPitch : fe.rightPitch;
      const fYaw = left ? fe.leftYaw : fe.rightYaw;
      const fRoll = left ? fe.leftRoll : fe.rightRoll;
      eye.rotation.set(camPitch + (fPitch - camPitch) * mix, camYaw + (fYaw - camYaw) * mix, fRoll * mix);
    }
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Reads the mouth shape influences back from a mesh into `out` (0 for missing morphs). */
export function readMouthPose(mesh: THREE.Mesh, out: MouthPose): MouthPose {
  const dict = mesh.morphTargetDictionary ?? {};
  const inf = mesh.morphTargetInfluences ?? [];
  const get = (name: string): number => {
    const i = dict[name];
    return i === undefined ? 0 : (inf[i] ?? 0);
  };
  out.aa = get('aa');
  out.ih = get('ih');
  out.ou = get('ou');
  out.ee = get('ee');
  out.oh = get('oh');
  out.closed = get('closed');
  return out;
}

export function meshMouthOpenness(mesh: THREE.Mesh, scratch: MouthPose = restPose()): number {
  return mouthOpenness(readMouthPose(mesh, scratch));
}
