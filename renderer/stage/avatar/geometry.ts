import * as THREE from 'three';

/** Small geometry helpers for the procedural avatar. Everything here runs once, at build time. */

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = clamp((x - edge0) / (edge1 - edge0), 0, 1);
  return t * t * (3 - 2 * t);
}

export function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** exp(-(dx²/sx² + dy²/sy²)): a soft 2D bump. */
export function gauss2(dx: number, dy: number, sx: number, sy: number): number {
  return Math.exp(-((dx * dx) / (sx * sx) + (dy * dy) / (sy * sy)));
}

/**
 * A grid surface from a parametric function: (u, v) in [0,1]² → point. `closedU` welds the seam
 * so normals are smooth around it. Optional per-vertex colour function.
 */
export function paramSurface(
  nu: number,
  nv: number,
  fn: (u: number, v: number, out: THREE.Vector3) => void,
  opts: { closedU?: boolean; color?: (u: number, v: number, p: THREE.Vector3, out: THREE.Color) => void } = {},
): THREE.BufferGeometry {
  const cols = opts.closedU ? nu : nu + 1;
  const positions = new Float32Array(cols * (nv + 1) * 3);
  const uvs = new Float32Array(cols * (nv + 1) * 2);
  const colors = opts.color ? new Float32Array(cols * (nv + 1) * 3) : null;
  const p = new THREE.Vector3();
  const c = new THREE.Color();
  for (let j = 0; j <= nv; j++) {
    for (let i = 0; i < cols; i++) {
      const u = i / nu;
      const v = j / nv;
      fn(u, v, p);
      const k = j * cols + i;
      positions.set([p.x, p.y, p.z], k * 3);
      uvs.set([u, v], k * 2);
      if (colors && opts.color) {
        opts.color(u, v, p, c);
        colors.set([c.r, c.g, c.b], k * 3);
      }
    }
  }
  const index: number[] = [];
  for (let j = 0; j < nv; j++) {
    for (let i = 0; i < nu; i++) {
      const i1 = opts.closedU ? (i + 1) % nu : i + 1;
      const a = j * cols + i;
      const b = j * cols + i1;
      const d = (j + 1) * cols + i;
      const e = (j + 1) * cols + i1;
      index.push(a, d, b, b, d, e);
    }
  }
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(positions, 3));
  g.setAttribute('uv', new THREE.BufferAttribute(uvs, 2));
  if (colors) g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  g.setIndex(index);
  g.computeVertexNormals();
  return g;
}

export interface TubeOptions {
  /** Half-width across the strip (along the side vector) at u in [0,1]. */
  width: (u: number) => number;
  /** Half-thickness (along the outward vector) at u in [0,1]. */
  thickness: (u: number) => number;
  /** The outward direction at a point (e.g. away from the head centre): the strip lies flat to it. */
  outward: (p: THREE.Vector3, out: THREE.Vector3) => void;
  segments?: number;
  radial?: number;
  /** Bend the cross-section (0 flat ellipse; >0 curls the edges inwards, like a lock of hair). */
  curl?: number;
}

/**
 * A flattened, tapered tube along a smooth curve through `points`: the building block for hair
 * locks, eyebrows and lash lines. The wide side lies perpendicular to `outward`.
 */
export function taperedStrip(points: THREE.Vector3[], o: TubeOptions): THREE.BufferGeometry {
  const curve = new THREE.CatmullRomCurve3(points, false, 'centripetal');
  const segs = o.segments ?? 24;
  const radial = o.radial ?? 10;
  const p = new THREE.Vector3();
  const t = new THREE.Vector3();
  const out = new THREE.Vector3();
  const side = new THREE.Vector3();
  const normal = new THREE.Vector3();
  const curl = o.curl ?? 0;
  return paramSurface(
    radial,
    segs,
    (a, v, target) => {
      curve.getPointAt(v, p);
      curve.getTangentAt(v, t);
      o.outward(p, out);
      side.crossVectors(t, out).normalize();
      normal.crossVectors(side, t).normalize();
      const ang = a * Math.PI * 2;
      const w = o.width(v);
      const th = o.thickness(v);
      const cx = Math.cos(ang);
      const sy = Math.sin(ang);
      // Curl: the edges of the strip fall back towards the scalp.
      const bend = -curl * w * cx * cx;
      target
        .copy(p)
        .addScaledVector(side, cx * w)
        .addScaledVector(normal, sy * th + bend);
    },
    { closedU: true },
  );
}

/**
 * Depth of a mesh seen from the front (+z), sampled on a grid: lets parts (mouth, brows, eyes)
 * sit exactly on a sculpted surface without ray casting.
 */
export class FrontHeightField {
  private readonly z: Float32Array;
  private readonly nx: number;
  private readonly ny: number;

  constructor(
    geometry: THREE.BufferGeometry,
    private readonly x0: number,
    private readonly x1: number,
    private readonly y0: number,
    private readonly y1: number,
    private readonly step: number,
  ) {
    this.nx = Math.ceil((x1 - x0) / step) + 1;
    this.ny = Math.ceil((y1 - y0) / step) + 1;
    this.z = new Float32Array(this.nx * this.ny).fill(Number.NEGATIVE_INFINITY);
    const pos = geometry.getAttribute('position');
    const index = geometry.getIndex();
    const count = index ? index.count : pos.count;
    const a = new THREE.Vector3();
    const b = new THREE.Vector3();
    const c = new THREE.Vector3();
    for (let i = 0; i < count; i += 3) {
      const ia = index ? index.getX(i) : i;
      const ib = index ? index.getX(i + 1) : i + 1;
      const ic = index ? index.getX(i + 2) : i + 2;
      a.fromBufferAttribute(pos, ia);
      b.fromBufferAttribute(pos, ib);
      c.fromBufferAttribute(pos, ic);
      this.raster(a, b, c);
    }
  }

  private raster(a: THREE.Vector3, b: THREE.Vector3, c: THREE.Vector3): void {
    const area = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
    if (Math.abs(area) < 1e-12) return;
    const minX = Math.max(0, Math.floor((Math.min(a.x, b.x, c.x) - this.x0) / this.step));
    const maxX = Math.min(this.nx - 1, Math.ceil((Math.max(a.x, b.x, c.x) - this.x0) / this.step));
    const minY = Math.max(0, Math.floor((Math.min(a.y, b.y, c.y) - this.y0) / this.step));
    const maxY = Math.min(this.ny - 1, Math.ceil((Math.max(a.y, b.y, c.y) - this.y0) / this.step));
    for (let j = minY; j <= maxY; j++) {
      const y = this.y0 + j * this.step;
      for (let i = minX; i <= maxX; i++) {
        const x = this.x0 + i * this.step;
        const w0 = ((b.x - x) * (c.y - y) - (c.x - x) * (b.y - y)) / area;
        const w1 = ((c.x - x) * (a.y - y) - (a.x - x) * (c.y - y)) / area;
        const w2 = 1 - w0 - w1;
        if (w0 < -1e-6 || w1 < -1e-6 || w2 < -1e-6) continue;
        const z = w0 * a.z + w1 * b.z + w2 * c.z;
        const k = j * this.nx + i;
        if (z > this.z[k]!) this.z[k] = z;
      }
    }
  }

  /** Front surface z at (x, y), bilinear. */
  sample(x: number, y: number): number {
    const fx = clamp((x - this.x0) / this.step, 0, this.nx - 1.001);
    const fy = clamp((y - this.y0) / this.step, 0, this.ny - 1.001);
    const i = Math.floor(fx);
    const j = Math.floor(fy);
    const tx = fx - i;
    const ty = fy - j;
    const z00 = this.z[j * this.nx + i]!;
    const z10 = this.z[j * this.nx + i + 1]!;
    const z01 = this.z[(j + 1) * this.nx + i]!;
    const z11 = this.z[(j + 1) * this.nx + i + 1]!;
    return lerp(lerp(z00, z10, tx), lerp(z01, z11, tx), ty);
  }

  /** Surface normal at (x, y) from the gradient. */
  normal(x: number, y: number, out: THREE.Vector3): THREE.Vector3 {
    const h = this.step;
    const dzdx = (this.sample(x + h, y) - this.sample(x - h, y)) / (2 * h);
    const dzdy = (this.sample(x, y + h) - this.sample(x, y - h)) / (2 * h);
    return out.set(-dzdx, -dzdy, 1).normalize();
  }
}

/** Canvas texture helper (the stage runs in a browser; textures are drawn once at build time). */
export function canvasTexture(size: number, draw: (ctx: CanvasRenderingContext2D, size: number) => void): THREE.CanvasTexture {
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d');
  if (ctx) draw(ctx, size);
  const tex = new THREE.CanvasTexture(canvas);
  tex.colorSpace = THREE.SRGBColorSpace;
  tex.anisotropy = 4;
  return tex;
}
