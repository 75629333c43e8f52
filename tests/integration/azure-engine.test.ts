import type { PronunciationEntry } from '../../shared/normalize';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSsml, createAzureEngine, escapeXml, type AzureCredentials } from '../../main/speech/azure-engine';
import { azureBilledCharacters } from '../../main/speech/billing';
import { SpeechError } from '../../main/speech/engine';
import { createSpeechService } from '../../main/speech/speech-service';
import { createSystemEngine } from '../../main/speech/system-engine';
import { decodeWav, rms } from '../../main/speech/wav';
import { startAzureFake, type AzureFake } from '../support/azure-fake';

function hasEspeak(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ZH = { text: '欢迎来到直播间，今天的锅只要89元。', locale: 'zh-CN' as const, voice: null, rate: 1, pitch: 1 };

function credentialsOf(fake: AzureFake, key = fake.key): () => Promise<AzureCredentials> {
  return async () => ({ key, endpoint: fake.wsUrl, restBase: fake.restBase });
}

describe('SSML', () => {
  it('escapes every special character, so text can never open a tag', () => {
    expect(escapeXml(`a & b < c > d " e ' f`)).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    const ssml = buildSsml('</prosody></voice><voice name="evil">x & "y"', { voice: 'zh-CN-XiaoxiaoNeural', locale: 'zh-CN', rate: 1, pitch: 1 });
    expect(ssml.match(/<voice /g)).toHaveLength(1);
    expect(ssml).toContain('&lt;/prosody&gt;&lt;/voice&gt;&lt;voice name=&quot;evil&quot;&gt;x &amp; &quot;y&quot;');
  });
  it('maps rate, pitch, style and [pause N]; rejects odd voice and style names', () => {
    const ssml = buildSsml('快来[pause 800]下单', { voice: 'zh-CN-XiaoxiaoNeural', locale: 'zh-CN', rate: 1.2, pitch: 0.9, style: 'cheerful' });
    expect(ssml).toContain('<mstts:viseme type="FacialExpression"/>');
    expect(ssml).toContain('<mstts:express-as style="cheerful"><prosody rate="+20%" pitch="-10%">快来<break time="800ms"/>下单</prosody></mstts:express-as>');
    expect(() => buildSsml('x', { voice: 'a"><evil', locale: 'zh-CN', rate: 1, pitch: 1 })).toThrow(SpeechError);
    expect(() => buildSsml('x', { voice: 'zh-CN-XiaoxiaoNeural', locale: 'zh-CN', rate: 1, pitch: 1, style: 'x"y' })).toThrow(/style/);
  });
  it('bills Chinese characters twice', () => {
    expect(azureBilledCharacters('欢迎!')).toBe(5);
    expect(azureBilledCharacters('hello')).toBe(5);
  });
});

describe('azure engine through the real SDK against a local service', () => {
  let fake: AzureFake;
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stagehost-azure-'));
  });
  afterEach(async () => {
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('renders audio with viseme, word and blend-shape tracks from the service', async () => {
    fake = await startAzureFake();
    const engine = createAzureEngine({ getCredentials: credentialsOf(fake), style: 'cheerful' });
    expect(await engine.available()).toBe(true);
    const u = await engine.render({ ...ZH, text: '欢迎 & "你好" [pause 300] hi', rate: 1.1 });
    expect(fake.received).toHaveLength(1);
    const ssml = fake.received[0]?.ssml ?? '';
    expect(fake.received[0]?.transport).toBe('ws');
    expect(ssml).toContain('<voice name="zh-CN-XiaoxiaoNeural">');
    expect(ssml).toContain('<mstts:express-as style="cheerful"><prosody rate="+10%" pitch="+0%">欢迎 &amp; &quot;你好&quot; <break time="300ms"/> hi</prosody>');

    expect(u.sampleRate).toBe(24_000);
    const wav = decodeWav(u.wav);
    expect(wav.sampleRate).toBe(24_000);
    expect(rms(wav.samples)).toBeGreaterThan(0.05);
    expect(u.track.source).toBe('engine');
    expect(u.track.words.map((w) => w.text)).toEqual(['欢', '迎', '你', '好', 'hi']);
    expect(u.track.words[1]).toMatchObject({ t: 350, d: 230 });
    expect(u.track.visemes.some((v) => v.id === 2)).toBe(true);
    expect(u.track.visemes[u.track.visemes.length - 1]).toEqual({ t: Math.floor(u.durationMs), id: 0 });
    expect(u.blendShapes?.fps).toBe(60);
    expect(u.blendShapes?.frames.length).toBe(5 * 15);
    expect(u.blendShapes?.frames.every((f) => f.length === 55)).toBe(true);
  });

  it('fetches the voice list once and keeps it', async () => {
    fake = await startAzureFake();
    const engine = createAzureEngine({ getCredentials: credentialsOf(fake) });
    const voices = await engine.voices();
    expect(voices.map((v) => v.id)).toEqual(['zh-CN-XiaoxiaoNeural', 'en-US-JennyNeural']);
    expect(voices[0]).toMatchObject({ name: '晓晓', locale: 'zh-CN', styles: ['cheerful', 'chat'] });
    await engine.voices();
    expect(fake.voiceListCalls).toBe(1);
  });

  it('falls back to REST when the websocket dies mid-stream', async () => {
    fake = await startAzureFake({ mode: 'close-mid-stream' });
    const engine = createAzureEngine({ getCredentials: credentialsOf(fake) });
    const u = await engine.render(ZH);
    expect(fake.received.map((r) => r.transport)).toEqual(['ws', 'rest']);
    expect(u.engine).toBe('azure');
    expect(u.track.source).toBe('text-aligned');
    expect(u.track.visemes.some((v) => v.id !== 0)).toBe(true);
    expect(rms(decodeWav(u.wav).samples)).toBeGreaterThan(0.05);
  });

  it('fails with a SpeechError on a wrong key, a refused connection, or a service that dies', async () => {
    fake = await startAzureFake({ mode: 'unauthorized' });
    const engine = createAzureEngine({ getCredentials: credentialsOf(fake) });
    await expect(engine.render(ZH)).rejects.toMatchObject({ name: 'SpeechError', code: 'render-failed', message: /401/ });

    const refused = createAzureEngine({ getCredentials: async () => ({ key: 'k', endpoint: 'ws://127.0.0.1:1/x/tts', restBase: 'http://127.0.0.1:1' }) });
    await expect(refused.render(ZH)).rejects.toMatchObject({ code: 'render-failed', message: /ECONNREFUSED/ });

    await fake.close();
    fake = await startAzureFake({ mode: 'broken' });
    const broken = createAzureEngine({ getCredentials: credentialsOf(fake) });
    await expect(broken.render(ZH)).rejects.toMatchObject({ code: 'render-failed', message: /1006/ });

    const none = createAzureEngine({ getCredentials: async () => null });
    expect(await none.available()).toBe(false);
    await expect(none.render(ZH)).rejects.toMatchObject({ code: 'engine-unavailable' });
  });

  it('says dictionary words with <phoneme>/<sub> on Azure while the system voice gets the reading', async () => {
    fake = await startAzureFake();
    const dictionary: PronunciationEntry[] = [
      { word: '行货', reading: '杭货', phoneme: { alphabet: 'sapi' as const, ph: 'hang 2 huo 4' } },
      { word: 'SK-II', reading: '艾斯开兔', sub: 'S K two' },
      { word: '199', reading: '幺九九' },
    ];
    const service = createSpeechService({ cacheDir: dir, engines: [createAzureEngine({ getCredentials: credentialsOf(fake) })], dictionary: () => dictionary });
    const line = { ...ZH, text: 'SK-II是行货，只要199元。' };
    const r = await service.render(line, { engineId: 'azure' });
    const ssml = fake.received[0]?.ssml ?? '';
    expect(ssml).toContain('<sub alias="S K two">SK-II</sub>是<phoneme alphabet="sapi" ph="hang 2 huo 4">行货</phoneme>，只要幺九九元。');
    // The studio shows the plain reading; a plain entry (199) still applies on Azure.
    expect(r.reading).toBe('艾斯开兔是杭货，只要幺九九元。');
    expect((await service.render(line, { engineId: 'azure' })).cacheHit).toBe(true);
    // A changed phonetic spelling is a different rendering, not a stale cache hit.
    dictionary[0] = { word: '行货', reading: '杭货', phoneme: { alphabet: 'sapi', ph: 'xing 2 huo 4' } };
    expect((await service.render(line, { engineId: 'azure' })).cacheHit).toBe(false);
    expect(fake.received[1]?.ssml).toContain('ph="xing 2 huo 4"');
  });

  it('caches Azure utterances with their blend shapes and counts billed characters', async () => {
    fake = await startAzureFake();
    const service = createSpeechService({ cacheDir: dir, engines: [createAzureEngine({ getCredentials: credentialsOf(fake) })] });
    const first = await service.render(ZH, { engineId: 'azure' });
    expect(first.reading).toBe('欢迎来到直播间，今天的锅只要八十九元。');
    expect(fake.received[0]?.ssml).toContain('八十九元');
    const second = await service.render(ZH, { engineId: 'azure' });
    expect(second.cacheHit).toBe(true);
    expect(second.utterance.blendShapes?.frames.length).toBe(first.utterance.blendShapes?.frames.length);
    expect(fake.received).toHaveLength(1);
    expect(service.health().billedCharacters).toBe(azureBilledCharacters(first.reading));
    // An unknown voice name: the service checks the fetched list and uses the default voice.
    const odd = await service.render({ ...ZH, text: '谢谢。', voice: 'zh-CN-NobodyNeural' }, { engineId: 'azure' });
    expect(odd.warnings.join(' ')).toMatch(/no voice "zh-CN-NobodyNeural"/);
    expect(odd.utterance.voice).toBe('zh-CN-XiaoxiaoNeural');
  });

  it.skipIf(!hasEspeak())('keeps the stream talking with the system voice when Azure fails', async () => {
    fake = await startAzureFake({ mode: 'unauthorized' });
    const service = createSpeechService({
      cacheDir: dir,
      engines: [createAzureEngine({ getCredentials: credentialsOf(fake) }), createSystemEngine()],
      retries: 0,
      breaker: { failureThreshold: 2, coolDownMs: 60_000 },
    });
    const a = await service.render(ZH, { engineId: 'azure' });
    expect(a.utterance.engine).toBe('system');
    expect(a.fallback).toBe('engine');
    expect(rms(decodeWav(a.utterance.wav).samples)).toBeGreaterThan(0.02);
    await service.render({ ...ZH, text: '第二句。' }, { engineId: 'azure' });
    const health = service.health().engines.find((e) => e.id === 'azure');
    expect(health).toMatchObject({ state: 'open', consecutiveFailures: 2 });
    expect(health?.lastError).toMatch(/401/);
    expect(service.health().billedCharacters).toBe(0);
  });
});
