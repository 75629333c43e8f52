import { z } from 'zod';

/**
 * What an avatar file is, read from its GLB container alone (no three.js, no GPU): VRM 0.x or 1.0
 * (and its expressions), or a plain glTF whose morph targets form the ARKit or the Oculus viseme
 * set. Pure and total: a broken file gives a problem the merchant can read, never an exception.
 */

export type AvatarFormat = 'vrm0' | 'vrm1' | 'gltf';
export type BlendShapeSet = 'vrm' | 'arkit' | 'oculus' | 'none';

export type AvatarProblemCode =
  /** Not a GLB at all (no 'glTF' header). */
  | 'avatar-not-glb'
  | 'avatar-bad-version'
  /** The file ends before its header says it does. */
  | 'avatar-truncated'
  /** The JSON chunk is missing or not valid JSON. */
  | 'avatar-bad-json'
  /** No mesh at all: nothing to show. */
  | 'avatar-no-mesh'
  /** A VRM without mouth expressions (lip-sync impossible). */
  | 'avatar-vrm-no-expressions'
  /** A glTF without morph targets (lip-sync impossible). */
  | 'avatar-no-morphs'
  /** Morph targets, but neither ARKit nor Oculus names (lip-sync impossible). */
  | 'avatar-unknown-morphs'
  /** Warnings (accepted): some shapes of the set are absent. */
  | 'avatar-missing-shapes'
  /** Warning: a texture or buffer refers to a file outside the GLB; it will not load. */
  | 'avatar-external-file'
  | 'avatar-no-blink';

export interface AvatarProblem {
  code: AvatarProblemCode;
  params: Record<string, string | number>;
  /** Complete English sentence (logs, clients without translations). */
  message: string;
}

export const AvatarProblemSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});

export interface AvatarInspection {
  format: AvatarFormat;
  blendShapeSet: BlendShapeSet;
  /** VRM expression names, or the glTF morph target names found (deduplicated). */
  shapes: string[];
  /** Shapes of the detected set that lip-sync would use but the model lacks. */
  missing: string[];
  warnings: AvatarProblem[];
  /**
   * Why the model cannot lip-sync (no expressions / no morph targets / unknown names), or null.
   * The import refuses such a model unless the merchant confirms "no lip-sync".
   */
  noLipSync: AvatarProblem | null;
}

export type InspectResult = { ok: true; inspection: AvatarInspection } | { ok: false; problem: AvatarProblem };

export const AvatarInspectionSchema = z.object({
  format: z.enum(['vrm0', 'vrm1', 'gltf']),
  blendShapeSet: z.enum(['vrm', 'arkit', 'oculus', 'none']),
  shapes: z.array(z.string()),
  missing: z.array(z.string()),
  warnings: z.array(AvatarProblemSchema),
  noLipSync: AvatarProblemSchema.nullable(),
});
/** An inspection as stored and sent (problem codes widened to strings). */
export type StoredInspection = z.infer<typeof AvatarInspectionSchema>;

/** The 15 Oculus (Meta) lip-sync visemes, in their canonical order. */
export const OCULUS_VISEMES = [
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
export type OculusViseme = (typeof OCULUS_VISEMES)[number];

/** ARKit face blend shapes the stage drives (mouth for lip-sync; eyes, brows and smile for life). */
export const ARKIT_MOUTH = [
  'jawOpen',
  'mouthClose',
  'mouthFunnel',
  'mouthPucker',
  'mouthStretchLeft',
  'mouthStretchRight',
  'mouthSmileLeft',
  'mouthSmileRight',
  'mouthRollLower',
  'mouthRollUpper',
  'mouthPressLeft',
  'mouthPressRight',
  'mouthLowerDownLeft',
  'mouthLowerDownRight',
  'mouthUpperUpLeft',
  'mouthUpperUpRight',
] as const;
export type ArkitMouthShape = (typeof ARKIT_MOUTH)[number];
export const ARKIT_FACE = ['eyeBlinkLeft', 'eyeBlinkRight', 'browInnerUp', 'browOuterUpLeft', 'browOuterUpRight', 'browDownLeft', 'browDownRight'] as const;
/** Without these an ARKit model cannot lip-sync. */
export const ARKIT_REQUIRED = ['jawOpen', 'mouthFunnel', 'mouthPucker', 'mouthClose'] as const;
/** Without these an Oculus model cannot lip-sync. */
export const OCULUS_REQUIRED = ['viseme_aa', 'viseme_PP', 'viseme_O', 'viseme_E'] as const;

export const VRM_MOUTH = ['aa', 'ih', 'ou', 'ee', 'oh'] as const;
/** VRM 0.x preset names of the mouth shapes, in VRM_MOUTH order. */
const VRM0_MOUTH = ['a', 'i', 'u', 'e', 'o'] as const;

/**
 * The key a morph target name is compared by: the part after the last '.' or '|' (exporters prefix
 * the mesh name, e.g. "Wolf3D_Head.viseme_aa" or "blendShape1.jawOpen"), lower case.
 */
export function morphKey(name: string): string {
  const cut = Math.max(name.lastIndexOf('.'), name.lastIndexOf('|'));
  return name.slice(cut + 1).trim().toLowerCase();
}

function problem(code: AvatarProblemCode, message: string, params: Record<string, string | number> = {}): AvatarProblem {
  return { code, params, message };
}

const GLB_MAGIC = 0x46546c67; // 'glTF'
const CHUNK_JSON = 0x4e4f534a; // 'JSON'

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Reads the GLB container's JSON chunk. */
export function readGlbJson(bytes: Uint8Array): { ok: true; json: Json } | { ok: false; problem: AvatarProblem } {
  if (bytes.byteLength < 12) return { ok: false, problem: problem('avatar-not-glb', 'This is not a GLB/VRM model file (it is too short to be one).') };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== GLB_MAGIC) return { ok: false, problem: problem('avatar-not-glb', 'This is not a GLB/VRM model file (its first bytes are not "glTF").') };
  const version = view.getUint32(4, true);
  if (version !== 2) return { ok: false, problem: problem('avatar-bad-version', `This model uses glTF version ${version}; only glTF 2.0 is supported.`, { version }) };
  const length = view.getUint32(8, true);
  if (length > bytes.byteLength) {
    return {
      ok: false,
      problem: problem('avatar-truncated', `The file is incomplete: it should be ${length} bytes but only ${bytes.byteLength} arrived. Copy it again.`, { expected: length, actual: bytes.byteLength }),
    };
  }
  if (bytes.byteLength < 20) return { ok: false, problem: problem('avatar-bad-json', 'The model has no description (JSON) chunk.') };
  const chunkLength = view.getUint32(12, true);
  const chunkType = view.getUint32(16, true);
  if (chunkType !== CHUNK_JSON) return { ok: false, problem: problem('avatar-bad-json', 'The model has no description (JSON) chunk.') };
  if (20 + chunkLength > bytes.byteLength) {
    return { ok: false, problem: problem('avatar-truncated', 'The file is incomplete: its description chunk is cut off. Copy it again.', { expected: 20 + chunkLength, actual: bytes.byteLength }) };
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(20, 20 + chunkLength)));
  } catch (e) {
    return { ok: false, problem: problem('avatar-bad-json', `The model's description is damaged (${e instanceof Error ? e.message : 'invalid JSON'}).`) };
  }
  if (!isObject(json)) return { ok: false, problem: problem('avatar-bad-json', "The model's description is not a glTF document.") };
  return { ok: true, json };
}

/** Morph target names of every mesh (mesh.extras.targetNames, else primitive extras), and how many targets exist. */
function morphTargets(json: Json): { names: string[]; count: number; meshes: number } {
  const names = new Set<string>();
  let count = 0;
  const meshes = asArray(json.meshes);
  for (const mesh of meshes) {
    if (!isObject(mesh)) continue;
    const fromMesh = isObject(mesh.extras) ? asArray(mesh.extras.targetNames) : [];
    let targets = 0;
    for (const prim of asArray(mesh.primitives)) {
      if (!isObject(prim)) continue;
      targets = Math.max(targets, asArray(prim.targets).length);
      if (fromMesh.length === 0 && isObject(prim.extras)) for (const n of asArray(prim.extras.targetNames)) if (typeof n === 'string') names.add(n);
    }
    count += targets;
    for (const n of fromMesh) if (typeof n === 'string') names.add(n);
  }
  return { names: [...names], count, meshes: meshes.length };
}

function hasBinds(group: Json, ...keys: string[]): boolean {
  return keys.some((k) => asArray(group[k]).length > 0);
}

function externalFiles(json: Json): string[] {
  const out: string[] = [];
  for (const list of [json.images, json.buffers]) {
    for (const entry of asArray(list)) {
      if (isObject(entry) && typeof entry.uri === 'string' && !entry.uri.startsWith('data:')) out.push(entry.uri);
    }
  }
  return out;
}

/** Inspects a GLB/VRM file's bytes. Never throws. */
export function inspectAvatar(bytes: Uint8Array): InspectResult {
  const read = readGlbJson(bytes);
  if (!read.ok) return read;
  const json = read.json;
  const extensions = isObject(json.extensions) ? json.extensions : {};
  const warnings: AvatarProblem[] = [];
  const targets = morphTargets(json);
  if (targets.meshes === 0) return { ok: false, problem: problem('avatar-no-mesh', 'The model contains no mesh: there is nothing to show.') };

  const external = externalFiles(json);
  if (external.length > 0) {
    warnings.push(
      problem('avatar-external-file', `The model refers to ${external.length} file(s) outside it (${external.slice(0, 3).join(', ')}); they will be missing. Export it as a single .glb/.vrm with embedded textures.`, {
        count: external.length,
        files: external.slice(0, 3).join(', '),
      }),
    );
  }

  // VRM 1.0
  if (isObject(extensions.VRMC_vrm)) {
    const expressions = isObject(extensions.VRMC_vrm.expressions) ? extensions.VRMC_vrm.expressions : {};
    const preset = isObject(expressions.preset) ? expressions.preset : {};
    const custom = isObject(expressions.custom) ? expressions.custom : {};
    const usable = [...Object.entries(preset), ...Object.entries(custom)]
      .filter(([, e]) => isObject(e) && hasBinds(e, 'morphTargetBinds', 'materialColorBinds', 'textureTransformBinds'))
      .map(([name]) => name);
    return { ok: true, inspection: vrmInspection('vrm1', usable, warnings) };
  }
  // VRM 0.x
  if (isObject(extensions.VRM)) {
    const master = isObject(extensions.VRM.blendShapeMaster) ? extensions.VRM.blendShapeMaster : {};
    const usable: string[] = [];
    for (const group of asArray(master.blendShapeGroups)) {
      if (!isObject(group) || !hasBinds(group, 'binds', 'materialValues')) continue;
      const preset = typeof group.presetName === 'string' ? group.presetName.toLowerCase() : 'unknown';
      const idx = (VRM0_MOUTH as readonly string[]).indexOf(preset);
      // Report VRM 0.x presets under their VRM 1.0 names (a → aa, joy → happy …) so one table serves both.
      const name = idx >= 0 ? VRM_MOUTH[idx]! : preset === 'joy' ? 'happy' : preset === 'unknown' ? String(group.name ?? '') : preset;
      if (name) usable.push(name);
    }
    return { ok: true, inspection: vrmInspection('vrm0', usable, warnings) };
  }

  // Plain glTF: which morph target set?
  if (targets.count === 0) {
    return {
      ok: true,
      inspection: {
        format: 'gltf',
        blendShapeSet: 'none',
        shapes: [],
        missing: [...OCULUS_REQUIRED],
        warnings,
        noLipSync: problem('avatar-no-morphs', 'The model has no blend shapes (morph targets), so its mouth cannot move with the speech. Export it with ARKit blend shapes (jawOpen, mouthFunnel…) or Oculus visemes (viseme_aa, viseme_PP…).'),
      },
    };
  }
  const keys = new Set(targets.names.map(morphKey));
  const oculusFound = OCULUS_VISEMES.filter((n) => keys.has(morphKey(n)));
  const arkitFound = [...ARKIT_MOUTH, ...ARKIT_FACE].filter((n) => keys.has(morphKey(n)));
  const oculusMissing = OCULUS_REQUIRED.filter((n) => !keys.has(morphKey(n)));
  const arkitMissing = ARKIT_REQUIRED.filter((n) => !keys.has(morphKey(n)));
  const set: BlendShapeSet =
    oculusMissing.length === 0 && oculusFound.length >= arkitFound.length
      ? 'oculus'
      : arkitMissing.length === 0
        ? 'arkit'
        : oculusMissing.length === 0
          ? 'oculus'
          : 'none';
  if (set === 'none') {
    const closest = oculusFound.length >= arkitFound.length && oculusFound.length > 0 ? oculusMissing : arkitMissing;
    const names = targets.names.slice(0, 6).join(', ') || `${targets.count} unnamed`;
    return {
      ok: true,
      inspection: {
        format: 'gltf',
        blendShapeSet: 'none',
        shapes: targets.names,
        missing: [...closest],
        warnings,
        noLipSync: problem(
          'avatar-unknown-morphs',
          `The model's blend shapes (${names}) are neither ARKit nor Oculus visemes; missing: ${closest.join(', ')}. Its mouth cannot move with the speech.`,
          { shapes: names, missing: closest.join(', ') },
        ),
      },
    };
  }
  const all: readonly string[] = set === 'oculus' ? OCULUS_VISEMES : ARKIT_MOUTH;
  const missing = all.filter((n) => !keys.has(morphKey(n)));
  if (missing.length > 0) warnings.push(problem('avatar-missing-shapes', `Some mouth shapes are absent (${missing.join(', ')}); lip-sync uses the others.`, { missing: missing.join(', ') }));
  if (set === 'arkit' && !keys.has('eyeblinkleft') && !keys.has('eyeblinkright')) warnings.push(problem('avatar-no-blink', 'The model has no eyeBlinkLeft/eyeBlinkRight shapes: it will not blink.'));
  return { ok: true, inspection: { format: 'gltf', blendShapeSet: set, shapes: targets.names, missing, warnings, noLipSync: null } };
}

function vrmInspection(format: 'vrm0' | 'vrm1', usable: string[], warnings: AvatarProblem[]): AvatarInspection {
  const missing = VRM_MOUTH.filter((n) => !usable.includes(n));
  const version = format === 'vrm0' ? '0.x' : '1.0';
  if (missing.length === VRM_MOUTH.length) {
    return {
      format,
      blendShapeSet: 'none',
      shapes: usable,
      missing: [...missing],
      warnings,
      noLipSync: problem(
        'avatar-vrm-no-expressions',
        `This VRM ${version} model has no mouth expressions (aa, ih, ou, ee, oh — "A I U E O" in VRM 0.x) with blend shapes behind them, so its mouth cannot move with the speech. Add them in UniVRM or VRoid and export again.`,
        { version },
      ),
    };
  }
  if (missing.length > 0) warnings.push(problem('avatar-missing-shapes', `Some mouth expressions are absent (${missing.join(', ')}); lip-sync uses the others.`, { missing: missing.join(', ') }));
  if (!usable.includes('blink')) warnings.push(problem('avatar-no-blink', 'The model has no "blink" expression: it will not blink.'));
  return { format, blendShapeSet: 'vrm', shapes: usable, missing: [...missing], warnings, noLipSync: null };
}
