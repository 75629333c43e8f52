/**
 * Speech benchmark: `npm run bench:speech` (tsx bench/speech.ts [--engine ID]).
 *
 * For every engine available on this machine, renders all lines of the demo store (seeds/zh-CN.json
 * and seeds/en-US.json, every playlist, every variant) into a fresh cache, then renders them again,
 * and prints one JSON line per engine:
 *   lines                   distinct lines rendered
 *   p50RenderMs, p95RenderMs first-pass render time per line (normalisation + engine + cache write)
 *   realTimeFactor          render time / audio time over the first pass (< 1 = faster than real time)
 *   secondPassCacheHitRate  share of second-pass renders served by the cache (must be ≥ 0.99)
 *   trackCoverage           share of lines whose timing track spans the audio (last event within
 *                           150 ms of the end) and moves the mouth (a non-silent viseme) and has words
 * The process exits with 1 when the second pass falls below 0.99.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Locale } from '../shared/domain';
import { readSeedFile, seedFilePath } from '../main/library/seeds';
import type { RenderRequest, SpeechEngine, Utterance } from '../main/speech/engine';
import { storeRenderRequests } from '../main/speech/script-lines';
import { createSpeechService } from '../main/speech/speech-service';
import { createSystemEngine } from '../main/speech/system-engine';

const ROOT = resolve(import.meta.dirname, '..');
const LOCALES: Locale[] = ['zh-CN', 'en-US'];

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

function spansAudio(u: Utterance): boolean {
  const last = u.track.visemes[u.track.visemes.length - 1];
  return last !== undefined && Math.abs(last.t - u.durationMs) <= 150 && u.track.visemes.some((v) => v.id !== 0) && u.track.words.length > 0;
}

function demoRequests(): RenderRequest[] {
  return LOCALES.flatMap((locale) => {
    const seed = readSeedFile(seedFilePath(join(ROOT, 'seeds'), locale));
    return storeRenderRequests({
      locale,
      speech: { engine: 'system', voice: null, rate: 1, pitch: 1 },
      playlists: seed.playlists,
      scripts: seed.scripts,
      products: seed.products,
    });
  });
}

async function bench(engine: SpeechEngine, requests: readonly RenderRequest[]) {
  const cacheDir = await mkdtemp(join(tmpdir(), `stagehost-bench-${engine.id}-`));
  try {
    const service = createSpeechService({ cacheDir, engines: [engine], retries: 0 });
    const times: number[] = [];
    let audioMs = 0;
    let covered = 0;
    let failed = 0;
    let renderMs = 0;
    for (const req of requests) {
      const t0 = performance.now();
      try {
        const r = await service.render(req, { engineId: engine.id });
        const ms = performance.now() - t0;
        times.push(ms);
        renderMs += ms;
        audioMs += r.utterance.durationMs;
        if (spansAudio(r.utterance)) covered++;
      } catch (e) {
        failed++;
        process.stderr.write(`failed: ${req.text.slice(0, 40)}: ${(e as Error).message}\n`);
      }
    }
    let hits = 0;
    for (const req of requests) {
      try {
        if ((await service.render(req, { engineId: engine.id })).cacheHit) hits++;
      } catch {
        // counted as a miss
      }
    }
    times.sort((a, b) => a - b);
    const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
    return {
      engine: engine.id,
      lines: requests.length,
      p50RenderMs: round(percentile(times, 0.5)),
      p95RenderMs: round(percentile(times, 0.95)),
      realTimeFactor: round(audioMs > 0 ? renderMs / audioMs : 0, 3),
      secondPassCacheHitRate: round(requests.length > 0 ? hits / requests.length : 0, 3),
      trackCoverage: round(requests.length > 0 ? covered / requests.length : 0, 3),
      audioSeconds: round(audioMs / 1000),
      failed,
    };
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { engine: { type: 'string' } }, strict: true });
  const engines: SpeechEngine[] = [createSystemEngine()];
  const requests = demoRequests();
  let ok = true;
  for (const engine of engines) {
    if (values.engine !== undefined && engine.id !== values.engine) continue;
    if (!(await engine.available())) {
      process.stderr.write(`${engine.id}: not available here, skipped\n`);
      continue;
    }
    const result = await bench(engine, requests);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    if (result.secondPassCacheHitRate < 0.99) ok = false;
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
