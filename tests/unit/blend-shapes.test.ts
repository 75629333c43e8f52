import { describe, expect, it } from 'vitest';
import { AZURE_BLEND_SHAPES, BLEND_SHAPE_COUNT, BS, blendFrame, blendFrameAt, frameFace, frameToMouthPose, frameToTargets } from '../../shared/blend-shapes';
import { restPose } from '../../shared/lipsync';
import { ARKIT_TABLE, OCULUS_TABLE, VRM_TABLE, weightsOpenness } from '../../shared/viseme-targets';
import { mouthOpenness } from '../../shared/visemes';

/** A 55-value frame with the named shapes set. */
function frame(values: Partial<Record<(typeof AZURE_BLEND_SHAPES)[number], number>>): number[] {
  const f = new Array<number>(BLEND_SHAPE_COUNT).fill(0);
  for (const [name, v] of Object.entries(values)) f[BS[name as keyof typeof BS]] = v;
  return f;
}

describe('Azure FacialExpression blend shapes', () => {
  it('has Azure’s 55 names in its documented order (ARKit’s 52, then the rolls)', () => {
    expect(AZURE_BLEND_SHAPES).toHaveLength(55);
    expect(new Set(AZURE_BLEND_SHAPES).size).toBe(55);
    expect(AZURE_BLEND_SHAPES[0]).toBe('eyeBlinkLeft');
    expect(AZURE_BLEND_SHAPES[7]).toBe('eyeBlinkRight');
    expect(AZURE_BLEND_SHAPES[17]).toBe('jawOpen');
    expect(AZURE_BLEND_SHAPES[18]).toBe('mouthClose');
    expect(AZURE_BLEND_SHAPES[43]).toBe('browInnerUp');
    expect(AZURE_BLEND_SHAPES[51]).toBe('tongueOut');
    expect(AZURE_BLEND_SHAPES.slice(52)).toEqual(['headRoll', 'leftEyeRoll', 'rightEyeRoll']);
  });

  it('interpolates linearly between 60 fps frames and is silent outside them', () => {
    const frames = [frame({ jawOpen: 0 }), frame({ jawOpen: 1 }), frame({ jawOpen: 0.5 })];
    const out = blendFrame();
    expect(blendFrameAt(frames, 60, 0, out)).toBe(true);
    expect(out[BS.jawOpen]).toBeCloseTo(0, 5);
    // Half-way between frame 0 (0 ms) and frame 1 (16.7 ms).
    expect(blendFrameAt(frames, 60, 1000 / 120, out)).toBe(true);
    expect(out[BS.jawOpen]).toBeCloseTo(0.5, 5);
    expect(blendFrameAt(frames, 60, (1000 / 60) * 1.25, out)).toBe(true);
    expect(out[BS.jawOpen]).toBeCloseTo(0.875, 5);
    // The last frame holds for one period, then the frames are over.
    expect(blendFrameAt(frames, 60, (1000 / 60) * 2.5, out)).toBe(true);
    expect(out[BS.jawOpen]).toBeCloseTo(0.5, 5);
    expect(blendFrameAt(frames, 60, 50.1, out)).toBe(false);
    expect(out[BS.jawOpen]).toBe(0);
    expect(blendFrameAt(frames, 60, -1, out)).toBe(false);
    expect(blendFrameAt([], 60, 10, out)).toBe(false);
    expect(blendFrameAt(frames, 0, 10, out)).toBe(false);
  });

  it('tolerates short frames, NaN and out-of-range values without allocating a result', () => {
    const frames = [[Number.NaN, 2], [0.4]];
    const out = blendFrame();
    out.fill(7);
    expect(blendFrameAt(frames, 60, 0, out)).toBe(true);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(1);
    expect(out[BS.jawOpen]).toBe(0);
    expect(out.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('an ARKit model takes the frame by name; lip closure is left to its own mouthClose', () => {
    const f = frame({ jawOpen: 0.6, mouthFunnel: 0.3, mouthSmileLeft: 0.2, mouthClose: 0.1, browInnerUp: 0.9 });
    const w = frameToTargets(ARKIT_TABLE, f, new Float32Array(ARKIT_TABLE.size));
    const at = (name: string) => w[ARKIT_TABLE.channels.indexOf(name)];
    expect(at('jawOpen')).toBeCloseTo(0.6, 5);
    expect(at('mouthFunnel')).toBeCloseTo(0.3, 5);
    expect(at('mouthSmileLeft')).toBeCloseTo(0.2, 5);
    expect(at('mouthClose')).toBeCloseTo(0.1, 5);
    expect(w[ARKIT_TABLE.channels.length]).toBe(0);
  });

  it('VRM, Oculus and the built-in host: jawOpen opens, funnel/pucker round, closed lips close', () => {
    const open = frame({ jawOpen: 0.8 });
    const round = frame({ jawOpen: 0.2, mouthPucker: 0.9 });
    const closed = frame({ jawOpen: 0.1, mouthClose: 0.1, mouthPressLeft: 0.5, mouthPressRight: 0.5 });
    const rest = frame({});

    const pose = restPose();
    frameToMouthPose(open, pose);
    expect(pose.aa).toBeCloseTo(0.8, 5);
    expect(mouthOpenness(pose)).toBeGreaterThan(0.7);
    frameToMouthPose(round, pose);
    expect(pose.ou).toBeGreaterThan(0.8);
    frameToMouthPose(closed, pose);
    expect(pose.closed).toBe(1);
    expect(mouthOpenness(pose)).toBe(0);
    frameToMouthPose(rest, pose);
    expect(mouthOpenness(pose)).toBe(0);

    const vrm = new Float32Array(VRM_TABLE.size);
    frameToTargets(VRM_TABLE, open, vrm);
    expect(vrm[VRM_TABLE.channels.indexOf('aa')]).toBeCloseTo(0.8, 5);
    expect(weightsOpenness(VRM_TABLE, vrm)).toBeGreaterThan(0.7);
    frameToTargets(VRM_TABLE, closed, vrm);
    expect(weightsOpenness(VRM_TABLE, vrm)).toBe(0);

    const oc = new Float32Array(OCULUS_TABLE.size);
    frameToTargets(OCULUS_TABLE, open, oc);
    expect(oc[OCULUS_TABLE.channels.indexOf('viseme_aa')]).toBeCloseTo(0.8, 5);
    frameToTargets(OCULUS_TABLE, round, oc);
    expect(oc[OCULUS_TABLE.channels.indexOf('viseme_U')]).toBeGreaterThan(0.8);
    frameToTargets(OCULUS_TABLE, closed, oc);
    expect(oc[OCULUS_TABLE.channels.indexOf('viseme_PP')]).toBe(1);
    expect(weightsOpenness(OCULUS_TABLE, oc)).toBe(0);
  });

  it('reads blink, smile and brows (raised and frowning) from a frame', () => {
    const face = { blink: 0, smile: 0, brows: 0 };
    frameFace(frame({ eyeBlinkLeft: 1, eyeBlinkRight: 0.8, mouthSmileLeft: 0.4, mouthSmileRight: 0.6, browInnerUp: 0.7 }), face);
    expect(face.blink).toBeCloseTo(0.9, 5);
    expect(face.smile).toBeCloseTo(0.5, 5);
    expect(face.brows).toBeCloseTo(0.7, 5);
    frameFace(frame({ browDownLeft: 0.6, browDownRight: 0.6 }), face);
    expect(face.brows).toBeCloseTo(-0.6, 5);
    expect(face.blink).toBe(0);
  });
});
