import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { AvatarAnimator, type FrameInput } from '../../renderer/stage/avatar/animator';
import { parseAvatar } from '../../renderer/stage/avatar/load-avatar';
import { restPose } from '../../shared/lipsync';
import type { TimingTrack } from '../../shared/timing';
import { morphHeadGlb, OCULUS_NAMES, vrm1Glb } from '../support/glb';

const ARKIT = ['jawOpen', 'mouthClose', 'mouthFunnel', 'mouthPucker', 'mouthSmileLeft', 'mouthSmileRight', 'eyeBlinkLeft', 'eyeBlinkRight'];

function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** "pa-pa": p, a, p, a, silence. */
const TRACK: TimingTrack = {
  source: 'engine',
  durationMs: 800,
  visemes: [
    { t: 100, id: 21 },
    { t: 180, id: 2 },
    { t: 380, id: 21 },
    { t: 460, id: 2 },
    { t: 700, id: 0 },
  ],
  words: [],
};

/** Runs the animator at 60 fps over the track; returns the model's mouth openness per frame. */
function speak(animator: AvatarAnimator, until = 1000): { t: number; open: number }[] {
  const input: FrameInput = { dtMs: 1000 / 60, timeS: 0, lineTimeMs: 0, lineDurationMs: 800, track: TRACK, level: 0.1, camera: new THREE.Vector3(0, 1.5, 2) };
  const out: { t: number; open: number }[] = [];
  const scratch = restPose();
  for (let t = 0; t <= until; t += 1000 / 60) {
    input.timeS = t / 1000;
    input.lineTimeMs = t;
    animator.update(input);
    out.push({ t, open: animator.mouthOpenness(scratch) });
  }
  return out;
}

describe('imported avatars on the stage (three.js, no GPU)', () => {
  it('an Oculus-viseme GLB: the animator drives viseme_aa and viseme_PP on the model itself', async () => {
    const rig = await parseAvatar(buffer(morphHeadGlb(OCULUS_NAMES)), { eyeY: 1.55 });
    expect(rig.kind).toBe('oculus');
    const mesh = rig.mouthMesh;
    const dict = mesh.morphTargetDictionary!;
    const animator = new AvatarAnimator(rig);
    let maxAa = 0;
    let ppAtClosure = 0;
    const frames = speak(animator);
    // Sample the influences again at the centres: the a (280 ms) and the second p (420 ms).
    const input: FrameInput = { dtMs: 1000 / 60, timeS: 0, lineTimeMs: 0, lineDurationMs: 800, track: TRACK, level: 0.1, camera: new THREE.Vector3() };
    const fresh = new AvatarAnimator(rig);
    for (let t = 0; t <= 430; t += 1000 / 60) {
      input.lineTimeMs = t;
      input.timeS = t / 1000;
      fresh.update(input);
      const inf = mesh.morphTargetInfluences!;
      if (t > 200 && t < 330) maxAa = Math.max(maxAa, inf[dict['viseme_aa']!]!);
      if (t >= 410) ppAtClosure = inf[dict['viseme_PP']!]!;
    }
    expect(maxAa).toBeGreaterThan(0.6);
    expect(ppAtClosure).toBeGreaterThan(0.8);
    expect(Math.max(...frames.map((f) => f.open))).toBeGreaterThan(0.5);
    // After the line: back to rest within 150 ms of its end.
    expect(frames.filter((f) => f.t >= 950).every((f) => f.open < 0.05)).toBe(true);
    rig.dispose();
  });

  it('an ARKit GLB: jawOpen opens, blink and smile land on their own shapes', async () => {
    const rig = await parseAvatar(buffer(morphHeadGlb(ARKIT)), { eyeY: 1.55 });
    expect(rig.kind).toBe('arkit');
    const mesh = rig.mouthMesh;
    const dict = mesh.morphTargetDictionary!;
    const animator = new AvatarAnimator(rig);
    const frames = speak(animator, 300);
    expect(mesh.morphTargetInfluences![dict['jawOpen']!]).toBeGreaterThan(0.4);
    expect(Math.max(...frames.map((f) => f.open))).toBeGreaterThan(0.4);
    rig.setBlink(1);
    rig.setSmile(1);
    rig.update?.(16, new THREE.Vector3());
    expect(mesh.morphTargetInfluences![dict['eyeBlinkLeft']!]).toBe(1);
    expect(mesh.morphTargetInfluences![dict['mouthSmileRight']!]).toBeGreaterThanOrEqual(0.5);
    rig.dispose();
  });

  it('fits the model to the default host’s eye height and disposes every geometry', async () => {
    const rig = await parseAvatar(buffer(morphHeadGlb(OCULUS_NAMES)), { eyeY: 1.55 });
    const geometries: THREE.BufferGeometry[] = [];
    rig.root.traverse((o) => {
      if ((o as THREE.Mesh).isMesh) geometries.push((o as THREE.Mesh).geometry);
    });
    expect(geometries.length).toBe(1);
    // The 30 cm face (1.35–1.65 m) is a bust: it keeps its size and sits around the eye height.
    let mesh: THREE.Mesh | null = null;
    rig.root.traverse((o) => {
      if ((o as THREE.Mesh).isMesh) mesh = o as THREE.Mesh;
    });
    rig.root.updateMatrixWorld(true);
    const pos = mesh!.geometry.getAttribute('position');
    const bottom = new THREE.Vector3().fromBufferAttribute(pos, 0).applyMatrix4(mesh!.matrixWorld);
    const top = new THREE.Vector3().fromBufferAttribute(pos, 3).applyMatrix4(mesh!.matrixWorld);
    expect(top.y - bottom.y).toBeCloseTo(0.3, 5);
    expect(top.y).toBeGreaterThan(1.55);
    expect(bottom.y).toBeLessThan(1.5);
    expect(rig.eyeLevel.y).toBeCloseTo(1.55, 5);
    let disposed = 0;
    for (const g of geometries) g.addEventListener('dispose', () => disposed++);
    rig.dispose();
    expect(disposed).toBe(1);
  });

  it('rejects a damaged model with a message, leaving nothing behind', async () => {
    const good = morphHeadGlb(OCULUS_NAMES);
    await expect(parseAvatar(buffer(good.subarray(0, 60)), { eyeY: 1.55 })).rejects.toThrow(/could not be read/);
  });
});

describe('imported VRM avatars (three-vrm, no GPU)', () => {
  it('a VRM 1.0: the mouth expressions follow the speech, blink goes to the blink expression', async () => {
    const rig = await parseAvatar(buffer(vrm1Glb(['aa', 'ih', 'ou', 'ee', 'oh', 'blink', 'happy'])), { eyeY: 1.55 });
    expect(rig.kind).toBe('vrm');
    const animator = new AvatarAnimator(rig);
    const frames = speak(animator, 300);
    expect(Math.max(...frames.map((f) => f.open))).toBeGreaterThan(0.5);
    // The expression reached the face's morph target (three-vrm applies it in vrm.update).
    const dict = rig.mouthMesh.morphTargetDictionary!;
    expect(rig.mouthMesh.morphTargetInfluences![dict['aa']!]).toBeGreaterThan(0.4);
    // The head bone is where the animator turns the head; the eyes were fitted to 1.55 m.
    expect(rig.head.name).not.toBe('imported-avatar');
    expect(rig.eyeLevel.y).toBeGreaterThan(1.4);
    expect(rig.eyeLevel.y).toBeLessThan(1.7);
    rig.dispose();
  });
});

describe('gestures through the animator', () => {
  it('start on the line clock and finish after the line ends instead of snapping back', async () => {
    const rig = await parseAvatar(buffer(morphHeadGlb(OCULUS_NAMES)), { eyeY: 1.55 });
    const animator = new AvatarAnimator(rig);
    animator.lineStarted(['wave', 'excited'], 'mug');
    expect(animator.emotion).toBe('excited');
    const input: FrameInput = { dtMs: 1000 / 60, timeS: 10, lineTimeMs: null, lineDurationMs: 1000, track: TRACK, level: 0.1, camera: new THREE.Vector3() };
    const seen: { t: number; g: string | null }[] = [];
    for (let i = 0; i < 60 * 4; i++) {
      input.timeS = 10 + i / 60;
      // Loading for 0.3 s, then the line plays for 1 s, then silence.
      const line = (i / 60 - 0.3) * 1000;
      input.lineTimeMs = line >= 0 && line < 1000 ? line : null;
      animator.update(input);
      seen.push({ t: i / 60, g: animator.currentGesture });
    }
    const at = (t: number) => seen.find((s) => s.t >= t)!.g;
    expect(at(0.4)).toBeNull(); // before the lead-in on the line clock
    expect(at(0.8)).toBe('wave');
    expect(at(1.8)).toBe('wave'); // the line ended at 1.3 s; the wave goes on
    expect(at(3.0)).toBeNull(); // 0.3 + 0.25 + 2.2 s
    // The next line of the same product keeps the mood; a new product's line falls back to a smile.
    animator.lineStarted([], 'mug');
    expect(animator.emotion).toBe('excited');
    animator.lineStarted([], 'kettle');
    expect(animator.emotion).toBe('smile');
    rig.dispose();
  });
});
