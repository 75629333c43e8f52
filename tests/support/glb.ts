/**
 * Builds small but valid GLB files in tests: a JSON chunk and an optional binary chunk, and a
 * ready-made head (a square face) with named morph targets that three.js's GLTFLoader can load.
 */

function pad4(bytes: Uint8Array, fill: number): Uint8Array {
  const len = Math.ceil(bytes.byteLength / 4) * 4;
  if (len === bytes.byteLength) return bytes;
  const out = new Uint8Array(len).fill(fill);
  out.set(bytes);
  return out;
}

export function buildGlb(json: unknown, bin: Uint8Array | null = null): Uint8Array {
  const jsonBytes = pad4(new TextEncoder().encode(JSON.stringify(json)), 0x20);
  const binBytes = bin ? pad4(bin, 0) : null;
  const total = 12 + 8 + jsonBytes.byteLength + (binBytes ? 8 + binBytes.byteLength : 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x46546c67, true);
  view.setUint32(4, 2, true);
  view.setUint32(8, total, true);
  view.setUint32(12, jsonBytes.byteLength, true);
  view.setUint32(16, 0x4e4f534a, true);
  out.set(jsonBytes, 20);
  if (binBytes) {
    const at = 20 + jsonBytes.byteLength;
    view.setUint32(at, binBytes.byteLength, true);
    view.setUint32(at + 4, 0x004e4942, true);
    out.set(binBytes, at + 8);
  }
  return out;
}

/**
 * A 30 cm square "face" at head height (y ≈ 1.5 m) with one morph target per name (each moves the
 * lower edge down a little), names in mesh.extras.targetNames. `extensions` are merged into the root.
 */
export function morphHeadGlb(targetNames: readonly string[], extra: Record<string, unknown> = {}, opts: { brokenTexture?: boolean } = {}): Uint8Array {
  const positions = new Float32Array([-0.15, 1.35, 0, 0.15, 1.35, 0, 0.15, 1.65, 0, -0.15, 1.65, 0]);
  const indices = new Uint16Array([0, 1, 2, 0, 2, 3]);
  const delta = new Float32Array([0, -0.05, 0, 0, -0.05, 0, 0, 0, 0, 0, 0, 0]);
  const parts: Uint8Array[] = [new Uint8Array(positions.buffer), new Uint8Array(indices.buffer)];
  for (let i = 0; i < targetNames.length; i++) parts.push(new Uint8Array(delta.buffer.slice(0)));
  const offsets: number[] = [];
  let length = 0;
  for (const p of parts) {
    offsets.push(length);
    length += Math.ceil(p.byteLength / 4) * 4;
  }
  const bin = new Uint8Array(length);
  parts.forEach((p, i) => bin.set(p, offsets[i]!));

  const bufferViews = parts.map((p, i) => ({ buffer: 0, byteOffset: offsets[i]!, byteLength: p.byteLength }));
  const accessors: unknown[] = [
    { bufferView: 0, componentType: 5126, count: 4, type: 'VEC3', min: [-0.15, 1.35, 0], max: [0.15, 1.65, 0] },
    { bufferView: 1, componentType: 5123, count: 6, type: 'SCALAR' },
  ];
  const targets = targetNames.map((_, i) => {
    accessors.push({ bufferView: 2 + i, componentType: 5126, count: 4, type: 'VEC3', min: [0, -0.05, 0], max: [0, 0, 0] });
    return { POSITION: 2 + i };
  });
  const json = {
    asset: { version: '2.0', generator: 'stagehost-tests' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ name: 'Head', mesh: 0 }],
    meshes: [
      {
        name: 'Face',
        primitives: [{ attributes: { POSITION: 0 }, indices: 1, ...(opts.brokenTexture ? { material: 0 } : {}), ...(targets.length > 0 ? { targets } : {}) }],
        ...(targets.length > 0 ? { weights: targetNames.map(() => 0), extras: { targetNames } } : {}),
      },
    ],
    // A skin whose picture is not a picture: the model parses, the texture fails to decode.
    ...(opts.brokenTexture
      ? {
          materials: [{ pbrMetallicRoughness: { baseColorTexture: { index: 0 } } }],
          textures: [{ source: 0 }],
          images: [{ uri: 'data:image/png;base64,bm90IGEgcGljdHVyZSBhdCBhbGw=' }],
        }
      : {}),
    accessors,
    bufferViews,
    buffers: [{ byteLength: bin.byteLength }],
    ...extra,
  };
  return buildGlb(json, bin);
}

export const OCULUS_NAMES = [
  'viseme_sil',
  'viseme_PP',
  'viseme_FF',
  'viseme_TH',
  'viseme_DD',
  'viseme_kk',
  'viseme_CH',
  'viseme_SS',
  'viseme_nn',
  'viseme_RR',
  'viseme_aa',
  'viseme_E',
  'viseme_I',
  'viseme_O',
  'viseme_U',
] as const;

const VRM_BONES = [
  'hips',
  'spine',
  'chest',
  'neck',
  'head',
  'leftUpperLeg',
  'leftLowerLeg',
  'leftFoot',
  'rightUpperLeg',
  'rightLowerLeg',
  'rightFoot',
  'leftUpperArm',
  'leftLowerArm',
  'leftHand',
  'rightUpperArm',
  'rightLowerArm',
  'rightHand',
] as const;

/**
 * A minimal VRM 1.0: the morph-target face plus a humanoid skeleton of empty nodes (head at 1.5 m)
 * and the expressions named in `expressions` bound to the face's morph targets of the same name.
 */
export function vrm1Glb(expressions: readonly string[]): Uint8Array {
  const targetNames = expressions.length > 0 ? expressions : ['unused'];
  const base = morphHeadGlb(targetNames);
  // Re-read the JSON of the base file to extend it (nodes, extension), keeping its binary chunk.
  const view = new DataView(base.buffer, base.byteOffset);
  const jsonLength = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(base.subarray(20, 20 + jsonLength))) as { nodes: Record<string, unknown>[]; scenes: { nodes: number[] }[] };
  const binLength = view.getUint32(20 + jsonLength, true);
  const bin = base.subarray(28 + jsonLength, 28 + jsonLength + binLength);
  const y: Record<string, number> = { hips: 1.0, spine: 0.1, chest: 0.15, neck: 0.15, head: 0.1 };
  const firstBone = json.nodes.length;
  VRM_BONES.forEach((name, i) => {
    const parent = name === 'spine' ? 'hips' : name === 'chest' ? 'spine' : name === 'neck' ? 'chest' : name === 'head' ? 'neck' : null;
    json.nodes.push({ name, translation: [name.startsWith('left') ? 0.1 : name.startsWith('right') ? -0.1 : 0, y[name] ?? (name.includes('Leg') || name.includes('Foot') ? -0.4 : 0), 0] });
    if (parent) {
      const p = json.nodes[firstBone + VRM_BONES.indexOf(parent)]!;
      p.children = [...((p.children as number[] | undefined) ?? []), firstBone + i];
    }
  });
  const hips = json.nodes[firstBone]!;
  for (const name of VRM_BONES) {
    if (/Upper(Leg|Arm)$/.test(name)) hips.children = [...((hips.children as number[] | undefined) ?? []), firstBone + VRM_BONES.indexOf(name)];
  }
  for (const [child, parent] of [
    ['leftLowerLeg', 'leftUpperLeg'],
    ['leftFoot', 'leftLowerLeg'],
    ['rightLowerLeg', 'rightUpperLeg'],
    ['rightFoot', 'rightLowerLeg'],
    ['leftLowerArm', 'leftUpperArm'],
    ['leftHand', 'leftLowerArm'],
    ['rightLowerArm', 'rightUpperArm'],
    ['rightHand', 'rightLowerArm'],
  ] as const) {
    const p = json.nodes[firstBone + VRM_BONES.indexOf(parent)]!;
    p.children = [...((p.children as number[] | undefined) ?? []), firstBone + VRM_BONES.indexOf(child)];
  }
  json.scenes[0]!.nodes.push(firstBone);
  const humanBones = Object.fromEntries(VRM_BONES.map((name, i) => [name, { node: firstBone + i }]));
  const preset = Object.fromEntries(expressions.map((name, i) => [name, { morphTargetBinds: [{ node: 0, index: i, weight: 1 }] }]));
  return buildGlb(
    {
      ...json,
      extensionsUsed: ['VRMC_vrm'],
      extensions: { VRMC_vrm: { specVersion: '1.0', meta: { name: 'test', authors: ['tests'], licenseUrl: 'https://vrm.dev/licenses/1.0/' }, humanoid: { humanBones }, expressions: { preset } } },
    },
    bin,
  );
}
