import { LocaleSchema } from '../../shared/domain';
import { hasMarkup, hasSpeakableText, normalizeText, type PronunciationDictionary } from '../../shared/normalize';
import { TimingTrackSchema } from '../../shared/timing';
import { SpeechError, type LexiconEntry, type RenderRequest, type SpeechEngine, type Utterance, type Voice } from './engine';
import { cacheKey, createRenderCache, isCacheKey, textKey, type CacheStats } from './render-cache';
import { createCircuitBreaker, withRetries, type BreakerOptions, type BreakerSnapshot, type CircuitBreaker } from './resilience';
import { readWavHeader } from './wav';

/**
 * Renders lines through the on-disk cache with failure handling, so that the stream never goes
 * silent while any voice is left:
 *
 *   1. the line's text is normalised (prices, numbers, units, dates… and the store's pronunciation
 *      dictionary) into its *reading*; the cache key uses the reading; the caption stays the
 *      caller's text;
 *   2. engines are tried in order (the chosen one, then the others): for each, a cached utterance
 *      counts even when the engine cannot run now; otherwise, if its circuit breaker lets the call
 *      through and it is available, it renders with a timeout and retries with backoff;
 *   3. when every engine fails, cached audio of the same reading in any engine or voice is played;
 *   4. only then the render fails with a SpeechError.
 * Health (breaker state, last error, failures) and billed characters are kept per engine.
 */

export interface SpeechServiceOptions {
  cacheDir: string;
  /** In order of preference for fallback. */
  engines: SpeechEngine[];
  /** Render cache size cap in bytes; default 2 GiB. */
  cacheMaxBytes?: number;
  /** The store's pronunciation dictionary, read at every render (so edits apply at once). */
  dictionary?: () => PronunciationDictionary;
  /** Upper bound for one engine attempt (or per engine id); default 45 s. */
  renderTimeoutMs?: number | Readonly<Record<string, number>>;
  /** Retries per engine after a failed attempt; default 1. */
  retries?: number;
  /** First backoff delay; doubles per retry. Default 250 ms. */
  retryBaseMs?: number;
  /** Circuit breaker per engine. */
  breaker?: BreakerOptions;
  now?: () => number;
}

export interface SpeechRenderOptions {
  /** Engine to try first; default the first engine. An unknown id falls back to the others. */
  engineId?: string;
  signal?: AbortSignal;
  /** Overrides the service's dictionary for this render. */
  dictionary?: PronunciationDictionary;
}

/** How the line came to be heard. */
export type SpeechFallback =
  /** The engine asked for (or the first engine) gave it, live or from the cache. */
  | 'none'
  /** Another engine gave it. */
  | 'engine'
  /** Every engine failed: cached audio of the same text in another engine or voice. */
  | 'cached-text';

export interface SpeechRenderResult {
  /** The cache key: the id by which the stage fetches the audio (see audioPath). */
  audioId: string;
  utterance: Utterance;
  cacheHit: boolean;
  /** What was said (the normalised text); captions keep the original text. */
  reading: string;
  fallback: SpeechFallback;
  /** Things the merchant should know (an unknown voice replaced by the default…). */
  warnings: string[];
}

export interface EngineHealth extends BreakerSnapshot {
  id: string;
  /** Characters billed by this engine since the service started. */
  billedCharacters: number;
  /** Renders this engine made (cache misses that succeeded). */
  renders: number;
}

export interface SpeechHealth {
  engines: EngineHealth[];
  billedCharacters: number;
  /** Lines heard from another engine than the one asked for / from another voice's cache. */
  fallbacks: { engine: number; cachedText: number };
  cache: CacheStats;
}

export interface PrerenderProgress {
  done: number;
  total: number;
  rendered: number;
  cacheHits: number;
  failed: number;
  /** The line just finished. */
  text: string;
}

export interface PrerenderSummary {
  total: number;
  rendered: number;
  cacheHits: number;
  failed: number;
  cancelled: boolean;
  /** Seconds of audio now ready. */
  audioSeconds: number;
  elapsedMs: number;
  /** The first failures (at most 20). */
  errors: { text: string; error: string }[];
}

export interface PrerenderOptions {
  engineId?: string;
  signal?: AbortSignal;
  onProgress?: (p: PrerenderProgress) => void;
  /** Lines rendered at once; default 2. */
  concurrency?: number;
  /** Overrides the service's dictionary for these renders. */
  dictionary?: PronunciationDictionary;
}

/** An engine's voices, or why there are none. */
export interface EngineVoices {
  engineId: string;
  available: boolean;
  voices: Voice[];
  /** Why the list is empty (no key, the service did not answer…), else null. */
  error: string | null;
}

export interface SpeechService {
  readonly engines: readonly SpeechEngine[];
  render(req: RenderRequest, opts?: SpeechRenderOptions): Promise<SpeechRenderResult>;
  /** What a line will be said as (the studio shows it). */
  reading(text: string, locale: RenderRequest['locale'], dictionary?: PronunciationDictionary): string;
  /** Renders many lines ahead of air (duplicates once); cancelling stops between lines. */
  prerender(requests: readonly RenderRequest[], opts?: PrerenderOptions): Promise<PrerenderSummary>;
  /** The voices of an engine (cached for a while); never throws: errors come back as `error`. */
  voices(engineId: string): Promise<EngineVoices>;
  /** Absolute path of a cached WAV, or null for unknown or malformed ids. */
  audioPath(audioId: string): string | null;
  health(): SpeechHealth;
}

/**
 * Where the host keeps the store's pronunciation dictionary (a PronunciationDictionary, JSON) in the
 * library's meta table.
 */
export const STORE_DICTIONARY_META_KEY = 'speech.pronunciation';

const MAX_TEXT = 20_000;
/** Longest reading one utterance may have: a line is one sentence (a 20 000-character "line" is a script). */
export const MAX_LINE_CHARS = 1000;

function checkRequest(req: RenderRequest): void {
  if (req === null || typeof req !== 'object') throw new SpeechError('bad-input', 'no line to render');
  if (typeof req.text !== 'string' || req.text.trim().length === 0) throw new SpeechError('bad-input', 'nothing to say: the text is empty');
  if (req.text.length > MAX_TEXT) throw new SpeechError('bad-input', `the line is too long: ${req.text.length} characters (at most ${MAX_TEXT}); split the script into sentences`);
  if (!LocaleSchema.safeParse(req.locale).success) throw new SpeechError('bad-input', `unsupported locale: ${String(req.locale)}`);
  if (req.voice !== null && (typeof req.voice !== 'string' || req.voice.length > 128)) throw new SpeechError('bad-input', 'bad voice name');
  if (req.style != null && (typeof req.style !== 'string' || !/^[a-z][a-z-]{0,39}$/i.test(req.style))) throw new SpeechError('bad-input', `bad speaking style: ${JSON.stringify(req.style)}`);
  for (const [name, v] of [['rate', req.rate], ['pitch', req.pitch]] as const) {
    if (typeof v !== 'number' || !(v >= 0.5 && v <= 2)) throw new SpeechError('bad-input', `${name} must be between 0.5 and 2, got ${String(v)}`);
  }
}

function checkUtterance(u: Utterance): void {
  TimingTrackSchema.parse(u.track);
  const h = readWavHeader(u.wav);
  if (h.sampleRate !== u.sampleRate) throw new Error(`utterance sample rate ${u.sampleRate} ≠ WAV ${h.sampleRate}`);
  if (!(u.durationMs > 0)) throw new Error('the engine returned no audio');
}

function isAbort(e: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (e instanceof SpeechError && e.code === 'aborted');
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const VOICE_LIST_TTL_MS = 10 * 60_000;

interface EngineState {
  engine: SpeechEngine;
  breaker: CircuitBreaker;
  billed: number;
  renders: number;
  voices: { at: number; list: Voice[] | null } | null;
}

export function createSpeechService(opts: SpeechServiceOptions): SpeechService {
  const cache = createRenderCache(opts.cacheDir, opts.cacheMaxBytes !== undefined ? { maxBytes: opts.cacheMaxBytes } : {});
  const now = opts.now ?? Date.now;
  const engines = [...opts.engines];
  const states = new Map<string, EngineState>();
  for (const e of engines) {
    if (states.has(e.id)) throw new Error(`two speech engines with id "${e.id}"`);
    states.set(e.id, { engine: e, breaker: createCircuitBreaker({ now, ...opts.breaker }), billed: 0, renders: 0, voices: null });
  }
  const fallbacks = { engine: 0, cachedText: 0 };
  const timeoutFor = (id: string): { timeoutMs?: number } => {
    const t = opts.renderTimeoutMs;
    const ms = typeof t === 'number' ? t : t?.[id];
    return ms !== undefined ? { timeoutMs: ms } : {};
  };

  function reading(text: string, locale: RenderRequest['locale'], dictionary?: PronunciationDictionary): string {
    return normalizeText(text, locale, { dictionary: dictionary ?? opts.dictionary?.() ?? [] });
  }

  /** The engine's voice list (cached); null when the engine cannot list its voices. */
  async function voiceList(state: EngineState): Promise<Voice[] | null> {
    if (state.voices && now() - state.voices.at < VOICE_LIST_TTL_MS) return state.voices.list;
    let list: Voice[] | null;
    let timer: NodeJS.Timeout | undefined;
    try {
      // A voice list that does not come within 5 s is not worth holding a line for.
      list = await Promise.race([
        state.engine.voices(),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), 5000);
        }),
      ]);
    } catch {
      list = null;
    } finally {
      clearTimeout(timer);
    }
    state.voices = { at: now(), list };
    return list;
  }

  async function render(req: RenderRequest, { engineId, signal, dictionary }: SpeechRenderOptions = {}): Promise<SpeechRenderResult> {
    checkRequest(req);
    const dict = dictionary ?? opts.dictionary?.() ?? [];
    const said = reading(req.text, req.locale, dict);
    const markup = dict.filter(hasMarkup);
    if (!hasSpeakableText(said)) {
      throw new SpeechError('bad-input', 'nothing to say: the line has no words (only emoji, markup or punctuation)');
    }
    const length = [...said].length;
    if (length > MAX_LINE_CHARS) {
      throw new SpeechError('bad-input', `the line is too long to say at once: ${length} characters (at most ${MAX_LINE_CHARS}); split it into sentences`);
    }
    if (engines.length === 0) throw new SpeechError('engine-unavailable', 'no speech engines configured');
    // An engine the settings name but this host does not have (e.g. azure without a key) is
    // treated like a failing one: the others take over, so the stream keeps talking.
    const first = engineId === undefined ? engines[0] : engines.find((e) => e.id === engineId);
    const order = first ? [first, ...engines.filter((e) => e !== first)] : engines;
    const problems: string[] = first || engineId === undefined ? [] : [`${engineId}: no such engine`];
    const warnings: string[] = [];
    const tk = textKey(req.locale, said);
    let anyAvailable = false;

    for (const engine of order) {
      if (signal?.aborted) throw new SpeechError('aborted', 'render aborted');
      const state = states.get(engine.id) as EngineState;
      const fallback: SpeechFallback = engine === first ? 'none' : 'engine';
      let voice = req.voice;
      if (voice !== null) {
        const list = await voiceList(state);
        if (list && list.length > 0 && !list.some((v) => v.id === voice || v.name === voice)) {
          warnings.push(`${engine.id}: no voice "${voice}", using the default voice`);
          voice = null;
        }
      }
      // SSML engines say dictionary words with <phoneme>/<sub>: they get the word as typed.
      let engineText = said;
      let lexicon: LexiconEntry[] = [];
      if (engine.ssmlLexicon === true && markup.length > 0) {
        const kept = normalizeText(req.text, req.locale, { dictionary: dict, keepMarkupWords: true });
        lexicon = markup
          .filter((e) => kept.includes(e.word))
          .map((e) => ({ word: e.word, ...(e.phoneme ? { phoneme: e.phoneme } : {}), ...(e.sub !== undefined ? { sub: e.sub } : {}) }));
        if (lexicon.length > 0) engineText = kept;
      }
      const engineReq: RenderRequest = { ...req, voice, text: engineText, ...(lexicon.length > 0 ? { lexicon } : {}) };
      const keyText = lexicon.length > 0 ? `${engineText}\u0000${JSON.stringify(lexicon)}` : said;
      const key = cacheKey({ engineId: engine.id, engineVersion: engine.version, voice, rate: req.rate, pitch: req.pitch, locale: req.locale, text: keyText, style: req.style ?? null });
      const cached = await cache.get(key);
      if (cached) {
        if (fallback === 'engine') fallbacks.engine++;
        return { audioId: key, utterance: cached, cacheHit: true, reading: said, fallback, warnings };
      }
      if (!state.breaker.tryAcquire()) {
        problems.push(`${engine.id}: paused after repeated failures (${state.breaker.snapshot().lastError ?? 'unknown error'})`);
        continue;
      }
      let utterance: Utterance;
      try {
        if (!(await engine.available())) {
          state.breaker.release();
          problems.push(`${engine.id}: not available`);
          continue;
        }
        anyAvailable = true;
        utterance = await withRetries(
          async (s) => {
            const u = await engine.render(engineReq, s);
            checkUtterance(u);
            return u;
          },
          {
            signal,
            ...(opts.retries !== undefined ? { retries: opts.retries } : {}),
            ...(opts.retryBaseMs !== undefined ? { baseMs: opts.retryBaseMs } : {}),
            ...timeoutFor(engine.id),
          },
        );
      } catch (e) {
        if (isAbort(e, signal)) {
          state.breaker.release();
          throw new SpeechError('aborted', 'render aborted');
        }
        if (e instanceof SpeechError && e.code === 'bad-input') state.breaker.release();
        else state.breaker.failure(message(e));
        problems.push(`${engine.id}: ${message(e)}`);
        continue;
      }
      state.breaker.success();
      state.renders++;
      state.billed += engine.billedCharacters?.(said) ?? 0;
      await cache.put(key, utterance, tk).catch((e: unknown) => warnings.push(`could not cache the line: ${message(e)}`));
      if (fallback === 'engine') fallbacks.engine++;
      return { audioId: key, utterance, cacheHit: false, reading: said, fallback, warnings };
    }

    // Every engine failed: the same words in any voice beat silence.
    const same = await cache.findByText(tk);
    if (same) {
      fallbacks.cachedText++;
      return { audioId: same.key, utterance: same.utterance, cacheHit: true, reading: said, fallback: 'cached-text', warnings: [...warnings, ...problems] };
    }
    throw new SpeechError(anyAvailable ? 'render-failed' : 'engine-unavailable', `no speech engine could render the line (${problems.join('; ')})`);
  }

  async function prerender(requests: readonly RenderRequest[], o: PrerenderOptions = {}): Promise<PrerenderSummary> {
    const started = now();
    const seen = new Set<string>();
    const unique: RenderRequest[] = [];
    for (const r of requests) {
      const id = JSON.stringify([r.text, r.locale, r.voice, r.rate, r.pitch]);
      if (!seen.has(id)) {
        seen.add(id);
        unique.push(r);
      }
    }
    const summary: PrerenderSummary = { total: unique.length, rendered: 0, cacheHits: 0, failed: 0, cancelled: false, audioSeconds: 0, elapsedMs: 0, errors: [] };
    let next = 0;
    let done = 0;
    const worker = async () => {
      for (;;) {
        if (o.signal?.aborted) {
          summary.cancelled = true;
          return;
        }
        const i = next++;
        const req = unique[i];
        if (req === undefined) return;
        try {
          const r = await render(req, {
            ...(o.engineId !== undefined ? { engineId: o.engineId } : {}),
            ...(o.signal ? { signal: o.signal } : {}),
            ...(o.dictionary ? { dictionary: o.dictionary } : {}),
          });
          if (r.cacheHit) summary.cacheHits++;
          else summary.rendered++;
          summary.audioSeconds += r.utterance.durationMs / 1000;
        } catch (e) {
          if (isAbort(e, o.signal)) {
            summary.cancelled = true;
            return;
          }
          summary.failed++;
          if (summary.errors.length < 20) summary.errors.push({ text: req.text, error: message(e) });
        }
        done++;
        o.onProgress?.({ done, total: unique.length, rendered: summary.rendered, cacheHits: summary.cacheHits, failed: summary.failed, text: req.text });
      }
    };
    const n = Math.max(1, Math.min(8, o.concurrency ?? 2));
    await Promise.all(Array.from({ length: n }, worker));
    summary.audioSeconds = Math.round(summary.audioSeconds * 10) / 10;
    summary.elapsedMs = now() - started;
    return summary;
  }

  return {
    engines,
    render,
    reading,
    prerender,
    async voices(engineId) {
      const state = states.get(engineId);
      if (!state) return { engineId, available: false, voices: [], error: `no such engine: ${engineId}` };
      let available: boolean;
      try {
        available = await state.engine.available();
      } catch (e) {
        return { engineId, available: false, voices: [], error: message(e) };
      }
      if (!available) return { engineId, available: false, voices: [], error: 'not available' };
      if (state.voices?.list && now() - state.voices.at < VOICE_LIST_TTL_MS) return { engineId, available, voices: state.voices.list, error: null };
      let timer: NodeJS.Timeout | undefined;
      try {
        const list = await Promise.race([
          state.engine.voices(),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('the voice list did not come within 10 s')), 10_000);
          }),
        ]);
        state.voices = { at: now(), list };
        return { engineId, available, voices: list, error: null };
      } catch (e) {
        return { engineId, available, voices: [], error: message(e) };
      } finally {
        clearTimeout(timer);
      }
    },
    audioPath(audioId) {
      if (typeof audioId !== 'string' || !isCacheKey(audioId)) return null;
      return cache.wavPath(audioId);
    },
    health() {
      const list = engines.map((e) => {
        const s = states.get(e.id) as EngineState;
        return { id: e.id, ...s.breaker.snapshot(), billedCharacters: s.billed, renders: s.renders };
      });
      return {
        engines: list,
        billedCharacters: list.reduce((n, e) => n + e.billedCharacters, 0),
        fallbacks: { ...fallbacks },
        cache: cache.stats(),
      };
    },
  };
}
