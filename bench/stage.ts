/**
 * `npm run bench:stage [-- --minutes N]`: the real stage in Chromium (browser mode, SwiftShader here)
 * speaking continuously for N minutes (default 10): the demo store goes live through the studio and
 * the program stage plays line after line. Prints one JSON line:
 * {"minutes":…,"frameMsP50":…,"frameMsP95":…,"heapMb1Min":…,"heapMbEnd":…,"heapGrowthPct":…,…}.
 *
 * Frame time = the interval between rendered frames (requestAnimationFrame in the stage page, kept in
 * a preallocated ring: the probe allocates nothing per frame). JS heap = `Runtime.getHeapUsage` after
 * a full GC (`HeapProfiler.collectGarbage`) over CDP, at 1 minute (after warm-up) and at the end;
 * growth is the end against the 1-minute figure (goal < 5 %). Also the renderer's live GPU
 * resources (geometries, textures) at both points: they must not grow either. Needs a built
 * renderer (out/renderer: `npm run build:web`).
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchChromium, startHost } from '../tests/support/browser-mode';

function argMinutes(argv: readonly string[]): number {
  const i = argv.indexOf('--minutes');
  const raw = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--minutes='))?.slice('--minutes='.length);
  const n = raw === undefined ? 10 : Number(raw);
  if (!Number.isFinite(n) || n < 1.5) throw new Error(`--minutes must be a number of at least 1.5 (got ${raw})`);
  return n;
}

const MINUTES = argMinutes(process.argv.slice(2));
const RING = 1 << 16;

interface Probe {
  count: number;
  from(i: number): number[];
}

declare global {
  interface Window {
    __benchFrames?: Probe;
  }
}

/**
 * Installs the frame-interval probe in the page (no allocation per frame). A string, not a function:
 * tsx would wrap the probe's named functions in a helper that does not exist in the page.
 */
async function installProbe(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const ring = ${RING};
    const deltas = new Float64Array(ring);
    const probe = {
      count: 0,
      from(i) {
        const start = Math.max(i, probe.count - ring);
        const out = [];
        for (let k = start; k < probe.count; k++) out.push(deltas[k % ring]);
        return out;
      },
    };
    let last = -1;
    function tick(t) {
      if (last >= 0) deltas[probe.count++ % ring] = t - last;
      last = t;
      requestAnimationFrame(tick);
    }
    requestAnimationFrame(tick);
    window.__benchFrames = probe;
  })()`);
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 1024 / 1024;
}

interface StageFigures {
  framesRendered: number;
  linesStarted: number;
  linesEnded: number;
  render: { geometries: number; textures: number; programs: number } | null;
}

async function stageFigures(page: Page): Promise<StageFigures> {
  return page.evaluate(() => {
    const hook = window.__stagehostStage;
    const s = hook?.snapshot();
    return {
      framesRendered: s?.framesRendered ?? 0,
      linesStarted: s?.linesStarted ?? 0,
      linesEnded: s?.linesEnded ?? 0,
      render: hook?.renderInfo() ?? null,
    };
  });
}

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

const round = (v: number, d = 1): number => Math.round(v * 10 ** d) / 10 ** d;
const log = (m: string): boolean => process.stderr.write(`bench:stage ${m}\n`);

const t0 = Date.now();
const host = await startHost({ lang: 'zh-CN' });
const browser = await launchChromium();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const studio = await context.newPage();
  await studio.goto(host.studioUrl);
  await studio.locator('[data-testid="products"] tbody tr.ant-table-row').first().waitFor({ timeout: 30_000 });
  const popup = context.waitForEvent('page');
  await studio.getByTestId('go-live').click();
  const stage = await popup;
  // A portrait frame at half of 1080×1920 (low quality draws a fixed pixel budget whatever the size).
  await stage.setViewportSize({ width: 540, height: 960 });
  await stage.waitForFunction(() => (window.__stagehostStage?.snapshot().linesStarted ?? 0) > 0, undefined, { timeout: 60_000 });
  await installProbe(stage);
  const cdp = await context.newCDPSession(stage);
  const startedAt = Date.now();
  const deltas: number[] = [];
  let from = 0;
  const drain = async (): Promise<void> => {
    const got = await stage.evaluate((i) => {
      const p = window.__benchFrames!;
      return { count: p.count, deltas: p.from(i) };
    }, from);
    from = got.count;
    deltas.push(...got.deltas);
  };

  let heap1 = Number.NaN;
  let at1: StageFigures | null = null;
  let minute = 0;
  const heapByMinute: number[] = [];
  while (Date.now() - startedAt < MINUTES * 60_000) {
    await stage.waitForTimeout(5_000);
    await drain();
    const elapsedMin = (Date.now() - startedAt) / 60_000;
    if (Number.isNaN(heap1) && elapsedMin >= 1) {
      heap1 = await heapMb(cdp);
      at1 = await stageFigures(stage);
      log(`1 min: heap ${round(heap1, 2)} MB, ${JSON.stringify(at1)}`);
    }
    if (Math.floor(elapsedMin) > minute) {
      minute = Math.floor(elapsedMin);
      const recent = deltas.slice(-600);
      // The trend between the two reported points (a GC first, so it is live memory only).
      heapByMinute.push(round(minute === 1 ? heap1 : await heapMb(cdp), 2));
      log(`${minute} min: frames ${deltas.length}, recent p50 ${round(percentile(recent, 50))} ms, heap ${heapByMinute.at(-1)} MB`);
    }
  }
  await drain();
  const heapEnd = await heapMb(cdp);
  const atEnd = await stageFigures(stage);
  await studio.getByTestId('stop').click().catch(() => {});
  await context.close();
  // Frames after the first minute only for the percentiles would hide a slow start; keep them all.
  console.log(
    JSON.stringify({
      minutes: MINUTES,
      frames: deltas.length,
      frameMsP50: round(percentile(deltas, 50)),
      frameMsP95: round(percentile(deltas, 95)),
      fps: round(1000 / (deltas.reduce((a, b) => a + b, 0) / Math.max(1, deltas.length))),
      heapMb1Min: round(heap1, 2),
      heapMbEnd: round(heapEnd, 2),
      heapGrowthPct: round(((heapEnd - heap1) / heap1) * 100, 2),
      heapMbByMinute: heapByMinute,
      linesAired: atEnd.linesEnded,
      linesAiredAfter1Min: atEnd.linesEnded - (at1?.linesEnded ?? 0),
      gpu1Min: at1?.render ?? null,
      gpuEnd: atEnd.render,
      seconds: round((Date.now() - t0) / 1000),
    }),
  );
} finally {
  await browser.close();
  await host.stop();
}
