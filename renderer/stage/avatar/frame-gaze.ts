import * as THREE from 'three';
import type { VRMLookAt } from '@pixiv/three-vrm';
import { morphKey } from '../../../shared/avatar-inspect';
import { EYE_LOOK_SHAPES, type EyesFromFrame, gazeToLook } from '../../../shared/blend-shapes';
import type { AvatarRig } from './rig';

/**
 * The blend-shape frames' gaze (AvatarRig.setGaze) for imported avatars, which look without eye
 * objects of the animator's:
 * - a VRM looks through three-vrm's look-at (bones or expressions): the look-at keeps following
 *   the camera, and its applier is wrapped so that the yaw/pitch it applies blend towards the
 *   frames' (one direction for both eyes, the mean of the two);
 * - a glTF with ARKit eyeLook* morph targets gets them written from the gaze.
 * Neither allocates per frame.
 */

export type SetGaze = NonNullable<AvatarRig['setGaze']>;

/** Wraps `lookAt`'s applier; the returned setter sets the frames' gaze and its weight. */
export function vrmFrameGaze(lookAt: VRMLookAt): SetGaze {
  const inner = lookAt.applier;
  let yawDeg = 0;
  let pitchDeg = 0;
  let weight = 0;
  lookAt.applier = {
    applyYawPitch(yaw, pitch) {
      inner.applyYawPitch(yaw + (yawDeg - yaw) * weight, pitch + (pitchDeg - pitch) * weight);
    },
    lookAt(euler) {
      inner.lookAt(euler);
    },
  };
  return (gaze, w) => {
    // VRM look-at angles are degrees, yaw + = towards the avatar's left, pitch + = down: the rig's senses.
    yawDeg = THREE.MathUtils.RAD2DEG * ((gaze.leftYaw + gaze.rightYaw) / 2);
    pitchDeg = THREE.MathUtils.RAD2DEG * ((gaze.leftPitch + gaze.rightPitch) / 2);
    weight = w <= 0 ? 0 : w >= 1 ? 1 : w;
  };
}

/** A setter writing ARKit eyeLook* morphs under `root`, or undefined when the model has none. */
export function morphFrameGaze(root: THREE.Object3D): SetGaze | undefined {
  const keys: string[] = EYE_LOOK_SHAPES.map(morphKey);
  const meshes: THREE.Mesh[] = [];
  const morph: number[] = [];
  const shape: number[] = [];
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh || !mesh.morphTargetDictionary) return;
    for (const [name, index] of Object.entries(mesh.morphTargetDictionary)) {
      const k = keys.indexOf(morphKey(name));
      if (k < 0) continue;
      meshes.push(mesh);
      morph.push(index);
      shape.push(k);
    }
  });
  if (meshes.length === 0) return undefined;
  const look = new Float32Array(EYE_LOOK_SHAPES.length);
  return (gaze: Readonly<EyesFromFrame>, w: number) => {
    gazeToLook(gaze, look);
    const k = w <= 0 ? 0 : w >= 1 ? 1 : w;
    for (let i = 0; i < meshes.length; i++) {
      const inf = meshes[i]!.morphTargetInfluences;
      if (inf) inf[morph[i]!] = look[shape[i]!]! * k;
    }
  };
}
