import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { azureBilledCharacters } from '../../main/speech/billing';
import { SpeechError, type RenderRequest, type SpeechEngine } from '../../main/speech/engine';
import { createRenderCache } from '../../main/speech/render-cache';
import { createSpeechService } from '../../main/speech/speech-service';
import { createSystemEngine } from '../../main/speech/system-engine';
import { decodeWav, encodeWav, rms } from '../../main/speech/wav';

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const LINE: RenderRequest = { text: '这款锅今天只要¥89，原价¥129。', locale: 'zh-CN', voice: null, rate: 1, pitch: 1 };

/** A cloud service that is down: present, but every call fails. */
function downService(id = 'cloud'): SpeechEngine & { calls: number } {
  return {
    id,
    version: '1',
    calls: 0,
    available: async () => true,
    voices: async () => [],
    async render() {
      this.calls++;
      throw new SpeechError('render-failed', 'websocket closed with 1006');
    },
  };
}

/** A cloud service that never answers (hung connection). */
function hungService(id = 'cloud'): SpeechEngine & { calls: number } {
  return {
    id,
    version: '1',
    calls: 0,
    available: async () => true,
    voices: async () => [],
    render() {
      this.calls++;
      return new Promise(() => undefined);
    },
  };
}

/**
 * A cloud voice that fails its first `failures` calls, then answers with the real espeak-ng voice;
 * billed like Azure.
 */
function flakyService(failures: number, id = 'cloud'): SpeechEngine & { calls: number } {
  const real = createSystemEngine();
  return {
    id,
    version: '1',
    calls: 0,
    available: async () => true,
    voices: async () => [],
    async render(req, signal) {
      this.calls++;
      if (this.calls <= failures) throw new SpeechError('render-failed', 'HTTP 503');
      return { ...(await real.render(req, signal)), engine: id };
    },
    billedCharacters: azureBilledCharacters,
  };
}

describe.skipIf(!hasEspeak())('speech service: normalisation, failures and fallback', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagehost-resilience-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('says the normalised reading, keyed on it, and words in the track come from the reading', async () => {
    const service = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    const r = await service.render(LINE);
    expect(r.reading).toBe('这款锅今天只要八十九元，原价一百二十九元。');
    expect(r.utterance.track.words.map((w) => w.text).join('')).not.toMatch(/\d|¥/);
    expect(rms(decodeWav(r.utterance.wav).samples)).toBeGreaterThan(0.02);
    // The same words typed differently are the same audio.
    const typedOut = await service.render({ ...LINE, text: '这款锅今天只要89元，原价129元。' });
    expect(typedOut.cacheHit).toBe(true);
    expect(typedOut.audioId).toBe(r.audioId);
    expect(service.reading('5折 3.5kg', 'zh-CN')).toBe('五折 三点五千克');
  });

  it('applies the store dictionary, and a changed dictionary is a different entry', async () => {
    let dictionary = [{ word: '锅', reading: '平底锅' }];
    const service = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()], dictionary: () => dictionary });
    const a = await service.render(LINE);
    expect(a.reading).toContain('这款平底锅');
    dictionary = [];
    const b = await service.render(LINE);
    expect(b.reading).toContain('这款锅');
    expect(b.audioId).not.toBe(a.audioId);
  });

  it('retries a failed call with backoff, and bills Chinese characters twice', async () => {
    const flaky = flakyService(1);
    const service = createSpeechService({ cacheDir: dir, engines: [flaky, createSystemEngine()], retries: 2, retryBaseMs: 10 });
    const r = await service.render(LINE);
    expect(flaky.calls).toBe(2);
    expect(r.utterance.engine).toBe('cloud');
    expect(r.fallback).toBe('none');
    const health = service.health();
    const cloud = health.engines.find((e) => e.id === 'cloud');
    expect(cloud?.state).toBe('closed');
    expect(cloud?.billedCharacters).toBe(azureBilledCharacters(r.reading));
    expect(health.billedCharacters).toBe(cloud?.billedCharacters);
    expect(azureBilledCharacters('欢迎 hi！')).toBe(2 * 2 + 3 + 2);
    // A cache hit costs nothing.
    await service.render(LINE);
    expect(service.health().billedCharacters).toBe(cloud?.billedCharacters);
  });

  it('opens the circuit after repeated failures, then lets one trial through after the cool-down', async () => {
    let clock = 1_000_000;
    const cloud = downService();
    const service = createSpeechService({
      cacheDir: dir,
      engines: [cloud, createSystemEngine()],
      retries: 0,
      breaker: { failureThreshold: 2, coolDownMs: 60_000 },
      now: () => clock,
    });
    for (const text of ['第一句。', '第二句。']) {
      const r = await service.render({ ...LINE, text });
      expect(r.utterance.engine).toBe('system');
      expect(r.fallback).toBe('engine');
    }
    expect(cloud.calls).toBe(2);
    let health = service.health().engines.find((e) => e.id === 'cloud');
    expect(health).toMatchObject({ state: 'open', consecutiveFailures: 2, lastError: 'websocket closed with 1006' });
    expect(health?.retryAt).toBe(clock + 60_000);
    // While open, the service is not called at all: the stream keeps talking through system.
    await service.render({ ...LINE, text: '第三句。' });
    expect(cloud.calls).toBe(2);
    clock += 61_000;
    expect(service.health().engines[0]?.state).toBe('half-open');
    await service.render({ ...LINE, text: '第四句。' });
    expect(cloud.calls).toBe(3);
    health = service.health().engines.find((e) => e.id === 'cloud');
    expect(health?.state).toBe('open');
    expect(service.health().fallbacks.engine).toBe(4);
  });

  it('gives up on a hung service after the timeout and falls back', async () => {
    const hung = hungService();
    const service = createSpeechService({ cacheDir: dir, engines: [hung, createSystemEngine()], retries: 0, renderTimeoutMs: { cloud: 300 } });
    const t0 = performance.now();
    const r = await service.render(LINE);
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(r.utterance.engine).toBe('system');
    expect(service.health().engines[0]?.lastError).toMatch(/timed out after 300 ms/);
  });

  it('plays cached audio of the same words in another voice when every engine fails', async () => {
    const live = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    const first = await live.render(LINE);
    const offline = createSpeechService({ cacheDir: dir, engines: [downService('a'), downService('b')], retries: 0 });
    // A different rate is a different entry, but the same words: better than silence.
    const r = await offline.render({ ...LINE, rate: 1.3 });
    expect(r.fallback).toBe('cached-text');
    expect(r.audioId).toBe(first.audioId);
    expect(r.utterance.wav.equals(first.utterance.wav)).toBe(true);
    expect(r.warnings.join(' ')).toMatch(/a: websocket closed/);
    expect(offline.health().fallbacks.cachedText).toBe(1);
    await expect(offline.render({ ...LINE, text: '从没说过的话。' })).rejects.toMatchObject({ code: 'render-failed' });
  });

  it('pre-renders a list with progress, skips duplicates, reports failures, and can be cancelled', async () => {
    const service = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    const texts = ['欢迎来到直播间。', '点点关注。', '欢迎来到直播间。', '😀😀', '今晚20:00开播。'];
    const progress: number[] = [];
    const summary = await service.prerender(
      texts.map((text) => ({ ...LINE, text })),
      { onProgress: (p) => progress.push(p.done) },
    );
    expect(summary).toMatchObject({ total: 4, rendered: 3, cacheHits: 0, failed: 1, cancelled: false });
    expect(summary.errors[0]?.error).toMatch(/nothing to say/);
    expect(summary.audioSeconds).toBeGreaterThan(1);
    expect(progress).toEqual([1, 2, 3, 4]);
    const again = await service.prerender(texts.map((text) => ({ ...LINE, text })));
    expect(again).toMatchObject({ rendered: 0, cacheHits: 3, failed: 1 });

    const ac = new AbortController();
    const many = Array.from({ length: 30 }, (_, i) => ({ ...LINE, text: `第${i + 1}号链接。` }));
    const cancelled = await service.prerender(many, { signal: ac.signal, concurrency: 1, onProgress: (p) => p.done === 2 && ac.abort() });
    expect(cancelled.cancelled).toBe(true);
    expect(cancelled.rendered).toBeLessThan(30);
  });

  it('handles bad input with a clear error or a safe rendering, never a crash', async () => {
    const service = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    await expect(service.render({ ...LINE, text: '' })).rejects.toMatchObject({ code: 'bad-input', message: /empty/ });
    await expect(service.render({ ...LINE, text: '🎉🎉👍' })).rejects.toMatchObject({ code: 'bad-input', message: /only emoji/ });
    await expect(service.render({ ...LINE, text: '<speak></speak>' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(service.render({ ...LINE, text: '好'.repeat(20_000) })).rejects.toMatchObject({ code: 'bad-input', message: /too long/ });
    await expect(service.render({ ...LINE, text: '好'.repeat(20_001) })).rejects.toMatchObject({ code: 'bad-input', message: /too long/ });
    await expect(service.render({ ...LINE, locale: 'fr-FR' as 'zh-CN' })).rejects.toMatchObject({ code: 'bad-input' });

    // Markup is read as text, never obeyed: no SSML injection into any engine.
    const ssml = await service.render({ ...LINE, text: '<speak><break time="10s"/>买一&amp;送一</speak>' });
    expect(ssml.reading).toBe('买一和送一');
    expect(ssml.utterance.durationMs).toBeLessThan(5000);
    expect(rms(decodeWav(ssml.utterance.wav).samples)).toBeGreaterThan(0.02);

    // An unknown voice: the default voice says it, and the result says why.
    const voice = await service.render({ ...LINE, voice: 'no-such-voice' });
    expect(voice.utterance.voice).toBe('cmn-latn-pinyin');
    expect(voice.warnings.join(' ')).toMatch(/no voice "no-such-voice"/);
    expect(rms(decodeWav(voice.utterance.wav).samples)).toBeGreaterThan(0.02);

    // A pause marker survives normalisation (engines make it a break) and is never read out.
    const paused = await service.render({ ...LINE, text: '快来[pause 500]下单2件' });
    expect(paused.reading).toBe('快来[pause 500]下单两件');
    expect(paused.utterance.track.words.map((w) => w.text).join('')).toBe('快来下单两件');

    // Emoji inside a line are dropped, the words are said.
    const mixed = await service.render({ ...LINE, text: '家人们🎉下单啦👍' });
    expect(mixed.reading).toBe('家人们下单啦');
  });
});

describe('render cache: size cap and integrity', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagehost-cache-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A real utterance of `seconds` of tone (what an engine would hand the cache). */
  function utterance(seconds: number) {
    const rate = 16000;
    const samples = Float32Array.from({ length: rate * seconds }, (_, i) => 0.3 * Math.sin(i / 5));
    return {
      wav: encodeWav(samples, rate),
      sampleRate: rate,
      durationMs: seconds * 1000,
      track: { source: 'text-aligned' as const, durationMs: seconds * 1000, visemes: [{ t: 0, id: 0 }], words: [] },
      engine: 'system',
      voice: null,
    };
  }
  const key = (n: number) => n.toString(16).padStart(64, '0');

  it('evicts the least recently used entries past the cap, across restarts', async () => {
    const entry = utterance(1).wav.length; // 32 044 bytes of WAV + a small JSON
    const cache = createRenderCache(dir, { maxBytes: entry * 3.5 });
    for (const n of [1, 2, 3]) {
      await cache.put(key(n), utterance(1));
      await new Promise((r) => setTimeout(r, 15));
    }
    expect(await cache.get(key(1))).not.toBeNull(); // 1 is now the most recent
    await new Promise((r) => setTimeout(r, 15));
    await cache.put(key(4), utterance(1));
    expect(cache.stats().bytes).toBeLessThanOrEqual(entry * 3.5);
    expect(await cache.get(key(2))).toBeNull();
    expect(await cache.get(key(1))).not.toBeNull();
    expect(await cache.get(key(4))).not.toBeNull();

    // A new process sees the same order from the files' access times.
    const reopened = createRenderCache(dir, { maxBytes: entry * 2.2 });
    await reopened.put(key(5), utterance(1));
    const left = (await readdir(dir)).filter((n) => n.endsWith('.wav')).map((n) => n.slice(0, -4));
    expect(left).toContain(key(5));
    expect(left.length).toBeLessThanOrEqual(2);
    expect(reopened.stats().entries).toBe(left.length);
  });

  it('detects a flipped byte in cached audio (checksum) and a truncated file', async () => {
    const cache = createRenderCache(dir);
    await cache.put(key(7), utterance(1));
    const wavPath = join(dir, `${key(7)}.wav`);
    const wav = await readFile(wavPath);
    wav[1000] = (wav[1000] ?? 0) ^ 0xff;
    await writeFile(wavPath, wav);
    expect(await cache.get(key(7))).toBeNull();
    expect((await readdir(dir)).filter((n) => n.startsWith(key(7)))).toEqual([]);

    await cache.put(key(8), utterance(1));
    const p8 = join(dir, `${key(8)}.wav`);
    await writeFile(p8, (await readFile(p8)).subarray(0, 100));
    expect(await cache.get(key(8))).toBeNull();
    await cache.put(key(9), utterance(1));
    expect(await cache.verify()).toEqual({ checked: 1, removed: 0 });
    await writeFile(join(dir, `${key(9)}.json`), '{"format":1');
    expect(await cache.verify()).toEqual({ checked: 1, removed: 1 });
    expect((await stat(dir)).isDirectory()).toBe(true);
  });
});
