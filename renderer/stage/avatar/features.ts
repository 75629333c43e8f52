import * as THREE from 'three';
import { type FrontHeightField, lerp, smoothstep, taperedStrip } from './geometry';
import { FACE, headPoint, skinColorAt } from './head';
import { PALETTE } from './materials';

/** Eyebrows and ears (head units). */

export interface BrowRig {
  /** Pivot near the brow's middle: raise with position.y, tilt with rotation.z. */
  group: THREE.Group;
  restY: number;
}

export function buildBrow(side: 1 | -1, hf: FrontHeightField, material: THREE.Material): BrowRig {
  const pts: THREE.Vector3[] = [];
  const n = 8;
  const cx = side * 0.37;
  const cy = FACE.browY;
  for (let i = 0; i <= n; i++) {
    const u = i / n;
    const x = side * lerp(0.12, 0.6, u);
    // A soft arch, highest a little outside the middle, the tail dropping.
    const y = FACE.browY - 0.015 + 0.06 * Math.sin(Math.min(1, u * 1.25) * Math.PI * 0.85) - 0.03 * smoothstep(0.7, 1, u);
    const z = hf.sample(x, y) + 0.012;
    pts.push(new THREE.Vector3(x - cx, y - cy, z));
  }
  const geometry = taperedStrip(pts, {
    width: (u) => 0.026 * (1 - 0.55 * u) * smoothstep(0, 0.12, u + 0.04) * (1 - smoothstep(0.85, 1, u) * 0.8),
    thickness: () => 0.007,
    outward: (_p, out) => out.set(side * 0.25, 0.1, 1).normalize(),
    segments: 24,
    radial: 8,
  });
  const group = new THREE.Group();
  group.name = side > 0 ? 'brow.L' : 'brow.R';
  group.position.set(cx, cy, 0);
  group.add(new THREE.Mesh(geometry, material));
  return { group, restY: cy };
}

function colored(g: THREE.BufferGeometry, color: (p: THREE.Vector3, out: THREE.Color) => void): THREE.BufferGeometry {
  const pos = g.getAttribute('position');
  const colors = new Float32Array(pos.count * 3);
  const p = new THREE.Vector3();
  const c = new THREE.Color();
  for (let i = 0; i < pos.count; i++) {
    p.fromBufferAttribute(pos, i);
    color(p, c);
    colors.set([c.r, c.g, c.b], i * 3);
  }
  g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  return g;
}

/** A simple, soft ear: an outer shell with a rim and a shaded bowl. */
export function buildEar(side: 1 | -1, skin: THREE.Material): THREE.Group {
  const dir = new THREE.Vector3(side, FACE.earY, -0.08).normalize();
  const at = headPoint(dir, new THREE.Vector3());
  const base = skinColorAt(at, new THREE.Color());
  const inner = base.clone().lerp(new THREE.Color(PALETTE.blush), 0.45).multiplyScalar(0.88);

  const group = new THREE.Group();
  group.name = side > 0 ? 'ear.L' : 'ear.R';
  group.position.copy(at).addScaledVector(dir, -0.03);
  group.rotation.set(0.05, side * 0.45, -side * 0.08);

  // Outer: a flattened, slightly D-shaped ellipsoid (wider at the top).
  const outer = new THREE.SphereGeometry(1, 28, 20);
  const pos = outer.getAttribute('position');
  for (let i = 0; i < pos.count; i++) {
    const x = pos.getX(i);
    const y = pos.getY(i);
    const z = pos.getZ(i);
    const top = smoothstep(-0.6, 0.8, y);
    pos.setXYZ(i, x * 0.055 * side, y * 0.2, z * (0.1 + 0.05 * top) - 0.02 * (1 - top));
  }
  outer.computeVertexNormals();
  // Mirrored x flips the winding on one side: make both face out.
  if (side < 0) {
    const idx = outer.getIndex();
    if (idx) {
      for (let i = 0; i < idx.count; i += 3) {
        const t = idx.getX(i + 1);
        idx.setX(i + 1, idx.getX(i + 2));
        idx.setX(i + 2, t);
      }
    }
    outer.computeVertexNormals();
  }
  group.add(new THREE.Mesh(colored(outer, (_p, c) => c.copy(base)), skin));

  const bowl = new THREE.SphereGeometry(1, 20, 14);
  bowl.scale(0.025, 0.13, 0.065);
  bowl.translate(side * 0.034, 0.01, 0.01);
  group.add(new THREE.Mesh(colored(bowl, (_p, c) => c.copy(inner)), skin));
  return group;
}
