import { describe, expect, it } from 'vitest';
import { blendAt, poseAt } from '../../shared/lipsync';
import type { TimingTrack } from '../../shared/timing';
import { ARKIT_TABLE, OCULUS_TABLE, TARGET_TABLES, VRM_TABLE, scaleWeights, smoothWeights, targetWeights, visemeTargets, weightsOpenness, type TargetSet } from '../../shared/viseme-targets';
import { VISEME_COUNT, mouthOpenness } from '../../shared/visemes';

const SETS: TargetSet[] = ['vrm', 'oculus', 'arkit'];

function track(visemes: [number, number][], durationMs: number): TimingTrack {
  return { source: 'engine', durationMs, visemes: visemes.map(([t, id]) => ({ t, id })), words: [] };
}
/** "ma pa": silence, m, a, p, a, silence. */
const SPEECH = track([[100, 21], [180, 2], [330, 21], [410, 2], [560, 0]], 700);

describe('viseme target tables', () => {
  it('has a row of weights in [0, 1] for all 22 visemes in every set', () => {
    for (const set of SETS) {
      const t = TARGET_TABLES[set];
      expect(t.weights).toHaveLength(VISEME_COUNT);
      for (const row of t.weights) for (const w of row) expect(w >= 0 && w <= 1).toBe(true);
    }
    expect(OCULUS_TABLE.channels).toHaveLength(15);
  });

  it('silence is the rest face in every set', () => {
    for (const set of SETS) expect(Object.values(visemeTargets(set, 0)).every((w) => w === 0)).toBe(true);
  });

  it('p/b/m (21) closes the lips fully', () => {
    expect(Object.values(visemeTargets('vrm', 21)).every((w) => w === 0)).toBe(true);
    const arkit = visemeTargets('arkit', 21);
    expect(arkit.mouthClose).toBeGreaterThanOrEqual(0.8);
    expect(arkit.jawOpen).toBeLessThan(0.05);
    const oculus = visemeTargets('oculus', 21);
    expect(oculus.viseme_PP).toBe(1);
    expect(Object.entries(oculus).filter(([k]) => k !== 'viseme_PP').every(([, w]) => w === 0)).toBe(true);
    for (const set of SETS) expect(weightsOpenness(TARGET_TABLES[set], TARGET_TABLES[set].weights[21]!)).toBe(0);
    // Shown weights after the closure slot: nothing of a neighbouring vowel survives a full closure.
    const mixed = Float32Array.from(OCULUS_TABLE.weights[21]!);
    mixed[OCULUS_TABLE.channels.indexOf('viseme_aa')] = 0.8;
    const shown = scaleWeights(OCULUS_TABLE, mixed, 1, new Float32Array(OCULUS_TABLE.size));
    expect(shown[OCULUS_TABLE.channels.indexOf('viseme_aa')]).toBe(0);
    expect(shown[OCULUS_TABLE.channels.indexOf('viseme_PP')]).toBe(1);
  });

  it('maps the open vowels to the open shapes of each set', () => {
    expect(visemeTargets('oculus', 2).viseme_aa).toBe(1);
    expect(visemeTargets('oculus', 8).viseme_O).toBe(1);
    expect(visemeTargets('oculus', 7).viseme_U).toBe(1);
    expect(visemeTargets('oculus', 18).viseme_FF).toBe(1);
    expect(visemeTargets('arkit', 2).jawOpen).toBeGreaterThan(0.6);
    expect(visemeTargets('arkit', 7).mouthPucker).toBeGreaterThan(0.7);
    expect(visemeTargets('arkit', 8).mouthFunnel).toBeGreaterThan(0.6);
    expect(visemeTargets('vrm', 2).aa).toBeCloseTo(0.9);
    expect(visemeTargets('vrm', 7).ou).toBeCloseTo(0.85);
    // Every set agrees which visemes open the mouth most and least.
    for (const set of SETS) {
      const t = TARGET_TABLES[set];
      expect(weightsOpenness(t, t.weights[2]!)).toBeGreaterThan(weightsOpenness(t, t.weights[15]!));
    }
  });

  it('the VRM table gives the default avatar’s mouth at every moment', () => {
    const out = new Float32Array(VRM_TABLE.size);
    for (let t = 0; t < 700; t += 7) {
      targetWeights(VRM_TABLE, blendAt(SPEECH, t), out);
      expect(weightsOpenness(VRM_TABLE, out)).toBeCloseTo(mouthOpenness(poseAt(SPEECH, t)), 5);
    }
  });

  it('through the timing: a p closes the lips at its centre, silence decays to rest within 150 ms', () => {
    for (const set of SETS) {
      const t = TARGET_TABLES[set];
      const target = new Float32Array(t.size);
      const current = new Float32Array(t.size);
      const shown = new Float32Array(t.size);
      let openAtP = 1;
      let maxOpen = 0;
      let openAfter = 1;
      for (let ms = 0; ms <= 720; ms += 1000 / 60) {
        targetWeights(t, blendAt(SPEECH, ms), target);
        smoothWeights(t, current, target, 1000 / 60);
        const o = weightsOpenness(t, scaleWeights(t, current, 1, shown));
        if (Math.abs(ms - 370) < 9) openAtP = o;
        maxOpen = Math.max(maxOpen, o);
        if (ms >= 700) openAfter = o;
      }
      expect(maxOpen, set).toBeGreaterThan(0.5);
      expect(openAtP, set).toBeLessThan(0.1);
      expect(openAfter, set).toBeLessThan(0.05);
    }
  });

  it('loudness scales the opening shapes but never the lip closure', () => {
    const w = Float32Array.from(ARKIT_TABLE.weights[2]!);
    w[ARKIT_TABLE.channels.indexOf('mouthClose')] = 0.3;
    const out = new Float32Array(w.length);
    scaleWeights(ARKIT_TABLE, w, 0.5, out);
    expect(out[0]).toBeCloseTo(0.35); // jawOpen 0.7 × 0.5
    expect(out[ARKIT_TABLE.channels.indexOf('mouthClose')]).toBeCloseTo(0.3);
    scaleWeights(ARKIT_TABLE, w, 1.15, out);
    expect(out[0]).toBeCloseTo(0.805);
  });
});
