import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { AvatarAnimator, type FrameInput } from '../../renderer/stage/avatar/animator';
import { parseAvatar } from '../../renderer/stage/avatar/load-avatar';
import type { AvatarRig } from '../../renderer/stage/avatar/rig';
import { BLEND_SHAPE_COUNT, BS, type BlendFrames } from '../../shared/blend-shapes';
import { restPose } from '../../shared/lipsync';
import type { TimingTrack } from '../../shared/timing';
import { morphHeadGlb } from '../support/glb';

const FPS = 60;
const FRAME_MS = 1000 / FPS;

const ARKIT = ['jawOpen', 'mouthClose', 'mouthFunnel', 'mouthPucker', 'mouthSmileLeft', 'mouthSmileRight', 'eyeBlinkLeft', 'eyeBlinkRight', 'browInnerUp', 'browDownLeft', 'browDownRight'];

function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/**
 * 1 s of Azure frames: jawOpen 0 for frames 0–29, 1 from frame 30 (500 ms); eyes shut for frames
 * 40–45 (667–750 ms); brows raised from frame 30, frowning from frame 50 (833 ms).
 */
function frames(): BlendFrames {
  const out: number[][] = [];
  for (let i = 0; i < 60; i++) {
    const f = new Array<number>(BLEND_SHAPE_COUNT).fill(0);
    if (i >= 30) f[BS.jawOpen] = 1;
    if (i >= 40 && i <= 45) f[BS.eyeBlinkLeft] = f[BS.eyeBlinkRight] = 1;
    if (i >= 30 && i < 50) f[BS.browInnerUp] = 0.8;
    if (i >= 50) f[BS.browDownLeft] = f[BS.browDownRight] = 0.8;
    out.push(f);
  }
  return { fps: FPS, frames: out };
}

/** The visemes say the opposite: lips closed (p/b/m) for the whole first second, then "a". */
const TRACK: TimingTrack = {
  source: 'engine',
  durationMs: 1600,
  visemes: [
    { t: 0, id: 21 },
    { t: 1000, id: 2 },
    { t: 1500, id: 0 },
  ],
  words: [],
};

type Sample<K extends string> = { t: number } & Record<K, number>;

/** Plays the line at 60 fps on the line clock, from `startS` on the frame clock; samples `read` every frame. */
function play<K extends string>(animator: AvatarAnimator, blendShapes: BlendFrames | null, read: () => Record<K, number>, untilMs = 1600, startS = 0): Sample<K>[] {
  const input: FrameInput = { dtMs: FRAME_MS, timeS: startS, lineTimeMs: 0, lineDurationMs: 1600, track: TRACK, blendShapes, level: 0.1, camera: new THREE.Vector3(0, 1.5, 2) };
  const out: Sample<K>[] = [];
  for (let t = 0; t <= untilMs; t += FRAME_MS) {
    input.timeS = startS + t / 1000;
    input.lineTimeMs = t;
    animator.update(input);
    out.push({ t, ...read() } as Sample<K>);
  }
  return out;
}

const near = <K extends string>(samples: Sample<K>[], t: number): Sample<K> => samples.reduce((a, b) => (Math.abs(b.t - t) < Math.abs(a.t - t) ? b : a));

describe('Azure blend-shape frames on the stage animator', () => {
  it('an ARKit GLB: the frames drive jawOpen, blink and brows at their times, then the visemes take over', async () => {
    const rig = await parseAvatar(buffer(morphHeadGlb(ARKIT)), { eyeY: 1.55 });
    expect(rig.kind).toBe('arkit');
    const mesh = rig.mouthMesh;
    const dict = mesh.morphTargetDictionary!;
    const inf = mesh.morphTargetInfluences!;
    const read = () => ({
      jaw: inf[dict['jawOpen']!]!,
      blink: inf[dict['eyeBlinkLeft']!]!,
      browUp: inf[dict['browInnerUp']!]!,
      browDown: inf[dict['browDownLeft']!]!,
    });
    const animator = new AvatarAnimator(rig);
    const s = play(animator, frames(), read);
    // jawOpen follows the frames exactly (no smoothing lag): shut until frame 29, open from frame 30.
    expect(Math.max(...s.filter((x) => x.t <= 480).map((x) => x.jaw))).toBeLessThan(0.02);
    expect(near(s, 500).jaw).toBeGreaterThan(0.9);
    expect(Math.min(...s.filter((x) => x.t >= 500 && x.t < 1000).map((x) => x.jaw))).toBeGreaterThan(0.9);
    // Eyes: Azure's blink at 667–750 ms, open before.
    expect(near(s, 700).blink).toBeGreaterThan(0.95);
    expect(near(s, 600).blink).toBe(0);
    // Brows raised from 500 ms, frowning from 833 ms.
    expect(near(s, 400).browUp).toBeLessThan(0.1);
    expect(near(s, 700).browUp).toBeGreaterThan(0.4);
    expect(near(s, 900).browDown).toBeGreaterThan(0.3);
    expect(near(s, 900).browUp).toBe(0);
    // Frames over at 1000 ms: the track's "a" (1000–1500 ms) opens the mouth through the visemes.
    expect(animator.faceActive).toBe(false);
    expect(Math.max(...s.filter((x) => x.t > 1100 && x.t < 1450).map((x) => x.jaw))).toBeGreaterThan(0.4);
    rig.dispose();
  });

  it('without frames the same cue is lip-synced from the visemes (closed lips for the first second)', async () => {
    const rig = await parseAvatar(buffer(morphHeadGlb(ARKIT)), { eyeY: 1.55 });
    const dict = rig.mouthMesh.morphTargetDictionary!;
    const inf = rig.mouthMesh.morphTargetInfluences!;
    const animator = new AvatarAnimator(rig);
    const s = play(animator, null, () => ({ jaw: inf[dict['jawOpen']!]!, close: inf[dict['mouthClose']!]! }));
    expect(Math.max(...s.filter((x) => x.t < 950).map((x) => x.jaw))).toBeLessThan(0.05);
    expect(near(s, 500).close).toBeGreaterThan(0.8);
    expect(Math.max(...s.filter((x) => x.t > 1100 && x.t < 1450).map((x) => x.jaw))).toBeGreaterThan(0.4);
    rig.dispose();
  });

  it('Azure’s blink wins while frames play: no idle blink during a long line, idle blinks after it', async () => {
    const rig = await parseAvatar(buffer(morphHeadGlb(ARKIT)), { eyeY: 1.55 });
    const dict = rig.mouthMesh.morphTargetDictionary!;
    const inf = rig.mouthMesh.morphTargetInfluences!;
    // 8 s of frames with the eyes open throughout: idle blinks come every 2–6 s.
    const open: BlendFrames = { fps: FPS, frames: Array.from({ length: 8 * FPS }, () => new Array<number>(BLEND_SHAPE_COUNT).fill(0)) };
    const animator = new AvatarAnimator(rig);
    const during = play(animator, open, () => ({ blink: inf[dict['eyeBlinkLeft']!]! }), 7900);
    expect(Math.max(...during.map((x) => x.blink))).toBe(0);
    // The same animator, later, with no frames: it blinks again by itself.
    const after = play(animator, null, () => ({ blink: inf[dict['eyeBlinkLeft']!]! }), 8000, 8);
    expect(Math.max(...after.map((x) => x.blink))).toBeGreaterThan(0.9);
    rig.dispose();
  });

  it('the built-in host’s mouth (aa…closed morphs): opens with jawOpen at 500 ms; blink and brows from the frames', () => {
    // A rig with the built-in host's contract: a mouth mesh with aa, ih, ou, ee, oh, closed morphs
    // and blink/smile/brow setters (the real default avatar needs a DOM canvas for its textures).
    const geometry = new THREE.BufferGeometry();
    geometry.setAttribute('position', new THREE.Float32BufferAttribute([0, 0, 0, 1, 0, 0, 0, 1, 0], 3));
    const names = ['aa', 'ih', 'ou', 'ee', 'oh', 'closed'];
    geometry.morphAttributes.position = names.map((name) => {
      const a = new THREE.Float32BufferAttribute([0, 0, 0, 0, -0.1, 0, 0, 0, 0], 3);
      a.name = name;
      return a;
    });
    const mouthMesh = new THREE.Mesh(geometry);
    mouthMesh.updateMorphTargets();
    const face = { blink: 0, brows: 0, smile: 0 };
    const root = new THREE.Group();
    const head = new THREE.Object3D();
    root.add(head, mouthMesh);
    const rig: AvatarRig = {
      kind: 'default',
      root,
      mouthMesh,
      head,
      chest: null,
      eyes: [],
      eyeLevel: new THREE.Vector3(0, 1.5, 0),
      setBlink: (w) => (face.blink = w),
      setSmile: (w) => (face.smile = w),
      setBrows: (r) => (face.brows = r),
      dispose: () => geometry.dispose(),
    };
    const animator = new AvatarAnimator(rig);
    const scratch = restPose();
    const s = play(animator, frames(), () => ({ open: animator.mouthOpenness(scratch), ...face }));
    expect(Math.max(...s.filter((x) => x.t <= 480).map((x) => x.open))).toBeLessThan(0.02);
    expect(near(s, 500).open).toBeGreaterThan(0.7);
    expect(near(s, 700).blink).toBeGreaterThan(0.95);
    expect(near(s, 600).blink).toBe(0);
    expect(near(s, 700).brows).toBeGreaterThan(0.7);
    expect(near(s, 900).brows).toBeLessThan(-0.5);
    // Without frames, the same cue's p/b/m keeps the lips shut over the first second.
    const plain = new AvatarAnimator(rig);
    const v = play(plain, null, () => ({ open: plain.mouthOpenness(scratch) }));
    expect(Math.max(...v.filter((x) => x.t < 950).map((x) => x.open))).toBeLessThan(0.05);
    expect(Math.max(...v.filter((x) => x.t > 1100 && x.t < 1450).map((x) => x.open))).toBeGreaterThan(0.5);
    rig.dispose();
  });
});
