import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpeechError, type RenderRequest, type SpeechEngine } from '../../main/speech/engine';
import { cacheKey, createRenderCache } from '../../main/speech/render-cache';
import { createSpeechService } from '../../main/speech/speech-service';
import { createSystemEngine } from '../../main/speech/system-engine';
import { decodeWav, rms } from '../../main/speech/wav';

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const LINE: RenderRequest = { text: '欢迎来到直播间，喜欢的宝宝点点关注。', locale: 'zh-CN', voice: null, rate: 1, pitch: 1 };

/** An engine that is present but always fails (a broken cloud engine, say). Not a stand-in for espeak. */
function brokenEngine(id = 'broken'): SpeechEngine & { calls: number } {
  return {
    id,
    version: '1',
    calls: 0,
    available: async () => true,
    voices: async () => [],
    async render() {
      this.calls++;
      throw new SpeechError('render-failed', 'service unreachable');
    },
  };
}

/** The real system engine, but reporting itself unavailable (e.g. espeak-ng uninstalled since). */
function unavailable(engine: SpeechEngine): SpeechEngine {
  return { id: engine.id, version: engine.version, available: async () => false, voices: () => engine.voices(), render: (r, s) => engine.render(r, s) };
}

describe.skipIf(!hasEspeak())('speech service with the render cache', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagehost-speech-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('renders once, then serves the same audio from the cache', async () => {
    const service = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    const first = await service.render(LINE);
    expect(first.cacheHit).toBe(false);
    expect(first.audioId).toMatch(/^[a-f0-9]{64}$/);
    expect(rms(decodeWav(first.utterance.wav).samples)).toBeGreaterThan(0.02);

    const t0 = performance.now();
    const second = await service.render(LINE);
    const hitMs = performance.now() - t0;
    expect(second.cacheHit).toBe(true);
    expect(second.audioId).toBe(first.audioId);
    expect(second.utterance.wav.equals(first.utterance.wav)).toBe(true);
    expect(second.utterance.track).toEqual(first.utterance.track);
    expect(second.utterance.engine).toBe('system');
    expect(hitMs).toBeLessThan(100);

    const path = service.audioPath(first.audioId);
    expect(path).not.toBeNull();
    expect(isAbsolute(path ?? '')).toBe(true);
    expect(dirname(path ?? '')).toBe(dir);
    expect((await readFile(path ?? '')).equals(first.utterance.wav)).toBe(true);
    // Nothing half-written left behind.
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('a different rate, voice or text is a different entry', async () => {
    const service = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    const a = await service.render(LINE);
    const b = await service.render({ ...LINE, rate: 1.2 });
    const c = await service.render({ ...LINE, text: `${LINE.text}好吗？` });
    expect(new Set([a.audioId, b.audioId, c.audioId]).size).toBe(3);
    expect(b.cacheHit || c.cacheHit).toBe(false);
  });

  it('detects a truncated cached WAV, throws it away and renders again', async () => {
    const service = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    const first = await service.render(LINE);
    const path = service.audioPath(first.audioId) ?? '';
    const size = (await stat(path)).size;
    await truncate(path, Math.floor(size / 2));

    const again = await service.render(LINE);
    expect(again.cacheHit).toBe(false);
    expect(again.audioId).toBe(first.audioId);
    expect((await stat(path)).size).toBe(size);
    expect((await service.render(LINE)).cacheHit).toBe(true);
  });

  it('treats a corrupt or missing track file as a miss', async () => {
    const service = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    const { audioId } = await service.render(LINE);
    const json = join(dir, `${audioId}.json`);
    const meta = JSON.parse(await readFile(json, 'utf8')) as { track: { visemes: unknown[] } };
    meta.track.visemes = [{ t: -5, id: 99 }];
    await writeFile(json, JSON.stringify(meta));
    expect((await service.render(LINE)).cacheHit).toBe(false);

    await writeFile(json, '{"format":1,');
    expect((await service.render(LINE)).cacheHit).toBe(false);

    await rm(json);
    const cache = createRenderCache(dir);
    expect(await cache.get(audioId)).toBeNull();
    expect(existsSync(join(dir, `${audioId}.wav`))).toBe(false); // orphan WAV cleaned up
  });

  it('falls back to the next engine when the chosen one fails', async () => {
    const broken = brokenEngine();
    const service = createSpeechService({ cacheDir: dir, engines: [broken, createSystemEngine()], retries: 0 });
    const r = await service.render(LINE);
    expect(broken.calls).toBe(1);
    expect(r.fallback).toBe('engine');
    expect(r.utterance.engine).toBe('system');
    expect(r.cacheHit).toBe(false);
    // asking for the system engine first skips the broken one entirely
    await service.render(LINE, { engineId: 'system' });
    expect(broken.calls).toBe(1);
    // an engine this host does not have (azure without a key) falls back too
    const other = await service.render({ ...LINE, text: '感谢关注。' }, { engineId: 'azure' });
    expect(other.utterance.engine).toBe('system');
  });

  it('keeps talking from the cache when the engine has gone away', async () => {
    const live = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    const first = await live.render(LINE);
    const offline = createSpeechService({ cacheDir: dir, engines: [unavailable(createSystemEngine())] });
    const r = await offline.render(LINE);
    expect(r.cacheHit).toBe(true);
    expect(r.audioId).toBe(first.audioId);
    await expect(offline.render({ ...LINE, text: '没有缓存的新句子。' })).rejects.toMatchObject({ code: 'engine-unavailable' });
  });

  it('fails clearly when no engine can render', async () => {
    const service = createSpeechService({ cacheDir: dir, engines: [brokenEngine('a'), brokenEngine('b')] });
    const err = await service.render(LINE).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SpeechError);
    expect((err as SpeechError).code).toBe('render-failed');
    expect((err as Error).message).toMatch(/a: service unreachable.*b: service unreachable/);
    await expect(service.render(LINE, { engineId: 'azure' })).rejects.toThrow(/azure: no such engine.*a: service unreachable/);
    await expect(createSpeechService({ cacheDir: dir, engines: [] }).render(LINE)).rejects.toMatchObject({ code: 'engine-unavailable' });
    await expect(service.render({ ...LINE, text: ' ' })).rejects.toMatchObject({ code: 'bad-input' });
    await expect(service.render({ ...LINE, rate: 7 })).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('passes an abort through without trying other engines', async () => {
    const system = createSystemEngine();
    const broken = brokenEngine();
    const service = createSpeechService({ cacheDir: dir, engines: [system, broken] });
    const ac = new AbortController();
    const pending = service.render({ ...LINE, text: Array.from({ length: 50 }, () => LINE.text).join('') }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 30);
    await expect(pending).rejects.toMatchObject({ code: 'aborted' });
    expect(broken.calls).toBe(0);
  });

  it('answers audioPath only for well-formed ids of cached audio', async () => {
    const service = createSpeechService({ cacheDir: dir, engines: [createSystemEngine()] });
    const { audioId } = await service.render(LINE);
    expect(service.audioPath(audioId)).toBe(join(dir, `${audioId}.wav`));
    for (const bad of ['../../etc/passwd', `${audioId}/../x`, audioId.toUpperCase(), audioId.slice(1), `${audioId}.wav`, '', 'a'.repeat(64)]) {
      expect(service.audioPath(bad), bad).toBeNull();
    }
  });

  it('keys the cache on engine, version, voice, rate, pitch, locale and text', () => {
    const base = { engineId: 'system', engineVersion: '1', voice: null, rate: 1, pitch: 1, locale: 'zh-CN', text: 'hi' };
    const k = cacheKey(base);
    expect(k).toMatch(/^[a-f0-9]{64}$/);
    expect(cacheKey({ ...base })).toBe(k);
    for (const change of [{ engineId: 'azure' }, { engineVersion: '2' }, { voice: 'x' }, { rate: 1.1 }, { pitch: 0.9 }, { locale: 'en-US' }, { text: 'hi!' }]) {
      expect(cacheKey({ ...base, ...change })).not.toBe(k);
    }
  });
});
