/**
 * `npm run bench:lipsync`: lip-sync offset of the real stage in Chromium (browser mode).
 *
 * For each locale (zh-CN, en-US) it starts the real host, goes live through the studio, reopens the
 * program stage with `?framelog=1`, and collects per rendered frame the avatar's actual mouth-open
 * influence (read back from the mouth mesh) with its line position on the AudioContext clock, and per
 * line a dense audio envelope (5 ms bins) from an AnalyserNode on the playback graph, on the same
 * clock. Per utterance it cross-correlates mouth(p) against envelope(p - lag) over lags of ±250 ms;
 * the best lag is the offset (positive = mouth late). Prints one JSON line:
 * {"utterances":…,"offsetMsP50":…,"offsetMsP95":…,"correlation":…} (+ detail fields).
 *
 * Frames are sparse under SwiftShader (~7–10 fps): the mouth is taken only at the frames actually
 * rendered, while the envelope is dense, so the lag resolution is the envelope's (1 ms steps over
 * linearly interpolated 5 ms bins), not the frame interval. Needs a built renderer (out/renderer).
 */
import type { Page } from 'playwright-core';
import { launchChromium, startHost } from '../tests/support/browser-mode';

/**
 * `--minutes N`: instead of a count of utterances per locale, play continuously for N minutes (zh-CN)
 * and also print the offset of the first and of the last minute (they must agree within 10 ms: no
 * drift between picture and sound over hours).
 */
function argMinutes(argv: readonly string[]): number | null {
  const i = argv.indexOf('--minutes');
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--minutes='))?.slice('--minutes='.length);
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 2) throw new Error(`--minutes must be a number of at least 2 (got ${raw})`);
  return n;
}
const MINUTES = argMinutes(process.argv.slice(2));

const UTTERANCES_PER_LOCALE = Number(process.env.BENCH_UTTERANCES ?? 13);
const LOCALE_TIMEOUT_MS = 130_000;
const MAX_LAG_MS = 250;
const ENV_BIN_MS = 5;
const SMOOTH_BINS = 5; // 25 ms moving average of the envelope
const MIN_FRAMES = 8;
/** Stage viewport (CSS px, portrait). Small: more frames per second under SwiftShader; the mouth does not depend on it. */
const VIEWPORT = (process.env.BENCH_VIEWPORT ?? '270x480').split('x').map(Number) as [number, number];

interface Utterance {
  locale: string;
  token: number;
  /** [lineTimeMs, mouthOpen, level, clockMs] per frame. */
  frames: [number, number, number, number][];
  envelope: number[] | null;
  /** The same bins from the line's decoded audio (where the analyser's envelope should be). */
  reference: number[] | null;
  /** Wall-clock ms since collection began when the line's first frame was seen (which minute it belongs to). */
  atMs: number;
}

interface HookFrames {
  count: number;
  frames: number[];
  outputLatencyMs: number;
}

async function collect(locale: 'zh-CN' | 'en-US', minutes: number | null = null): Promise<{ utterances: Utterance[]; outputLatencyMs: number; fps: number }> {
  const host = await startHost({ lang: locale });
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const studio = await context.newPage();
    await studio.goto(host.studioUrl);
    await studio.locator('[data-testid="products"] tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
    const popup = context.waitForEvent('page');
    await studio.getByTestId('go-live').click();
    const stage: Page = await popup;
    const url = new URL(stage.url());
    url.searchParams.set('framelog', '1');
    // A small portrait viewport: more frames per second under SwiftShader (the mouth does not depend on it).
    await stage.setViewportSize({ width: VIEWPORT[0], height: VIEWPORT[1] });
    await stage.goto(url.toString());
    await stage.waitForFunction(() => window.__stagehostStage?.frames(0) != null, undefined, { timeout: 20_000 });

    const byToken = new Map<number, Utterance>();
    const done: Utterance[] = [];
    let from = 0;
    let outputLatencyMs = 0;
    let frameCount = 0;
    const startedAt = Date.now();
    const clockSpan = { first: Number.NaN, last: Number.NaN };
    const more = (): boolean =>
      minutes === null ? done.length < UTTERANCES_PER_LOCALE && Date.now() - startedAt < LOCALE_TIMEOUT_MS : Date.now() - startedAt < minutes * 60_000;
    while (more()) {
      await stage.waitForTimeout(700);
      const got = (await stage.evaluate((f) => window.__stagehostStage?.frames(f) ?? null, from)) as HookFrames | null;
      if (!got) continue;
      from = got.count;
      outputLatencyMs = got.outputLatencyMs;
      let latestToken = -1;
      for (let i = 0; i + 4 < got.frames.length; i += 5) {
        const [clockMs, lineTimeMs, mouth, level, token] = got.frames.slice(i, i + 5) as [number, number, number, number, number];
        frameCount++;
        if (Number.isNaN(clockSpan.first)) clockSpan.first = clockMs;
        clockSpan.last = clockMs;
        if (token < 0 || !Number.isFinite(lineTimeMs)) continue;
        latestToken = Math.max(latestToken, token);
        let u = byToken.get(token);
        if (!u) byToken.set(token, (u = { locale, token, frames: [], envelope: null, reference: null, atMs: Date.now() - startedAt }));
        u.frames.push([lineTimeMs, mouth, level, clockMs]);
      }
      // Lines older than the one playing now are complete: take their envelope while it is still kept.
      const snap = (await stage.evaluate(() => window.__stagehostStage?.snapshot() ?? null)) as { lineId: string | null } | null;
      for (const [token, u] of byToken) {
        if (token < latestToken || (snap?.lineId == null && latestToken === -1) || (token === latestToken && snap?.lineId == null)) {
          u.envelope = (await stage.evaluate((t) => window.__stagehostStage?.envelope(t) ?? null, token)) as number[] | null;
          u.reference = (await stage.evaluate((t) => window.__stagehostStage?.referenceEnvelope(t) ?? null, token)) as number[] | null;
          byToken.delete(token);
          // The first line may have been cut by the reload: skip lines not seen from their start.
          if (u.frames.length > 0 && u.frames[0]![0] < 400) done.push(u);
        }
      }
    }
    const fps = frameCount / Math.max(1e-3, (clockSpan.last - clockSpan.first) / 1000);
    await studio.getByTestId('stop').click().catch(() => {});
    await context.close();
    return { utterances: done, outputLatencyMs, fps };
  } finally {
    await browser.close();
    await host.stop();
  }
}

function smooth(env: number[]): (number | null)[] {
  const out: (number | null)[] = [];
  const half = Math.floor(SMOOTH_BINS / 2);
  for (let i = 0; i < env.length; i++) {
    let sum = 0;
    let n = 0;
    for (let j = i - half; j <= i + half; j++) {
      const v = env[j];
      if (v !== undefined && v >= 0) {
        sum += v;
        n++;
      }
    }
    out.push(n > 0 && env[i]! >= 0 ? sum / n : null);
  }
  return out;
}

function envAt(env: (number | null)[], positionMs: number): number | null {
  // Bin b covers [b*5, b*5+5): its centre is b*5+2.5.
  const x = (positionMs - ENV_BIN_MS / 2) / ENV_BIN_MS;
  const i = Math.floor(x);
  if (i < 0 || i + 1 >= env.length) return positionMs < 0 && positionMs > -ENV_BIN_MS * 40 ? 0 : null;
  const a = env[i];
  const b = env[i + 1];
  if (a == null || b == null) return null;
  return a + (b - a) * (x - i);
}

function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Best lag (ms, positive = mouth late) and the correlation there, or null when too little data. */
function offsetOf(u: Utterance, which: 'envelope' | 'reference' = 'envelope'): { offsetMs: number; correlation: number; frames: number } | null {
  const raw = u[which];
  if (!raw || raw.length < 40) return null;
  const env = smooth(raw);
  let best = { offsetMs: 0, correlation: -2, frames: 0 };
  for (let lag = -MAX_LAG_MS; lag <= MAX_LAG_MS; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [p, mouth] of u.frames) {
      const e = envAt(env, p - lag);
      if (e === null) continue;
      xs.push(mouth);
      ys.push(e);
    }
    if (xs.length < MIN_FRAMES) continue;
    const r = pearson(xs, ys);
    if (r > best.correlation) best = { offsetMs: lag, correlation: r, frames: xs.length };
  }
  return best.correlation > -2 ? best : null;
}

/** All utterances together: each one's mouth and envelope z-scored, then one correlation per lag. */
function pooledOffset(us: Utterance[]): { offsetMs: number; correlation: number } {
  const envs = us.map((u) => (u.envelope && u.envelope.length >= 40 ? smooth(u.envelope) : null));
  let best = { offsetMs: 0, correlation: -2 };
  for (let lag = -MAX_LAG_MS; lag <= MAX_LAG_MS; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    us.forEach((u, k) => {
      const env = envs[k];
      if (!env) return;
      const mx: number[] = [];
      const my: number[] = [];
      for (const [p, mouth] of u.frames) {
        const e = envAt(env, p - lag);
        if (e === null) continue;
        mx.push(mouth);
        my.push(e);
      }
      if (mx.length < 4) return;
      const z = (v: number[]): number[] => {
        const m = v.reduce((a, b) => a + b, 0) / v.length;
        const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length) || 1;
        return v.map((x) => (x - m) / sd);
      };
      xs.push(...z(mx));
      ys.push(...z(my));
    });
    if (xs.length < MIN_FRAMES) continue;
    const r = pearson(xs, ys);
    if (r > best.correlation) best = { offsetMs: lag, correlation: r };
  }
  return best;
}

/**
 * The analyser's clock against the audio itself: the lag (ms, positive = the analyser's envelope
 * sits later in line position than the decoded audio's) that best matches the two envelopes.
 */
function tapLagOf(u: Utterance): number | null {
  if (!u.envelope || !u.reference || u.envelope.length < 40) return null;
  const env = smooth(u.envelope);
  const ref = smooth(u.reference);
  let best = { lag: 0, r: -2 };
  for (let lag = -100; lag <= 100; lag++) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (let p = 0; p < env.length * ENV_BIN_MS; p += ENV_BIN_MS) {
      const a = envAt(env, p);
      const b = envAt(ref, p - lag);
      if (a === null || b === null) continue;
      xs.push(a);
      ys.push(b);
    }
    if (xs.length < 40) continue;
    const r = pearson(xs, ys);
    if (r > best.r) best = { lag, r };
  }
  return best.r > 0.8 ? best.lag : null;
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i]!;
}

const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;

const t0 = Date.now();
const all: Utterance[] = [];
const detail: Record<string, { fps: number; outputLatencyMs: number; lines: number }> = {};
for (const locale of MINUTES === null ? (['zh-CN', 'en-US'] as const) : (['zh-CN'] as const)) {
  const r = await collect(locale, MINUTES);
  all.push(...r.utterances);
  detail[locale] = { fps: round(r.fps), outputLatencyMs: round(r.outputLatencyMs), lines: r.utterances.length };
}
const results = all.map((u) => ({ locale: u.locale, atMs: u.atMs, r: offsetOf(u) })).filter((x) => x.r !== null);
// The same against the decoded audio (no analyser clock in between), and the analyser's own lag.
const vsDecoded = all.map((u) => offsetOf(u, 'reference')).filter((r) => r !== null).map((r) => r!.offsetMs);
const tapLags = all.map(tapLagOf).filter((l): l is number => l !== null);
const offsets = results.map((x) => x.r!.offsetMs);
const abs = offsets.map((o) => Math.abs(o));
const pooled = pooledOffset(all);
const skipped = all.length - results.length;
const correlation = results.reduce((s, x) => s + x.r!.correlation, 0) / Math.max(1, results.length);
process.stderr.write(
  `${results.map((x) => `${x.locale} +${round(x.atMs / 1000)} s offset ${x.r!.offsetMs} ms r=${round(x.r!.correlation, 2)} frames=${x.r!.frames}`).join('\n')}\n`,
);

/** With --minutes: the offset of the first and of the last minute (pooled over its lines, and their median). */
function minuteFigures(minutes: number): Record<string, unknown> {
  const inMinute = (from: number) => all.filter((u) => u.atMs >= from * 60_000 && u.atMs < (from + 1) * 60_000);
  const last = Math.max(1, Math.floor(minutes) - 1);
  const first = inMinute(0);
  const lastLines = inMinute(last);
  const median = (us: Utterance[]): number => percentile(us.map((u) => offsetOf(u)).filter((r) => r !== null).map((r) => r!.offsetMs), 50);
  const firstPooled = pooledOffset(first);
  const lastPooled = pooledOffset(lastLines);
  return {
    minutes,
    firstMinute: { lines: first.length, offsetMs: firstPooled.offsetMs, correlation: round(firstPooled.correlation, 3), medianOffsetMs: median(first) },
    lastMinute: { minute: last + 1, lines: lastLines.length, offsetMs: lastPooled.offsetMs, correlation: round(lastPooled.correlation, 3), medianOffsetMs: median(lastLines) },
    driftMs: lastPooled.offsetMs - firstPooled.offsetMs,
    driftWithin10Ms: Math.abs(lastPooled.offsetMs - firstPooled.offsetMs) <= 10,
  };
}

console.log(
  JSON.stringify({
    utterances: results.length,
    offsetMsP50: percentile(offsets, 50),
    offsetMsP95: percentile(abs, 95),
    correlation: round(correlation, 3),
    pooledOffsetMs: pooled.offsetMs,
    pooledCorrelation: round(pooled.correlation, 3),
    skippedUtterances: skipped,
    offsetMsMean: round(offsets.reduce((s, o) => s + o, 0) / Math.max(1, offsets.length)),
    offsetVsDecodedMsP50: percentile(vsDecoded, 50),
    offsetVsDecodedMsP95: percentile(vsDecoded.map((o) => Math.abs(o)), 95),
    tapLagMsP50: percentile(tapLags, 50),
    framesPerUtterance: round(results.reduce((s, x) => s + x.r!.frames, 0) / Math.max(1, results.length)),
    perLocale: detail,
    ...(MINUTES === null ? {} : minuteFigures(MINUTES)),
    seconds: round((Date.now() - t0) / 1000),
  }),
);
