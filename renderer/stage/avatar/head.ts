import * as THREE from 'three';
import { mergeVertices } from 'three/examples/jsm/utils/BufferGeometryUtils.js';
import { FrontHeightField, gauss2, smoothstep } from './geometry';
import { PALETTE } from './materials';

/**
 * The sculpted head, in "head units" (the head group is scaled so that 1 unit ≈ 0.118 m).
 * A sphere deformed by a few smooth functions: a wide cranium, a jaw that narrows to a small chin,
 * cheeks, a small nose, soft eye sockets and a muzzle for the lips to sit on.
 */

/** Where the face features sit, in head units. */
export const FACE = {
  eyeX: 0.37,
  eyeY: -0.08,
  eyeRadius: 0.19,
  mouthY: -0.56,
  noseTipY: -0.31,
  browY: 0.2,
  earY: -0.14,
} as const;

/** Head surface point for a unit direction. */
export function headPoint(d: THREE.Vector3, out: THREE.Vector3): THREE.Vector3 {
  const { x, y, z } = d;
  let px = x * 0.86;
  let py = y * 0.98;
  let pz = z * 0.9;

  // A rounder, fuller back of the skull.
  if (z < 0) pz *= 1 + 0.1 * smoothstep(-0.7, 0.3, y);
  // Jaw: the lower face narrows to a small chin.
  const jaw = smoothstep(0.1, -1.0, y);
  px *= 1 - 0.34 * Math.pow(jaw, 1.5);
  if (z < 0) pz *= 1 - 0.42 * jaw;
  else pz *= 1 - 0.1 * jaw;
  // A slightly longer, forward chin.
  py -= 0.02 * jaw * jaw * Math.max(0, z);
  py *= 1 - 0.06 * jaw * jaw;
  // The face is flatter than a sphere across the front.
  pz -= 0.05 * smoothstep(0.55, 1, z) * smoothstep(-0.9, -0.2, y);
  // Temples.
  px *= 1 - 0.04 * gauss2(y - 0.2, z - 0.5, 0.3, 0.4);

  out.set(px, py, pz);
  const front = smoothstep(0.2, 0.75, z);
  // Offsets along the direction, measured on the projected face plane (px, py).
  let bump = 0;
  // Nose: a small bridge rising to a rounded tip.
  const ridge = Math.exp(-(px * px) / (0.085 * 0.085));
  const profile = smoothstep(0.02, FACE.noseTipY, py) * (1 - smoothstep(FACE.noseTipY, FACE.noseTipY - 0.07, py));
  bump += 0.05 * ridge * profile * smoothstep(0.6, 0.9, z);
  bump += 0.055 * gauss2(px, py - FACE.noseTipY, 0.075, 0.06) * front;
  bump += 0.01 * (gauss2(px - 0.075, py - (FACE.noseTipY - 0.02), 0.045, 0.04) + gauss2(px + 0.075, py - (FACE.noseTipY - 0.02), 0.045, 0.04)) * front;
  // Cheeks.
  bump += 0.05 * (gauss2(px - 0.44, py + 0.38, 0.24, 0.22) + gauss2(px + 0.44, py + 0.38, 0.24, 0.22)) * front;
  // Eye sockets (soft) and a gentle brow.
  bump -= 0.08 * (gauss2(px - FACE.eyeX, py - FACE.eyeY, 0.2, 0.14) + gauss2(px + FACE.eyeX, py - FACE.eyeY, 0.2, 0.14)) * front;
  bump += 0.012 * (gauss2(px - 0.33, py - 0.19, 0.22, 0.06) + gauss2(px + 0.33, py - 0.19, 0.22, 0.06)) * front;
  // Muzzle under the lips, and the chin.
  bump += 0.035 * gauss2(px, py - FACE.mouthY, 0.24, 0.13) * front;
  bump += 0.022 * gauss2(px, py + 0.86, 0.13, 0.1) * front;
  // A soft dip under the lower lip.
  bump -= 0.012 * gauss2(px, py - (FACE.mouthY - 0.16), 0.12, 0.04) * front;
  out.addScaledVector(d, bump);
  return out;
}

const skin = new THREE.Color(PALETTE.skin);
const skinShade = new THREE.Color(PALETTE.skinShade);
const blush = new THREE.Color(PALETTE.blush);

/** Skin colour at a head-space point: base tone, blush on the cheeks and nose tip, shade under the jaw. */
export function skinColorAt(p: THREE.Vector3, out: THREE.Color): THREE.Color {
  out.copy(skin);
  const front = smoothstep(0.1, 0.6, p.z);
  const cheeks = gauss2(Math.abs(p.x) - 0.44, p.y + 0.36, 0.16, 0.11) * front;
  const nose = gauss2(p.x, p.y - FACE.noseTipY, 0.07, 0.05) * front;
  out.lerp(blush, Math.min(0.6, 0.55 * cheeks + 0.25 * nose));
  // Shade under the chin and jaw, where the neck meets the head.
  const under = smoothstep(-0.55, -0.95, p.y) * (1 - smoothstep(0.2, 0.75, p.z));
  out.lerp(skinShade, 0.55 * under);
  // A hint of shade under the nose.
  out.lerp(skinShade, 0.12 * gauss2(p.x, p.y - (FACE.noseTipY - 0.08), 0.06, 0.025) * front);
  return out;
}

export interface HeadParts {
  mesh: THREE.Mesh;
  heightField: FrontHeightField;
}

/**
 * Builds the head mesh and its front height field. `hole` removes the triangles inside the mouth
 * opening (the mouth mesh covers it and shows the dark inside of the mouth through it).
 */
export function buildHead(
  material: THREE.Material,
  hole: (p: THREE.Vector3) => boolean,
): HeadParts {
  const sphere = new THREE.SphereGeometry(1, 112, 88);
  sphere.deleteAttribute('uv');
  sphere.deleteAttribute('normal');
  const raw = mergeVertices(sphere, 1e-6);
  sphere.dispose();

  const pos = raw.getAttribute('position');
  const d = new THREE.Vector3();
  const p = new THREE.Vector3();
  const colors = new Float32Array(pos.count * 3);
  const c = new THREE.Color();
  for (let i = 0; i < pos.count; i++) {
    d.fromBufferAttribute(pos, i).normalize();
    headPoint(d, p);
    pos.setXYZ(i, p.x, p.y, p.z);
    skinColorAt(p, c);
    colors[i * 3] = c.r;
    colors[i * 3 + 1] = c.g;
    colors[i * 3 + 2] = c.b;
  }
  raw.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  raw.computeVertexNormals();

  const heightField = new FrontHeightField(raw, -1, 1, -1.15, 0.8, 0.01);

  // Cut the mouth opening.
  const index = raw.getIndex();
  if (index) {
    const kept: number[] = [];
    const a = new THREE.Vector3();
    for (let i = 0; i < index.count; i += 3) {
      const i0 = index.getX(i);
      const i1 = index.getX(i + 1);
      const i2 = index.getX(i + 2);
      a.set(
        (pos.getX(i0) + pos.getX(i1) + pos.getX(i2)) / 3,
        (pos.getY(i0) + pos.getY(i1) + pos.getY(i2)) / 3,
        (pos.getZ(i0) + pos.getZ(i1) + pos.getZ(i2)) / 3,
      );
      if (a.z > 0.3 && hole(a)) continue;
      kept.push(i0, i1, i2);
    }
    raw.setIndex(kept);
  }

  const mesh = new THREE.Mesh(raw, material);
  mesh.name = 'head';
  return { mesh, heightField };
}
