import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import {
  AZURE_BLEND_SHAPES,
  BLEND_SHAPE_COUNT,
  BS,
  EYE_LOOK_SHAPES,
  EYE_ROLL_MAX,
  GAZE_MAX_PITCH,
  GAZE_MAX_YAW,
  HEAD_ROLL_MAX,
  SQUINT_LID,
  WIDE_LID,
  blendFrame,
  blendFrameAt,
  eyeLid,
  frameEyes,
  gazeToLook,
  restEyes,
} from '../../shared/blend-shapes';

/** A 55-value frame with the named shapes set. */
function frame(values: Partial<Record<(typeof AZURE_BLEND_SHAPES)[number], number>>): number[] {
  const f = new Array<number>(BLEND_SHAPE_COUNT).fill(0);
  for (const [name, v] of Object.entries(values)) f[BS[name as keyof typeof BS]] = v;
  return f;
}

/** Where an eye with this rotation (rig conventions: +z is the gaze) looks, in its parent's space. */
function gazeOf(pitch: number, yaw: number): THREE.Vector3 {
  return new THREE.Vector3(0, 0, 1).applyEuler(new THREE.Euler(pitch, yaw, 0));
}

describe('eyes and head from Azure blend-shape frames', () => {
  it('an all-zero frame is the rest pose: eyes ahead, lids at rest, head upright', () => {
    const e = frameEyes(frame({}), restEyes());
    expect(e).toEqual(restEyes());
  });

  it('uses Azure’s documented slots for the eyes and rolls (Microsoft’s 3D blend shapes table, 1-based there)', () => {
    // learn.microsoft.com … how-to-speech-synthesis-viseme: 2 eyeLookDownLeft, 3 eyeLookInLeft,
    // 4 eyeLookOutLeft, 5 eyeLookUpLeft, 6 eyeSquintLeft, 7 eyeWideLeft, 9–14 the same for the right
    // eye, 53 headRoll, 54 leftEyeRoll, 55 rightEyeRoll.
    expect(BS.eyeLookDownLeft).toBe(1);
    expect(BS.eyeLookInLeft).toBe(2);
    expect(BS.eyeLookOutLeft).toBe(3);
    expect(BS.eyeLookUpLeft).toBe(4);
    expect(BS.eyeSquintLeft).toBe(5);
    expect(BS.eyeWideLeft).toBe(6);
    expect(BS.eyeLookDownRight).toBe(8);
    expect(BS.eyeLookInRight).toBe(9);
    expect(BS.eyeLookOutRight).toBe(10);
    expect(BS.eyeLookUpRight).toBe(11);
    expect(BS.eyeSquintRight).toBe(12);
    expect(BS.eyeWideRight).toBe(13);
    expect([BS.headRoll, BS.leftEyeRoll, BS.rightEyeRoll]).toEqual([52, 53, 54]);
  });

  it('eyeLookOutLeft = 1 turns the left eye outward (towards the avatar’s left, +x) by the full 30°', () => {
    const e = frameEyes(frame({ eyeLookOutLeft: 1 }), restEyes());
    expect(GAZE_MAX_YAW).toBeCloseTo((30 * Math.PI) / 180, 10);
    expect(e.leftYaw).toBeCloseTo(GAZE_MAX_YAW, 10);
    expect(e.rightYaw).toBe(0);
    expect(e.leftPitch).toBe(0);
    const dir = gazeOf(e.leftPitch, e.leftYaw);
    expect(dir.x).toBeCloseTo(Math.sin(GAZE_MAX_YAW), 6);
    expect(dir.z).toBeGreaterThan(0.8);
  });

  it('both eyes looking to the avatar’s left: left out + right in give the same yaw; to its right the opposite', () => {
    const toLeft = frameEyes(frame({ eyeLookOutLeft: 0.5, eyeLookInRight: 0.5 }), restEyes());
    expect(toLeft.leftYaw).toBeCloseTo(GAZE_MAX_YAW / 2, 6);
    expect(toLeft.rightYaw).toBeCloseTo(GAZE_MAX_YAW / 2, 6);
    const toRight = frameEyes(frame({ eyeLookInLeft: 1, eyeLookOutRight: 1 }), restEyes());
    expect(toRight.leftYaw).toBeCloseTo(-GAZE_MAX_YAW, 6);
    expect(toRight.rightYaw).toBeCloseTo(-GAZE_MAX_YAW, 6);
    // In and out at once cancel.
    expect(frameEyes(frame({ eyeLookInLeft: 0.7, eyeLookOutLeft: 0.7 }), restEyes()).leftYaw).toBeCloseTo(0, 10);
  });

  it('up and down turn the eyes by up to 25° (pitch: + is down, as three.js turns +z towards -y)', () => {
    const up = frameEyes(frame({ eyeLookUpLeft: 1, eyeLookUpRight: 1 }), restEyes());
    expect(up.leftPitch).toBeCloseTo(-GAZE_MAX_PITCH, 10);
    expect(up.rightPitch).toBeCloseTo(-GAZE_MAX_PITCH, 10);
    expect(gazeOf(up.leftPitch, 0).y).toBeCloseTo(Math.sin((25 * Math.PI) / 180), 6);
    const down = frameEyes(frame({ eyeLookDownRight: 0.4 }), restEyes());
    expect(down.rightPitch).toBeCloseTo(0.4 * GAZE_MAX_PITCH, 6);
    expect(gazeOf(down.rightPitch, 0).y).toBeLessThan(0);
    expect(down.leftPitch).toBe(0);
  });

  it('squint narrows and wide opens each lid on its own; a blink still closes it fully', () => {
    const e = frameEyes(frame({ eyeSquintLeft: 1, eyeWideRight: 1 }), restEyes());
    expect(e.leftLid).toBeCloseTo(SQUINT_LID, 6);
    expect(e.rightLid).toBeCloseTo(-WIDE_LID, 6);
    expect(eyeLid(1, 1, 0)).toBe(1);
    expect(eyeLid(1, 0, 1)).toBe(1);
    expect(eyeLid(0.5, 0, 0)).toBeCloseTo(0.5, 6);
    expect(eyeLid(0, 0.5, 0)).toBeCloseTo(0.5 * SQUINT_LID, 6);
  });

  it('headRoll is a signed angle (radians, rotation.z sense), clamped; the eye rolls likewise', () => {
    expect(frameEyes(frame({ headRoll: 0.1 }), restEyes()).headRoll).toBeCloseTo(0.1, 6);
    expect(frameEyes(frame({ headRoll: -0.08 }), restEyes()).headRoll).toBeCloseTo(-0.08, 6);
    expect(frameEyes(frame({ headRoll: 5 }), restEyes()).headRoll).toBe(HEAD_ROLL_MAX);
    expect(frameEyes(frame({ headRoll: -5 }), restEyes()).headRoll).toBe(-HEAD_ROLL_MAX);
    expect(frameEyes(frame({ headRoll: Number.NaN }), restEyes()).headRoll).toBe(0);
    const rolls = frameEyes(frame({ leftEyeRoll: 0.05, rightEyeRoll: -1 }), restEyes());
    expect(rolls.leftRoll).toBeCloseTo(0.05, 6);
    expect(rolls.rightRoll).toBe(-EYE_ROLL_MAX);
    // A rolled head tilts: rotation.z > 0 moves the crown towards -x (the avatar's right).
    const crown = new THREE.Vector3(0, 1, 0).applyEuler(new THREE.Euler(0, 0, 0.1));
    expect(crown.x).toBeLessThan(0);
  });

  it('a negative headRoll survives interpolation between frames (blendFrameAt keeps the rolls signed)', () => {
    const out = blendFrame();
    expect(blendFrameAt([frame({ headRoll: -0.1, eyeLookOutLeft: 1 }), frame({ headRoll: -0.2 })], 60, 1000 / 120, out)).toBe(true);
    const e = frameEyes(out, restEyes());
    expect(e.headRoll).toBeCloseTo(-0.15, 5);
    expect(e.leftYaw).toBeCloseTo(GAZE_MAX_YAW / 2, 5);
    // Gaze values out of 0..1 are clamped like every other shape.
    expect(frameEyes(frame({ eyeLookOutLeft: 2, eyeLookUpRight: -1 }), restEyes())).toMatchObject({ leftYaw: GAZE_MAX_YAW, rightPitch: 0 });
  });

  it('gazeToLook gives the eyeLook weights back for models that look with morph targets', () => {
    const source = frame({ eyeLookOutLeft: 0.6, eyeLookInRight: 0.6, eyeLookDownLeft: 0.3, eyeLookUpRight: 0.8 });
    const w = gazeToLook(frameEyes(source, restEyes()), new Float32Array(EYE_LOOK_SHAPES.length));
    EYE_LOOK_SHAPES.forEach((name, i) => expect(w[i], name).toBeCloseTo(source[BS[name]]!, 5));
    expect(Array.from(gazeToLook(restEyes(), new Float32Array(8)))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
