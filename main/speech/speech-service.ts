import { LocaleSchema } from '../../shared/domain';
import { TimingTrackSchema } from '../../shared/timing';
import { SpeechError, type RenderRequest, type SpeechEngine, type Utterance } from './engine';
import { cacheKey, createRenderCache, isCacheKey } from './render-cache';
import { readWavHeader } from './wav';

/**
 * Renders lines through the on-disk cache with engine fallback: the chosen engine first, then the
 * others in the order given. For each engine a cached utterance counts even when the engine cannot
 * run right now (no network, key expired), so the stream keeps talking.
 */

export interface SpeechServiceOptions {
  cacheDir: string;
  /** In order of preference for fallback. */
  engines: SpeechEngine[];
}

export interface SpeechRenderOptions {
  /** Engine to try first; default the first engine. An unknown id falls back to the others. */
  engineId?: string;
  signal?: AbortSignal;
}

export interface SpeechRenderResult {
  /** The cache key: the id by which the stage fetches the audio (see audioPath). */
  audioId: string;
  utterance: Utterance;
  cacheHit: boolean;
}

export interface SpeechService {
  readonly engines: readonly SpeechEngine[];
  render(req: RenderRequest, opts?: SpeechRenderOptions): Promise<SpeechRenderResult>;
  /** Absolute path of a cached WAV, or null for unknown or malformed ids. */
  audioPath(audioId: string): string | null;
}

function checkRequest(req: RenderRequest): void {
  if (typeof req.text !== 'string' || req.text.trim().length === 0) throw new SpeechError('bad-input', 'nothing to say: the text is empty');
  if (!LocaleSchema.safeParse(req.locale).success) throw new SpeechError('bad-input', `unsupported locale: ${String(req.locale)}`);
  for (const [name, v] of [['rate', req.rate], ['pitch', req.pitch]] as const) {
    if (typeof v !== 'number' || !(v >= 0.5 && v <= 2)) throw new SpeechError('bad-input', `${name} must be between 0.5 and 2, got ${String(v)}`);
  }
}

function checkUtterance(u: Utterance): void {
  TimingTrackSchema.parse(u.track);
  const h = readWavHeader(u.wav);
  if (h.sampleRate !== u.sampleRate) throw new Error(`utterance sample rate ${u.sampleRate} ≠ WAV ${h.sampleRate}`);
}

function isAbort(e: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true || (e instanceof SpeechError && e.code === 'aborted');
}

export function createSpeechService(opts: SpeechServiceOptions): SpeechService {
  const cache = createRenderCache(opts.cacheDir);
  const engines = [...opts.engines];
  const ids = new Set<string>();
  for (const e of engines) {
    if (ids.has(e.id)) throw new Error(`two speech engines with id "${e.id}"`);
    ids.add(e.id);
  }

  return {
    engines,
    async render(req, { engineId, signal } = {}) {
      checkRequest(req);
      if (engines.length === 0) throw new SpeechError('engine-unavailable', 'no speech engines configured');
      // An engine the settings name but this host does not have (e.g. azure without a key) is
      // treated like a failing one: the others take over, so the stream keeps talking.
      const first = engineId === undefined ? engines[0] : engines.find((e) => e.id === engineId);
      const order = first ? [first, ...engines.filter((e) => e !== first)] : engines;
      const problems: string[] = first || engineId === undefined ? [] : [`${engineId}: no such engine`];
      let anyAvailable = false;
      for (const engine of order) {
        if (signal?.aborted) throw new SpeechError('aborted', 'render aborted');
        const key = cacheKey({
          engineId: engine.id,
          engineVersion: engine.version,
          voice: req.voice,
          rate: req.rate,
          pitch: req.pitch,
          locale: req.locale,
          text: req.text,
        });
        const cached = await cache.get(key);
        if (cached) return { audioId: key, utterance: cached, cacheHit: true };
        let utterance: Utterance;
        try {
          if (!(await engine.available())) {
            problems.push(`${engine.id}: not available`);
            continue;
          }
          anyAvailable = true;
          utterance = await engine.render(req, signal);
          checkUtterance(utterance);
        } catch (e) {
          if (isAbort(e, signal)) throw new SpeechError('aborted', 'render aborted');
          problems.push(`${engine.id}: ${(e as Error).message}`);
          continue;
        }
        await cache.put(key, utterance);
        return { audioId: key, utterance, cacheHit: false };
      }
      throw new SpeechError(anyAvailable ? 'render-failed' : 'engine-unavailable', `no speech engine could render the line (${problems.join('; ')})`);
    },
    audioPath(audioId) {
      if (typeof audioId !== 'string' || !isCacheKey(audioId)) return null;
      return cache.wavPath(audioId);
    },
  };
}
