import { buildGlb } from './glb';

/**
 * Small but complete VRM avatars for tests, built in code: a skinned humanoid (boxes for pelvis,
 * torso, neck, head, arms, hands, legs and feet, each weighted to its bone) in the T-pose, with a
 * face (eyes and a mouth) whose morph targets the VRM expressions bind, and MToon materials (the
 * body's outlined) as real VRMs have. Either a VRM 1.0 (`VRMC_vrm`, facing +Z) or a VRM 0.x (`VRM`,
 * facing -Z as UniVRM exports it, MToon in `materialProperties`), with everything @pixiv/three-vrm
 * needs to load it without a warning: meta (VRM 1.0: the vrm.dev licence URL, which three-vrm
 * requires by default), all required humanoid bones plus shoulders, neck, chest, eyes and toes,
 * first person / look-at, and the expressions (VRM 1.0 presets, or VRM 0.x blend-shape groups with
 * presets a/i/u/e/o, blink, blink_l/r, joy, angry, sorrow, fun and a custom "Surprised").
 */

export type VrmVersion = '0' | '1';

export interface VrmFixtureOptions {
  /** 'full' binds every expression to its morph target; 'empty' declares them all with no binds. */
  expressions?: 'full' | 'empty';
  /** VRM 1.0 meta.licenseUrl (default: the VRM public licence, https://vrm.dev/licenses/1.0/). */
  licenseUrl?: string;
  /** Leave out the meta (some hand-made VRM 0.x files have none). */
  noMeta?: boolean;
}

/** Node names of the raw bones (VRoid's), so tests can find them in the loaded scene. */
export const VRM_BONE_NODES = {
  hips: 'J_Bip_C_Hips',
  spine: 'J_Bip_C_Spine',
  chest: 'J_Bip_C_Chest',
  neck: 'J_Bip_C_Neck',
  head: 'J_Bip_C_Head',
  leftEye: 'J_Adj_L_FaceEye',
  rightEye: 'J_Adj_R_FaceEye',
  leftShoulder: 'J_Bip_L_Shoulder',
  leftUpperArm: 'J_Bip_L_UpperArm',
  leftLowerArm: 'J_Bip_L_LowerArm',
  leftHand: 'J_Bip_L_Hand',
  rightShoulder: 'J_Bip_R_Shoulder',
  rightUpperArm: 'J_Bip_R_UpperArm',
  rightLowerArm: 'J_Bip_R_LowerArm',
  rightHand: 'J_Bip_R_Hand',
  leftUpperLeg: 'J_Bip_L_UpperLeg',
  leftLowerLeg: 'J_Bip_L_LowerLeg',
  leftFoot: 'J_Bip_L_Foot',
  leftToes: 'J_Bip_L_ToeBase',
  rightUpperLeg: 'J_Bip_R_UpperLeg',
  rightLowerLeg: 'J_Bip_R_LowerLeg',
  rightFoot: 'J_Bip_R_Foot',
  rightToes: 'J_Bip_R_ToeBase',
} as const;
export type VrmBone = keyof typeof VRM_BONE_NODES;

type V3 = readonly [number, number, number];

/** Bone: parent and world position in the VRM 1.0 orientation (facing +Z, the model's left at +X). */
const SKELETON: Record<VrmBone, { parent: VrmBone | null; at: V3 }> = {
  hips: { parent: null, at: [0, 0.95, 0] },
  spine: { parent: 'hips', at: [0, 1.05, 0] },
  chest: { parent: 'spine', at: [0, 1.2, 0] },
  neck: { parent: 'chest', at: [0, 1.4, 0] },
  head: { parent: 'neck', at: [0, 1.48, 0] },
  leftEye: { parent: 'head', at: [0.045, 1.6, 0.08] },
  rightEye: { parent: 'head', at: [-0.045, 1.6, 0.08] },
  leftShoulder: { parent: 'chest', at: [0.04, 1.36, 0] },
  leftUpperArm: { parent: 'leftShoulder', at: [0.17, 1.36, 0] },
  leftLowerArm: { parent: 'leftUpperArm', at: [0.43, 1.36, 0] },
  leftHand: { parent: 'leftLowerArm', at: [0.67, 1.36, 0] },
  rightShoulder: { parent: 'chest', at: [-0.04, 1.36, 0] },
  rightUpperArm: { parent: 'rightShoulder', at: [-0.17, 1.36, 0] },
  rightLowerArm: { parent: 'rightUpperArm', at: [-0.43, 1.36, 0] },
  rightHand: { parent: 'rightLowerArm', at: [-0.67, 1.36, 0] },
  leftUpperLeg: { parent: 'hips', at: [0.09, 0.9, 0] },
  leftLowerLeg: { parent: 'leftUpperLeg', at: [0.09, 0.5, 0] },
  leftFoot: { parent: 'leftLowerLeg', at: [0.09, 0.08, 0] },
  leftToes: { parent: 'leftFoot', at: [0.09, 0.02, 0.1] },
  rightUpperLeg: { parent: 'hips', at: [-0.09, 0.9, 0] },
  rightLowerLeg: { parent: 'rightUpperLeg', at: [-0.09, 0.5, 0] },
  rightFoot: { parent: 'rightLowerLeg', at: [-0.09, 0.08, 0] },
  rightToes: { parent: 'rightFoot', at: [-0.09, 0.02, 0.1] },
};
const BONES = Object.keys(SKELETON) as VrmBone[];

/** The materials (one MToon each, as real VRMs split theirs): name, colour, whether it is outlined. */
const MATERIALS = [
  { name: 'Skin', color: [0.96, 0.8, 0.7], outline: true },
  { name: 'Shirt', color: [0.2, 0.45, 0.8], outline: true },
  { name: 'Trousers', color: [0.2, 0.2, 0.28], outline: true },
  { name: 'Shoes', color: [0.1, 0.1, 0.1], outline: true },
  { name: 'Hair', color: [0.25, 0.15, 0.1], outline: true },
  { name: 'FaceEyes', color: [0.12, 0.1, 0.15], outline: false },
  { name: 'FaceMouth', color: [0.55, 0.1, 0.12], outline: false },
] as const;
type MaterialName = (typeof MATERIALS)[number]['name'];
const SKIN: MaterialName = 'Skin';
const SHIRT: MaterialName = 'Shirt';
const TROUSERS: MaterialName = 'Trousers';
const SHOES: MaterialName = 'Shoes';
const HAIR: MaterialName = 'Hair';
const materialIndex = (name: MaterialName): number => MATERIALS.findIndex((m) => m.name === name);

/** The body's boxes (VRM 1.0 orientation): min, max corner, bone, material. */
const BOXES: { min: V3; max: V3; bone: VrmBone; color: MaterialName }[] = [
  { min: [-0.16, 0.86, -0.09], max: [0.16, 1.05, 0.09], bone: 'hips', color: TROUSERS },
  { min: [-0.15, 1.05, -0.085], max: [0.15, 1.2, 0.085], bone: 'spine', color: SHIRT },
  { min: [-0.17, 1.2, -0.095], max: [0.17, 1.4, 0.095], bone: 'chest', color: SHIRT },
  { min: [-0.045, 1.38, -0.045], max: [0.045, 1.5, 0.045], bone: 'neck', color: SKIN },
  { min: [-0.1, 1.47, -0.11], max: [0.1, 1.73, 0.11], bone: 'head', color: SKIN },
  { min: [-0.11, 1.7, -0.12], max: [0.11, 1.77, 0.12], bone: 'head', color: HAIR },
  { min: [0.15, 1.32, -0.045], max: [0.43, 1.4, 0.045], bone: 'leftUpperArm', color: SHIRT },
  { min: [0.43, 1.325, -0.038], max: [0.67, 1.395, 0.038], bone: 'leftLowerArm', color: SKIN },
  { min: [0.67, 1.335, -0.03], max: [0.78, 1.385, 0.03], bone: 'leftHand', color: SKIN },
  { min: [-0.43, 1.32, -0.045], max: [-0.15, 1.4, 0.045], bone: 'rightUpperArm', color: SHIRT },
  { min: [-0.67, 1.325, -0.038], max: [-0.43, 1.395, 0.038], bone: 'rightLowerArm', color: SKIN },
  { min: [-0.78, 1.335, -0.03], max: [-0.67, 1.385, 0.03], bone: 'rightHand', color: SKIN },
  { min: [0.03, 0.5, -0.06], max: [0.15, 0.9, 0.06], bone: 'leftUpperLeg', color: TROUSERS },
  { min: [0.04, 0.08, -0.05], max: [0.14, 0.5, 0.05], bone: 'leftLowerLeg', color: TROUSERS },
  { min: [0.04, 0, -0.06], max: [0.14, 0.08, 0.16], bone: 'leftFoot', color: SHOES },
  { min: [-0.15, 0.5, -0.06], max: [-0.03, 0.9, 0.06], bone: 'rightUpperLeg', color: TROUSERS },
  { min: [-0.14, 0.08, -0.05], max: [-0.04, 0.5, 0.05], bone: 'rightLowerLeg', color: TROUSERS },
  { min: [-0.14, 0, -0.06], max: [-0.04, 0.08, 0.16], bone: 'rightFoot', color: SHOES },
];

/** The face's morph targets (VRoid's names), in target order. */
export const FACE_MORPHS = [
  'Fcl_MTH_A',
  'Fcl_MTH_I',
  'Fcl_MTH_U',
  'Fcl_MTH_E',
  'Fcl_MTH_O',
  'Fcl_EYE_Close',
  'Fcl_EYE_Close_L',
  'Fcl_EYE_Close_R',
  'Fcl_ALL_Joy',
  'Fcl_ALL_Angry',
  'Fcl_ALL_Sorrow',
  'Fcl_ALL_Fun',
  'Fcl_ALL_Surprised',
] as const;
export type FaceMorph = (typeof FACE_MORPHS)[number];

/** VRM 1.0 preset → morph target. */
export const VRM1_EXPRESSIONS: Readonly<Record<string, FaceMorph>> = {
  aa: 'Fcl_MTH_A',
  ih: 'Fcl_MTH_I',
  ou: 'Fcl_MTH_U',
  ee: 'Fcl_MTH_E',
  oh: 'Fcl_MTH_O',
  blink: 'Fcl_EYE_Close',
  blinkLeft: 'Fcl_EYE_Close_L',
  blinkRight: 'Fcl_EYE_Close_R',
  happy: 'Fcl_ALL_Joy',
  angry: 'Fcl_ALL_Angry',
  sad: 'Fcl_ALL_Sorrow',
  relaxed: 'Fcl_ALL_Fun',
  surprised: 'Fcl_ALL_Surprised',
};

const EMOTIONS = new Set(['happy', 'angry', 'sad', 'relaxed', 'surprised']);

/** VRM 0.x blend-shape groups: name, preset → morph target (no "surprised" preset in 0.x). */
export const VRM0_GROUPS: readonly { name: string; presetName: string; morph: FaceMorph | null }[] = [
  { name: 'Neutral', presetName: 'neutral', morph: null },
  { name: 'A', presetName: 'a', morph: 'Fcl_MTH_A' },
  { name: 'I', presetName: 'i', morph: 'Fcl_MTH_I' },
  { name: 'U', presetName: 'u', morph: 'Fcl_MTH_U' },
  { name: 'E', presetName: 'e', morph: 'Fcl_MTH_E' },
  { name: 'O', presetName: 'o', morph: 'Fcl_MTH_O' },
  { name: 'Blink', presetName: 'blink', morph: 'Fcl_EYE_Close' },
  { name: 'Blink_L', presetName: 'blink_l', morph: 'Fcl_EYE_Close_L' },
  { name: 'Blink_R', presetName: 'blink_r', morph: 'Fcl_EYE_Close_R' },
  { name: 'Joy', presetName: 'joy', morph: 'Fcl_ALL_Joy' },
  { name: 'Angry', presetName: 'angry', morph: 'Fcl_ALL_Angry' },
  { name: 'Sorrow', presetName: 'sorrow', morph: 'Fcl_ALL_Sorrow' },
  { name: 'Fun', presetName: 'fun', morph: 'Fcl_ALL_Fun' },
  { name: 'Surprised', presetName: 'unknown', morph: 'Fcl_ALL_Surprised' },
];

// --- the face ------------------------------------------------------------------------------------

/**
 * Face vertices relative to the face node (in front of the head bone): two eyes (vertices 0–7, their
 * own primitive) and a mouth (vertices 8–11).
 */
function faceGeometry(): { positions: number[]; eyeIndices: number[]; mouthIndices: number[]; eyes: { left: number[]; right: number[] }; mouth: { l: number; r: number; t: number; b: number } } {
  const positions: number[] = [];
  const eyeIndices: number[] = [];
  const quad = (cx: number, cy: number, w: number, h: number): number[] => {
    const base = positions.length / 3;
    positions.push(cx - w / 2, cy - h / 2, 0, cx + w / 2, cy - h / 2, 0, cx + w / 2, cy + h / 2, 0, cx - w / 2, cy + h / 2, 0);
    eyeIndices.push(base, base + 1, base + 2, base, base + 2, base + 3);
    return [base, base + 1, base + 2, base + 3];
  };
  const left = quad(0.045, 0.0, 0.032, 0.026);
  const right = quad(-0.045, 0.0, 0.032, 0.026);
  // The mouth: a diamond of its corners, top and bottom lip.
  const m = positions.length / 3;
  positions.push(-0.032, -0.08, 0, 0.032, -0.08, 0, 0, -0.074, 0, 0, -0.086, 0);
  const mouth = { l: m, r: m + 1, t: m + 2, b: m + 3 };
  const mouthIndices = [mouth.l, mouth.b, mouth.r, mouth.l, mouth.r, mouth.t].map((i) => i - m);
  return { positions, eyeIndices, mouthIndices, eyes: { left, right }, mouth };
}

/** Per-vertex deltas of one morph target (face-local, VRM 1.0 orientation). */
function morphDeltas(name: FaceMorph, face: ReturnType<typeof faceGeometry>): Float32Array {
  const d = new Float32Array(face.positions.length);
  const move = (v: number, dx: number, dy: number): void => {
    d[v * 3] = (d[v * 3] ?? 0) + dx;
    d[v * 3 + 1] = (d[v * 3 + 1] ?? 0) + dy;
  };
  const { l, r, t, b } = face.mouth;
  const closeEye = (eye: number[], amount: number): void => {
    move(eye[2]!, 0, -0.026 * amount);
    move(eye[3]!, 0, -0.026 * amount);
  };
  switch (name) {
    case 'Fcl_MTH_A':
      move(b, 0, -0.04);
      move(t, 0, 0.004);
      move(l, 0.006, 0);
      move(r, -0.006, 0);
      break;
    case 'Fcl_MTH_I':
      move(l, -0.012, 0);
      move(r, 0.012, 0);
      move(b, 0, -0.008);
      break;
    case 'Fcl_MTH_U':
      move(l, 0.016, 0);
      move(r, -0.016, 0);
      move(b, 0, -0.014);
      move(t, 0, 0.004);
      break;
    case 'Fcl_MTH_E':
      move(l, -0.008, 0);
      move(r, 0.008, 0);
      move(b, 0, -0.022);
      break;
    case 'Fcl_MTH_O':
      move(l, 0.01, 0);
      move(r, -0.01, 0);
      move(b, 0, -0.03);
      move(t, 0, 0.005);
      break;
    case 'Fcl_EYE_Close':
      closeEye(face.eyes.left, 1);
      closeEye(face.eyes.right, 1);
      break;
    case 'Fcl_EYE_Close_L':
      closeEye(face.eyes.left, 1);
      break;
    case 'Fcl_EYE_Close_R':
      closeEye(face.eyes.right, 1);
      break;
    case 'Fcl_ALL_Joy':
      move(l, -0.004, 0.012);
      move(r, 0.004, 0.012);
      closeEye(face.eyes.left, 0.5);
      closeEye(face.eyes.right, 0.5);
      break;
    case 'Fcl_ALL_Angry':
      move(l, 0, -0.008);
      move(r, 0, -0.008);
      break;
    case 'Fcl_ALL_Sorrow':
      move(l, 0, -0.012);
      move(r, 0, -0.012);
      move(t, 0, -0.002);
      break;
    case 'Fcl_ALL_Fun':
      move(l, 0, 0.006);
      move(r, 0, 0.006);
      closeEye(face.eyes.left, 0.3);
      closeEye(face.eyes.right, 0.3);
      break;
    case 'Fcl_ALL_Surprised':
      for (const eye of [face.eyes.left, face.eyes.right]) {
        move(eye[2]!, 0, 0.008);
        move(eye[3]!, 0, 0.008);
      }
      move(b, 0, -0.02);
      break;
  }
  return d;
}

// --- the binary chunk ------------------------------------------------------------------------------

class BinaryChunk {
  private readonly parts: Uint8Array[] = [];
  private length = 0;
  readonly bufferViews: Record<string, unknown>[] = [];
  readonly accessors: Record<string, unknown>[] = [];

  /** Adds an accessor over `data`; POSITION-like VEC3 accessors get min/max. */
  add(data: Float32Array | Uint16Array, type: 'SCALAR' | 'VEC3' | 'VEC4' | 'MAT4', opts: { minMax?: boolean; target?: number } = {}): number {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const padded = Math.ceil(bytes.byteLength / 4) * 4;
    this.bufferViews.push({ buffer: 0, byteOffset: this.length, byteLength: bytes.byteLength, ...(opts.target ? { target: opts.target } : {}) });
    this.parts.push(bytes);
    this.length += padded;
    const width = { SCALAR: 1, VEC3: 3, VEC4: 4, MAT4: 16 }[type];
    const accessor: Record<string, unknown> = {
      bufferView: this.bufferViews.length - 1,
      componentType: data instanceof Float32Array ? 5126 : 5123,
      count: data.length / width,
      type,
    };
    if (opts.minMax) {
      const min = [Infinity, Infinity, Infinity];
      const max = [-Infinity, -Infinity, -Infinity];
      for (let i = 0; i < data.length; i++) {
        min[i % 3] = Math.min(min[i % 3]!, data[i]!);
        max[i % 3] = Math.max(max[i % 3]!, data[i]!);
      }
      accessor.min = min;
      accessor.max = max;
    }
    this.accessors.push(accessor);
    return this.accessors.length - 1;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += Math.ceil(p.byteLength / 4) * 4;
    }
    return out;
  }
}

/** Boxes as flat-shaded triangles (24 vertices each), weighted to one joint, one primitive per material. */
function bodyGeometry(flip: number): Map<MaterialName, { positions: number[]; normals: number[]; joints: number[]; indices: number[] }> {
  const parts = new Map<MaterialName, { positions: number[]; normals: number[]; joints: number[]; indices: number[] }>();
  // (u, v) axes per face so that u × v is the outward normal.
  const faces: { axis: number; sign: number; u: number; v: number }[] = [
    { axis: 0, sign: 1, u: 1, v: 2 },
    { axis: 0, sign: -1, u: 2, v: 1 },
    { axis: 1, sign: 1, u: 2, v: 0 },
    { axis: 1, sign: -1, u: 0, v: 2 },
    { axis: 2, sign: 1, u: 0, v: 1 },
    { axis: 2, sign: -1, u: 1, v: 0 },
  ];
  for (const box of BOXES) {
    let out = parts.get(box.color);
    if (!out) {
      out = { positions: [], normals: [], joints: [], indices: [] };
      parts.set(box.color, out);
    }
    const joint = BONES.indexOf(box.bone);
    for (const f of faces) {
      const base = out.positions.length / 3;
      for (const [pu, pv] of [
        [0, 0],
        [1, 0],
        [1, 1],
        [0, 1],
      ] as const) {
        const p = [0, 0, 0];
        p[f.axis] = f.sign > 0 ? box.max[f.axis]! : box.min[f.axis]!;
        p[f.u] = pu ? box.max[f.u]! : box.min[f.u]!;
        p[f.v] = pv ? box.max[f.v]! : box.min[f.v]!;
        const n = [0, 0, 0];
        n[f.axis] = f.sign;
        out.positions.push(p[0]! * flip, p[1]!, p[2]! * flip);
        out.normals.push(n[0]! * flip, n[1]!, n[2]! * flip);
        out.joints.push(joint, 0, 0, 0);
      }
      out.indices.push(base, base + 1, base + 2, base, base + 2, base + 3);
    }
  }
  return parts;
}

/** VRM 1.0 `VRMC_materials_mtoon`. */
function mtoon1(color: readonly number[], outline: boolean): Record<string, unknown> {
  return {
    specVersion: '1.0',
    transparentWithZWrite: false,
    renderQueueOffsetNumber: 0,
    shadeColorFactor: color.map((c) => c * 0.8),
    shadingShiftFactor: -0.05,
    shadingToonyFactor: 0.9,
    giEqualizationFactor: 0.9,
    matcapFactor: [0, 0, 0],
    parametricRimColorFactor: [0, 0, 0],
    rimLightingMixFactor: 1,
    parametricRimFresnelPowerFactor: 5,
    parametricRimLiftFactor: 0,
    outlineWidthMode: outline ? 'worldCoordinates' : 'none',
    outlineWidthFactor: outline ? 0.002 : 0,
    outlineColorFactor: [0.12, 0.1, 0.1],
    outlineLightingMixFactor: 1,
    uvAnimationScrollXSpeedFactor: 0,
    uvAnimationScrollYSpeedFactor: 0,
    uvAnimationRotationSpeedFactor: 0,
  };
}

/** VRM 0.x `materialProperties` entry for MToon, as UniVRM writes it. */
function mtoon0(name: string, color: readonly number[], outline: boolean): Record<string, unknown> {
  return {
    name,
    shader: 'VRM/MToon',
    renderQueue: 2000,
    floatProperties: {
      _Cutoff: 0.5,
      _BumpScale: 1,
      _ReceiveShadowRate: 1,
      _ShadingGradeRate: 1,
      _ShadeShift: 0,
      _ShadeToony: 0.9,
      _LightColorAttenuation: 0,
      _IndirectLightIntensity: 0.1,
      _RimLightingMix: 0,
      _RimFresnelPower: 1,
      _RimLift: 0,
      _OutlineWidth: outline ? 0.2 : 0,
      _OutlineScaledMaxDistance: 1,
      _OutlineLightingMix: 1,
      _UvAnimScrollX: 0,
      _UvAnimScrollY: 0,
      _UvAnimRotation: 0,
      _MToonVersion: 38,
      _DebugMode: 0,
      _BlendMode: 0,
      _OutlineWidthMode: outline ? 1 : 0,
      _OutlineColorMode: 0,
      _CullMode: 2,
      _OutlineCullMode: 1,
      _SrcBlend: 1,
      _DstBlend: 0,
      _ZWrite: 1,
    },
    vectorProperties: {
      _Color: [...color, 1],
      _ShadeColor: [...color.map((c) => c * 0.8), 1],
      _MainTex: [0, 0, 1, 1],
      _EmissionColor: [0, 0, 0, 1],
      _RimColor: [0, 0, 0, 1],
      _OutlineColor: [0.12, 0.1, 0.1, 1],
    },
    textureProperties: {},
    keywordMap: outline ? { MTOON_OUTLINE_WIDTH_WORLD: true, MTOON_OUTLINE_COLOR_FIXED: true } : {},
    tagMap: { RenderType: 'Opaque' },
  };
}

/** Where the face node sits relative to the head bone (VRM 1.0 orientation), just in front of the head box. */
const FACE_OFFSET: V3 = [0, 0.12, 0.112];

/** Builds the VRM. */
export function vrmAvatar(version: VrmVersion, opts: VrmFixtureOptions = {}): Uint8Array {
  // VRM 0.x models face -Z: the same body turned half round (x and z negated), as UniVRM exports it.
  const flip = version === '0' ? -1 : 1;
  const bin = new BinaryChunk();

  // Nodes: the bones first (index = position in BONES), then the body and the face.
  const nodes: Record<string, unknown>[] = BONES.map((bone) => {
    const { parent, at } = SKELETON[bone];
    const from = parent ? SKELETON[parent].at : ([0, 0, 0] as V3);
    return { name: VRM_BONE_NODES[bone], translation: [(at[0] - from[0]) * flip, at[1] - from[1], (at[2] - from[2]) * flip] };
  });
  BONES.forEach((bone, i) => {
    const parent = SKELETON[bone].parent;
    if (!parent) return;
    const p = nodes[BONES.indexOf(parent)]!;
    p.children = [...((p.children as number[] | undefined) ?? []), i];
  });

  // The skinned body, one primitive per material.
  const bodyPrimitives = [...bodyGeometry(flip)].map(([material, part]) => ({
    attributes: {
      POSITION: bin.add(new Float32Array(part.positions), 'VEC3', { minMax: true, target: 34962 }),
      NORMAL: bin.add(new Float32Array(part.normals), 'VEC3', { target: 34962 }),
      JOINTS_0: bin.add(new Uint16Array(part.joints), 'VEC4', { target: 34962 }),
      WEIGHTS_0: bin.add(new Float32Array(part.joints.map((_, i) => (i % 4 === 0 ? 1 : 0))), 'VEC4', { target: 34962 }),
    },
    indices: bin.add(new Uint16Array(part.indices), 'SCALAR', { target: 34963 }),
    material: materialIndex(material),
  }));
  const inverseBind = new Float32Array(BONES.length * 16);
  BONES.forEach((bone, i) => {
    const at = SKELETON[bone].at;
    inverseBind.set([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -at[0] * flip, -at[1], -at[2] * flip, 1], i * 16);
  });
  const skin = { name: 'Body', joints: BONES.map((_, i) => i), skeleton: 0, inverseBindMatrices: bin.add(inverseBind, 'MAT4') };

  // The face, a child of the head bone: eyes and mouth, each with every morph target (three-vrm
  // binds an expression to all primitives of the node).
  const face = faceGeometry();
  const facePositions = face.positions.map((v, i) => (i % 3 === 1 ? v : v * flip));
  const deltas = FACE_MORPHS.map((name) => morphDeltas(name, face).map((v, i) => (i % 3 === 1 ? v : v * flip)));
  const facePrimitive = (from: number, to: number, indices: number[], material: MaterialName): Record<string, unknown> => ({
    attributes: {
      POSITION: bin.add(new Float32Array(facePositions.slice(from * 3, to * 3)), 'VEC3', { minMax: true, target: 34962 }),
      NORMAL: bin.add(new Float32Array((to - from) * 3).map((_, i) => (i % 3 === 2 ? flip : 0)), 'VEC3', { target: 34962 }),
    },
    indices: bin.add(new Uint16Array(indices), 'SCALAR', { target: 34963 }),
    material: materialIndex(material),
    targets: deltas.map((d) => ({ POSITION: bin.add(d.slice(from * 3, to * 3), 'VEC3', { minMax: true }) })),
  });
  const facePrimitives = [facePrimitive(0, 8, face.eyeIndices, 'FaceEyes'), facePrimitive(8, 12, face.mouthIndices, 'FaceMouth')];

  const bodyNode = nodes.push({ name: 'Body', mesh: 0, skin: 0 }) - 1;
  const faceNode = nodes.push({ name: 'Face', mesh: 1, translation: [FACE_OFFSET[0] * flip, FACE_OFFSET[1], FACE_OFFSET[2] * flip] }) - 1;
  const head = nodes[BONES.indexOf('head')]!;
  head.children = [...((head.children as number[] | undefined) ?? []), faceNode];

  const json: Record<string, unknown> = {
    asset: { version: '2.0', generator: 'stagehost-tests vrm-fixtures' },
    scene: 0,
    scenes: [{ nodes: [BONES.indexOf('hips'), bodyNode] }],
    nodes,
    meshes: [
      { name: 'Body', primitives: bodyPrimitives },
      { name: 'Face', primitives: facePrimitives, weights: FACE_MORPHS.map(() => 0), extras: { targetNames: [...FACE_MORPHS] } },
    ],
    skins: [skin],
    materials: MATERIALS.map((m) => ({
      name: m.name,
      pbrMetallicRoughness: { baseColorFactor: [...m.color, 1], metallicFactor: 0, roughnessFactor: 0.8 },
      doubleSided: false,
      // VRM 1.0: MToon as its own extension (VRM 0.x keeps it in materialProperties, below).
      ...(version === '1' ? { extensions: { VRMC_materials_mtoon: mtoon1(m.color, m.outline) } } : {}),
    })),
    accessors: bin.accessors,
    bufferViews: bin.bufferViews,
  };
  const bytes = bin.bytes();
  json.buffers = [{ byteLength: bytes.byteLength }];
  const empty = opts.expressions === 'empty';
  const morphIndex = (m: FaceMorph): number => FACE_MORPHS.indexOf(m);

  if (version === '1') {
    const preset = Object.fromEntries(
      Object.entries(VRM1_EXPRESSIONS).map(([name, morph]) => [
        name,
        {
          morphTargetBinds: empty ? [] : [{ node: faceNode, index: morphIndex(morph), weight: 1 }],
          isBinary: false,
          // The emotions close or shape the eyes themselves: they block the blink (VRM 1.0's strict choice).
          overrideBlink: EMOTIONS.has(name) ? 'block' : 'none',
          overrideLookAt: 'none',
          overrideMouth: 'none',
        },
      ]),
    );
    json.extensionsUsed = ['VRMC_vrm', 'VRMC_materials_mtoon'];
    json.extensions = {
      VRMC_vrm: {
        specVersion: '1.0',
        ...(opts.noMeta
          ? {}
          : {
              meta: {
                name: 'StageHost test host',
                version: '1',
                authors: ['StageHost tests'],
                licenseUrl: opts.licenseUrl ?? 'https://vrm.dev/licenses/1.0/',
                avatarPermission: 'everyone',
                commercialUsage: 'corporation',
                allowExcessivelyViolentUsage: false,
                allowExcessivelySexualUsage: false,
                allowPoliticalOrReligiousUsage: false,
                allowAntisocialOrHateUsage: false,
                creditNotation: 'unnecessary',
                allowRedistribution: false,
                modification: 'allowModification',
              },
            }),
        humanoid: { humanBones: Object.fromEntries(BONES.map((bone, i) => [bone, { node: i }])) },
        firstPerson: { meshAnnotations: [{ node: faceNode, type: 'thirdPersonOnly' }] },
        lookAt: {
          offsetFromHeadBone: [0, 0.12, 0.05],
          type: 'bone',
          rangeMapHorizontalInner: { inputMaxValue: 90, outputScale: 8 },
          rangeMapHorizontalOuter: { inputMaxValue: 90, outputScale: 12 },
          rangeMapVerticalDown: { inputMaxValue: 90, outputScale: 10 },
          rangeMapVerticalUp: { inputMaxValue: 90, outputScale: 10 },
        },
        expressions: { preset },
      },
    };
  } else {
    const curve = [0, 0, 0, 1, 1, 1, 1, 0];
    json.extensionsUsed = ['VRM'];
    json.extensions = {
      VRM: {
        exporterVersion: 'stagehost-tests',
        specVersion: '0.0',
        ...(opts.noMeta
          ? {}
          : {
              meta: {
                title: 'StageHost test host',
                version: '1',
                author: 'StageHost tests',
                contactInformation: '',
                reference: '',
                texture: -1,
                allowedUserName: 'Everyone',
                violentUssageName: 'Disallow',
                sexualUssageName: 'Disallow',
                commercialUssageName: 'Allow',
                otherPermissionUrl: '',
                licenseName: 'CC0',
                otherLicenseUrl: '',
              },
            }),
        humanoid: {
          humanBones: BONES.map((bone, i) => ({ bone, node: i, useDefaultValues: true })),
          armStretch: 0.05,
          legStretch: 0.05,
          upperArmTwist: 0.5,
          lowerArmTwist: 0.5,
          upperLegTwist: 0.5,
          lowerLegTwist: 0.5,
          feetSpacing: 0,
          hasTranslationDoF: false,
        },
        firstPerson: {
          firstPersonBone: BONES.indexOf('head'),
          firstPersonBoneOffset: { x: 0, y: 0.12, z: 0.05 },
          meshAnnotations: [{ mesh: 1, firstPersonFlag: 'ThirdPersonOnly' }],
          lookAtTypeName: 'Bone',
          lookAtHorizontalInner: { curve, xRange: 90, yRange: 8 },
          lookAtHorizontalOuter: { curve, xRange: 90, yRange: 12 },
          lookAtVerticalDown: { curve, xRange: 90, yRange: 10 },
          lookAtVerticalUp: { curve, xRange: 90, yRange: 10 },
        },
        blendShapeMaster: {
          blendShapeGroups: VRM0_GROUPS.map((g) => ({
            name: g.name,
            presetName: g.presetName,
            binds: empty || g.morph === null ? [] : [{ mesh: 1, index: morphIndex(g.morph), weight: 100 }],
            materialValues: [],
            isBinary: false,
          })),
        },
        secondaryAnimation: { boneGroups: [], colliderGroups: [] },
        materialProperties: MATERIALS.map((m) => mtoon0(m.name, m.color, m.outline)),
      },
    };
  }
  return buildGlb(json, bytes);
}
