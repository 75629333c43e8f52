import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LOUDNESS_MAX_SCALE,
  LOUDNESS_MIN_SCALE,
  applyLoudness,
  loudnessScale,
  poseAt,
  restPose,
  smoothPose,
} from '../../shared/lipsync';
import type { TimingTrack } from '../../shared/timing';
import { REST_POSE, type MouthPose, mouthOpenness, visemePose } from '../../shared/visemes';

function track(visemes: [number, number][], durationMs: number): TimingTrack {
  return { source: 'engine', durationMs, visemes: visemes.map(([t, id]) => ({ t, id })), words: [] };
}

/** "ma pa ba": silence, m, a, p, a, b, a, silence. */
const SPEECH = track(
  [
    [100, 21],
    [180, 2],
    [330, 21],
    [410, 2],
    [560, 21],
    [640, 2],
    [800, 0],
  ],
  900,
);

const CHANNELS = ['aa', 'ih', 'ou', 'ee', 'oh', 'closed'] as const;

function expectRest(p: MouthPose): void {
  for (const ch of CHANNELS) expect(p[ch]).toBe(0);
}

/** Runs the smoothing at `fps` from `from` to `to` ms, returning the smoothed pose at each frame. */
function run(tr: TimingTrack, from: number, to: number, fps = 60, start: MouthPose = restPose()): MouthPose[] {
  const dt = 1000 / fps;
  const current = { ...start };
  const target = restPose();
  const frames: MouthPose[] = [];
  for (let t = from; t <= to + 1e-9; t += dt) {
    poseAt(tr, t, target);
    smoothPose(current, target, dt, current);
    frames.push({ ...current });
  }
  return frames;
}

describe('poseAt', () => {
  it('closes the lips fully at the centre of a p/b/m viseme', () => {
    // The p at 330..410 has its centre at 370.
    const p = poseAt(SPEECH, 370);
    expect(p.closed).toBe(1);
    expect(mouthOpenness(p)).toBe(0);
    // The m at the very start (100..180) too, and the b (560..640).
    expect(poseAt(SPEECH, 140).closed).toBe(1);
    expect(poseAt(SPEECH, 600).closed).toBe(1);
  });

  it('reaches the open vowel at its centre', () => {
    const p = poseAt(SPEECH, 255);
    expect(p).toEqual(visemePose(2));
    expect(mouthOpenness(p)).toBeGreaterThan(0.5);
  });

  it('is at rest before the first event and after the track ends', () => {
    expectRest(poseAt(SPEECH, -50));
    expectRest(poseAt(SPEECH, 0));
    expectRest(poseAt(SPEECH, 99.9));
    expectRest(poseAt(SPEECH, 900));
    expectRest(poseAt(SPEECH, 5000));
    expectRest(poseAt(SPEECH, Number.NaN));
  });

  it('is at rest for an empty track', () => {
    expectRest(poseAt(track([], 1000), 500));
  });

  it('ends the last viseme at the end of the track even when the track does not end in silence', () => {
    const tr = track([[0, 2]], 400);
    expect(mouthOpenness(poseAt(tr, 200))).toBeGreaterThan(0.5);
    expect(mouthOpenness(poseAt(tr, 399))).toBeLessThan(0.05);
    expectRest(poseAt(tr, 400));
  });

  it('anticipates the next viseme before the boundary (coarticulation)', () => {
    // Just before the p at 330 the lips are already closing, and just after it they are not yet
    // fully closed: a crossfade, not a step.
    const before = poseAt(SPEECH, 320);
    expect(before.closed).toBeGreaterThan(0);
    expect(before.closed).toBeLessThan(1);
    expect(before.aa).toBeGreaterThan(0);
    // The crossfade is centred before the boundary: at the boundary the next viseme dominates.
    expect(poseAt(SPEECH, 330).closed).toBeGreaterThan(0.5);
    // Continuous: no big jump between neighbouring milliseconds.
    for (let t = 90; t < 910; t += 1) {
      const a = poseAt(SPEECH, t);
      const b = poseAt(SPEECH, t + 1);
      for (const ch of CHANNELS) expect(Math.abs(a[ch] - b[ch])).toBeLessThan(0.2);
    }
  });

  it('accepts events out of order and at the same time (the last one wins)', () => {
    const sorted = track(
      [
        [0, 0],
        [100, 2],
        [300, 21],
      ],
      500,
    );
    const shuffled = track(
      [
        [300, 21],
        [100, 7],
        [100, 2],
        [0, 0],
      ],
      500,
    );
    for (let t = 0; t < 600; t += 7) expect(poseAt(shuffled, t)).toEqual(poseAt(sorted, t));
  });

  it('writes into the given object and returns it', () => {
    const out = restPose();
    expect(poseAt(SPEECH, 255, out)).toBe(out);
    expect(out.aa).toBeGreaterThan(0.5);
  });

  it('is deterministic', () => {
    const a = run(SPEECH, 0, 1200);
    const b = run(SPEECH, 0, 1200);
    expect(a).toEqual(b);
    for (let t = 0; t < 1000; t += 3.3) expect(poseAt(SPEECH, t)).toEqual(poseAt(SPEECH, t));
  });
});

describe('smoothPose', () => {
  it('opens for an open vowel beyond 0.5 openness', () => {
    const vowel = track(
      [
        [0, 0],
        [50, 2],
        [350, 0],
      ],
      500,
    );
    const frames = run(vowel, 0, 350);
    const peak = Math.max(...frames.map(mouthOpenness));
    expect(peak).toBeGreaterThan(0.5);
  });

  it('attacks fast: within 60 ms of a vowel onset the mouth is mostly open', () => {
    const current = restPose();
    const target = { ...REST_POSE, aa: 1 };
    for (let i = 0; i < 3; i++) smoothPose(current, target, 1000 / 60, current); // 50 ms
    expect(current.aa).toBeGreaterThan(0.85);
  });

  it('decays silence after speech to openness < 0.05 within 150 ms at 60 fps', () => {
    // Speak an open vowel up to the end of the track at 600 ms, then silence.
    const tr = track(
      [
        [0, 1],
        [100, 2],
        [600, 0],
      ],
      700,
    );
    const speaking = run(tr, 0, 500);
    const last = speaking[speaking.length - 1]!;
    expect(mouthOpenness(last)).toBeGreaterThan(0.5);
    // From fully open, 9 frames of silence (150 ms) at 60 fps.
    const current = { ...REST_POSE, aa: 1, oh: 1, ou: 1, ih: 1, ee: 1 };
    for (let i = 0; i < 9; i++) smoothPose(current, REST_POSE, 1000 / 60, current);
    expect(mouthOpenness(current)).toBeLessThan(0.05);
    // And through the real track: 150 ms after the silence begins (600 ms) the mouth is shut.
    const after = run(tr, 500, 750, 60, last);
    expect(mouthOpenness(after[after.length - 1]!)).toBeLessThan(0.05);
  });

  it('holds still for a zero or invalid time step', () => {
    const current = { ...REST_POSE, aa: 0.4 };
    expect(smoothPose(current, REST_POSE, 0).aa).toBeCloseTo(0.4);
    expect(smoothPose(current, REST_POSE, Number.NaN).aa).toBeCloseTo(0.4);
    expect(smoothPose(current, REST_POSE, -16).aa).toBeCloseTo(0.4);
  });
});

describe('loudness', () => {
  it('scales gently between its bounds and never below the minimum', () => {
    expect(loudnessScale(0)).toBe(LOUDNESS_MIN_SCALE);
    expect(loudnessScale(Number.NaN)).toBe(LOUDNESS_MIN_SCALE);
    expect(loudnessScale(1)).toBe(LOUDNESS_MAX_SCALE);
    expect(loudnessScale(0.05)).toBeGreaterThan(loudnessScale(0.01));
  });

  it('cancels the open shapes under a lip closure', () => {
    const p = applyLoudness({ ...REST_POSE, aa: 0.8, closed: 1 }, 1.1);
    expect(p.aa).toBe(0);
    expect(p.closed).toBe(1);
    expect(applyLoudness({ ...REST_POSE, aa: 0.95 }, 1.15).aa).toBe(1);
  });
});

describe('properties', () => {
  const visemeEvent = fc.record({ t: fc.double({ min: 0, max: 5000, noNaN: true }), id: fc.integer({ min: 0, max: 21 }) });
  const anyTrack = fc.record({
    source: fc.constantFrom('engine' as const, 'text-aligned' as const),
    durationMs: fc.double({ min: 0, max: 6000, noNaN: true }),
    visemes: fc.array(visemeEvent, { maxLength: 60 }),
    words: fc.constant<TimingTrack['words']>([]),
  });
  const inUnit = (p: MouthPose): boolean => CHANNELS.every((ch) => p[ch] >= 0 && p[ch] <= 1);

  it('keeps every weight within [0, 1] (target, smoothed, loudness-scaled)', () => {
    fc.assert(
      fc.property(
        anyTrack,
        fc.array(fc.double({ min: -100, max: 7000, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (tr, times, dt, rms) => {
          const current = restPose();
          const target = restPose();
          const shown = restPose();
          for (const t of times) {
            poseAt(tr, t, target);
            if (!inUnit(target)) return false;
            smoothPose(current, target, dt, current);
            if (!inUnit(current)) return false;
            applyLoudness(current, loudnessScale(rms), shown);
            if (!inUnit(shown)) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is at rest outside [first event, end of track)', () => {
    fc.assert(
      fc.property(anyTrack, fc.double({ min: 0, max: 1, noNaN: true }), (tr, k) => {
        if (tr.visemes.length === 0) return true;
        const first = Math.min(...tr.visemes.map((v) => v.t));
        const before = first * k - 1e-6;
        const p = poseAt(tr, before);
        return CHANNELS.every((ch) => p[ch] === 0);
      }),
      { numRuns: 200 },
    );
  });
});
