import type * as THREE from 'three';
import type { EyesFromFrame } from '../../../shared/blend-shapes';
import type { TargetTable } from '../../../shared/viseme-targets';
import type { GesturePose } from './gestures';

/** What kind of avatar is on air (the stage snapshot reports it). */
export type AvatarKind = 'default' | 'vrm' | 'oculus' | 'arkit' | 'none';

/**
 * Lip-sync of an imported avatar: the animator fills weights per its table (shared/viseme-targets.ts)
 * and hands them over once per frame; `openness` reads the model's actual morph influences back.
 */
export interface MouthTarget {
  readonly table: TargetTable;
  /** `shown` has table.size entries (the last one is the lip closure). Must not allocate. */
  apply(shown: Float32Array): void;
  /** How open the mouth is, read back from the model (0..1). */
  openness(): number;
}

/**
 * What the stage needs from an avatar, whoever built it (the default one in code, or later a
 * loaded model): a root to add to the scene, the mouth mesh whose morph targets the lip-sync
 * writes (found by name in `morphTargetDictionary`: aa, ih, ou, ee, oh, closed), pivots for
 * idle motion, and setters for blink, smile and brows.
 */
export interface AvatarRig {
  readonly root: THREE.Group;
  readonly mouthMesh: THREE.Mesh;
  /** Rotates for sway and nods (pivot at the top of the neck). */
  readonly head: THREE.Object3D;
  /** Scales a little with the breath (pivot at the waist); null when the avatar has none. */
  readonly chest: THREE.Object3D | null;
  /**
   * Eyeballs, each turned on its own: rotation.x = pitch (+ = down), rotation.y = yaw (+ = towards
   * the avatar's left, +x), rotation.z = roll about the gaze; +z is the gaze. An eye whose parent
   * sits at x >= 0 is the left one.
   */
  readonly eyes: readonly THREE.Object3D[];
  /** World-space point between the eyes, for framing. */
  readonly eyeLevel: THREE.Vector3;
  /** 0 = open … 1 = closed. */
  setBlink(weight: number): void;
  /** 0 = neutral … 1 = broad smile. */
  setSmile(weight: number): void;
  /** -1 = frown … 0 = rest … 1 = raised. */
  setBrows(raise: number): void;
  dispose(): void;
  /** The default avatar when absent. */
  readonly kind?: AvatarKind;
  /**
   * Imported avatars: lip-sync through this instead of `mouthMesh`'s aa…closed morphs. When an
   * avatar has neither (a model accepted without lip-sync), the mouth simply stays still.
   */
  readonly mouth?: MouthTarget;
  /** Called once per frame after the animator (VRM: expressions, spring bones, look-at). No allocation. */
  update?(dtMs: number, camera: THREE.Vector3): void;
  /**
   * Avatars that look without eye objects (`eyes` empty: a VRM's look-at, ARKit eyeLook morphs)
   * get the blend-shape frames' per-eye gaze here, every frame: `weight` 0 = their own look (the
   * camera) … 1 = exactly `gaze` (shared/blend-shapes.ts EyesFromFrame conventions). No allocation.
   */
  setGaze?(gaze: Readonly<EyesFromFrame>, weight: number): void;
  /**
   * Lids per eye (blink with the frames' squint and wide): below 0 wider than rest (eyeWide = 1
   * gives -0.5) … 0 rest … 1 closed. Avatars without it get setBlink (the mean, from 0).
   */
  setLids?(left: number, right: number): void;
  /** Gesture offsets for the arms (radians, see gestures.ts), when the avatar has arms that can move. */
  setArms?(pose: Readonly<GesturePose>): void;
}
