import * as THREE from 'three';
import { GLTFLoader, type GLTF, type GLTFParser } from 'three/examples/jsm/loaders/GLTFLoader.js';
import { VRMLoaderPlugin, VRMMetaLoaderPlugin, VRMUtils, type VRM, type VRMMeta } from '@pixiv/three-vrm';
import { morphFrameGaze, vrmFrameGaze } from './frame-gaze';
import { morphKey } from '../../../shared/avatar-inspect';
import { TARGET_TABLES, weightsOpenness, type TargetSet, type TargetTable } from '../../../shared/viseme-targets';
import { restGesturePose } from './gestures';
import type { AvatarKind, AvatarRig, MouthTarget } from './rig';

/**
 * Loads an imported avatar (VRM 0.x/1.0 through @pixiv/three-vrm, or a GLB with ARKit / Oculus
 * blend shapes) and wraps it as an AvatarRig: lip-sync weights go to the model's expressions or
 * morph targets, blink/smile/brows where it has them, the head bone for idle motion. The model is
 * scaled and placed so its eyes sit where the default host's do (the camera presets frame that).
 * Any failure (network, a damaged file, a texture that cannot be decoded) rejects with a message
 * and leaves nothing behind.
 */

export interface LoadAvatarOptions {
  /** The blend-shape set from the import's inspection; detected again from the model when absent. */
  blendShapeSet?: 'vrm' | 'arkit' | 'oculus' | 'none';
  /** World height of the default host's eyes (m): the loaded avatar is fitted to it. */
  eyeY: number;
}

export class AvatarLoadError extends Error {
  constructor(
    readonly code: 'avatar-fetch-failed' | 'avatar-parse-failed' | 'avatar-texture-failed' | 'avatar-empty',
    message: string,
  ) {
    super(message);
    this.name = 'AvatarLoadError';
  }
}

/** Disposes every geometry, material and texture under `root` (three-vrm's deepDispose covers all three). */
export function disposeObject(root: THREE.Object3D): void {
  VRMUtils.deepDispose(root);
}

export async function loadAvatar(url: string, opts: LoadAvatarOptions): Promise<AvatarRig> {
  let buffer: ArrayBuffer;
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    buffer = await res.arrayBuffer();
  } catch (e) {
    throw new AvatarLoadError('avatar-fetch-failed', `The avatar file could not be fetched (${e instanceof Error ? e.message : String(e)}).`);
  }
  return parseAvatar(buffer, opts);
}

/** The same from the file's bytes (no network). */
export async function parseAvatar(buffer: ArrayBuffer, opts: LoadAvatarOptions): Promise<AvatarRig> {
  const failedTextures: string[] = [];
  const manager = new THREE.LoadingManager();
  manager.onError = (item) => failedTextures.push(item.startsWith('blob:') || item.startsWith('data:') ? 'an embedded image' : item.slice(0, 120));
  const loader = new GLTFLoader(manager);
  loader.register((parser) => new VRMLoaderPlugin(parser, { metaPlugin: new MerchantMetaPlugin(parser) }));
  let gltf: GLTF;
  try {
    gltf = await loader.parseAsync(buffer, '');
  } catch (e) {
    throw new AvatarLoadError('avatar-parse-failed', `The avatar could not be read (${e instanceof Error ? e.message : String(e)}).`);
  }
  const vrm = (gltf.userData as { vrm?: VRM }).vrm ?? null;
  if (failedTextures.length > 0) {
    disposeObject(vrm ? vrm.scene : gltf.scene);
    throw new AvatarLoadError('avatar-texture-failed', `A texture of the avatar could not be loaded (${failedTextures.slice(0, 2).join(', ')}); it would show without its skin. Export the model again with its textures embedded.`);
  }
  return vrm ? vrmRig(vrm, opts) : gltfRig(gltf.scene, opts);
}

/** Which VRM the glTF document says it is (by its extension), or null for a plain glTF. */
function vrmVersionOf(json: unknown): { version: '0' | '1'; licenseUrl: string | null } | null {
  const ext = (json as { extensions?: Record<string, unknown> } | null)?.extensions;
  const v1 = ext?.['VRMC_vrm'] as { meta?: { licenseUrl?: unknown } } | undefined;
  if (v1 && typeof v1 === 'object') return { version: '1', licenseUrl: typeof v1.meta?.licenseUrl === 'string' ? v1.meta.licenseUrl : null };
  if (ext?.['VRM'] && typeof ext['VRM'] === 'object') return { version: '0', licenseUrl: null };
  return null;
}

/**
 * three-vrm's meta loader, for a merchant's own avatar: three-vrm refuses a VRM 1.0 whose licence
 * URL is not the VRM public licence's (a reseller's or a studio's own licence page), and a VRM
 * without meta (hand-made VRM 0.x files) would silently load as a plain glTF without its humanoid
 * and expressions. Whether the licence allows a livestream is the merchant's call, made when they
 * bought and imported the model; the stage shows it either way.
 */
class MerchantMetaPlugin extends VRMMetaLoaderPlugin {
  private readonly vrmVersion: '0' | '1' | null;

  constructor(parser: GLTFParser) {
    const info = vrmVersionOf(parser.json);
    super(parser, { acceptLicenseUrls: ['https://vrm.dev/licenses/1.0/', ...(info?.licenseUrl ? [info.licenseUrl] : [])] });
    this.vrmVersion = info?.version ?? null;
  }

  override async afterRoot(gltf: GLTF): Promise<void> {
    await super.afterRoot(gltf);
    const data = gltf.userData as { vrmMeta?: VRMMeta | null };
    if (data.vrmMeta == null && this.vrmVersion !== null) {
      data.vrmMeta = this.vrmVersion === '1' ? { metaVersion: '1', name: '', authors: [], licenseUrl: '' } : { metaVersion: '0' };
    }
  }
}

/** Scales the model so its eyes (at `eyes`, model space) are at `eyeY`, feet on the floor for full bodies. */
function fit(root: THREE.Object3D, model: THREE.Object3D, eyes: THREE.Vector3, eyeY: number): void {
  const s = eyes.y > 0.3 ? eyeY / eyes.y : 1;
  model.scale.multiplyScalar(s);
  if (eyes.y <= 0.3) model.position.y += eyeY - eyes.y; // a bust with its origin at the neck: lift it
  model.position.x -= eyes.x * s;
  root.add(model);
  root.updateMatrixWorld(true);
}

const clamp01 = (x: number): number => (x <= 0 ? 0 : x >= 1 ? 1 : x);

// --- VRM -----------------------------------------------------------------------------------------

function vrmRig(vrm: VRM, opts: LoadAvatarOptions): AvatarRig {
  // VRM 0.x faces -Z; VRM 1.0 faces +Z: both face the camera after this. The normalised bones of a
  // VRM 0.x keep its own axes, though (they turn with the scene): a rotation meant for a model facing
  // +Z has its x and z negated there (the same rotation seen from the other side).
  VRMUtils.rotateVRM0(vrm);
  const mirror = vrm.meta.metaVersion === '0' ? -1 : 1;
  const root = new THREE.Group();
  root.name = 'imported-avatar';
  const humanoid = vrm.humanoid;
  const headBone = humanoid.getNormalizedBoneNode('head');
  vrm.scene.updateMatrixWorld(true);
  // A skinned mesh's bounds are those of its rest pose: an arm raised out of them must not vanish.
  vrm.scene.traverse((o) => {
    if ((o as THREE.SkinnedMesh).isSkinnedMesh) o.frustumCulled = false;
  });
  const eyes = new THREE.Vector3(0, 1.5, 0);
  const rawHead = humanoid.getRawBoneNode('head');
  if (rawHead) rawHead.getWorldPosition(eyes).add(new THREE.Vector3(0, 0.07, 0));
  fit(root, vrm.scene, eyes, opts.eyeY);

  const expressions = vrm.expressionManager;
  // An expression counts only when it moves something (a VRM may declare presets that bind nothing).
  const has = (name: string): boolean => (expressions?.getExpression(name)?.binds.length ?? 0) > 0;
  // The rig holds a fraction of "happy" (and "surprised" for the brows) all the time: where the model
  // lets them block the blink or the mouth (VRM 1.0 overrideBlink/overrideMouth "block"), blink and
  // lip-sync would never show. Blend instead: a blink then closes the eyes all but a little.
  for (const name of ['happy', 'surprised']) {
    const e = expressions?.getExpression(name);
    if (e?.overrideBlink === 'block') e.overrideBlink = 'blend';
    if (e?.overrideMouth === 'block') e.overrideMouth = 'blend';
  }
  const table = TARGET_TABLES.vrm;
  const channels = table.channels.map((c) => (has(c) ? c : null));
  const shown = new Float32Array(table.size);
  const mouth: MouthTarget | undefined =
    expressions && channels.some((c) => c !== null)
      ? {
          table,
          apply(w) {
            for (let c = 0; c < channels.length; c++) {
              const name = channels[c];
              if (name) expressions.setValue(name, w[c]!);
              shown[c] = name ? w[c]! : 0;
            }
          },
          openness() {
            for (let c = 0; c < channels.length; c++) {
              const name = channels[c];
              shown[c] = name ? (expressions.getValue(name) ?? 0) : 0;
            }
            shown[table.channels.length] = 0;
            return weightsOpenness(table, shown);
          },
        }
      : undefined;

  // The eyes follow a target that the rig moves to the camera each frame.
  const gaze = new THREE.Object3D();
  root.add(gaze);
  if (vrm.lookAt) {
    vrm.lookAt.target = gaze;
    vrm.lookAt.autoUpdate = true;
  }
  const hasHappy = has('happy');
  const hasBlink = has('blink');
  const hasSurprised = has('surprised');
  const eyeLevel = new THREE.Vector3();
  if (rawHead) rawHead.getWorldPosition(eyeLevel).add(new THREE.Vector3(0, 0.07 * root.scale.y, 0.08));
  else eyeLevel.set(0, opts.eyeY, 0.1);

  // The animator turns the head as if it faced +Z: on a VRM 0.x it turns a stand-in, copied mirrored.
  const headProxy = mirror < 0 && headBone ? new THREE.Object3D() : null;
  const headRest = headBone ? headBone.position.clone() : new THREE.Vector3();
  if (headProxy && headBone) {
    headProxy.position.copy(headBone.position);
    headProxy.quaternion.copy(headBone.quaternion);
  }

  // Out of the T-pose: arms down at the sides, elbows a little bent.
  const leftArm = humanoid.getNormalizedBoneNode('leftUpperArm');
  const rightArm = humanoid.getNormalizedBoneNode('rightUpperArm');
  const rightLower = humanoid.getNormalizedBoneNode('rightLowerArm');
  const leftLower = humanoid.getNormalizedBoneNode('leftLowerArm');
  const ARM_DOWN = 1.22;
  /** Inward turn per radian of forward swing, less per radian of elbow bend beyond 1 (a hand
   * raised to the face, as in a wave, stays beside it rather than in front of it). */
  const ARM_IN = 0.4;
  const ARM_IN_ELBOW = 0.3;
  /** The wave's side-to-side swing: a human's forearm is long; a full swing would cross the face. */
  const SWING = 0.5;

  const rig: AvatarRig = {
    kind: 'vrm',
    root,
    mouthMesh: firstMorphMesh(vrm.scene) ?? new THREE.Mesh(),
    head: headProxy ?? headBone ?? root,
    chest: null, // normalised bones carry rotation only: no breathing scale
    eyes: [],
    setGaze: vrm.lookAt ? vrmFrameGaze(vrm.lookAt) : undefined, // blend-shape frames' gaze (frame-gaze.ts)
    eyeLevel,
    mouth,
    setArms(p) {
      // Normalised VRM bones (facing +Z): the right arm lies along -X, the left along +X; z lowers
      // or raises them at the side, a negative x swings them forwards, and y (applied last, about
      // the vertical) brings an arm swung forwards in towards the chest: a VRM has a human's
      // shoulders, and a hand raised straight ahead of one is outside the close portrait frame.
      // (x and z mirrored on a VRM 0.x.)
      const m = mirror;
      const rightIn = Math.max(0, ARM_IN * p.rightArmForward - ARM_IN_ELBOW * Math.max(0, p.rightElbow - 1));
      const leftIn = Math.max(0, ARM_IN * p.leftArmForward - ARM_IN_ELBOW * Math.max(0, p.leftElbow - 1));
      rightArm?.rotation.set(-p.rightArmForward * m, rightIn, (ARM_DOWN - p.rightArmRaise) * m, 'YXZ');
      leftArm?.rotation.set(-p.leftArmForward * m, -leftIn, (-ARM_DOWN + p.leftArmRaise) * m, 'YXZ');
      rightLower?.rotation.set(p.rightSwing * SWING * m, 0.25 + p.rightElbow, 0);
      leftLower?.rotation.set(0, -0.25 - p.leftElbow, 0);
    },
    setBlink(weight) {
      if (hasBlink) expressions!.setValue('blink', clamp01(weight));
    },
    setSmile(weight) {
      // A VRM "happy" is a broad grin: a fraction of it reads as a smile.
      if (hasHappy) expressions!.setValue('happy', clamp01(weight) * 0.45);
    },
    setBrows(raise) {
      if (hasSurprised) expressions!.setValue('surprised', clamp01(raise) * 0.25);
    },
    update(dtMs, camera) {
      if (headProxy && headBone) {
        const r = headProxy.rotation;
        headBone.rotation.set(-r.x, r.y, -r.z);
        const q = headProxy.position;
        headBone.position.set(2 * headRest.x - q.x, q.y, 2 * headRest.z - q.z);
      }
      gaze.position.copy(camera);
      root.worldToLocal(gaze.position);
      vrm.update(dtMs / 1000);
    },
    dispose() {
      root.removeFromParent();
      disposeObject(vrm.scene);
    },
  };
  // At rest from the start: never a frame in the T-pose the model was exported in.
  rig.setArms!(restGesturePose());
  humanoid.update();
  root.updateMatrixWorld(true);
  return rig;
}

function firstMorphMesh(root: THREE.Object3D): THREE.Mesh | null {
  let best: THREE.Mesh | null = null;
  let count = 0;
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    const n = mesh.isMesh && mesh.morphTargetDictionary ? Object.keys(mesh.morphTargetDictionary).length : 0;
    if (n > count) {
      count = n;
      best = mesh;
    }
  });
  return best;
}

// --- glTF with ARKit or Oculus morph targets --------------------------------------------------------

/** Where one shape lives: every mesh that has a morph target of that name. */
interface Slot {
  meshes: THREE.Mesh[];
  indices: number[];
}

function findSlots(root: THREE.Object3D, names: readonly string[]): Slot[] {
  const slots = names.map((): Slot => ({ meshes: [], indices: [] }));
  const keys = names.map(morphKey);
  root.traverse((o) => {
    const mesh = o as THREE.Mesh;
    if (!mesh.isMesh || !mesh.morphTargetDictionary) return;
    for (const [name, index] of Object.entries(mesh.morphTargetDictionary)) {
      const k = keys.indexOf(morphKey(name));
      if (k >= 0) {
        slots[k]!.meshes.push(mesh);
        slots[k]!.indices.push(index);
      }
    }
  });
  return slots;
}

function writeSlot(slot: Slot | undefined, value: number): void {
  if (!slot) return;
  for (let i = 0; i < slot.meshes.length; i++) {
    const inf = slot.meshes[i]!.morphTargetInfluences;
    if (inf) inf[slot.indices[i]!] = value;
  }
}

function readSlot(slot: Slot): number {
  for (let i = 0; i < slot.meshes.length; i++) {
    const inf = slot.meshes[i]!.morphTargetInfluences;
    if (inf) return inf[slot.indices[i]!] ?? 0;
  }
  return 0;
}

function detectSet(root: THREE.Object3D): TargetSet | null {
  const oculus = findSlots(root, TARGET_TABLES.oculus.channels).filter((s) => s.meshes.length > 0).length;
  const arkit = findSlots(root, TARGET_TABLES.arkit.channels).filter((s) => s.meshes.length > 0).length;
  if (oculus >= 4 && oculus >= arkit) return 'oculus';
  if (arkit >= 3) return 'arkit';
  return null;
}

const FACE_NAMES = ['eyeBlinkLeft', 'eyeBlinkRight', 'eyesClosed', 'mouthSmileLeft', 'mouthSmileRight', 'mouthSmile', 'browInnerUp', 'browOuterUpLeft', 'browOuterUpRight', 'browDownLeft', 'browDownRight'] as const;

function gltfRig(scene: THREE.Group, opts: LoadAvatarOptions): AvatarRig {
  let meshes = 0;
  scene.traverse((o) => {
    if ((o as THREE.Mesh).isMesh) meshes++;
  });
  if (meshes === 0) {
    disposeObject(scene);
    throw new AvatarLoadError('avatar-empty', 'The avatar contains no mesh.');
  }
  const root = new THREE.Group();
  root.name = 'imported-avatar';
  scene.updateMatrixWorld(true);

  // The head: a skeleton bone named like one (Mixamo, Ready Player Me…); otherwise the model turns
  // about its own neck. A mesh node called "Head" is no pivot: its origin may be anywhere.
  let headNode: THREE.Object3D | null = null;
  scene.traverse((o) => {
    if (!headNode && (o as THREE.Bone).isBone && /^(mixamorig:?)?head$/i.test(o.name)) headNode = o;
  });
  const box = new THREE.Box3().setFromObject(scene);
  const size = box.getSize(new THREE.Vector3());
  const eyes = new THREE.Vector3();
  if (headNode) (headNode as THREE.Object3D).getWorldPosition(eyes).add(new THREE.Vector3(0, 0.08, 0));
  else eyes.set((box.min.x + box.max.x) / 2, box.max.y - Math.min(0.12, size.y * 0.35), 0);
  // Rotation pivot when there is no head bone: a group at the bottom of the head.
  const pivot = new THREE.Group();
  if (!headNode) {
    const neckY = Math.max(box.min.y, eyes.y - 0.15);
    pivot.position.set(eyes.x, neckY, 0);
    scene.position.set(-eyes.x, -neckY, 0);
    pivot.add(scene);
    eyes.set(eyes.x, eyes.y, 0);
    const fitted = new THREE.Group();
    fitted.add(pivot);
    // A bust (under a metre tall) keeps its size and is lifted to eye height; a full body is scaled.
    if (size.y < 1) fitted.position.y = opts.eyeY - eyes.y;
    else fitted.scale.setScalar(opts.eyeY / eyes.y);
    root.add(fitted);
    root.updateMatrixWorld(true);
  } else {
    fit(root, scene, eyes, opts.eyeY);
  }

  const set: TargetSet | null = opts.blendShapeSet === 'oculus' || opts.blendShapeSet === 'arkit' ? opts.blendShapeSet : opts.blendShapeSet === 'none' ? null : detectSet(scene);
  const table: TargetTable | null = set ? TARGET_TABLES[set] : null;
  const slots = table ? findSlots(scene, table.channels) : [];
  const face = findSlots(scene, FACE_NAMES);
  const slot = (name: (typeof FACE_NAMES)[number]): Slot | undefined => {
    const s = face[FACE_NAMES.indexOf(name)];
    return s && s.meshes.length > 0 ? s : undefined;
  };
  const blinkL = slot('eyeBlinkLeft') ?? slot('eyesClosed');
  const blinkR = slot('eyeBlinkRight');
  const smileL = slot('mouthSmileLeft') ?? slot('mouthSmile');
  const smileR = slot('mouthSmileRight');
  const browUp = [slot('browInnerUp'), slot('browOuterUpLeft'), slot('browOuterUpRight')];
  const browDown = [slot('browDownLeft'), slot('browDownRight')];
  const smileIdx = table ? [table.channels.indexOf('mouthSmileLeft'), table.channels.indexOf('mouthSmileRight')] : [-1, -1];

  const lip = new Float32Array(table?.size ?? 0);
  const shown = new Float32Array(table?.size ?? 0);
  let smile = 0;
  let blink = 0;
  let brows = 0;

  const mouth: MouthTarget | undefined = table
    ? {
        table,
        apply(w) {
          lip.set(w);
        },
        openness() {
          for (let c = 0; c < slots.length; c++) shown[c] = slots[c]!.meshes.length > 0 ? readSlot(slots[c]!) : 0;
          shown[table.channels.length] = 0;
          return weightsOpenness(table, shown);
        },
      }
    : undefined;

  const eyeLevel = new THREE.Vector3();
  if (headNode) (headNode as THREE.Object3D).getWorldPosition(eyeLevel).add(new THREE.Vector3(0, 0.08 * root.scale.y, 0.08));
  else eyeLevel.set(0, opts.eyeY, 0.1);

  return {
    kind: (set ?? 'none') as AvatarKind,
    root,
    mouthMesh: firstMorphMesh(scene) ?? new THREE.Mesh(),
    head: headNode ?? pivot,
    chest: null,
    eyes: [],
    setGaze: morphFrameGaze(scene), // blend-shape frames' gaze on ARKit eyeLook* morphs (frame-gaze.ts)
    eyeLevel,
    mouth,
    setBlink(weight) {
      blink = clamp01(weight);
    },
    setSmile(weight) {
      smile = clamp01(weight);
    },
    setBrows(raise) {
      brows = Math.max(-1, Math.min(1, raise));
    },
    update() {
      // Lip-sync first, then the face on top (a smile adds to the mouth's own smile shapes).
      for (let c = 0; c < slots.length; c++) {
        const s = slots[c]!;
        if (s.meshes.length === 0) continue;
        const extra = c === smileIdx[0] || c === smileIdx[1] ? smile * 0.5 : 0;
        writeSlot(s, clamp01(lip[c]! + extra));
      }
      if (smileIdx[0]! < 0) {
        writeSlot(smileL, smile * 0.5);
        writeSlot(smileR, smile * 0.5);
      }
      writeSlot(blinkL, blink);
      writeSlot(blinkR, blink);
      for (const b of browUp) writeSlot(b, clamp01(brows) * 0.6);
      for (const b of browDown) writeSlot(b, clamp01(-brows) * 0.6);
    },
    dispose() {
      root.removeFromParent();
      disposeObject(root);
    },
  };
}
