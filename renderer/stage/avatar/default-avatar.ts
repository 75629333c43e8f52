import * as THREE from 'three';
import { buildBody } from './body';
import { buildEye, irisTexture, poseLids } from './eyes';
import { buildBrow, buildEar } from './features';
import { buildHair } from './hair';
import { FACE, buildHead, headPoint, skinColorAt } from './head';
import { createMaterials, disposeMaterials } from './materials';
import { buildMouth, mouthHole } from './mouth';
import type { AvatarRig } from './rig';

/**
 * The default host: a friendly, stylised young presenter built entirely in code (original work of
 * this project; see assets/avatars/README.md). Sculpted head with cheeks, jaw and a small nose;
 * big painted eyes with blinking lids and lash lines; brows; ears; a morph-target mouth (lips,
 * teeth, tongue, dark inside); a bob with a side-swept fringe; neck, shirt collar, blazer with
 * lapels and a lavalier mic.
 *
 * Units are metres, y up from the floor, the host faces +z. The head is built in "head units"
 * and scaled by HEAD_SCALE.
 */

export const HEAD_SCALE = 0.128;
/** Top of the neck: the head's pivot. */
export const NECK_TOP = new THREE.Vector3(0, 1.505, -0.012);
/** The head's centre, relative to the pivot. */
const HEAD_OFFSET = new THREE.Vector3(0, 0.085, 0.014);

export interface DefaultAvatar extends AvatarRig {
  /** The sculpted head mesh (head units). */
  readonly headMesh: THREE.Mesh;
}

/**
 * `irisTexture`: the painted iris (drawn on a DOM canvas by default; Node tests, which have no
 * canvas, pass a plain texture).
 */
export function createDefaultAvatar(opts: { irisTexture?: () => THREE.Texture } = {}): DefaultAvatar {
  const m = createMaterials();
  const root = new THREE.Group();
  root.name = 'stagehost-default-avatar';

  const body = buildBody(m);
  root.add(body.group);

  const headPivot = new THREE.Group();
  headPivot.name = 'head-pivot';
  headPivot.position.copy(NECK_TOP);
  root.add(headPivot);

  const head = new THREE.Group();
  head.name = 'head';
  head.position.copy(HEAD_OFFSET);
  head.scale.setScalar(HEAD_SCALE);
  headPivot.add(head);

  const { mesh: headMesh, heightField } = buildHead(m.skin, mouthHole);
  head.add(headMesh);

  // The lips and the skin around them lie on the head surface: pull them forward in depth so the
  // head (which has a hole behind them) never shows through.
  const mouthSkin = m.skin.clone();
  mouthSkin.polygonOffset = true;
  mouthSkin.polygonOffsetFactor = -2;
  mouthSkin.polygonOffsetUnits = -4;
  const mouthMesh = buildMouth(heightField, [mouthSkin, m.mouthInside, m.teeth, m.tongue]);
  head.add(mouthMesh);

  const iris = (opts.irisTexture ?? irisTexture)();
  const irisMaterial = new THREE.MeshStandardMaterial({
    map: iris,
    roughness: 0.22,
    emissive: 0xffffff,
    emissiveMap: iris,
    emissiveIntensity: 0.32,
  });
  const lidColor = skinColorAt(headPoint(new THREE.Vector3(FACE.eyeX, FACE.eyeY + 0.15, 0.9).normalize(), new THREE.Vector3()), new THREE.Color());
  const eyes = ([1, -1] as const).map((side) => buildEye(side, heightField, m, irisMaterial, lidColor));
  for (const e of eyes) head.add(e.group);

  const brows = ([1, -1] as const).map((side) => buildBrow(side, heightField, m.brow));
  for (const b of brows) head.add(b.group);

  for (const side of [1, -1] as const) head.add(buildEar(side, m.skin));
  head.add(buildHair(m.hair));

  const eyeLevel = new THREE.Vector3(0, FACE.eyeY, 0.8).multiplyScalar(HEAD_SCALE).add(HEAD_OFFSET).add(NECK_TOP);

  const dictionary = mouthMesh.morphTargetDictionary ?? {};
  const influences = mouthMesh.morphTargetInfluences ?? [];
  const smileIndex = dictionary['smile'];

  // Lids per eye (eyes[0] is the left one): -1 wide … 0 open … 1 closed.
  const lids = [0, 0];
  let smile = 0;
  const applyLids = (): void => {
    // A smile narrows the eyes a little: the upper lid comes down, the lower lid rises.
    for (let i = 0; i < eyes.length; i++) poseLids(eyes[i]!, lids[i] ?? 0, smile);
  };

  return {
    root,
    mouthMesh,
    headMesh,
    head: headPivot,
    chest: body.chest,
    eyes: eyes.map((e) => e.ball),
    eyeLevel,
    setBlink(weight) {
      lids[0] = lids[1] = Math.max(0, Math.min(1, weight));
      applyLids();
    },
    setLids(left, right) {
      lids[0] = Math.max(-1, Math.min(1, left));
      lids[1] = Math.max(-1, Math.min(1, right));
      applyLids();
    },
    setSmile(weight) {
      smile = Math.max(0, Math.min(1, weight));
      if (smileIndex !== undefined) influences[smileIndex] = smile;
      applyLids();
    },
    setArms(p) {
      const { right, left } = body.arms;
      right.shoulder.rotation.set(-p.rightArmForward, 0, right.restZ - p.rightArmRaise);
      right.elbow.rotation.set(-p.rightElbow, 0, p.rightSwing);
      left.shoulder.rotation.set(-p.leftArmForward, 0, left.restZ + p.leftArmRaise);
      left.elbow.rotation.set(-p.leftElbow, 0, 0);
    },
    setBrows(raise) {
      const r = Math.max(-1, Math.min(1, raise));
      for (let i = 0; i < brows.length; i++) {
        const b = brows[i]!;
        b.group.position.y = b.restY + r * 0.035;
        // Raised brows lift more at the inner end; a frown pulls the inner ends down.
        b.group.rotation.z = (i === 0 ? -1 : 1) * r * 0.08;
      }
    },
    dispose() {
      root.traverse((o) => {
        if (o instanceof THREE.Mesh) o.geometry.dispose();
      });
      iris.dispose();
      mouthSkin.dispose();
      irisMaterial.dispose();
      body.dispose();
      disposeMaterials(m);
    },
  };
}
