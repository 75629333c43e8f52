import { describe, expect, it } from 'vitest';
import { inspectAvatar, morphKey } from '../../shared/avatar-inspect';
import { buildGlb, morphHeadGlb, OCULUS_NAMES, vrm1Glb } from '../support/glb';

const ARKIT = ['jawOpen', 'mouthClose', 'mouthFunnel', 'mouthPucker', 'mouthSmileLeft', 'mouthSmileRight', 'eyeBlinkLeft', 'eyeBlinkRight'];

function vrm0(groups: unknown[]): Uint8Array {
  return morphHeadGlb(['A', 'I'], { extensionsUsed: ['VRM'], extensions: { VRM: { blendShapeMaster: { blendShapeGroups: groups } } } });
}
function vrm1(preset: Record<string, unknown>): Uint8Array {
  return morphHeadGlb(['A'], { extensionsUsed: ['VRMC_vrm'], extensions: { VRMC_vrm: { specVersion: '1.0', expressions: { preset } } } });
}
const bind = { binds: [{ mesh: 0, index: 0, weight: 100 }] };
const bind1 = { morphTargetBinds: [{ node: 0, index: 0, weight: 1 }] };

describe('avatar inspection', () => {
  it('detects Oculus visemes on a plain GLB, also with a mesh-name prefix', () => {
    const r = inspectAvatar(morphHeadGlb(OCULUS_NAMES));
    expect(r.ok && r.inspection).toMatchObject({ format: 'gltf', blendShapeSet: 'oculus', missing: [], noLipSync: null });
    const prefixed = inspectAvatar(morphHeadGlb(OCULUS_NAMES.map((n) => `Wolf3D_Head.${n}`)));
    expect(prefixed.ok && prefixed.inspection.blendShapeSet).toBe('oculus');
    expect(morphKey('blendShape1.jawOpen')).toBe('jawopen');
  });

  it('detects ARKit shapes and lists the mouth shapes it lacks', () => {
    const r = inspectAvatar(morphHeadGlb(ARKIT));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.inspection.blendShapeSet).toBe('arkit');
    expect(r.inspection.missing).toContain('mouthStretchLeft');
    expect(r.inspection.missing).not.toContain('jawOpen');
    expect(r.inspection.warnings.map((w) => w.code)).toContain('avatar-missing-shapes');
  });

  it('says what is missing when a GLB has no morph targets', () => {
    const r = inspectAvatar(morphHeadGlb([]));
    expect(r.ok && r.inspection.noLipSync?.code).toBe('avatar-no-morphs');
    expect(r.ok && r.inspection.noLipSync?.message).toMatch(/jawOpen|viseme_aa/);
  });

  it('refuses unknown morph names with the closest set’s missing names', () => {
    const r = inspectAvatar(morphHeadGlb(['smile', 'frown', 'viseme_aa']));
    expect(r.ok && r.inspection.blendShapeSet).toBe('none');
    expect(r.ok && r.inspection.noLipSync?.code).toBe('avatar-unknown-morphs');
    expect(r.ok && r.inspection.missing).toEqual(['viseme_PP', 'viseme_O', 'viseme_E']);
  });

  it('reads VRM 0.x blend shape groups under VRM 1.0 names', () => {
    const r = inspectAvatar(vrm0([{ presetName: 'a', ...bind }, { presetName: 'o', ...bind }, { presetName: 'blink', ...bind }, { presetName: 'joy', ...bind }]));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.inspection).toMatchObject({ format: 'vrm0', blendShapeSet: 'vrm', noLipSync: null });
    expect(r.inspection.shapes).toEqual(['aa', 'oh', 'blink', 'happy']);
    expect(r.inspection.missing).toEqual(['ih', 'ou', 'ee']);
  });

  it('refuses a VRM whose expressions are absent or bind nothing', () => {
    const empty0 = inspectAvatar(vrm0([{ presetName: 'a', binds: [] }]));
    expect(empty0.ok && empty0.inspection.noLipSync?.code).toBe('avatar-vrm-no-expressions');
    expect(empty0.ok && empty0.inspection.noLipSync?.message).toContain('VRM 0.x');
    const none1 = inspectAvatar(vrm1({}));
    expect(none1.ok && none1.inspection).toMatchObject({ format: 'vrm1', blendShapeSet: 'none' });
    expect(none1.ok && none1.inspection.noLipSync?.message).toContain('VRM 1.0');
  });

  it('reads VRM 1.0 preset expressions', () => {
    const r = inspectAvatar(vrm1({ aa: bind1, ih: bind1, ou: bind1, ee: bind1, oh: bind1, blink: bind1 }));
    expect(r.ok && r.inspection).toMatchObject({ format: 'vrm1', blendShapeSet: 'vrm', missing: [], warnings: [] });
    const full = inspectAvatar(vrm1Glb(['aa', 'ih', 'ou', 'ee', 'oh', 'blink']));
    expect(full.ok && full.inspection).toMatchObject({ format: 'vrm1', blendShapeSet: 'vrm', missing: [] });
  });

  it('warns about textures kept outside the file', () => {
    const r = inspectAvatar(morphHeadGlb(OCULUS_NAMES, { images: [{ uri: 'skin.png' }] }));
    expect(r.ok && r.inspection.warnings.map((w) => w.code)).toContain('avatar-external-file');
  });

  it('gives a clear problem, never an exception, for broken files', () => {
    const good = morphHeadGlb(OCULUS_NAMES);
    const cases: [Uint8Array, string][] = [
      [new TextEncoder().encode('not a model at all'), 'avatar-not-glb'],
      [new Uint8Array(3), 'avatar-not-glb'],
      [good.subarray(0, good.byteLength - 40), 'avatar-truncated'],
      [buildGlb('{"asset":'.padEnd(16, ' ')), 'avatar-bad-json'],
      [buildGlb({ asset: { version: '2.0' } }), 'avatar-no-mesh'],
    ];
    // A JSON chunk that is not JSON (buildGlb stringifies, so write the bytes by hand).
    const bad = buildGlb({ asset: { version: '2.0' }, meshes: [] });
    bad.set(new TextEncoder().encode('{{{{'), 20);
    cases.push([bad, 'avatar-bad-json']);
    for (const [bytes, code] of cases) {
      const r = inspectAvatar(bytes);
      expect(r.ok, code).toBe(false);
      if (!r.ok) {
        expect(r.problem.code).toBe(code);
        expect(r.problem.message.length).toBeGreaterThan(20);
      }
    }
    // Random garbage of every length never throws.
    for (let n = 0; n < 64; n++) {
      const bytes = good.slice(0, n * 7);
      expect(() => inspectAvatar(bytes)).not.toThrow();
    }
  });
});
