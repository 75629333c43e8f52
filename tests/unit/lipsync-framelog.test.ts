import { describe, expect, it } from 'vitest';
import { ENV_BIN_MS, FRAME_FIELDS, FrameLog } from '../../renderer/stage/frame-log';

/** A fake analyser at 1 sample per ms whose newest sample ends at the line position given to record(). */
function fakeTap(signal: (positionMs: number) => number): { source: ConstructorParameters<typeof FrameLog>[0]; at: { p: number } } {
  const at = { p: 0 };
  return {
    at,
    source: {
      sampleRate: 1000,
      getFloatTimeDomainData(out: Float32Array<ArrayBuffer>) {
        const n = out.length;
        for (let i = 0; i < n; i++) out[i] = signal(at.p - (n - i)); // sample i covers [p - (n - i), p - (n - i) + 1) ms
      },
    },
  };
}

describe('lip-sync frame log (bench:lipsync)', () => {
  it('records one frame per call in the ring buffer', () => {
    const { source } = fakeTap(() => 0);
    const log = new FrameLog(source);
    log.record(1000, null, 0, 0, -1, null);
    log.record(1100, 40, 0.5, 0.2, 3, null);
    const { count, frames } = log.readFrames(0);
    expect(count).toBe(2);
    expect(frames.length).toBe(2 * FRAME_FIELDS);
    expect(Number.isNaN(frames[1]!)).toBe(true);
    expect(frames.slice(5)).toEqual([1100, 40, 0.5, expect.closeTo(0.2, 6), 3]);
  });

  it('fills the envelope by line position from the analyser window', () => {
    // Loud (amplitude 1) from 200 ms to 300 ms of the line, silent elsewhere.
    const { source, at } = fakeTap((p) => (p >= 200 && p < 300 ? 1 : 0));
    const log = new FrameLog(source);
    at.p = 400;
    log.record(0, 400, 0, 0, 7, 400);
    const env = log.readEnvelope(7)!;
    expect(env.length).toBe(400 / ENV_BIN_MS);
    expect(env[190 / ENV_BIN_MS]).toBe(0);
    expect(env[200 / ENV_BIN_MS]).toBeCloseTo(1, 5);
    expect(env[295 / ENV_BIN_MS]).toBeCloseTo(1, 5);
    expect(env[300 / ENV_BIN_MS]).toBe(0);
    // Another line in the same slot replaces it.
    log.record(0, 10, 0, 0, 15, 10);
    expect(log.readEnvelope(7)).toBeNull();
  });
});
