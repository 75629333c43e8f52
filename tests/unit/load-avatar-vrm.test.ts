import * as THREE from 'three';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AvatarAnimator, type FrameInput } from '../../renderer/stage/avatar/animator';
import { parseAvatar } from '../../renderer/stage/avatar/load-avatar';
import type { AvatarRig } from '../../renderer/stage/avatar/rig';
import { inspectAvatar } from '../../shared/avatar-inspect';
import type { TimingTrack } from '../../shared/timing';
import { VRM_BONE_NODES, vrmAvatar, type FaceMorph, type VrmBone, type VrmFixtureOptions, type VrmVersion } from '../support/vrm-fixtures';

/**
 * Real VRM 0.x and 1.0 files (tests/support/vrm-fixtures.ts: a skinned humanoid with a face whose
 * morph targets the expressions bind) through the stage's own loader and @pixiv/three-vrm, in Node
 * (three.js needs no GPU to load and pose a model).
 */

const load = (version: VrmVersion, opts: VrmFixtureOptions = {}): Promise<AvatarRig> => {
  const bytes = vrmAvatar(version, opts);
  return parseAvatar(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { eyeY: 1.55 });
};

/** World position of a raw bone of the loaded model (what the skinned mesh follows). */
function bone(rig: AvatarRig, name: VrmBone): THREE.Vector3 {
  rig.root.updateMatrixWorld(true);
  const node = rig.root.getObjectByName(VRM_BONE_NODES[name]);
  if (!node) throw new Error(`no bone ${name}`);
  return node.getWorldPosition(new THREE.Vector3());
}

function morph(rig: AvatarRig, name: FaceMorph): number {
  const mesh = rig.mouthMesh;
  const i = mesh.morphTargetDictionary?.[name];
  if (i === undefined) throw new Error(`no morph ${name}`);
  return mesh.morphTargetInfluences![i]!;
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

/** Runs the animator at 60 fps from `fromS` for `seconds`, the line playing over [lineFromS, lineFromS + 0.8). */
function run(animator: AvatarAnimator, fromS: number, seconds: number, lineFromS: number | null, each?: (t: number) => void): void {
  const input: FrameInput = { dtMs: 1000 / 60, timeS: 0, lineTimeMs: null, lineDurationMs: 800, track: TRACK, level: 0.1, camera: new THREE.Vector3(0, 1.5, 2) };
  for (let i = 0; i < seconds * 60; i++) {
    const t = fromS + i / 60;
    input.timeS = t;
    const line = lineFromS === null ? -1 : (t - lineFromS) * 1000;
    input.lineTimeMs = line >= 0 && line < 800 ? line : null;
    animator.update(input);
    each?.(t);
  }
}

let warnings: string[] = [];
beforeEach(() => {
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
});
afterEach(() => vi.restoreAllMocks());

describe.each(['1', '0'] as const)('a VRM %s.x file on the stage (three-vrm, no GPU)', (version) => {
  it('is what the import takes for a VRM with lip-sync, blink and no warnings', () => {
    const r = inspectAvatar(vrmAvatar(version));
    expect(r.ok && r.inspection).toMatchObject({ format: version === '1' ? 'vrm1' : 'vrm0', blendShapeSet: 'vrm', missing: [], warnings: [], noLipSync: null });
  });

  it('loads without a warning, fitted to the host’s eyes, facing the camera, arms down at its sides', async () => {
    const rig = await load(version);
    expect(warnings).toEqual([]);
    expect(rig.kind).toBe('vrm');
    expect(rig.mouth).toBeDefined();
    expect(rig.eyeLevel.y).toBeCloseTo(1.55, 2);
    // Its MToon materials (VRM 0.x: converted from materialProperties); the five of the body outlined.
    const materials: { isMToonMaterial?: boolean; isOutline?: boolean }[] = [];
    rig.root.traverse((o) => {
      if ((o as THREE.Mesh).isMesh) materials.push(...([(o as THREE.Mesh).material].flat() as { isMToonMaterial?: boolean }[]));
    });
    expect(materials.length).toBe(5 * 2 + 2);
    expect(materials.every((m) => m.isMToonMaterial === true)).toBe(true);
    expect(materials.filter((m) => m.isOutline).length).toBe(5);
    // Already out of the T-pose before its first frame on the stage.
    expect(bone(rig, 'rightUpperArm').y - bone(rig, 'rightHand').y).toBeGreaterThan(0.35);
    const animator = new AvatarAnimator(rig);
    run(animator, 0, 0.2, null);
    // Facing the camera (+Z): the face is in front of the head bone; the model's right hand is on
    // the viewer's left (-X).
    const face = rig.mouthMesh.getWorldPosition(new THREE.Vector3());
    expect(face.z - bone(rig, 'head').z).toBeGreaterThan(0.05);
    const right = bone(rig, 'rightHand');
    const left = bone(rig, 'leftHand');
    const shoulder = bone(rig, 'rightUpperArm');
    expect(right.x).toBeLessThan(-0.2);
    expect(left.x).toBeGreaterThan(0.2);
    // Out of the T-pose: both hands hang well below the shoulders.
    expect(shoulder.y - right.y).toBeGreaterThan(0.35);
    expect(shoulder.y - left.y).toBeGreaterThan(0.35);
    rig.dispose();
  });

  it('a [wave] lifts the right hand beside the shoulder in front of the body, then lowers it again', async () => {
    const rig = await load(version);
    const animator = new AvatarAnimator(rig);
    run(animator, 0, 0.2, null);
    const rest = bone(rig, 'rightHand');
    const restLeft = bone(rig, 'leftHand');
    const shoulderY = bone(rig, 'rightUpperArm').y;
    animator.lineStarted(['wave'], null);
    let highest = -Infinity;
    let forward = -Infinity;
    const swing: number[] = [];
    run(animator, 0.2, 2.6, 0.2, () => {
      if (animator.currentGesture !== 'wave') return;
      const hand = bone(rig, 'rightHand');
      highest = Math.max(highest, hand.y);
      forward = Math.max(forward, hand.z);
      if (hand.y > shoulderY) swing.push(hand.x);
    });
    expect(highest).toBeGreaterThan(shoulderY);
    expect(highest).toBeGreaterThan(rest.y + 0.3);
    // Beside the face and in front of the shoulder: inside the close portrait frame (about ±0.2 m
    // there), never out at the side, and never in front of the mouth.
    expect(Math.min(...swing)).toBeGreaterThan(-0.21);
    expect(Math.max(...swing)).toBeLessThan(-0.1); // the face is 0.2 m wide
    expect(forward).toBeGreaterThan(rest.z + 0.1);
    // The hand waves: it goes side to side while up.
    expect(Math.max(...swing) - Math.min(...swing)).toBeGreaterThan(0.05);
    // The other arm stays down; after the gesture the right hand is back at rest.
    expect(bone(rig, 'leftHand').distanceTo(restLeft)).toBeLessThan(0.01);
    expect(animator.currentGesture).toBeNull();
    expect(bone(rig, 'rightHand').distanceTo(rest)).toBeLessThan(0.01);
    rig.dispose();
  });

  it('[point] reaches the right hand towards the viewer; [show] brings both hands forwards in front of the body', async () => {
    const rig = await load(version);
    const animator = new AvatarAnimator(rig);
    run(animator, 0, 0.2, null);
    const rest = { right: bone(rig, 'rightHand'), left: bone(rig, 'leftHand') };
    const peak = (gesture: 'point' | 'show', fromS: number): { right: THREE.Vector3; left: THREE.Vector3 } => {
      animator.lineStarted([gesture], null);
      const best = { right: new THREE.Vector3(0, 0, -Infinity), left: new THREE.Vector3(0, 0, -Infinity) };
      run(animator, fromS, 3.2, fromS, () => {
        if (animator.currentGesture !== gesture) return;
        const right = bone(rig, 'rightHand');
        const left = bone(rig, 'leftHand');
        if (right.z > best.right.z) best.right.copy(right);
        if (left.z > best.left.z) best.left.copy(left);
      });
      return best;
    };
    const point = peak('point', 0.2);
    expect(point.right.z).toBeGreaterThan(rest.right.z + 0.3);
    expect(point.right.y).toBeGreaterThan(1.2); // chest height, not hanging
    expect(point.right.x).toBeLessThan(0); // still on its own side
    expect(point.left.distanceTo(rest.left)).toBeLessThan(0.01);
    expect(bone(rig, 'rightHand').distanceTo(rest.right)).toBeLessThan(0.01);
    const show = peak('show', 3.4);
    for (const hand of [show.right, show.left]) {
      expect(hand.z).toBeGreaterThan(rest.right.z + 0.25);
      expect(hand.y).toBeGreaterThan(1.15);
      expect(Math.abs(hand.x)).toBeLessThan(0.14); // in front of the body, in the frame
    }
    expect(show.right.x).toBeCloseTo(-show.left.x, 3);
    rig.dispose();
  });

  it('the mouth expressions follow the speech; blink and smile reach their morph targets', async () => {
    const rig = await load(version);
    const animator = new AvatarAnimator(rig);
    let maxA = 0;
    let maxOpen = 0;
    run(animator, 0, 1.2, 0, (t) => {
      maxA = Math.max(maxA, morph(rig, 'Fcl_MTH_A'));
      maxOpen = Math.max(maxOpen, animator.mouthOpenness({ aa: 0, ih: 0, ou: 0, ee: 0, oh: 0, closed: 0 }));
      if (t > 1.0) expect(morph(rig, 'Fcl_MTH_A')).toBeLessThan(0.05);
    });
    expect(maxA).toBeGreaterThan(0.4);
    expect(maxOpen).toBeGreaterThan(0.4);
    rig.setBlink(1);
    rig.setSmile(1);
    rig.update?.(16, new THREE.Vector3(0, 1.5, 2));
    // (The held smile blends the blink a little where the model lets "happy" override it.)
    expect(morph(rig, 'Fcl_EYE_Close')).toBeGreaterThan(0.5);
    expect(morph(rig, 'Fcl_ALL_Joy')).toBeGreaterThan(0.4);
    rig.dispose();
  });

  it('a nod tips the face down and forwards, the same way on both versions', async () => {
    const rig = await load(version);
    rig.update?.(16, new THREE.Vector3(0, 1.5, 2));
    rig.root.updateMatrixWorld(true);
    const before = rig.mouthMesh.getWorldPosition(new THREE.Vector3());
    rig.head.rotation.x += 0.3; // the animator's head pitch (+ = down, as on the built-in host)
    rig.update?.(16, new THREE.Vector3(0, 1.5, 2));
    rig.root.updateMatrixWorld(true);
    const after = rig.mouthMesh.getWorldPosition(new THREE.Vector3());
    expect(after.y).toBeLessThan(before.y - 0.01);
    expect(after.z).toBeGreaterThan(before.z - 0.001);
    rig.dispose();
  });

  it('a VRM whose expressions bind nothing loads without fake lip-sync, and the import flags it', async () => {
    const bytes = vrmAvatar(version, { expressions: 'empty' });
    const r = inspectAvatar(bytes);
    expect(r.ok && r.inspection.noLipSync?.code).toBe('avatar-vrm-no-expressions');
    const rig = await load(version, { expressions: 'empty' });
    expect(rig.kind).toBe('vrm');
    // Nothing to drive: no mouth target that would report a moving mouth on a still face.
    expect(rig.mouth).toBeUndefined();
    const animator = new AvatarAnimator(rig);
    run(animator, 0, 1, 0);
    expect(morph(rig, 'Fcl_MTH_A')).toBe(0);
    rig.dispose();
  });

  it('a VRM without meta still loads as a VRM (humanoid, expressions), not as a bare glTF', async () => {
    const rig = await load(version, { noMeta: true });
    expect(rig.kind).toBe('vrm');
    expect(rig.mouth).toBeDefined();
    run(new AvatarAnimator(rig), 0, 0.2, null);
    expect(bone(rig, 'rightUpperArm').y - bone(rig, 'rightHand').y).toBeGreaterThan(0.35);
    rig.dispose();
  });

  it('disposes every geometry it loaded', async () => {
    const rig = await load(version);
    const geometries = new Set<THREE.BufferGeometry>();
    rig.root.traverse((o) => {
      if ((o as THREE.Mesh).isMesh) geometries.add((o as THREE.Mesh).geometry);
    });
    expect(geometries.size).toBe(5 + 2); // the body's five materials, the face's eyes and mouth
    let disposed = 0;
    for (const g of geometries) g.addEventListener('dispose', () => disposed++);
    rig.dispose();
    expect(disposed).toBe(7);
    expect(rig.root.parent).toBeNull();
  });
});

describe('VRM 1.0 licences', () => {
  it('a model under its author’s own licence URL loads (three-vrm alone refuses it)', async () => {
    const rig = await load('1', { licenseUrl: 'https://example.com/my-avatar-licence' });
    expect(rig.kind).toBe('vrm');
    rig.dispose();
  });
});
