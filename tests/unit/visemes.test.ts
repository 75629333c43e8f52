import { describe, expect, it } from 'vitest';
import { VISEME_COUNT, VISEME_POSES, mouthOpenness, visemePose } from '../../shared/visemes';

describe('viseme poses', () => {
  it('has a pose for each of the 22 Azure viseme ids', () => {
    expect(VISEME_POSES).toHaveLength(VISEME_COUNT);
  });
  it('keeps the mouth shut for silence and for p/b/m', () => {
    expect(mouthOpenness(visemePose(0))).toBe(0);
    expect(mouthOpenness(visemePose(21))).toBe(0);
    expect(visemePose(21).closed).toBe(1);
  });
  it('opens the mouth widest for the open vowel ɑ', () => {
    const open = VISEME_POSES.map(mouthOpenness);
    expect(Math.max(...open)).toBe(open[2]);
    expect(open[2]).toBeGreaterThan(0.8);
  });
  it('treats unknown ids as rest', () => {
    expect(mouthOpenness(visemePose(99))).toBe(0);
  });
});
