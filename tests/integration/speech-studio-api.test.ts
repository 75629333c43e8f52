import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineVoicesInfo, ListenClip, PrerenderProgressEvent, ReadingLine } from '../../shared/api-speech-studio';
import type { AsRunEntry, LibrarySnapshot } from '../../shared/domain';
import type { PronunciationDictionary } from '../../shared/normalize';
import { createHost, type StageHost } from '../../main/host/create-host';
import type { CallerContext } from '../../main/host/host';
import { decodeWav } from '../../main/speech/wav';

const seedsDir = fileURLToPath(new URL('../../seeds', import.meta.url));
const studio: CallerContext = { connectionId: 'studio', page: 'studio' };
const stage: CallerContext = { connectionId: 'stage', page: 'stage' };

async function open(locale: 'zh-CN' | 'en-US' = 'zh-CN', dataDir = mkdtempSync(join(tmpdir(), 'stagehost-speech-studio-'))): Promise<StageHost> {
  return createHost({ dataDir, locale, seedsDir, log: () => {}, resume: false });
}

function rms(samples: Float32Array): number {
  let s = 0;
  for (const v of samples) s += v * v;
  return Math.sqrt(s / Math.max(1, samples.length));
}

describe('host: speech as the studio uses it (real espeak-ng)', () => {
  let host: StageHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  it('gives each resolved line of a script its reading, duration estimate and billed characters', async () => {
    host = await open('zh-CN');
    const r = (await host.handle('speech.reading', { text: '今天只要¥199！{快来|赶紧}下单。' }, studio)) as { locale: string; lines: ReadingLine[] };
    expect(r.locale).toBe('zh-CN');
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toMatchObject({ text: '今天只要¥199！', reading: expect.stringContaining('一百九十九元') });
    // 今天只要一百九十九元！: 10 Han characters (×2) + a full-width "！" (×2).
    expect(r.lines[0]?.billedCharacters).toBe(22);
    expect(r.lines[0]?.estimatedMs).toBeGreaterThan(1500);
    expect(r.lines[0]?.estimatedMs).toBeLessThan(4000);
    expect(r.lines[1]?.text).toBe('快来下单。');
    // Resolved lines from the studio's own preview are read as given.
    const given = (await host.handle('speech.reading', { lines: ['Only $19.99 today'], locale: 'en-US' }, studio)) as { lines: ReadingLine[] };
    expect(given.lines[0]?.reading).toMatch(/nineteen dollars/i);
    await expect(host.handle('speech.reading', { locale: 'zh-CN' }, studio)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(host.handle('speech.reading', { text: 'x' }, stage)).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lists at least one system voice, and says why Azure has none without a key', async () => {
    host = await open();
    const { engines } = (await host.handle('speech.voices', {}, studio)) as { engines: EngineVoicesInfo[] };
    const system = engines.find((e) => e.engineId === 'system');
    expect(system?.available).toBe(true);
    expect(system?.voices.length).toBeGreaterThan(0);
    expect(system?.voices.some((v) => v.locale === 'zh-CN')).toBe(true);
    expect(system?.voices.some((v) => v.gender === 'male' || v.gender === 'female')).toBe(true);
    const azure = engines.find((e) => e.engineId === 'azure');
    expect(azure).toMatchObject({ available: false, voices: [] });
    expect(azure?.error).toBeTruthy();
  });

  it('Listen renders the first line as audible audio with a track spanning it, off air and out of the as-run log', async () => {
    host = await open();
    const before = ((await host.handle('asrun.tail', { limit: 50 }, studio)) as AsRunEntry[]).length;
    const { clips } = (await host.handle('speech.listen', { text: '欢迎来到直播间。今天的福利很多。' }, studio)) as { clips: ListenClip[] };
    expect(clips).toHaveLength(1);
    const clip = clips[0]!;
    expect(clip).toMatchObject({ text: '欢迎来到直播间。', engine: 'system', fallback: 'none' });
    const path = host.mediaPath(clip.audioId);
    expect(path).toBeTruthy();
    const wav = decodeWav(readFileSync(path!));
    expect(wav.durationMs).toBeGreaterThan(500);
    expect(Math.abs(wav.durationMs - clip.durationMs)).toBeLessThan(5);
    expect(rms(wav.samples)).toBeGreaterThan(0.01);
    // The track spans the audio: ends within 150 ms of it and has mouth movement in between.
    expect(Math.abs(clip.track.durationMs - clip.durationMs)).toBeLessThan(150);
    const last = clip.track.visemes[clip.track.visemes.length - 1]!;
    expect(Math.abs(last.t - clip.durationMs)).toBeLessThan(150);
    expect(clip.track.visemes.filter((v) => v.id !== 0).length).toBeGreaterThan(3);
    // Two lines when asked; a script by id; overrides of rate make it shorter.
    const two = (await host.handle('speech.listen', { text: '欢迎来到直播间。今天的福利很多。', maxLines: 2 }, studio)) as { clips: ListenClip[] };
    expect(two.clips.map((c) => c.text)).toEqual(['欢迎来到直播间。', '今天的福利很多。']);
    expect(two.clips[0]?.cacheHit).toBe(true);
    const fast = (await host.handle('speech.listen', { text: '欢迎来到直播间。', rate: 1.8 }, studio)) as { clips: ListenClip[] };
    expect(fast.clips[0]!.durationMs).toBeLessThan(clip.durationMs * 0.8);
    const snap = (await host.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    const script = snap.scripts[0]!;
    const byId = (await host.handle('speech.listen', { scriptId: script.id }, studio)) as { clips: ListenClip[] };
    expect(byId.clips).toHaveLength(1);
    expect(((await host.handle('asrun.tail', { limit: 50 }, studio)) as AsRunEntry[]).length).toBe(before);
    await expect(host.handle('speech.listen', { text: '😀😀' }, studio)).rejects.toMatchObject({ code: 'bad-request' });
    await expect(host.handle('speech.listen', { scriptId: 'no-such-script' }, studio)).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('keeps the pronunciation dictionary in the library and applies it to the reading and to what is heard', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'stagehost-speech-studio-'));
    host = await open('zh-CN', dataDir);
    const entries: PronunciationDictionary = [
      { word: 'SK-II', reading: '艾斯开兔', sub: 'S K two' },
      { word: '行货', reading: '杭货', phoneme: { alphabet: 'sapi', ph: 'hang 2 huo 4' } },
    ];
    const saved = (await host.handle('speech.setDictionary', { entries }, studio)) as { entries: PronunciationDictionary };
    expect(saved.entries).toEqual(entries);
    expect(((await host.handle('speech.dictionary', {}, studio)) as { entries: PronunciationDictionary }).entries).toEqual(entries);
    const r = (await host.handle('speech.reading', { text: 'SK-II神仙水是行货' }, studio)) as { lines: ReadingLine[] };
    expect(r.lines[0]?.reading).toBe('艾斯开兔神仙水是杭货');
    const heard = (await host.handle('speech.listen', { text: 'SK-II神仙水是行货' }, studio)) as { clips: ListenClip[] };
    expect(heard.clips[0]?.reading).toBe('艾斯开兔神仙水是杭货');
    // Persisted: the host opened again on the same data dir reads it back.
    await host.close();
    host = await open('zh-CN', dataDir);
    expect(((await host.handle('speech.dictionary', {}, studio)) as { entries: PronunciationDictionary }).entries).toEqual(entries);
    await expect(host.handle('speech.setDictionary', { entries: [{ word: '', reading: 'x' }] }, studio)).rejects.toMatchObject({ code: 'bad-request' });
    await host.handle('speech.setDictionary', { entries: [] }, studio);
    const plain = (await host.handle('speech.reading', { text: 'SK-II神仙水是行货' }, studio)) as { lines: ReadingLine[] };
    expect(plain.lines[0]?.reading).toBe('SK-II神仙水是行货');
  });

  it('pre-renders in the background with progress in order, and a second pass comes from the cache', async () => {
    host = await open();
    const events: PrerenderProgressEvent[] = [];
    host.subscribe((event, payload) => {
      if (event === 'speech.prerenderProgress') events.push(payload as PrerenderProgressEvent);
    });
    const snap = (await host.handle('library.snapshot', {}, studio)) as LibrarySnapshot;
    const playlistId = snap.playlists[0]!.id;
    const { jobId, total } = (await host.handle('speech.prerender', { playlistId }, studio)) as { jobId: string; total: number };
    expect(total).toBeGreaterThan(2);
    const finished = await waitFor(() => events.find((e) => e.jobId === jobId && e.finished), 120_000);
    const mine = events.filter((e) => e.jobId === jobId);
    expect(mine.map((e) => e.done)).toEqual([...Array.from({ length: total }, (_, i) => i + 1), total]);
    expect(finished).toMatchObject({ total, cancelled: false, failed: 0, done: total });
    expect(finished.rendered + finished.cacheHits).toBe(total);
    events.length = 0;
    const again = (await host.handle('speech.prerender', { playlistId }, studio)) as { jobId: string };
    const second = await waitFor(() => events.find((e) => e.jobId === again.jobId && e.finished), 60_000);
    expect(second.cacheHits).toBe(total);
    await expect(host.handle('speech.prerender', { playlistId: 'nope' }, studio)).rejects.toMatchObject({ code: 'bad-request' });
  }, 180_000);

  it('cancel stops a pre-render between lines with a cancelled event', async () => {
    host = await open();
    const events: PrerenderProgressEvent[] = [];
    let cancel: (() => void) | null = null;
    host.subscribe((event, payload) => {
      if (event !== 'speech.prerenderProgress') return;
      const p = payload as PrerenderProgressEvent;
      events.push(p);
      if (!p.finished && cancel) {
        cancel();
        cancel = null;
      }
    });
    const { jobId, total } = (await host.handle('speech.prerender', {}, studio)) as { jobId: string; total: number };
    const h = host;
    cancel = () => void h.handle('speech.prerenderCancel', { jobId }, studio);
    const last = await waitFor(() => events.find((e) => e.jobId === jobId && e.finished), 120_000);
    expect(total).toBeGreaterThan(4);
    expect(last.cancelled).toBe(true);
    expect(last.rendered + last.cacheHits).toBeLessThan(total);
    expect(last.done).toBeLessThan(total);
    expect(((await host.handle('speech.prerenderCancel', { jobId }, studio)) as { cancelled: boolean }).cancelled).toBe(false);
  }, 180_000);
});

async function waitFor<T>(fn: () => T | undefined, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
