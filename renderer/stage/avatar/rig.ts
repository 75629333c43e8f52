import type * as THREE from 'three';

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
  /** Eyeballs: rotation.x = pitch, rotation.y = yaw; +z is the gaze. */
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
}
