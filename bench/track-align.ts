/**
 * Offline check of the timing tracks themselves (no rendering): for the first demo lines of each
 * locale, rendered by the system engine (espeak-ng here), the mouth the stage would show from the
 * track (poseAt + smoothPose at 5 ms steps) against the audio's RMS envelope (5 ms bins, 25 ms moving
 * average), cross-correlated over ±250 ms. A good track peaks near lag 0 with a high r. Shows
 * whether an offset comes from the track (speech) or from the frames (stage).
 *
 *   npx tsx bench/track-align.ts [--lines N] [--verbose] [--fps N]
 *
 * `--fps N`: the mouth is computed only at frames N times a second (smoothing stepped by the frame
 * interval, as the stage does) and correlated at those frames, like bench:lipsync on the real stage:
 * what the same tracks give at a real GPU's 60 fps against SwiftShader's 5-10 fps here. A simulation
 * of the stage's mouth maths, not a measurement of a rendered stage.
 *
 * stdout: one JSON line, overall and per locale:
 *   {"lines":80,"offsetMsP50":…,"offsetMsP95":…,"meanR":…,"locales":{"zh-CN":{…},"en-US":{…}}}
 * offsetMsP50 is the median signed lag (+ = mouth late), offsetMsP95 the 95th percentile of |lag|,
 * meanR the mean best correlation, badWordEvents the word events out of order or past the audio's
 * end (captions and gestures rely on them; should be 0). stderr: per-locale summary (and every line with --verbose).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Locale } from '../shared/domain';
import { readSeedFile, seedFilePath } from '../main/library/seeds';
import { storeRenderRequests } from '../main/speech/script-lines';
import { createSpeechService } from '../main/speech/speech-service';
import { createSystemEngine } from '../main/speech/system-engine';
import { decodeWav } from '../main/speech/wav';
import { poseAt, restPose, smoothPose } from '../shared/lipsync';
import type { TimingTrack } from '../shared/timing';
import { mouthOpenness } from '../shared/visemes';

const ROOT = resolve(import.meta.dirname, '..');
const STEP = 5;
const MAX_LAG = 50; // steps: ±250 ms
const LOCALES: readonly Locale[] = ['zh-CN', 'en-US'];

const { values: args } = parseArgs({ options: { lines: { type: 'string', default: '40' }, verbose: { type: 'boolean', default: false }, fps: { type: 'string' } } });
const FPS = args.fps === undefined ? null : Number(args.fps);
if (FPS !== null && !(FPS > 0 && FPS <= 240)) throw new Error(`--fps must be a number from 1 to 240 (got ${args.fps})`);
const perLocale = Math.max(1, Number.parseInt(args.lines, 10) || 40);

interface Row {
  locale: string;
  offset: number;
  r: number;
  text: string;
  source: string;
  /** Word events out of order, overlapping, or past the end of the audio. */
  badWords: number;
}

/** Word events that break what captions and gestures rely on: in order, inside the audio. */
function badWordEvents(track: TimingTrack): number {
  let bad = 0;
  let prevEnd = 0;
  for (const w of track.words) {
    if (w.t < prevEnd || w.d < 0 || w.t + w.d > track.durationMs + 1) bad++;
    prevEnd = Math.max(prevEnd, w.t + w.d);
  }
  return bad;
}

/** RMS per 5 ms bin, then a 25 ms moving average. */
function envelope(samples: Float32Array | readonly number[], sampleRate: number): number[] {
  const per = Math.round((sampleRate * STEP) / 1000);
  const env: number[] = [];
  for (let i = 0; i + per <= samples.length; i += per) {
    let s = 0;
    for (let j = i; j < i + per; j++) s += (samples[j] ?? 0) ** 2;
    env.push(Math.sqrt(s / per));
  }
  return env.map((_, i) => {
    let s = 0;
    let n = 0;
    for (let j = i - 2; j <= i + 2; j++) {
      const v = env[j];
      if (v === undefined) continue;
      s += v;
      n++;
    }
    return s / n;
  });
}

/** Mouth openness the stage would show, sampled at the middle of every 5 ms step. */
function mouthTrace(track: TimingTrack, steps: number): number[] {
  const mouth: number[] = [];
  const cur = restPose();
  const target = restPose();
  for (let k = 0; k < steps; k++) {
    poseAt(track, k * STEP + STEP / 2, target);
    smoothPose(cur, target, STEP, cur);
    mouth.push(mouthOpenness(cur));
  }
  return mouth;
}

/** The mouth at frames `fps` times a second (line position ms, openness), smoothing stepped per frame. */
function mouthFrames(track: TimingTrack, durationMs: number, fps: number): [number, number][] {
  const dt = 1000 / fps;
  const cur = restPose();
  const target = restPose();
  const out: [number, number][] = [];
  for (let t = dt / 2; t < durationMs; t += dt) {
    poseAt(track, t, target);
    smoothPose(cur, target, dt, cur);
    out.push([t, mouthOpenness(cur)]);
  }
  return out;
}

/** Like bestLag, for mouth values at sparse frames against the dense envelope (interpolated). */
function bestLagFrames(frames: readonly [number, number][], env: readonly number[]): { lag: number; r: number } {
  const envAt = (ms: number): number | null => {
    const x = (ms - STEP / 2) / STEP;
    const i = Math.floor(x);
    const a = env[i];
    const b = env[i + 1];
    return a === undefined || b === undefined ? null : a + (b - a) * (x - i);
  };
  let best = { lag: 0, r: -2 };
  for (let lag = -MAX_LAG * STEP; lag <= MAX_LAG * STEP; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [t, m] of frames) {
      const e = envAt(t - lag);
      if (e === null) continue;
      xs.push(m);
      ys.push(e);
    }
    if (xs.length < 4) continue;
    const n = xs.length;
    const mx = xs.reduce((a, b) => a + b, 0) / n;
    const my = ys.reduce((a, b) => a + b, 0) / n;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let k = 0; k < n; k++) {
      sxy += (xs[k]! - mx) * (ys[k]! - my);
      sxx += (xs[k]! - mx) ** 2;
      syy += (ys[k]! - my) ** 2;
    }
    const r = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    if (r > best.r) best = { lag, r };
  }
  return best;
}

/** The lag (ms; + = mouth after the audio) with the best Pearson correlation, and that r. */
function bestLag(mouth: readonly number[], env: readonly number[]): { lag: number; r: number } {
  let best = { lag: 0, r: -2 };
  for (let lag = -MAX_LAG; lag <= MAX_LAG; lag++) {
    let n = 0;
    let sx = 0;
    let sy = 0;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let k = 0; k < mouth.length; k++) {
      const y = env[k - lag];
      if (y === undefined) continue;
      const x = mouth[k] ?? 0;
      n++;
      sx += x;
      sy += y;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
    }
    const den = Math.sqrt((sxx - (sx * sx) / n) * (syy - (sy * sy) / n));
    const r = den > 0 ? (sxy - (sx * sy) / n) / den : 0;
    if (r > best.r) best = { lag: lag * STEP, r };
  }
  return best;
}

function summary(rows: readonly Row[]) {
  const abs = rows.map((r) => Math.abs(r.offset)).sort((a, b) => a - b);
  const signed = rows.map((r) => r.offset).sort((a, b) => a - b);
  const round2 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    lines: rows.length,
    offsetMsP50: signed[Math.floor(signed.length / 2)] ?? 0,
    offsetMsP95: abs[Math.max(0, Math.ceil(0.95 * abs.length) - 1)] ?? 0,
    absOffsetMsP50: abs[Math.floor(abs.length / 2)] ?? 0,
    over50ms: abs.filter((a) => a > 50).length,
    meanR: round2(rows.reduce((s, r) => s + r.r, 0) / Math.max(1, rows.length)),
    badWordEvents: rows.reduce((s, r) => s + r.badWords, 0),
  };
}

const cacheDir = await mkdtemp(join(tmpdir(), 'stagehost-ta-'));
const rows: Row[] = [];
try {
  const service = createSpeechService({ cacheDir, engines: [createSystemEngine()], retries: 0 });
  for (const locale of LOCALES) {
    const seed = readSeedFile(seedFilePath(join(ROOT, 'seeds'), locale));
    const reqs = storeRenderRequests({ locale, speech: { engine: 'system', voice: null, rate: 1, pitch: 1 }, playlists: seed.playlists, scripts: seed.scripts, products: seed.products }).slice(0, perLocale);
    for (const req of reqs) {
      const u = (await service.render(req)).utterance;
      const wav = decodeWav(u.wav);
      const env = envelope(wav.samples, wav.sampleRate);
      const { lag, r } = FPS === null ? bestLag(mouthTrace(u.track, env.length), env) : bestLagFrames(mouthFrames(u.track, u.durationMs, FPS), env);
      rows.push({ locale, offset: lag, r: Math.round(r * 100) / 100, text: req.text.slice(0, 40), source: u.track.source, badWords: badWordEvents(u.track) });
    }
  }
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}

if (args.verbose) for (const row of rows) console.error(row.locale, String(row.offset).padStart(5), row.r.toFixed(2), row.source, row.text);
const locales = Object.fromEntries(LOCALES.map((l) => [l, summary(rows.filter((r) => r.locale === l))]));
for (const [l, s] of Object.entries(locales)) console.error(l.padEnd(6), JSON.stringify(s));
console.log(JSON.stringify({ ...(FPS === null ? {} : { fps: FPS }), ...summary(rows), locales }));
