import * as sdk from 'microsoft-cognitiveservices-speech-sdk';
import { z } from 'zod';
import { alignTrack, estimateTextWords } from '../../shared/align';
import type { Locale } from '../../shared/domain';
import type { TimingTrack, VisemeEvent, WordEvent } from '../../shared/timing';
import { azureBilledCharacters } from './billing';
import { SpeechError, type BlendShapeFrames, type LexiconEntry, type RenderRequest, type SpeechEngine, type Utterance, type Voice } from './engine';
import { decodeWav, encodeWav, rmsEnvelope } from './wav';

/**
 * The "azure" engine: Azure AI Speech neural voices through microsoft-cognitiveservices-speech-sdk,
 * in the host only (never the renderer).
 *   - credentials come from `getCredentials()` (the host keeps them with safeStorage);
 *   - SSML is built here, every piece of text escaped; prosody rate/pitch, `mstts:express-as`
 *     styles, `[pause N]` → `<break>`; visemes with FacialExpression blend shapes (55 values per
 *     frame at 60 fps) and word boundaries come back as events;
 *   - audio is Raw24Khz16BitMonoPcm with the synthesizer's audio output set to none, wrapped as WAV;
 *   - when the websocket fails (the SDK's known 1006 failures), the REST endpoint renders the same
 *     SSML (audio only; the track is then aligned from text).
 * Every failure is a SpeechError, so the speech service falls back to the next engine.
 */

export const AZURE_ENGINE_ID = 'azure';
/** Bump when the audio or the track this engine produces changes (it is part of the cache key). */
export const AZURE_ENGINE_VERSION = '1';

export const AzureCredentialsSchema = z
  .object({
    key: z.string().min(1).max(256),
    /** e.g. "eastasia"; or give `endpoint`. */
    region: z.string().regex(/^[a-z0-9-]{2,40}$/).optional(),
    /** Websocket endpoint (wss://…/tts/cognitiveservices/websocket/v1 or a private/test one). */
    endpoint: z.url().optional(),
    /** REST base (https://<region>.tts.speech.microsoft.com); derived from region or endpoint when absent. */
    restBase: z.url().optional(),
  })
  .refine((c) => c.region !== undefined || c.endpoint !== undefined, { message: 'region or endpoint is required' });
export type AzureCredentials = z.infer<typeof AzureCredentialsSchema>;

export interface AzureEngineOptions {
  /** Reads the key and region (or endpoint); null when the merchant has not set them. */
  getCredentials: () => Promise<AzureCredentials | null>;
  /** Speaking style for express-as (e.g. "cheerful"); per request `style` wins. Default none. */
  style?: string | null;
  /** Ask for FacialExpression blend shapes (else viseme ids only). Default true. */
  blendShapes?: boolean;
  /** Try the REST endpoint when the websocket fails. Default true. */
  restFallback?: boolean;
  /** How long a fetched voice list is kept; default 24 h. */
  voicesTtlMs?: number;
  /** Upper bound for one synthesis; default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Default neural voice per locale. */
export const AZURE_DEFAULT_VOICES: Record<Locale, string> = { 'zh-CN': 'zh-CN-XiaoxiaoNeural', 'en-US': 'en-US-JennyNeural' };

const SAMPLE_RATE = 24_000;
const TICKS_PER_MS = 10_000;
const STYLE = /^[a-z][a-z-]{0,39}$/i;
const VOICE = /^[A-Za-z]{2,3}-[A-Za-z0-9]{2,8}(?:-[A-Za-z0-9]+)*$/;

/** Escapes the five XML special characters. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/** Relative value (1 = normal) → SSML percentage ("+10%", "-20%", "+0%"). */
function percent(v: number): string {
  const p = Math.round((v - 1) * 100);
  return `${p >= 0 ? '+' : ''}${p}%`;
}

export interface SsmlOptions {
  voice: string;
  locale: string;
  rate: number;
  pitch: number;
  style?: string | null;
  blendShapes?: boolean;
  /** Words to say with `<phoneme>` or `<sub>` (longest first wins where they overlap). */
  lexicon?: readonly LexiconEntry[];
}

/** One dictionary word in SSML: `<phoneme alphabet=… ph=…>word</phoneme>` or `<sub alias=…>word</sub>`. */
function markupWord(word: string, entry: LexiconEntry): string {
  if (entry.phoneme) {
    const alphabet = entry.phoneme.alphabet === 'ipa' ? 'ipa' : 'sapi';
    return `<phoneme alphabet="${alphabet}" ph="${escapeXml(entry.phoneme.ph)}">${escapeXml(word)}</phoneme>`;
  }
  if (entry.sub !== undefined) return `<sub alias="${escapeXml(entry.sub)}">${escapeXml(word)}</sub>`;
  return escapeXml(word);
}

/** Escapes a stretch of text, marking up the lexicon's words in it. */
function textToSsml(text: string, lexicon: readonly LexiconEntry[]): string {
  const entries = lexicon.filter((e) => e.word.length > 0 && (e.phoneme !== undefined || e.sub !== undefined)).sort((a, b) => b.word.length - a.word.length);
  if (entries.length === 0) return escapeXml(text);
  const byWord = new Map(entries.map((e) => [e.word, e] as const));
  const pattern = new RegExp(entries.map((e) => e.word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const entry = byWord.get(m[0]);
    if (!entry) continue;
    out += escapeXml(text.slice(last, m.index)) + markupWord(m[0], entry);
    last = m.index + m[0].length;
  }
  return out + escapeXml(text.slice(last));
}

/**
 * SSML for one line. The text is escaped (it can never open a tag); `[pause N]` (N ms, at most
 * 10 000) becomes `<break time="Nms"/>`. Voice and style must look like names, else bad-input.
 */
export function buildSsml(text: string, o: SsmlOptions): string {
  if (!VOICE.test(o.voice)) throw new SpeechError('bad-input', `bad Azure voice name: ${JSON.stringify(o.voice)}`);
  if (o.style && !STYLE.test(o.style)) throw new SpeechError('bad-input', `bad speaking style: ${JSON.stringify(o.style)}`);
  const body = text
    .split(/(\[pause\s+\d{1,5}\])/i)
    .map((part) => {
      const m = /^\[pause\s+(\d{1,5})\]$/i.exec(part);
      return m ? `<break time="${Math.min(10_000, Number(m[1]))}ms"/>` : textToSsml(part, o.lexicon ?? []);
    })
    .join('');
  let inner = `<prosody rate="${percent(o.rate)}" pitch="${percent(o.pitch)}">${body}</prosody>`;
  if (o.style) inner = `<mstts:express-as style="${escapeXml(o.style)}">${inner}</mstts:express-as>`;
  const viseme = o.blendShapes === false ? '' : '<mstts:viseme type="FacialExpression"/>';
  return (
    `<speak version="1.0" xmlns="http://www.w3.org/2001/10/synthesis" xmlns:mstts="https://www.w3.org/2001/mstts" xml:lang="${escapeXml(o.locale)}">` +
    `<voice name="${escapeXml(o.voice)}">${viseme}${inner}</voice></speak>`
  );
}

const AnimationSchema = z.object({ FrameIndex: z.number().int().nonnegative(), BlendShapes: z.array(z.array(z.number())) });

const VoiceListSchema = z.array(
  z.looseObject({
    ShortName: z.string(),
    DisplayName: z.string().optional(),
    LocalName: z.string().optional(),
    Locale: z.string(),
    Gender: z.string().optional(),
    StyleList: z.array(z.string()).optional(),
  }),
);

/** Raw PCM 16-bit mono (or a WAV) → canonical WAV. */
function toWav(audio: ArrayBuffer): { wav: Buffer; sampleRate: number; durationMs: number; samples: Float32Array } {
  const buf = Buffer.from(audio);
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF') {
    const d = decodeWav(buf);
    return { wav: encodeWav(d.samples, d.sampleRate), sampleRate: d.sampleRate, durationMs: d.durationMs, samples: d.samples };
  }
  const n = Math.floor(buf.length / 2);
  const samples = new Float32Array(n);
  for (let i = 0; i < n; i++) samples[i] = buf.readInt16LE(i * 2) / 32768;
  return { wav: encodeWav(samples, SAMPLE_RATE), sampleRate: SAMPLE_RATE, durationMs: (n / SAMPLE_RATE) * 1000, samples };
}

function restBaseOf(c: AzureCredentials): string {
  if (c.restBase) return c.restBase.replace(/\/+$/, '');
  if (c.region) return `https://${c.region}.tts.speech.microsoft.com`;
  const u = new URL(c.endpoint ?? '');
  u.protocol = u.protocol === 'ws:' ? 'http:' : 'https:';
  return u.origin;
}

/** Ends a track with silence at the end of the audio and clamps events into it. */
function finishTrack(visemes: VisemeEvent[], words: WordEvent[], durationMs: number): TimingTrack {
  const end = Math.floor(durationMs);
  const v = visemes
    .map((e) => ({ t: Math.min(end, Math.max(0, Math.round(e.t))), id: Math.min(21, Math.max(0, Math.round(e.id))) }))
    .sort((a, b) => a.t - b.t);
  if (v.length === 0 || (v[0]?.t ?? 0) > 0) v.unshift({ t: 0, id: 0 });
  const last = v[v.length - 1];
  if (!last || last.t < end || last.id !== 0) v.push({ t: end, id: 0 });
  const w = words.map((e) => ({ text: e.text, t: Math.min(end, Math.max(0, Math.round(e.t))), d: Math.max(0, Math.round(e.d)) }));
  return { source: 'engine', durationMs, visemes: v, words: w };
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
}

export function createAzureEngine(options: AzureEngineOptions): SpeechEngine {
  const doFetch = options.fetch ?? fetch;
  const voicesTtl = options.voicesTtlMs ?? 24 * 3600_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let voiceCache: { at: number; list: Voice[]; base: string } | null = null;

  async function credentials(): Promise<AzureCredentials> {
    let raw: AzureCredentials | null;
    try {
      raw = await options.getCredentials();
    } catch (e) {
      throw new SpeechError('engine-unavailable', `cannot read the Azure key: ${errorText(e)}`);
    }
    if (!raw) throw new SpeechError('engine-unavailable', 'no Azure key set');
    const parsed = AzureCredentialsSchema.safeParse(raw);
    if (!parsed.success) throw new SpeechError('engine-unavailable', `the Azure settings are incomplete: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  function viaWebsocket(c: AzureCredentials, ssml: string, signal: AbortSignal | undefined) {
    return new Promise<{ audio: ArrayBuffer; visemes: VisemeEvent[]; words: WordEvent[]; frames: number[][] }>((resolve, reject) => {
      const config = c.endpoint ? sdk.SpeechConfig.fromEndpoint(new URL(c.endpoint), c.key) : sdk.SpeechConfig.fromSubscription(c.key, c.region ?? '');
      config.speechSynthesisOutputFormat = sdk.SpeechSynthesisOutputFormat.Raw24Khz16BitMonoPcm;
      // Audio output none: the audio comes back in the result, nothing plays on the host.
      const synth = new sdk.SpeechSynthesizer(config, null as unknown as sdk.AudioConfig);
      const visemes: VisemeEvent[] = [];
      const words: WordEvent[] = [];
      const frames: number[][] = [];
      let settled = false;
      const done = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        try {
          synth.close();
        } catch {
          // already closed
        }
        fn();
      };
      const onAbort = () => done(() => reject(new SpeechError('aborted', 'render aborted')));
      const timer = setTimeout(() => done(() => reject(new SpeechError('render-failed', `Azure did not answer within ${timeoutMs} ms`))), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      synth.visemeReceived = (_s, e) => {
        visemes.push({ t: e.audioOffset / TICKS_PER_MS, id: e.visemeId });
        if (e.animation) {
          const parsed = AnimationSchema.safeParse((() => {
            try {
              return JSON.parse(e.animation) as unknown;
            } catch {
              return null;
            }
          })());
          if (parsed.success) {
            parsed.data.BlendShapes.forEach((f, i) => {
              frames[parsed.data.FrameIndex + i] = f;
            });
          }
        }
      };
      synth.wordBoundary = (_s, e) => {
        if (e.boundaryType === sdk.SpeechSynthesisBoundaryType.Word) words.push({ text: e.text, t: e.audioOffset / TICKS_PER_MS, d: e.duration / TICKS_PER_MS });
      };
      synth.speakSsmlAsync(
        ssml,
        (result) => {
          if (result.reason === sdk.ResultReason.SynthesizingAudioCompleted && result.audioData && result.audioData.byteLength > 0) {
            done(() => resolve({ audio: result.audioData, visemes, words, frames }));
          } else {
            const details = sdk.CancellationDetails.fromResult(result);
            done(() => reject(new AzureWsError(details.errorDetails || 'synthesis cancelled', details.ErrorCode)));
          }
        },
        (err) => done(() => reject(new AzureWsError(String(err), sdk.CancellationErrorCode.ConnectionFailure))),
      );
    });
  }

  async function viaRest(c: AzureCredentials, ssml: string, signal: AbortSignal | undefined): Promise<ArrayBuffer> {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    const onAbort = () => ac.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await doFetch(`${restBaseOf(c)}/cognitiveservices/v1`, {
        method: 'POST',
        headers: {
          'Ocp-Apim-Subscription-Key': c.key,
          'Content-Type': 'application/ssml+xml',
          'X-Microsoft-OutputFormat': 'raw-24khz-16bit-mono-pcm',
          'User-Agent': 'StageHost',
        },
        body: ssml,
        signal: ac.signal,
      });
      if (!res.ok) throw new SpeechError('render-failed', `Azure REST answered ${res.status}${res.status === 401 ? ' (check the key and region)' : ''}`);
      const audio = await res.arrayBuffer();
      if (audio.byteLength < 2) throw new SpeechError('render-failed', 'Azure REST returned no audio');
      return audio;
    } catch (e) {
      if (signal?.aborted) throw new SpeechError('aborted', 'render aborted');
      if (e instanceof SpeechError) throw e;
      throw new SpeechError('render-failed', `Azure REST failed: ${errorText(e)}`);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    id: AZURE_ENGINE_ID,
    version: AZURE_ENGINE_VERSION,
    ssmlLexicon: true,
    async available() {
      try {
        await credentials();
        return true;
      } catch {
        return false;
      }
    },
    async voices() {
      const c = await credentials();
      const base = restBaseOf(c);
      if (voiceCache && voiceCache.base === base && Date.now() - voiceCache.at < voicesTtl) return voiceCache.list;
      let res: Response;
      try {
        res = await doFetch(`${base}/cognitiveservices/voices/list`, { headers: { 'Ocp-Apim-Subscription-Key': c.key }, signal: AbortSignal.timeout(10_000) });
      } catch (e) {
        if (voiceCache) return voiceCache.list;
        throw new SpeechError('render-failed', `cannot fetch the Azure voice list: ${errorText(e)}`);
      }
      if (!res.ok) {
        if (voiceCache) return voiceCache.list;
        throw new SpeechError('render-failed', `the Azure voice list answered ${res.status}`);
      }
      const parsed = VoiceListSchema.safeParse(await res.json().catch(() => null));
      if (!parsed.success) throw new SpeechError('render-failed', 'the Azure voice list is not in the expected format');
      const list: Voice[] = parsed.data.map((v) => {
        const g = v.Gender?.toLowerCase();
        const gender: Pick<Voice, 'gender'> = g === 'female' || g === 'male' || g === 'neutral' ? { gender: g } : {};
        return { id: v.ShortName, name: v.LocalName ?? v.DisplayName ?? v.ShortName, locale: v.Locale, styles: v.StyleList ?? [], ...gender };
      });
      voiceCache = { at: Date.now(), list, base };
      return list;
    },
    async render(req: RenderRequest, signal?: AbortSignal): Promise<Utterance> {
      if (signal?.aborted) throw new SpeechError('aborted', 'render aborted');
      const c = await credentials();
      const voice = req.voice ?? AZURE_DEFAULT_VOICES[req.locale];
      const ssml = buildSsml(req.text, { voice, locale: req.locale, rate: req.rate, pitch: req.pitch, style: req.style ?? options.style ?? null, blendShapes: options.blendShapes !== false, lexicon: req.lexicon ?? [] });
      let audio: ArrayBuffer;
      let visemes: VisemeEvent[] = [];
      let words: WordEvent[] = [];
      let frames: number[][] = [];
      try {
        ({ audio, visemes, words, frames } = await viaWebsocket(c, ssml, signal));
      } catch (e) {
        if (signal?.aborted || (e instanceof SpeechError && e.code === 'aborted')) throw new SpeechError('aborted', 'render aborted');
        const wsMessage = errorText(e);
        if (options.restFallback === false) throw new SpeechError('render-failed', `Azure: ${wsMessage}`);
        try {
          audio = await viaRest(c, ssml, signal);
        } catch (restError) {
          if (restError instanceof SpeechError && restError.code === 'aborted') throw restError;
          throw new SpeechError('render-failed', `Azure websocket: ${wsMessage}; REST: ${errorText(restError)}`);
        }
      }
      const pcm = toWav(audio);
      if (pcm.durationMs <= 0) throw new SpeechError('render-failed', 'Azure returned no audio');
      let track: TimingTrack;
      if (visemes.length > 0) track = finishTrack(visemes, words, pcm.durationMs);
      else {
        // REST gives audio only: the track is aligned from the text to the audio envelope.
        track = alignTrack(estimateTextWords(req.text.replace(/\[pause\s+\d+\]/gi, ' '), req.locale), rmsEnvelope(pcm.samples, pcm.sampleRate, 10), { durationMs: pcm.durationMs });
      }
      // Three decimals are far below what a face shows, and keep a 10 s line's cue (33,000 values) small on the wire.
      const dense = frames.filter((f): f is number[] => Array.isArray(f) && f.length === 55).map((f) => f.map((v) => Math.round(v * 1000) / 1000));
      const blendShapes: BlendShapeFrames | undefined = dense.length > 0 ? { fps: 60, frames: dense } : undefined;
      return { wav: pcm.wav, sampleRate: pcm.sampleRate, durationMs: pcm.durationMs, track, engine: AZURE_ENGINE_ID, voice, ...(blendShapes ? { blendShapes } : {}) };
    },
    billedCharacters: azureBilledCharacters,
  };
}

/** A websocket-path failure (kept apart so the REST fallback can say what happened first). */
class AzureWsError extends Error {
  constructor(
    message: string,
    readonly errorCode: sdk.CancellationErrorCode,
  ) {
    super(message);
    this.name = 'AzureWsError';
  }
}
