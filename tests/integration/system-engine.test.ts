import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SpeechError, type RenderRequest, type Utterance } from '../../main/speech/engine';
import { createSystemEngine, espeakPitch, espeakRate } from '../../main/speech/system-engine';
import { decodeWav, rms, rmsEnvelope } from '../../main/speech/wav';
import { TimingTrackSchema, type TimingTrack } from '../../shared/timing';

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ZH = '欢迎来到直播间，今天给大家带来好物。';
const EN = 'Welcome to the live room, today we bring you some great things.';

const req = (text: string, locale: 'zh-CN' | 'en-US', extra: Partial<RenderRequest> = {}): RenderRequest => ({
  text,
  locale,
  voice: null,
  rate: 1,
  pitch: 1,
  ...extra,
});

function visemeAt(track: TimingTrack, t: number): number {
  let id = 0;
  for (const v of track.visemes) {
    if (v.t <= t) id = v.id;
    else break;
  }
  return id;
}

/** Checks what a viewer would notice: audible speech, a mouth that moves with it and stops with it. */
function expectLipSync(u: Utterance) {
  const audio = decodeWav(u.wav);
  expect(audio.channels).toBe(1);
  expect(audio.bitsPerSample).toBe(16);
  expect(audio.sampleRate).toBe(u.sampleRate);
  expect(audio.durationMs).toBeCloseTo(u.durationMs, 3);
  expect(rms(audio.samples)).toBeGreaterThan(0.02); // clearly audible, not silence

  const track = TimingTrackSchema.parse(u.track);
  const last = track.visemes[track.visemes.length - 1];
  expect(last?.id).toBe(0);
  expect(Math.abs((last?.t ?? 0) - audio.durationMs)).toBeLessThanOrEqual(150);
  expect(Math.abs(track.durationMs - audio.durationMs)).toBeLessThanOrEqual(1);

  // Loud frames (clear speech) should show an open or moving mouth; pauses (150 ms or more of
  // digital silence, not the short closures inside words) a mouth at rest.
  const env = rmsEnvelope(audio.samples, audio.sampleRate, 10);
  const peak = Math.max(...Array.from(env.rms));
  let loud = 0;
  let loudMoving = 0;
  for (let i = 0; i < env.rms.length; i++) {
    if ((env.rms[i] ?? 0) > peak * 0.2) {
      loud++;
      if (visemeAt(track, (i + 0.5) * env.frameMs) !== 0) loudMoving++;
    }
  }
  expect(loud).toBeGreaterThan(20);
  expect(loudMoving / loud).toBeGreaterThan(0.95);
  for (let i = 0; i < env.rms.length; ) {
    let j = i;
    while (j < env.rms.length && (env.rms[j] ?? 0) < 1e-4) j++;
    if ((j - i) * env.frameMs >= 150) {
      // the middle of the pause (its edges may hold a closing consonant)
      for (let k = i + 5; k < j - 5; k++) expect(visemeAt(track, (k + 0.5) * env.frameMs), `pause at ${k * env.frameMs} ms`).toBe(0);
    }
    i = Math.max(j, i + 1);
  }
  return { audio, track };
}

describe.skipIf(!hasEspeak())('system engine on Linux (espeak-ng)', () => {
  const engine = createSystemEngine();

  it('is available and lists Mandarin and English voices', async () => {
    expect(engine.id).toBe('system');
    expect(await engine.available()).toBe(true);
    const voices = await engine.voices();
    expect(voices.map((v) => v.id)).toEqual(expect.arrayContaining(['cmn', 'cmn-latn-pinyin', 'en-us']));
    expect(voices.find((v) => v.id === 'en-us')?.locale).toBe('en-US');
    expect(voices.find((v) => v.id === 'cmn-latn-pinyin')?.locale).toBe('zh-CN');
  });

  it('speaks a Mandarin line with a track that follows the audio', async () => {
    const u = await engine.render(req(ZH, 'zh-CN'));
    expect(u.engine).toBe('system');
    expect(u.voice).toBe('cmn-latn-pinyin');
    const { track } = expectLipSync(u);
    // one caption word per character, in order, inside the audio
    expect(track.words.map((w) => w.text).join('')).toBe('欢迎来到直播间今天给大家带来好物');
    for (let i = 1; i < track.words.length; i++) expect(track.words[i]?.t).toBeGreaterThanOrEqual(track.words[i - 1]?.t ?? 0);
    // the comma is a pause: the mouth rests somewhere between 间 and 今
    const jian = track.words[6];
    const jin = track.words[7];
    expect(jian && jin).toBeTruthy();
    const gapStart = (jian?.t ?? 0) + (jian?.d ?? 0);
    expect(jin?.t ?? 0).toBeGreaterThan(gapStart + 50);
    expect(visemeAt(track, (gapStart + (jin?.t ?? 0)) / 2)).toBe(0);
  });

  it('speaks an English line with a track that follows the audio', async () => {
    const u = await engine.render(req(EN, 'en-US'));
    expect(u.voice).toBe('en-us');
    const { track } = expectLipSync(u);
    expect(track.words.map((w) => w.text)).toEqual(EN.replace(/[,.]/g, '').split(' '));
  });

  it('speaks faster at a higher rate', async () => {
    const normal = await engine.render(req(EN, 'en-US'));
    const fast = await engine.render(req(EN, 'en-US', { rate: 2 }));
    expect(fast.durationMs).toBeLessThan(normal.durationMs * 0.7);
    expect(espeakRate(1)).toBe(175);
    expect(espeakPitch(1)).toBe(50);
    expect(espeakPitch(2)).toBe(99);
  });

  it('reads odd text as text: leading "-", markup, quotes, newlines, emoji', async () => {
    for (const text of ['-v en -s 900 hello', '<speak>&amp;</speak>', 'He said "it\'s $5" \n and left', '--help', '\u0001 control']) {
      const u = await engine.render(req(text, 'en-US'));
      expect(rms(decodeWav(u.wav).samples), text).toBeGreaterThan(0.02);
      expect(TimingTrackSchema.safeParse(u.track).success).toBe(true);
      // "-s 900" was not taken as a rate: this is a couple of seconds of speech, not a blip
      if (text.startsWith('-v')) expect(u.durationMs).toBeGreaterThan(1500);
    }
    for (const [text, locale] of [['😀🎉', 'en-US'], ['😀', 'zh-CN'], ['…', 'zh-CN']] as const) {
      const u = await engine.render(req(text, locale));
      const track = TimingTrackSchema.parse(u.track);
      expect(Math.abs((track.visemes.at(-1)?.t ?? 0) - u.durationMs)).toBeLessThanOrEqual(150);
    }
  });

  it('rejects empty text and voices that look like options', async () => {
    await expect(engine.render(req('   ', 'en-US'))).rejects.toMatchObject({ code: 'bad-input' });
    await expect(engine.render(req('hi', 'en-US', { voice: '--stdout' }))).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('stops rendering when aborted', async () => {
    const long = Array.from({ length: 80 }, () => EN).join(' ');
    const ac = new AbortController();
    const started = Date.now();
    const pending = engine.render(req(long, 'en-US'), ac.signal);
    setTimeout(() => ac.abort(), 30);
    const err = await pending.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SpeechError);
    expect((err as SpeechError).code).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1000);

    const already = new AbortController();
    already.abort();
    await expect(engine.render(req('hello', 'en-US'), already.signal)).rejects.toMatchObject({ code: 'aborted' });
  });

  it('gives up after its timeout', async () => {
    const slow = createSystemEngine({ timeoutMs: 1 });
    await expect(slow.render(req(Array.from({ length: 40 }, () => EN).join(' '), 'en-US'))).rejects.toMatchObject({
      code: 'render-failed',
      message: expect.stringMatching(/timed out/),
    });
  });

  it('reports a missing binary as unavailable', async () => {
    const missing = createSystemEngine({ espeakPath: '/nonexistent/espeak-ng' });
    expect(await missing.available()).toBe(false);
    await expect(missing.render(req('hello', 'en-US'))).rejects.toMatchObject({ code: 'engine-unavailable' });
  });
});
