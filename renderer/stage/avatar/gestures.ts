/**
 * The host's body language, as pure functions of time (no three.js, unit-tested):
 * - gestures on script cues (`[wave]`, `[point]`, `[nod]`, `[show]`): an envelope with a soft
 *   attack, a hold with the gesture's own movement, and a soft release, as offsets for the head
 *   and the arms;
 * - an emotion (`[neutral]`, `[smile]`, `[excited]`): how much the host smiles, lifts the brows
 *   and moves;
 * - idle motion of head and shoulders: sums of sines at incommensurate frequencies whose amplitudes
 *   are themselves modulated over minutes, so the motion never falls into a short loop.
 */

export const GESTURE_NAMES = ['wave', 'point', 'nod', 'show'] as const;
export type GestureName = (typeof GESTURE_NAMES)[number];
export const EMOTIONS = ['neutral', 'smile', 'excited'] as const;
export type Emotion = (typeof EMOTIONS)[number];

export interface GestureSpec {
  /** Whole gesture, s. */
  durationS: number;
  /** Rise to full, s. */
  attackS: number;
  /** Fall back to rest, s (ends at durationS). */
  releaseS: number;
}

export const GESTURES: Readonly<Record<GestureName, GestureSpec>> = {
  wave: { durationS: 2.2, attackS: 0.45, releaseS: 0.55 },
  point: { durationS: 1.8, attackS: 0.35, releaseS: 0.5 },
  nod: { durationS: 1.0, attackS: 0.12, releaseS: 0.25 },
  show: { durationS: 2.6, attackS: 0.5, releaseS: 0.6 },
};

function smoothstep(x: number): number {
  const c = x <= 0 ? 0 : x >= 1 ? 1 : x;
  return c * c * (3 - 2 * c);
}

/** 0 before the start and from the end on; smooth rise, hold at 1, smooth fall. */
export function gestureEnvelope(name: GestureName, elapsedS: number): number {
  const g = GESTURES[name];
  if (!(elapsedS > 0) || elapsedS >= g.durationS) return 0;
  if (elapsedS < g.attackS) return smoothstep(elapsedS / g.attackS);
  const releaseStart = g.durationS - g.releaseS;
  if (elapsedS > releaseStart) return smoothstep((g.durationS - elapsedS) / g.releaseS);
  return 1;
}

/** Offsets a gesture adds (radians), written into a preallocated object. */
export interface GesturePose {
  headPitch: number;
  headYaw: number;
  headRoll: number;
  /** Right upper arm: raise sideways (+) and forwards (+). */
  rightArmRaise: number;
  rightArmForward: number;
  /** Left upper arm, mirrored. */
  leftArmRaise: number;
  leftArmForward: number;
  /** Elbow bends (forearm forwards and up from the upper arm). */
  rightElbow: number;
  leftElbow: number;
  /** Right hand swinging side to side about the elbow (the wave itself). */
  rightSwing: number;
}

export function restGesturePose(): GesturePose {
  return { headPitch: 0, headYaw: 0, headRoll: 0, rightArmRaise: 0, rightArmForward: 0, leftArmRaise: 0, leftArmForward: 0, rightElbow: 0, leftElbow: 0, rightSwing: 0 };
}

function zero(out: GesturePose): GesturePose {
  out.headPitch = 0;
  out.headYaw = 0;
  out.headRoll = 0;
  out.rightArmRaise = 0;
  out.rightArmForward = 0;
  out.leftArmRaise = 0;
  out.leftArmForward = 0;
  out.rightElbow = 0;
  out.leftElbow = 0;
  out.rightSwing = 0;
  return out;
}

/** The pose offsets of a gesture `elapsedS` after it started (rest outside it). */
export function gesturePose(name: GestureName | null, elapsedS: number, out: GesturePose): GesturePose {
  zero(out);
  if (!name) return out;
  const e = gestureEnvelope(name, elapsedS);
  if (e === 0) return out;
  const t = elapsedS;
  switch (name) {
    case 'wave':
      // Upper arm forwards, forearm up so the hand is beside the shoulder (inside a close portrait
      // frame), the hand swinging side to side about 1.6 times a second; head tilts towards it.
      // (A close portrait frame shows little beyond the shoulders: the arm comes slightly inwards.)
      out.rightArmRaise = -e * 0.15;
      out.rightArmForward = e * 1.0;
      out.rightElbow = e * 1.7;
      out.rightSwing = e * 0.35 * Math.sin(t * Math.PI * 2 * 1.6);
      out.headRoll = -e * 0.06;
      out.headYaw = -e * 0.05;
      break;
    case 'point':
      // Arm forwards towards the viewer, a small beat; head follows.
      out.rightArmForward = e * 1.25;
      out.rightArmRaise = -e * 0.1;
      out.rightElbow = e * 0.5;
      out.headPitch = e * 0.04 * Math.sin(t * Math.PI * 2 * 1.2);
      out.headYaw = -e * 0.04;
      break;
    case 'nod':
      // Two nods, the second smaller.
      out.headPitch = e * 0.16 * Math.max(0, Math.sin(t * Math.PI * 2 * 1.9)) * (t < 0.55 ? 1 : 0.6);
      break;
    case 'show':
      // Both hands forwards and a little apart, as if presenting the product; a slight bow of the head.
      out.rightArmForward = e * 0.9;
      out.leftArmForward = e * 0.9;
      out.rightArmRaise = -e * 0.1;
      out.leftArmRaise = -e * 0.1;
      out.rightElbow = e * 0.9;
      out.leftElbow = e * 0.9;
      out.headPitch = e * 0.06;
      out.headRoll = e * 0.03 * Math.sin(t * 1.3);
      break;
  }
  return out;
}

export interface EmotionStyle {
  /** Smile at rest and while talking, 0..1. */
  smileRest: number;
  smileTalking: number;
  /** Constant brow lift. */
  brows: number;
  /** Scales head motion and emphasis. */
  energy: number;
}

export const EMOTION_STYLES: Readonly<Record<Emotion, EmotionStyle>> = {
  neutral: { smileRest: 0.2, smileTalking: 0.1, brows: 0, energy: 0.85 },
  smile: { smileRest: 0.5, smileTalking: 0.28, brows: 0.05, energy: 1 },
  excited: { smileRest: 0.7, smileTalking: 0.42, brows: 0.22, energy: 1.45 },
};

/** The gestures and the emotion named by a line's cues (other cues, e.g. `card:on`, are ignored). */
export function readCues(cues: readonly string[]): { gestures: GestureName[]; emotion: Emotion | null } {
  const gestures: GestureName[] = [];
  let emotion: Emotion | null = null;
  for (const raw of cues) {
    const cue = raw.trim().toLowerCase();
    if ((GESTURE_NAMES as readonly string[]).includes(cue)) gestures.push(cue as GestureName);
    else if ((EMOTIONS as readonly string[]).includes(cue)) emotion = cue as Emotion;
    else if (cue === 'happy') emotion = 'smile';
  }
  return { gestures, emotion };
}

/**
 * The host's mood for a line: an emotion cue in the line wins; else the script's emotion (set in
 * the studio); else, for a script without one, the mood is kept while the product stays the same and
 * falls back to a friendly smile when the product changes (a new script).
 */
export function lineEmotion(current: Emotion, cueEmotion: Emotion | null, scriptEmotion: Emotion | undefined, sameProduct: boolean): Emotion {
  if (cueEmotion) return cueEmotion;
  if (scriptEmotion) return scriptEmotion;
  return sameProduct ? current : 'smile';
}

/**
 * The start times (s, line clock) of the gestures `readCues(cues)` picks, from times given per cue
 * (parallel to `cues`, e.g. from shared/cue-timing). Null when there are no times for every cue.
 */
export function gestureStarts(cues: readonly string[], cueTimesS: readonly number[] | null | undefined): number[] | null {
  if (!cueTimesS || cueTimesS.length !== cues.length) return null;
  const out: number[] = [];
  cues.forEach((raw, i) => {
    if ((GESTURE_NAMES as readonly string[]).includes(raw.trim().toLowerCase())) out.push(cueTimesS[i] ?? 0);
  });
  return out;
}

/** Pause between two gestures of a line, s. */
const GESTURE_GAP_S = 0.3;
/** A line's first gesture starts this long after its audio when no time is given, s. */
export const GESTURE_LEAD_S = 0.25;

/**
 * Plays a line's gestures on the line's clock, never two at once. `timing` is either a lead (s):
 * the first starts that long after the audio starts, each next one when the previous has ended
 * (+0.3 s); or the gestures' own start times (s, parallel to `gestures`, from the words where their
 * cues were written): each starts at its time, or when the one before has ended (+0.3 s) if that
 * is later. Pure: (list, time) → (gesture, elapsed); writes into `out` when given (no allocation
 * per frame).
 */
export function gestureAt(
  gestures: readonly GestureName[],
  lineTimeS: number,
  timing: number | readonly number[] = GESTURE_LEAD_S,
  out: { name: GestureName | null; elapsedS: number } = { name: null, elapsedS: 0 },
): { name: GestureName | null; elapsedS: number } {
  out.name = null;
  out.elapsedS = 0;
  const times = typeof timing === 'number' ? null : timing;
  let earliest = typeof timing === 'number' ? timing : Number.NEGATIVE_INFINITY;
  for (let i = 0; i < gestures.length; i++) {
    const g = gestures[i]!;
    const at = times?.[i];
    // With times, a gesture without one goes after the previous (or at the default lead).
    const start = times === null ? earliest : at === undefined || !Number.isFinite(at) ? Math.max(earliest, GESTURE_LEAD_S) : Math.max(earliest, at);
    const end = start + GESTURES[g].durationS;
    if (lineTimeS < start) return out;
    if (lineTimeS < end) {
      out.name = g;
      out.elapsedS = lineTimeS - start;
      return out;
    }
    earliest = end + GESTURE_GAP_S;
  }
  return out;
}

const PHI = (1 + Math.sqrt(5)) / 2;

/** Sum of sines at incommensurate rates (rad/s), with amplitudes that swell and fade over minutes. */
function layered(t: number, base: number, phase: number): number {
  const slowA = 0.65 + 0.35 * Math.sin(t * 0.0113 + phase); // ~9 min
  const slowB = 0.6 + 0.4 * Math.sin(t * 0.0071 * Math.SQRT2 + phase * 1.9); // ~10.5 min
  return (
    slowA * Math.sin(t * base + phase) * 0.5 +
    slowB * Math.sin(t * base * Math.SQRT2 + phase * 1.7) * 0.27 +
    Math.sin(t * base * PHI * PHI + phase * 2.3) * 0.13 +
    Math.sin(t * base * Math.sqrt(3) * Math.E + phase * 0.6) * 0.06 +
    // A very slow drift of where the host "rests" (shifts weight every few minutes).
    Math.sin(t * 0.0173 * PHI + phase * 0.3) * 0.25
  );
}

export interface IdlePose {
  yaw: number;
  pitch: number;
  roll: number;
  /** Shoulder lift (radians of the upper-arm / chest roll), left and right. */
  shoulderL: number;
  shoulderR: number;
}

export function restIdlePose(): IdlePose {
  return { yaw: 0, pitch: 0, roll: 0, shoulderL: 0, shoulderR: 0 };
}

/** Idle head and shoulder motion at time `t` (s). Writes into `out`. */
export function idleMotion(t: number, out: IdlePose, energy = 1): IdlePose {
  out.yaw = 0.05 * energy * layered(t, 0.31, 0.0);
  out.pitch = 0.028 * energy * layered(t, 0.23, 2.1);
  out.roll = 0.032 * energy * layered(t, 0.17, 4.2);
  out.shoulderL = 0.02 * energy * layered(t, 0.2, 1.1);
  out.shoulderR = 0.02 * energy * layered(t, 0.2 * PHI, 3.3);
  return out;
}
