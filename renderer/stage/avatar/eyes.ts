import * as THREE from 'three';
import { canvasTexture, type FrontHeightField, smoothstep, taperedStrip } from './geometry';
import { FACE } from './head';
import { type AvatarMaterials, PALETTE } from './materials';

/**
 * Stylised eyes (head units): a sclera ball with a big painted iris (pupil, limbal ring and baked
 * highlights), an upper lid that blinks, a lower lid that rises with a smile, and a bold lash line.
 */

export interface EyeRig {
  /** At the eye centre; holds the ball and the lids. */
  group: THREE.Group;
  /** Rotates (x = pitch, y = yaw) to look; +z is the gaze. */
  ball: THREE.Group;
  upperLid: THREE.Group;
  lowerLid: THREE.Group;
}

/** Upper lid rotation: open (edge high above the pupil) and closed (covers the eye). */
export const LID_OPEN = -0.5;
export const LID_CLOSED = 0.72;
/** Lower lid rotation: relaxed and raised by a smile. */
export const LOWER_LID_REST = 0.62;
export const LOWER_LID_SMILE = 0.38;
/** How far the upper lid lifts past open per unit of "wide" (a lid of -1), radians. */
export const LID_WIDE = 0.3;

/**
 * Poses one eye's lids: `lid` -1 wide … 0 open … 1 closed (blink with squint and wide, see
 * shared/blend-shapes.ts eyeLid), `smile` 0..1 lowers the upper lid a little and raises the lower.
 */
export function poseLids(eye: EyeRig, lid: number, smile: number): void {
  const l = lid <= -1 ? -1 : lid >= 1 ? 1 : Number.isFinite(lid) ? lid : 0;
  const s = smile <= 0 ? 0 : smile >= 1 ? 1 : smile;
  const open = LID_OPEN + 0.12 * s;
  eye.upperLid.rotation.x = l >= 0 ? open + (LID_CLOSED - open) * l : open + LID_WIDE * l;
  eye.lowerLid.rotation.x = LOWER_LID_REST + (LOWER_LID_SMILE - LOWER_LID_REST) * s;
}

export function irisTexture(): THREE.CanvasTexture {
  const iris = new THREE.Color(PALETTE.iris).getStyle();
  const light = new THREE.Color(PALETTE.irisLight).getStyle();
  return canvasTexture(256, (ctx, s) => {
    const c = s / 2;
    ctx.fillStyle = '#f5f1ec';
    ctx.fillRect(0, 0, s, s);
    // Iris body: light in the middle, deepening to a dark limbal ring.
    const g = ctx.createRadialGradient(c, c * 1.08, s * 0.06, c, c, c);
    g.addColorStop(0, light);
    g.addColorStop(0.55, light);
    g.addColorStop(0.8, iris);
    g.addColorStop(0.93, '#2a1a12');
    g.addColorStop(1, '#2a1a12');
    ctx.fillStyle = g;
    ctx.beginPath();
    ctx.arc(c, c, c, 0, Math.PI * 2);
    ctx.fill();
    // Fibres.
    ctx.save();
    ctx.translate(c, c);
    for (let i = 0; i < 90; i++) {
      const a = (i / 90) * Math.PI * 2 + Math.sin(i * 12.9898) * 0.05;
      ctx.strokeStyle = i % 2 ? 'rgba(255,225,170,0.18)' : 'rgba(60,30,15,0.16)';
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(Math.cos(a) * c * 0.38, Math.sin(a) * c * 0.38);
      ctx.lineTo(Math.cos(a) * c * 0.86, Math.sin(a) * c * 0.86);
      ctx.stroke();
    }
    ctx.restore();
    // The upper part lies in the lid's shadow (a classic anime touch), the lower part glows.
    const shade = ctx.createLinearGradient(0, 0, 0, s);
    shade.addColorStop(0, 'rgba(20,8,4,0.6)');
    shade.addColorStop(0.45, 'rgba(20,8,4,0.0)');
    ctx.fillStyle = shade;
    ctx.beginPath();
    ctx.arc(c, c, c, 0, Math.PI * 2);
    ctx.fill();
    const glow = ctx.createRadialGradient(c, s * 0.82, 0, c, s * 0.82, c * 0.6);
    glow.addColorStop(0, 'rgba(255,214,150,0.55)');
    glow.addColorStop(1, 'rgba(255,214,150,0)');
    ctx.fillStyle = glow;
    ctx.beginPath();
    ctx.arc(c, c, c, 0, Math.PI * 2);
    ctx.fill();
    // Pupil.
    ctx.fillStyle = '#120a08';
    ctx.beginPath();
    ctx.arc(c, c, c * 0.36, 0, Math.PI * 2);
    ctx.fill();
    // Highlights: a big soft one up-left, a small sharp one down-right.
    ctx.fillStyle = 'rgba(255,255,255,0.95)';
    ctx.beginPath();
    ctx.ellipse(c - c * 0.32, c - c * 0.34, c * 0.2, c * 0.16, -0.5, 0, Math.PI * 2);
    ctx.fill();
    ctx.beginPath();
    ctx.arc(c + c * 0.3, c + c * 0.34, c * 0.075, 0, Math.PI * 2);
    ctx.fill();
  });
}

function sclera(r: number): THREE.BufferGeometry {
  const g = new THREE.SphereGeometry(r, 36, 24);
  const pos = g.getAttribute('position');
  const colors = new Float32Array(pos.count * 3);
  const base = new THREE.Color(PALETTE.sclera);
  const c = new THREE.Color();
  for (let i = 0; i < pos.count; i++) {
    const y = pos.getY(i) / r;
    const z = pos.getZ(i) / r;
    // Soft shade under the upper lid and towards the corners.
    const k = 1 - 0.28 * smoothstep(0.05, 0.6, y) - 0.18 * (1 - smoothstep(0.2, 0.9, z));
    c.copy(base).multiplyScalar(k);
    colors.set([c.r, c.g, c.b], i * 3);
  }
  g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  return g;
}

function irisCap(r: number, angle: number): THREE.BufferGeometry {
  const g = new THREE.SphereGeometry(r, 40, 10, 0, Math.PI * 2, 0, angle);
  g.rotateX(Math.PI / 2);
  const pos = g.getAttribute('position');
  const uv = g.getAttribute('uv');
  const span = 2 * r * Math.sin(angle);
  for (let i = 0; i < pos.count; i++) uv.setXY(i, 0.5 + pos.getX(i) / span, 0.5 + pos.getY(i) / span);
  return g;
}

function lidShell(r: number, upper: boolean, skinColor: THREE.Color): THREE.BufferGeometry {
  const g = upper
    ? new THREE.SphereGeometry(r, 40, 14, 0, Math.PI * 2, 0, Math.PI / 2)
    : new THREE.SphereGeometry(r, 40, 12, 0, Math.PI * 2, Math.PI / 2, Math.PI / 2);
  const pos = g.getAttribute('position');
  const colors = new Float32Array(pos.count * 3);
  const c = new THREE.Color();
  for (let i = 0; i < pos.count; i++) {
    // Slightly darker and pinker near the edge (eyeshadow-ish crease).
    const edge = 1 - Math.abs(pos.getY(i)) / r;
    c.copy(skinColor).lerp(new THREE.Color(PALETTE.skinShade), upper ? 0.25 * smoothstep(0.75, 1, edge) : 0);
    colors.set([c.r, c.g, c.b], i * 3);
  }
  g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  return g;
}

/** A lash line along the lid edge (lid-local: the edge is the circle y = 0), with a wing outside. */
function lashLine(r: number, side: 1 | -1, lower: boolean): THREE.BufferGeometry {
  const pts: THREE.Vector3[] = [];
  const from = lower ? 0.15 : -1.2;
  const to = lower ? 1.3 : 1.42;
  for (let i = 0; i <= 10; i++) {
    const az = from + ((to - from) * i) / 10;
    const beyond = Math.max(0, az - 1.2);
    const rr = r * (1 + beyond * 0.25);
    const y = lower ? -r * 0.02 : r * (0.03 + beyond * 0.5);
    pts.push(new THREE.Vector3(side * rr * Math.sin(az), y, rr * Math.cos(az)));
  }
  const centre = new THREE.Vector3();
  return taperedStrip(pts, {
    width: (u) => (lower ? r * 0.015 * Math.sin(u * Math.PI) : r * (0.05 + 0.07 * smoothstep(0, 0.8, u)) * (1 - smoothstep(0.85, 1, u) * 0.9)),
    thickness: () => r * 0.02,
    outward: (p, out) => out.copy(p).sub(centre).normalize(),
    segments: 30,
    radial: 8,
  });
}

export function buildEye(
  side: 1 | -1,
  hf: FrontHeightField,
  m: AvatarMaterials,
  irisMaterial: THREE.Material,
  skinColor: THREE.Color,
): EyeRig {
  const r = FACE.eyeRadius;
  const x = side * FACE.eyeX;
  const group = new THREE.Group();
  group.name = side > 0 ? 'eye.L' : 'eye.R';
  group.position.set(x, FACE.eyeY, hf.sample(x, FACE.eyeY) - 0.6 * r);
  // Follow the curve of the face a little; lift the outer corner.
  group.rotation.set(0, side * 0.06, side * 0.05);

  const ball = new THREE.Group();
  ball.add(new THREE.Mesh(sclera(r), m.sclera));
  const iris = new THREE.Mesh(irisCap(r * 1.006, 0.74), irisMaterial);
  ball.add(iris);
  group.add(ball);

  const upperLid = new THREE.Group();
  upperLid.add(new THREE.Mesh(lidShell(r * 1.035, true, skinColor), m.skin));
  upperLid.add(new THREE.Mesh(lashLine(r * 1.04, side, false), m.lash));
  upperLid.rotation.x = LID_OPEN;
  group.add(upperLid);

  const lowerLid = new THREE.Group();
  lowerLid.add(new THREE.Mesh(lidShell(r * 1.02, false, skinColor), m.skin));
  const lowerLash = new THREE.Mesh(lashLine(r * 1.025, side, true), m.brow);
  lowerLid.add(lowerLash);
  lowerLid.rotation.x = LOWER_LID_REST;
  group.add(lowerLid);

  return { group, ball, upperLid, lowerLid };
}
