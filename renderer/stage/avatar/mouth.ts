import * as THREE from 'three';
import { MOUTH_SHAPES } from '../../../shared/visemes';
import { type FrontHeightField, gauss2, lerp, smoothstep } from './geometry';
import { FACE, skinColorAt } from './head';
import { PALETTE } from './materials';

/**
 * The mouth: one mesh built in code (head units) with morph targets. Parts, each a geometry group:
 *   0 lips and the skin around them (skin material, vertex colours),
 *   1 the dark inside of the mouth (a bowl behind the head's mouth opening),
 *   2 upper and lower teeth, 3 the tongue.
 * The skin margin's outer ring never moves and lies on the head surface with the head's normals, so
 * the lips blend into the face. Morph targets (exact names): aa, ih, ou, ee, oh (VRM mouth shapes),
 * closed (lips pressed, p/b/m) and smile.
 */

export const MOUTH_MORPHS = [...MOUTH_SHAPES, 'closed', 'smile'] as const;
export type MouthMorph = (typeof MOUTH_MORPHS)[number];

interface MouthParams {
  /** Half the distance between the lip corners. */
  halfWidth: number;
  /** How far the upper lip's inner edge lifts above the lip line. */
  upperOpen: number;
  /** How far the lower lip's inner edge drops below the lip line. */
  lowerOpen: number;
  /** Corner lift (a smile). */
  cornerUp: number;
  /** Lips pushed forward (rounded vowels). */
  protrude: number;
  /** Lips pressed together (p/b/m). */
  press: number;
  /** Lower teeth and tongue drop. */
  jaw: number;
}

const REST: MouthParams = { halfWidth: 0.14, upperOpen: 0, lowerOpen: 0, cornerUp: 0.012, protrude: 0, press: 0, jaw: 0 };

const SHAPES: Record<MouthMorph, Partial<MouthParams>> = {
  aa: { halfWidth: 0.13, upperOpen: 0.035, lowerOpen: 0.12, jaw: 0.1 },
  ih: { halfWidth: 0.15, upperOpen: 0.022, lowerOpen: 0.05, jaw: 0.035, cornerUp: 0.018 },
  ou: { halfWidth: 0.088, upperOpen: 0.02, lowerOpen: 0.04, protrude: 0.045, jaw: 0.03 },
  ee: { halfWidth: 0.16, upperOpen: 0.03, lowerOpen: 0.042, jaw: 0.02, cornerUp: 0.024 },
  oh: { halfWidth: 0.1, upperOpen: 0.032, lowerOpen: 0.09, protrude: 0.03, jaw: 0.075 },
  closed: { halfWidth: 0.13, press: 1 },
  smile: { halfWidth: 0.162, cornerUp: 0.07, upperOpen: 0.004 },
};

const NA = 64; // samples around the mouth
const MARGIN_RINGS = 4;
const LIP_RINGS = 9;
const RINGS = MARGIN_RINGS + LIP_RINGS;
const CAV_U = 32;
const CAV_V = 6;

interface Built {
  positions: number[];
  colors: number[];
  index: number[];
  groups: { start: number; count: number; material: number }[];
  /** Vertices whose normal is taken from the head surface (the fixed outer ring). */
  surfaceNormals: Map<number, THREE.Vector3>;
}

function lipLine(xn: number, p: MouthParams): number {
  return FACE.mouthY + p.cornerUp * xn * xn - 0.004 * (1 - xn * xn);
}

/** Lip profile along t in [0,1] (outer edge → inner edge): bulges forward, then rolls in. */
function lipBulge(t: number, thickness: number): number {
  if (t <= 0.6) return thickness * Math.sin((t / 0.6) * Math.PI * 0.5);
  return thickness * Math.cos(((t - 0.6) / 0.4) * Math.PI * 0.63);
}

function build(p: MouthParams, hf: FrontHeightField): Built {
  const positions: number[] = [];
  const colors: number[] = [];
  const index: number[] = [];
  const groups: Built['groups'] = [];
  const surfaceNormals = new Map<number, THREE.Vector3>();
  const col = new THREE.Color();
  const skin = new THREE.Color();
  const lip = new THREE.Color(PALETTE.lip);
  const lipDark = new THREE.Color(PALETTE.lipDark);
  const tmp = new THREE.Vector3();
  const zc = hf.sample(0, FACE.mouthY);

  const vert = (x: number, y: number, z: number, c: THREE.Color): number => {
    positions.push(x, y, z);
    colors.push(c.r, c.g, c.b);
    return positions.length / 3 - 1;
  };
  /** Adds quads over a grid of vertex ids [row][col]; flips so the part faces +z on average. */
  const grid = (ids: number[][], wrapCols: boolean): void => {
    const start = index.length;
    for (let j = 0; j + 1 < ids.length; j++) {
      const row = ids[j]!;
      const next = ids[j + 1]!;
      const n = wrapCols ? row.length : row.length - 1;
      for (let i = 0; i < n; i++) {
        const i1 = (i + 1) % row.length;
        index.push(row[i]!, row[i1]!, next[i]!, row[i1]!, next[i1]!, next[i]!);
      }
    }
    let nz = 0;
    const a = new THREE.Vector3();
    const b = new THREE.Vector3();
    const c = new THREE.Vector3();
    for (let k = start; k < index.length; k += 3) {
      a.fromArray(positions, index[k]! * 3);
      b.fromArray(positions, index[k + 1]! * 3);
      c.fromArray(positions, index[k + 2]! * 3);
      nz += b.sub(a).cross(c.sub(a)).z;
    }
    if (nz < 0) {
      for (let k = start; k < index.length; k += 3) {
        const t = index[k + 1]!;
        index[k + 1] = index[k + 2]!;
        index[k + 2] = t;
      }
    }
  };
  const group = (material: number, fn: () => void): void => {
    const start = index.length;
    fn();
    groups.push({ start, count: index.length - start, material });
  };

  const thickU = 0.02 * (1 - 0.3 * p.press) * (1 + 7 * p.protrude);
  const thickL = 0.026 * (1 - 0.3 * p.press) * (1 + 6 * p.protrude);
  const hU = 0.032 * (1 - 0.22 * p.press) * (1 + 2.5 * p.protrude);
  const hL = 0.045 * (1 - 0.22 * p.press) * (1 + 2 * p.protrude);
  // When (nearly) shut, the inner edges cross a little so no gap shows from any angle.
  const overlap = 0.006 * (1 - smoothstep(0, 0.03, p.upperOpen + p.lowerOpen));

  // 0: lips and skin margin.
  group(0, () => {
    const rows: number[][] = [];
    for (let r = 0; r < RINGS; r++) rows.push([]);
    for (let j = 0; j < NA; j++) {
      const a = (j / NA) * Math.PI * 2;
      const c = Math.cos(a);
      const s = Math.sin(a);
      const su = Math.max(0, s);
      const sl = Math.max(0, -s);
      const upper = s >= 0;
      // Fixed margin (independent of the shape): an ellipse well around the lips.
      const mx = 0.3 * c;
      const my = FACE.mouthY - 0.004 + 0.135 * su - 0.27 * sl;
      // Outer lip contour, with a cupid's bow on the upper lip.
      const bow = 1 - 0.2 * Math.exp(-((c / 0.1) ** 2)) + 0.06 * Math.exp(-(((Math.abs(c) - 0.2) / 0.1) ** 2));
      const ox = p.halfWidth * c * 1.02;
      const line = lipLine(c, p);
      const oy = upper
        ? line + p.upperOpen * su ** 0.75 + hU * su ** 0.7 * bow
        : line - p.lowerOpen * sl ** 0.75 - hL * sl ** 0.65;
      // Inner contour: where the lips meet (rest) or the opening (speech).
      const ix = p.halfWidth * c * 0.95;
      const iline = lipLine(c * 0.95, p);
      const iy = upper ? iline + p.upperOpen * su ** 0.75 - overlap * su ** 0.5 : iline - p.lowerOpen * sl ** 0.75 + overlap * sl ** 0.5;
      const thick = upper ? thickU : thickL;
      const protrudeAt = p.protrude * (upper ? su : sl) ** 0.3;

      for (let r = 0; r < RINGS; r++) {
        let x: number;
        let y: number;
        let z: number;
        if (r < MARGIN_RINGS) {
          const t = smoothstep(0, 1, r / MARGIN_RINGS);
          x = lerp(mx, ox, t);
          y = lerp(my, oy, t);
          z = hf.sample(x, y) + 0.003 + protrudeAt * 0.5 * t * t;
          skinColorAt(tmp.set(x, y, z), skin);
          const id = vert(x, y, z, skin);
          // The margin lies on the head surface: use the head's normals so no edge shows.
          surfaceNormals.set(id, hf.normal(x, y, new THREE.Vector3()));
          rows[r]!.push(id);
        } else {
          const t = (r - MARGIN_RINGS) / (LIP_RINGS - 1);
          x = lerp(ox, ix, t);
          y = lerp(oy, iy, t);
          // The lip's own depth: the surface under it, a bulge, protrusion and pressure.
          z = hf.sample(x, y) + 0.003 + lipBulge(t, thick) + protrudeAt * (0.5 + 0.5 * Math.sin(Math.min(1, t * 1.4) * Math.PI * 0.5)) - p.press * 0.006 * t;
          skinColorAt(tmp.set(x, y, z), skin);
          // Colour: skin at the edge, lip tone, a darker inner edge; the corners fade to skin.
          const cornerFade = 1 - smoothstep(0.82, 1, Math.abs(c)) * 0.5;
          col.copy(skin).lerp(lip, smoothstep(0, 0.28, t) * cornerFade);
          if (upper) col.multiplyScalar(0.95);
          col.lerp(lipDark, smoothstep(0.72, 1, t) * 0.75);
          // A soft gloss band on the lower lip (slightly lighter).
          if (!upper) col.lerp(skin, 0.18 * gauss2(t - 0.45, c, 0.12, 0.5));
          rows[r]!.push(vert(x, y, z, col));
        }
      }
    }
    grid(rows, true);
  });

  // 1: the inside of the mouth, a bowl whose rim hides behind the head surface.
  group(1, () => {
    const rows: number[][] = [];
    const dark = new THREE.Color(PALETTE.mouthInside);
    const deep = dark.clone().multiplyScalar(0.45);
    for (let v = 0; v <= CAV_V; v++) {
      const th = (v / CAV_V) * Math.PI * 0.5;
      const row: number[] = [];
      for (let u = 0; u < CAV_U; u++) {
        const ph = (u / CAV_U) * Math.PI * 2;
        const rx = 0.215 * Math.cos(ph);
        const ry = 0.18 * Math.sin(ph);
        const cy = FACE.mouthY - 0.065;
        const rimZ = Math.min(hf.sample(rx, cy + ry), zc) - 0.028;
        const x = rx * Math.cos(th);
        const y = cy + ry * Math.cos(th);
        // All meridians meet at one point at the back, so the bowl is closed.
        const z = lerp(rimZ, zc - 0.2, Math.sin(th));
        row.push(vert(x, y, z, col.copy(dark).lerp(deep, v / CAV_V)));
      }
      rows.push(row);
    }
    grid(rows, true);
  });

  // 2: teeth, a curved band behind each lip.
  group(2, () => {
    const white = new THREE.Color(0xffffff);
    const band = (halfW: number, top: number, bottom: number, zOff: number, nx: number): void => {
      const rows: number[][] = [];
      for (let j = 0; j <= 3; j++) {
        const row: number[] = [];
        for (let i = 0; i <= nx; i++) {
          const xn = i / nx - 0.5;
          const x = xn * 2 * halfW;
          const edge = j / 3;
          // The band follows the curve of the lips a little (higher at the sides).
          const y = lerp(top, bottom, edge) + 0.02 * xn * xn * (bottom < top ? 1 : -1);
          // Behind the lips and always behind the skin (the chin recedes below the mouth).
          const z = Math.min(zc + zOff - 1.6 * x * x, hf.sample(x, y) - 0.03);
          // Shaded towards the root (in the lip's shadow) and the sides.
          const shade = (0.72 + 0.28 * edge) * (1 - 0.35 * Math.abs(xn) * 2);
          row.push(vert(x, y, z, col.copy(white).multiplyScalar(shade)));
        }
        rows.push(row);
      }
      grid(rows, false);
    };
    const upperLine = FACE.mouthY + p.upperOpen * 0.3;
    band(0.115, upperLine + 0.03, upperLine - 0.016, -0.03, 16);
    const lowerLine = FACE.mouthY - 0.03 - p.jaw;
    band(0.095, lowerLine - 0.03, lowerLine + 0.004, -0.04, 14);
  });

  // 3: tongue: the top half of a flat ellipsoid lying low in the mouth, dropping with the jaw.
  group(3, () => {
    const rows: number[][] = [];
    const pink = new THREE.Color(PALETTE.tongue);
    const cy = FACE.mouthY - 0.065 - p.jaw * 0.75;
    // Never closer than the skin in front of it.
    const front = Math.min(zc - 0.045, hf.sample(0, cy) - 0.05);
    for (let v = 0; v <= 5; v++) {
      const th = (v / 5) * Math.PI * 0.5; // 0 = top … π/2 = rim
      const row: number[] = [];
      for (let u = 0; u < 20; u++) {
        const ph = (u / 20) * Math.PI * 2;
        const x = 0.1 * Math.cos(ph) * Math.sin(th);
        const y = cy + 0.028 * Math.cos(th);
        const z = front - 0.055 + 0.055 * Math.sin(ph) * Math.sin(th);
        row.push(vert(x, y, z, col.copy(pink).multiplyScalar(0.95 - 0.3 * (v / 5))));
      }
      rows.push(row);
    }
    grid(rows, true);
  });

  return { positions, colors, index, groups, surfaceNormals };
}

function normalsFor(b: Built): Float32Array {
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.Float32BufferAttribute(b.positions, 3));
  g.setIndex(b.index);
  g.computeVertexNormals();
  const n = g.getAttribute('normal');
  for (const [i, v] of b.surfaceNormals) n.setXYZ(i, v.x, v.y, v.z);
  const out = new Float32Array(n.array);
  g.dispose();
  return out;
}

export interface MouthBuild {
  mesh: THREE.Mesh;
  /** True inside the opening that the head must leave open (head units). */
  hole: (p: THREE.Vector3) => boolean;
}

/** The region of the head to cut away behind the mouth (independent of the height field). */
export function mouthHole(p: THREE.Vector3): boolean {
  const dx = p.x / 0.19;
  const dy = (p.y - (FACE.mouthY - 0.045)) / 0.125;
  return dx * dx + dy * dy < 1;
}

export function buildMouth(hf: FrontHeightField, materials: THREE.Material[]): THREE.Mesh {
  const base = build(REST, hf);
  const geometry = new THREE.BufferGeometry();
  geometry.setAttribute('position', new THREE.Float32BufferAttribute(base.positions, 3));
  geometry.setAttribute('color', new THREE.Float32BufferAttribute(base.colors, 3));
  geometry.setIndex(base.index);
  for (const g of base.groups) geometry.addGroup(g.start, g.count, g.material);
  const baseNormals = normalsFor(base);
  geometry.setAttribute('normal', new THREE.BufferAttribute(baseNormals, 3));

  const morphPositions: THREE.BufferAttribute[] = [];
  const morphNormals: THREE.BufferAttribute[] = [];
  for (const name of MOUTH_MORPHS) {
    const target = build({ ...REST, ...SHAPES[name] }, hf);
    const normals = normalsFor(target);
    const dp = new Float32Array(target.positions.length);
    const dn = new Float32Array(target.positions.length);
    for (let i = 0; i < dp.length; i++) {
      dp[i] = target.positions[i]! - base.positions[i]!;
      dn[i] = normals[i]! - baseNormals[i]!;
    }
    const pa = new THREE.BufferAttribute(dp, 3);
    pa.name = name;
    const na = new THREE.BufferAttribute(dn, 3);
    na.name = name;
    morphPositions.push(pa);
    morphNormals.push(na);
  }
  geometry.morphAttributes.position = morphPositions;
  geometry.morphAttributes.normal = morphNormals;
  geometry.morphTargetsRelative = true;
  geometry.computeBoundingSphere();
  // Morphs move the lips a little beyond the rest bounds.
  if (geometry.boundingSphere) geometry.boundingSphere.radius *= 1.5;

  const mesh = new THREE.Mesh(geometry, materials);
  mesh.name = 'mouth';
  mesh.updateMorphTargets();
  return mesh;
}
