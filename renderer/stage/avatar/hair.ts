import * as THREE from 'three';
import { gauss2, lerp, paramSurface, smoothstep, taperedStrip } from './geometry';
import { headPoint } from './head';
import { PALETTE } from './materials';

/**
 * Hair (head units): a shell over the skull that becomes a bob behind the ears, a side-swept fringe
 * of flat tapered locks, long locks framing the face in front of the ears, and a small cowlick.
 */

const hair = new THREE.Color(PALETTE.hair);
const hairLight = new THREE.Color(PALETTE.hairLight);

function dirAt(theta: number, azimuth: number, out: THREE.Vector3): THREE.Vector3 {
  return out.set(Math.sin(theta) * Math.sin(azimuth), Math.cos(theta), Math.sin(theta) * Math.cos(azimuth));
}

/** A point on the scalp at (theta, azimuth), lifted by `lift` along the direction. */
function scalp(theta: number, azimuth: number, lift: number, out: THREE.Vector3): THREE.Vector3 {
  const d = dirAt(theta, azimuth, new THREE.Vector3());
  return headPoint(d, out).addScaledVector(d, lift);
}

/** Hair colour: dark, with a lighter "angel ring" band around the crown and lighter ends. */
function hairColor(p: THREE.Vector3, out: THREE.Color): THREE.Color {
  const r = p.length();
  const elev = Math.asin(Math.max(-1, Math.min(1, p.y / Math.max(r, 1e-6))));
  const ring = Math.exp(-(((elev - 0.95) / 0.12) ** 2)) * smoothstep(-0.3, 0.5, p.z);
  const ends = smoothstep(-0.5, -1.1, p.y) * 0.15;
  return out.copy(hair).lerp(hairLight, Math.min(0.6, 0.45 * ring + ends));
}

function withColors(g: THREE.BufferGeometry, shade?: (i: number) => number): THREE.BufferGeometry {
  const pos = g.getAttribute('position');
  const colors = new Float32Array(pos.count * 3);
  const p = new THREE.Vector3();
  const c = new THREE.Color();
  for (let i = 0; i < pos.count; i++) {
    hairColor(p.fromBufferAttribute(pos, i), c);
    if (shade) c.multiplyScalar(shade(i));
    colors.set([c.r, c.g, c.b], i * 3);
  }
  g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  return g;
}

const HANG = 0.95; // how far the bob hangs below the equator
const SHELL_U = 80;
const SHELL_V = 40;

function shell(): THREE.BufferGeometry {
  const d = new THREE.Vector3();
  const p0 = new THREE.Vector3();
  return withColors(
    paramSurface(
      SHELL_U,
      SHELL_V,
      (u, v, out) => {
        const a = -Math.PI + u * Math.PI * 2;
        const A = Math.abs(a);
        // Hem: at the forehead, above the ears, then long behind them (a bob).
        let hem = lerp(0.385 * Math.PI, 0.46 * Math.PI, smoothstep(0.3, 0.95, A));
        const long = smoothstep(1.9, 2.35, A);
        hem = lerp(hem, Math.PI / 2 + HANG * (1 - 0.12 * smoothstep(2.4, Math.PI, A)) + 0.02 * Math.sin(a * 9), long);
        const s = v * hem;
        // Volume on top, thinner towards a short hem so the hairline is not a step.
        const shortHem = 1 - long;
        const thick = lerp(0.12, 0.075, smoothstep(0.2, Math.PI / 2, s)) * lerp(1, 0.3, shortHem * smoothstep(0.7, 1, v));
        if (s <= Math.PI / 2) {
          dirAt(s, a, d);
          headPoint(d, out).addScaledVector(d, thick + 0.012 * Math.sin(a * 7) * smoothstep(0.5, 1.2, s));
          return;
        }
        // Below the equator the bob hangs, flaring a little and turning in at the ends.
        dirAt(Math.PI / 2, a, d);
        headPoint(d, p0).addScaledVector(d, 0.075);
        const h = (s - Math.PI / 2) / HANG;
        // Fuller lower down, then the ends turn in under the bob.
        const flare = 1 + 0.2 * h * h - 0.3 * smoothstep(0.78, 1, h) ** 1.5;
        const lift = 0.06 * smoothstep(0.85, 1, h);
        out.set(p0.x * flare, p0.y - (s - Math.PI / 2) + lift, p0.z * flare + 0.04 * h * Math.cos(a));
      },
      { closedU: true },
    ),
    // Darker under the fringe, where the shell's short front hem would otherwise catch the light.
    (i) => {
      const u = (i % SHELL_U) / SHELL_U;
      const v = Math.floor(i / SHELL_U) / SHELL_V;
      const long = smoothstep(1.9, 2.35, Math.abs(-Math.PI + u * Math.PI * 2));
      return 1 - 0.5 * smoothstep(0.75, 1, v) * (1 - long);
    },
  );
}

interface LockSpec {
  /** Root (theta, azimuth) and tip (theta, azimuth). */
  root: [number, number];
  tip: [number, number];
  width: number;
  /** Lift above the scalp at the root and at the tip. */
  lift: [number, number];
  bulge?: number;
}

function lockOnScalp(spec: LockSpec): THREE.BufferGeometry {
  const pts: THREE.Vector3[] = [];
  const n = 10;
  for (let i = 0; i <= n; i++) {
    const v = i / n;
    // Ease: the lock runs back-to-front over the skull, then falls onto the forehead.
    const th = lerp(spec.root[0], spec.tip[0], v);
    const az = lerp(spec.root[1], spec.tip[1], v * v * (3 - 2 * v));
    const lift = lerp(spec.lift[0], spec.lift[1], v) + (spec.bulge ?? 0.025) * Math.sin(v * Math.PI);
    pts.push(scalp(th, az, lift, new THREE.Vector3()));
  }
  return withColors(
    taperedStrip(pts, {
      width: (u) => spec.width * (1 - 0.9 * smoothstep(0.5, 1, u)) + 0.006,
      thickness: (u) => 0.022 * (1 - 0.7 * u) + 0.004,
      outward: (p, out) => out.copy(p).normalize(),
      segments: 22,
      radial: 8,
      curl: 0.35,
    }),
  );
}

/** A long lock that starts on the temple and falls in front of the ear to the jaw line. */
function sideLock(side: 1 | -1, az: number, length: number, width: number): THREE.BufferGeometry {
  const pts: THREE.Vector3[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = i / 4;
    pts.push(scalp(lerp(0.2 * Math.PI, 0.5 * Math.PI, v), side * lerp(az - 0.3, az, v), lerp(0.05, 0.085, smoothstep(0, 0.5, v)), new THREE.Vector3()));
  }
  const top = pts[pts.length - 1]!.clone();
  for (let i = 1; i <= 6; i++) {
    const h = i / 6;
    pts.push(
      new THREE.Vector3(
        top.x * (1 - 0.06 * h * h),
        top.y - length * h,
        top.z + 0.1 * h * h,
      ),
    );
  }
  return withColors(
    taperedStrip(pts, {
      width: (u) => width * (1 - smoothstep(0.55, 1, u) * 0.97) + 0.003,
      thickness: (u) => 0.03 * (1 - 0.6 * u) + 0.004,
      outward: (p, out) => out.set(p.x, 0, p.z + 0.2).normalize(),
      segments: 28,
      radial: 8,
      curl: 0.3,
    }),
  );
}

function cowlick(): THREE.BufferGeometry {
  const base = scalp(0.12, 0.35, 0.1, new THREE.Vector3());
  const pts = [
    base,
    base.clone().add(new THREE.Vector3(0.03, 0.1, 0.06)),
    base.clone().add(new THREE.Vector3(0.1, 0.17, 0.16)),
    base.clone().add(new THREE.Vector3(0.18, 0.14, 0.22)),
  ];
  return withColors(
    taperedStrip(pts, {
      width: (u) => 0.035 * (1 - u) + 0.002,
      thickness: (u) => 0.012 * (1 - u) + 0.002,
      outward: (_p, out) => out.set(-0.4, 0.2, 0.9).normalize(),
      segments: 16,
      radial: 8,
    }),
  );
}

export function buildHair(material: THREE.Material): THREE.Group {
  const group = new THREE.Group();
  group.name = 'hair';
  group.add(new THREE.Mesh(shell(), material));

  // Fringe: side-swept towards the viewer's left (the host's right), tips above the brows.
  const locks = 15;
  for (let i = 0; i < locks; i++) {
    const k = i / (locks - 1); // 0 = host's right … 1 = host's left
    const rootAz = lerp(-1.0, 0.95, k);
    const tipAz = rootAz * 1.1 - 0.16 + 0.05 * Math.sin(i * 2.3);
    const tipTheta = (0.39 + 0.025 * Math.sin(i * 1.7 + 0.4) + 0.02 * gauss2(k - 0.4, 0, 0.25, 1) - 0.03 * smoothstep(0.75, 1, Math.abs(k - 0.5) * 2)) * Math.PI;
    group.add(
      new THREE.Mesh(
        lockOnScalp({
          root: [0.05 * Math.PI, rootAz * 0.55],
          tip: [tipTheta, tipAz],
          width: 0.2 + 0.03 * Math.cos(i * 1.3),
          lift: [0.115, 0.045 + 0.008 * (i % 2)],
          bulge: 0.03,
        }),
        material,
      ),
    );
  }
  for (const side of [1, -1] as const) {
    group.add(new THREE.Mesh(sideLock(side, 1.12, 0.92, 0.13), material));
    group.add(new THREE.Mesh(sideLock(side, 1.32, 0.78, 0.11), material));
  }
  group.add(new THREE.Mesh(cowlick(), material));
  return group;
}
