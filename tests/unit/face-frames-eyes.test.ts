import * as THREE from 'three';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AvatarAnimator, type FrameInput } from '../../renderer/stage/avatar/animator';
import { createDefaultAvatar, type DefaultAvatar } from '../../renderer/stage/avatar/default-avatar';
import { LID_CLOSED, LID_OPEN } from '../../renderer/stage/avatar/eyes';
import { parseAvatar } from '../../renderer/stage/avatar/load-avatar';
import type { AvatarRig } from '../../renderer/stage/avatar/rig';
import { BLEND_SHAPE_COUNT, BS, GAZE_MAX_YAW, type AzureBlendShape, type BlendFrames } from '../../shared/blend-shapes';
import type { TimingTrack } from '../../shared/timing';
import { buildGlb, morphHeadGlb, vrm1Glb } from '../support/glb';

/**
 * The built-in host (the real default avatar: head, eyes, lids; only its painted iris, which needs
 * a DOM canvas, is a plain texture here) driven by the real animator at 60 fps with Azure-like
 * blend-shape frames: what a viewer sees of the eyes and head is read back from the avatar's own
 * objects.
 */

const FPS = 60;
const FRAME_MS = 1000 / FPS;
const CAMERA = new THREE.Vector3(0, 1.55, 2.2);

function host(): DefaultAvatar {
  return createDefaultAvatar({ irisTexture: () => new THREE.DataTexture(new Uint8Array([200, 150, 100, 255]), 1, 1) });
}

/** `seconds` of frames, all with the given shapes set. */
function frames(seconds: number, values: Partial<Record<AzureBlendShape, number>>): BlendFrames {
  const f = new Array<number>(BLEND_SHAPE_COUNT).fill(0);
  for (const [name, v] of Object.entries(values)) f[BS[name as AzureBlendShape]] = v;
  return { fps: FPS, frames: Array.from({ length: Math.round(seconds * FPS) }, () => f) };
}

const TRACK: TimingTrack = { source: 'engine', durationMs: 3000, visemes: [{ t: 0, id: 0 }], words: [] };

interface EyeSample {
  t: number;
  faceActive: boolean;
  /** Rotation.y of the left and right eyeballs (+ = towards the avatar's left, +x). */
  leftYaw: number;
  rightYaw: number;
  /** Where the left eye looks, in world space (x > 0 = towards the avatar's left). */
  gazeX: number;
  leftLid: number;
  rightLid: number;
  headRoll: number;
}

/** Plays a 3 s line whose first `blend.frames` drive the face; samples the eyes every frame. */
const headRest = new WeakMap<DefaultAvatar, { position: THREE.Vector3; rotation: THREE.Euler }>();

function play(avatar: DefaultAvatar, blend: BlendFrames | null, untilMs = 3000): EyeSample[] {
  // The animator takes the head's pose at its creation as the rest pose: start each run from the same.
  const rest = headRest.get(avatar) ?? { position: avatar.head.position.clone(), rotation: avatar.head.rotation.clone() };
  headRest.set(avatar, rest);
  avatar.head.position.copy(rest.position);
  avatar.head.rotation.copy(rest.rotation);
  const animator = new AvatarAnimator(avatar);
  const input: FrameInput = { dtMs: FRAME_MS, timeS: 0, lineTimeMs: 0, lineDurationMs: 3000, track: TRACK, blendShapes: blend, level: 0.1, camera: CAMERA };
  const [left, right] = avatar.eyes as [THREE.Object3D, THREE.Object3D];
  const leftGroup = left.parent!;
  const rightGroup = right.parent!;
  const leftLid = leftGroup.children[1]!;
  const rightLid = rightGroup.children[1]!;
  const dir = new THREE.Vector3();
  const out: EyeSample[] = [];
  for (let t = 0; t <= untilMs; t += FRAME_MS) {
    input.timeS = t / 1000;
    input.lineTimeMs = t;
    animator.update(input);
    avatar.root.updateMatrixWorld(true);
    left.getWorldDirection(dir);
    out.push({
      t,
      faceActive: animator.faceActive,
      leftYaw: left.rotation.y,
      rightYaw: right.rotation.y,
      gazeX: dir.x,
      leftLid: leftLid.rotation.x,
      rightLid: rightLid.rotation.x,
      headRoll: avatar.head.rotation.z,
    });
  }
  return out;
}

const near = (s: EyeSample[], t: number): EyeSample => s.reduce((a, b) => (Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a));

describe('blend-shape frames drive the built-in host’s eyes and head', () => {
  // One host for all (each run has its own animator, which sets every pose it reads back each frame).
  let avatar: DefaultAvatar;
  beforeAll(() => {
    avatar = host();
  });
  afterAll(() => avatar.dispose());

  it('the host has two eyes, the left one first (at +x), lids that the rig sets per eye', () => {
    const [l, r] = avatar.eyes;
    expect(l!.parent!.position.x).toBeGreaterThan(0);
    expect(r!.parent!.position.x).toBeLessThan(0);
    expect(typeof avatar.setLids).toBe('function');
  });

  it('frames that look to the avatar’s left turn both eyes left, blending in and out over ~150 ms', () => {
    // 1.5 s of "look left" (left eye out, right eye in), then the frames end and the camera gaze returns.
    const s = play(avatar, frames(1.5, { eyeLookOutLeft: 0.8, eyeLookInRight: 0.8 }));
    const plain = play(avatar, null);
    const target = 0.8 * GAZE_MAX_YAW;
    // Without frames the eyes look at the camera (nearly straight ahead): a small yaw.
    expect(Math.max(...plain.map((x) => Math.abs(x.leftYaw)))).toBeLessThan(0.15);
    // With frames: from 150 ms on, both eyes hold the frames' yaw exactly (no saccades), towards +x.
    const held = s.filter((x) => x.t >= 160 && x.t <= 1450);
    for (const x of held) {
      expect(x.leftYaw).toBeCloseTo(target, 5);
      expect(x.rightYaw).toBeCloseTo(target, 5);
    }
    expect(near(s, 800).gazeX).toBeGreaterThan(0.3);
    expect(near(s, 800).gazeX - near(plain, 800).gazeX).toBeGreaterThan(0.3);
    // The turn is smooth: no frame jumps more than a third of the way, and half-way at ~75 ms.
    const steps = s.slice(1, 12).map((x, i) => Math.abs(x.leftYaw - s[i]!.leftYaw));
    expect(Math.max(...steps)).toBeLessThan(target / 3);
    expect(near(s, 75).leftYaw).toBeGreaterThan(0.2 * target);
    expect(near(s, 75).leftYaw).toBeLessThan(0.8 * target);
    // Frames over at 1500 ms: back on the camera within ~150 ms, again without a jump.
    expect(near(s, 1490).faceActive).toBe(true);
    expect(near(s, 1520).faceActive).toBe(false);
    const back = s.filter((x) => x.t > 1500 && x.t < 1700);
    const backSteps = back.slice(1).map((x, i) => Math.abs(x.leftYaw - back[i]!.leftYaw));
    expect(Math.max(...backSteps)).toBeLessThan(target / 3);
    expect(Math.abs(near(s, 1750).leftYaw)).toBeLessThan(0.15);
  });

  it('squint narrows one eye, wide opens the other; the idle blink is held back while frames play', () => {
    const s = play(avatar, frames(3, { eyeSquintLeft: 1, eyeWideRight: 1 }));
    const mid = near(s, 1000);
    // Upper-lid rotation: LID_OPEN at rest, towards LID_CLOSED when closing, past open when wide.
    expect(mid.leftLid).toBeGreaterThan(LID_OPEN + 0.25 * (LID_CLOSED - LID_OPEN));
    expect(mid.leftLid).toBeLessThan(LID_CLOSED - 0.3);
    expect(mid.rightLid).toBeLessThan(LID_OPEN - 0.05);
    // No idle blink over 3 s of frames (idle blinks come every 2–6 s): the squinting lid holds.
    const held = s.filter((x) => x.t > 200 && x.t < 2950);
    expect(Math.max(...held.map((x) => x.leftLid)) - Math.min(...held.map((x) => x.leftLid))).toBeLessThan(0.02);
    // The same 3 s without frames do hold an idle blink.
    const idle = play(avatar, null).filter((x) => x.t > 200 && x.t < 2950);
    expect(Math.max(...idle.map((x) => x.leftLid))).toBeGreaterThan(LID_CLOSED - 0.1);
  });

  it('the frames’ headRoll tilts the head on top of its idle sway', () => {
    const rolled = play(avatar, frames(2, { headRoll: 0.15 }));
    const plain = play(avatar, null);
    for (const t of [400, 1000, 1600]) expect(near(rolled, t).headRoll - near(plain, t).headRoll).toBeCloseTo(0.15, 3);
    // A negative roll tilts the other way.
    const other = play(avatar, frames(2, { headRoll: -0.1 }), 1000);
    expect(near(other, 800).headRoll - near(plain, 800).headRoll).toBeCloseTo(-0.1, 3);
  });
});

function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** A minimal VRM 1.0 (tests/support/glb.ts) whose look-at works through its look* expressions. */
function lookingVrm(): Uint8Array {
  const base = vrm1Glb(['aa', 'blink', 'lookLeft', 'lookRight', 'lookUp', 'lookDown']);
  const view = new DataView(base.buffer, base.byteOffset);
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(base.subarray(20, 20 + jsonLength))) as { extensions: { VRMC_vrm: Record<string, unknown> } };
  const binLength = view.getUint32(20 + jsonLength, true);
  const bin = base.subarray(28 + jsonLength, 28 + jsonLength + binLength);
  json.extensions.VRMC_vrm.lookAt = { type: 'expression', offsetFromHeadBone: [0, 0.06, 0] };
  return buildGlb(json, bin);
}

/** Runs a rig for `ms` with (or without) frames; returns `read()` at the end. */
function run<T>(rig: AvatarRig, blend: BlendFrames | null, ms: number, read: () => T): T {
  const animator = new AvatarAnimator(rig);
  const input: FrameInput = { dtMs: FRAME_MS, timeS: 0, lineTimeMs: 0, lineDurationMs: 3000, track: TRACK, blendShapes: blend, level: 0.1, camera: new THREE.Vector3(0, 1.55, 2.2) };
  for (let t = 0; t <= ms; t += FRAME_MS) {
    input.timeS = t / 1000;
    input.lineTimeMs = t;
    animator.update(input);
    rig.root.updateMatrixWorld(true);
  }
  return read();
}

describe('blend-shape frames drive imported avatars’ eyes', () => {
  const lookLeft = (): BlendFrames => frames(2, { eyeLookOutLeft: 0.8, eyeLookInRight: 0.8 });

  it('a VRM looks left through its look-at (lookLeft expression) while the frames say so, at the camera otherwise', async () => {
    const rig = await parseAvatar(buffer(lookingVrm()), { eyeY: 1.55 });
    expect(rig.kind).toBe('vrm');
    expect(typeof rig.setGaze).toBe('function');
    const mesh = rig.mouthMesh;
    const dict = mesh.morphTargetDictionary!;
    const read = () => ({ left: mesh.morphTargetInfluences![dict['lookLeft']!]!, right: mesh.morphTargetInfluences![dict['lookRight']!]! });
    const plain = run(rig, null, 600, read);
    expect(plain.left).toBeLessThan(0.05);
    const looking = run(rig, lookLeft(), 600, read);
    // 24° of yaw on three-vrm's default expression range (90° = 1).
    expect(looking.left).toBeGreaterThan(0.2);
    expect(looking.right).toBe(0);
    // After the frames (2 s) the look-at is back on the camera.
    expect(run(rig, lookLeft(), 2400, read).left).toBeLessThan(0.05);
    rig.dispose();
  });

  it('a GLB with ARKit eyeLook morphs gets the frames’ eyeLook weights back', async () => {
    const names = ['jawOpen', 'mouthClose', 'mouthFunnel', 'mouthPucker', 'eyeBlinkLeft', 'eyeBlinkRight', 'eyeLookOutLeft', 'eyeLookInLeft', 'eyeLookInRight', 'eyeLookOutRight'];
    const rig = await parseAvatar(buffer(morphHeadGlb(names)), { eyeY: 1.55 });
    expect(rig.kind).toBe('arkit');
    const mesh = rig.mouthMesh;
    const dict = mesh.morphTargetDictionary!;
    const read = () => ({ outL: mesh.morphTargetInfluences![dict['eyeLookOutLeft']!]!, inR: mesh.morphTargetInfluences![dict['eyeLookInRight']!]!, inL: mesh.morphTargetInfluences![dict['eyeLookInLeft']!]! });
    const looking = run(rig, lookLeft(), 600, read);
    expect(looking.outL).toBeCloseTo(0.8, 3);
    expect(looking.inR).toBeCloseTo(0.8, 3);
    expect(looking.inL).toBe(0);
    expect(run(rig, null, 600, read).outL).toBe(0);
    rig.dispose();
  });
});
