import * as THREE from 'three';
import { gauss2, lerp, paramSurface, smoothstep, taperedStrip } from './geometry';
import { type AvatarMaterials, PALETTE } from './materials';

/**
 * Neck and upper body (metres, y up from the floor): a torso with sloped shoulders, a white shirt
 * with a collar, a blazer with a V opening, lapels and a button, upper arms at the sides, and a
 * small lavalier microphone on the lapel.
 */

/** The torso's half-width profile, (radius, y) from the neck base down to the waist. */
const PROFILE = new THREE.SplineCurve(
  [
    [0.05, 1.435],
    [0.07, 1.42],
    [0.105, 1.4],
    [0.135, 1.382],
    [0.152, 1.356],
    [0.157, 1.32],
    [0.152, 1.24],
    [0.142, 1.12],
    [0.133, 0.98],
    [0.136, 0.84],
  ].map(([r, y]) => new THREE.Vector2(r, y)),
);

const NECK_BASE = 1.435;

/** Depth/width ratio of the cross-section at height y (round at the neck, flat at the shoulders). */
function depthRatio(y: number): number {
  return lerp(1, 0.56, smoothstep(NECK_BASE - 0.01, 1.37, y)) + 0.06 * smoothstep(1.36, 1.2, y);
}

function torsoPoint(u: number, v: number, inflate: number, out: THREE.Vector3): THREE.Vector3 {
  const q = PROFILE.getPoint(v);
  const a = u * Math.PI * 2;
  const r = q.x + inflate;
  let z = Math.cos(a) * r * depthRatio(q.y);
  // A softer chest at the front.
  if (z > 0) z += 0.02 * gauss2(Math.sin(a) * r, q.y - 1.2, 0.1, 0.1);
  return out.set(Math.sin(a) * r, q.y, z - 0.01);
}

/** The V opening of the blazer: front, |x| below a width that narrows down to the button. */
const V_TOP = 1.43;
const V_BOTTOM = 1.17;
function vHalfWidth(y: number): number {
  return lerp(0.085, 0.0, smoothstep(V_TOP, V_BOTTOM, y));
}

export interface BodyRig {
  group: THREE.Group;
  /** Breathes (scale about the waist). */
  chest: THREE.Group;
  neck: THREE.Mesh;
  /** Shoulder pivots (rotation.z raises sideways, -rotation.x swings forwards) and elbows; right = the host's right (-x). */
  arms: { right: ArmRig; left: ArmRig };
  dispose(): void;
}

export interface ArmRig {
  shoulder: THREE.Group;
  elbow: THREE.Group;
  /** Rest rotation.z of the shoulder. */
  restZ: number;
}

export function buildBody(m: AvatarMaterials): BodyRig {
  const group = new THREE.Group();
  group.name = 'body';
  const chest = new THREE.Group();
  chest.name = 'chest';
  chest.position.y = 0.9;
  group.add(chest);
  const inChest = (mesh: THREE.Object3D): void => {
    mesh.position.y -= 0.9;
    chest.add(mesh);
  };
  const lapelMaterial = m.blazer.clone();
  lapelMaterial.color.set(PALETTE.blazerDark);

  // Neck: skin, shaded under the jaw.
  const neckGeometry = new THREE.CylinderGeometry(0.046, 0.054, 0.17, 28, 6, true);
  const skin = new THREE.Color(PALETTE.skin);
  const shade = new THREE.Color(PALETTE.skinShade);
  {
    const pos = neckGeometry.getAttribute('position');
    const colors = new Float32Array(pos.count * 3);
    const c = new THREE.Color();
    for (let i = 0; i < pos.count; i++) {
      const t = (pos.getY(i) + 0.085) / 0.17;
      c.copy(skin).lerp(shade, 0.75 * smoothstep(0.45, 1, t) + 0.2 * smoothstep(0.3, 0, t));
      colors.set([c.r, c.g, c.b], i * 3);
    }
    neckGeometry.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  }
  const neck = new THREE.Mesh(neckGeometry, m.skin);
  neck.name = 'neck';
  neck.position.set(0, 1.49, -0.014);
  neck.rotation.x = 0.08;
  group.add(neck);

  // Shirt (the torso itself) and the blazer over it.
  const shirt = paramSurface(40, 28, (u, v, out) => torsoPoint(u, v, 0, out), { closedU: true });
  inChest(new THREE.Mesh(shirt, m.shirt));
  // The blazer wraps from one edge of the V round the back to the other: a clean opening.
  const blazer = paramSurface(60, 40, (u, v, out) => {
    const vv = Math.max(0.035, v);
    const q = PROFILE.getPoint(vv);
    const half = vHalfWidth(q.y);
    const a0 = half > 0 ? Math.asin(Math.min(0.95, half / (q.x + 0.009))) : 0;
    torsoPoint((a0 + u * (Math.PI * 2 - 2 * a0)) / (Math.PI * 2), vv, 0.009, out);
  });
  inChest(new THREE.Mesh(blazer, m.blazer));

  // Lapels: broad strips along each edge of the V, lying on the blazer.
  for (const side of [1, -1] as const) {
    const pts: THREE.Vector3[] = [];
    for (let i = 0; i <= 8; i++) {
      const t = i / 8;
      const y = lerp(V_TOP - 0.015, V_BOTTOM + 0.01, t);
      const x = side * (vHalfWidth(y) + 0.019 * (1 - t * 0.6));
      pts.push(new THREE.Vector3(x, y, 0));
    }
    // Project the lapel points onto the blazer's front by a small search.
    for (const p of pts) p.z = frontZ(p.x, p.y) + 0.006;
    const lapel = taperedStrip(pts, {
      width: (u) => lerp(0.026, 0.01, u) + 0.008 * Math.exp(-(((u - 0.22) / 0.08) ** 2)),
      thickness: () => 0.004,
      outward: (_p, out) => out.set(side * 0.35, 0.1, 1).normalize(),
      segments: 24,
      radial: 8,
    });
    inChest(new THREE.Mesh(lapel, lapelMaterial));
  }

  // Shirt collar: a stand collar round the neck, open at the front, and two points on the chest.
  const band = new THREE.CylinderGeometry(0.056, 0.061, 0.032, 32, 1, true, 0.32, Math.PI * 2 - 0.64);
  const collarBand = new THREE.Mesh(band, m.shirt);
  collarBand.position.set(0, 1.438, -0.012);
  group.add(collarBand);
  for (const side of [1, -1] as const) {
    const shape = new THREE.Shape();
    shape.moveTo(0, 0);
    shape.lineTo(side * 0.05, 0.012);
    shape.lineTo(side * 0.034, -0.048);
    shape.lineTo(side * 0.01, -0.035);
    shape.closePath();
    const point = new THREE.ExtrudeGeometry(shape, { depth: 0.003, bevelEnabled: false });
    const mesh = new THREE.Mesh(point, m.shirt);
    mesh.position.set(side * 0.012, 1.438, frontZ(side * 0.03, 1.41) - 0.004);
    mesh.rotation.set(-0.55, side * 0.25, 0);
    group.add(mesh);
  }

  // Button at the bottom of the V.
  const button = new THREE.Mesh(new THREE.CylinderGeometry(0.011, 0.011, 0.004, 20), m.mic);
  button.rotation.x = Math.PI / 2;
  button.position.set(0, V_BOTTOM - 0.03, frontZ(0, V_BOTTOM - 0.03) + 0.011);
  inChest(button);

  // Lavalier microphone clipped on the host's left lapel.
  const mic = new THREE.Group();
  const capsule = new THREE.Mesh(new THREE.CapsuleGeometry(0.006, 0.014, 6, 12), m.mic);
  const clip = new THREE.Mesh(new THREE.BoxGeometry(0.012, 0.016, 0.004), m.metal);
  clip.position.set(0, -0.004, -0.005);
  mic.add(capsule, clip);
  mic.position.set(0.062, 1.3, frontZ(0.062, 1.3) + 0.014);
  mic.rotation.z = -0.2;
  inChest(mic);

  // Upper arms hanging at the sides, on shoulder pivots (gestures); forearms and hands below the
  // frame at rest, brought up by a wave.
  // A plain skin colour for the hands (the head's skin material is painted for the face's UVs).
  const handMaterial = new THREE.MeshStandardMaterial({ color: 0xf2cdb8, roughness: 0.62 });
  const arms = ([1, -1] as const).map((side): ArmRig => {
    const shoulder = new THREE.Group();
    shoulder.position.set(side * 0.156, 1.3, -0.014);
    shoulder.rotation.z = side * 0.06;
    inChest(shoulder);
    const arm = new THREE.Mesh(new THREE.CapsuleGeometry(0.046, 0.42, 8, 20), m.blazer);
    arm.position.y = -0.235;
    shoulder.add(arm);
    const elbow = new THREE.Group();
    elbow.position.y = -0.46;
    shoulder.add(elbow);
    const forearm = new THREE.Mesh(new THREE.CapsuleGeometry(0.036, 0.3, 8, 16), m.blazer);
    forearm.position.y = -0.17;
    elbow.add(forearm);
    const hand = new THREE.Mesh(new THREE.SphereGeometry(0.05, 16, 12), handMaterial);
    hand.scale.set(0.85, 1.2, 0.5);
    hand.position.y = -0.38;
    elbow.add(hand);
    return { shoulder, elbow, restZ: side * 0.06 };
  });

  return {
    group,
    chest,
    neck,
    arms: { left: arms[0]!, right: arms[1]! },
    dispose() {
      lapelMaterial.dispose();
      handMaterial.dispose();
    },
  };
}

/** The blazer's front surface z at (x, y), by searching the profile's angle. */
function frontZ(x: number, y: number): number {
  // v from y: the profile is monotonic in y; search it.
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 30; i++) {
    const mid = (lo + hi) / 2;
    if (PROFILE.getPoint(mid).y > y) lo = mid;
    else hi = mid;
  }
  const q = PROFILE.getPoint((lo + hi) / 2);
  const r = q.x + 0.009;
  const s = Math.max(-1, Math.min(1, x / r));
  const a = Math.asin(s);
  const p = torsoPoint(a / (Math.PI * 2), (lo + hi) / 2, 0.009, new THREE.Vector3());
  return p.z;
}
