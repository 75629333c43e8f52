import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSystemEngine } from '../../main/speech/system-engine';
import { decodeWav } from '../../main/speech/wav';
import { poseAt, restPose, smoothPose } from '../../shared/lipsync';
import type { TimingTrack } from '../../shared/timing';
import { mouthOpenness } from '../../shared/visemes';

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const STEP = 5;

/**
 * How far (ms) the mouth the stage shows lags the loudness of the audio: the lag within ±250 ms at
 * which mouth openness (poseAt + smoothPose, as on stage) best correlates with the 25 ms-smoothed
 * RMS envelope. Positive: the mouth is late.
 */
function mouthLagMs(track: TimingTrack, samples: Float32Array | readonly number[], sampleRate: number): number {
  const per = Math.round((sampleRate * STEP) / 1000);
  const raw: number[] = [];
  for (let i = 0; i + per <= samples.length; i += per) {
    let s = 0;
    for (let j = i; j < i + per; j++) s += (samples[j] ?? 0) ** 2;
    raw.push(Math.sqrt(s / per));
  }
  const env = raw.map((_, i) => {
    const win = raw.slice(Math.max(0, i - 2), i + 3);
    return win.reduce((a, b) => a + b, 0) / win.length;
  });
  const mouth: number[] = [];
  const cur = restPose();
  const target = restPose();
  for (let k = 0; k < env.length; k++) {
    poseAt(track, k * STEP + STEP / 2, target);
    smoothPose(cur, target, STEP, cur);
    mouth.push(mouthOpenness(cur));
  }
  let best = { lag: 0, r: -2 };
  for (let lag = -50; lag <= 50; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    mouth.forEach((x, k) => {
      const y = env[k - lag];
      if (y !== undefined) {
        xs.push(x);
        ys.push(y);
      }
    });
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    xs.forEach((x, i) => {
      const y = ys[i] ?? 0;
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
      syy += (y - my) ** 2;
    });
    const r = sxy / Math.sqrt(sxx * syy);
    if (r > best.r) best = { lag: lag * STEP, r };
  }
  return best.lag;
}

describe.skipIf(!hasEspeak())('text-aligned tracks follow the syllables of real speech (espeak-ng)', () => {
  const engine = createSystemEngine();
  // With phones spread evenly over each voiced region, the mouth on the first two lines was 230 and
  // 95 ms off the audio.
  const lines: Array<[string, 'zh-CN' | 'en-US']> = [
    ['Easy to share on movie night.', 'en-US'],
    ['Want to hear about a product?', 'en-US'],
    ["If you're enjoying the stream, tap follow so you don't miss the next one.", 'en-US'],
    ['欢迎来到直播间，今天给大家带来好物。', 'zh-CN'],
    ['追剧的时候，嘴里想来点什么？', 'zh-CN'],
  ];

  it.each(lines)('moves the mouth with the audio: %s', async (text, locale) => {
    const u = await engine.render({ text, locale, voice: null, rate: 1, pitch: 1 });
    const audio = decodeWav(u.wav);
    expect(Math.abs(mouthLagMs(u.track, audio.samples, audio.sampleRate))).toBeLessThanOrEqual(50);
    // Captions and gestures go by the word events: in order, inside the audio.
    let prevEnd = 0;
    for (const w of u.track.words) {
      expect(w.t).toBeGreaterThanOrEqual(prevEnd);
      expect(w.t + w.d).toBeLessThanOrEqual(u.durationMs + 1);
      prevEnd = w.t + w.d;
    }
  });
});
