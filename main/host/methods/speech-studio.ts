import { randomUUID } from 'node:crypto';
import type { SpeechStudioMethods, PrerenderProgressEvent } from '../../../shared/api-speech-studio';
import type { Locale, Product } from '../../../shared/domain';
import { resolveScript } from '../../../shared/templating';
import { scopeFor } from '../../playout/rundown';
import { readStoreDictionary, writeStoreDictionary } from '../../speech/dictionary-store';
import { SpeechError } from '../../speech/engine';
import { billedForReading, estimateSpokenMs } from '../../speech/estimate';
import { storeRenderRequests } from '../../speech/script-lines';
import { HostCallError } from '../host';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const speechStudioPages: PagesOf<typeof SpeechStudioMethods> = {
  'speech.reading': ['studio'],
  'speech.voices': ['studio'],
  'speech.listen': ['studio'],
  'speech.prerender': ['studio'],
  'speech.prerenderCancel': ['studio'],
  'speech.dictionary': ['studio'],
  'speech.setDictionary': ['studio'],
};

/** At most this many pre-render jobs at once (each one already renders two lines in parallel). */
const MAX_JOBS = 2;

export function speechStudioMethods(ctx: HostContext): ImplOf<typeof SpeechStudioMethods> {
  const { store, speech } = ctx;
  const jobs = new Map<string, AbortController>();
  ctx.onClose(() => {
    for (const job of jobs.values()) job.abort();
    jobs.clear();
  });

  const dictionary = () => readStoreDictionary(store);
  const timeZone = (): string => store.getActivePlan()?.timeZone ?? (Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');

  /** A script body resolved the way the playout would (its product, the plan's clock), first variant of each group. */
  function resolveLines(body: string, productId: string | null | undefined): string[] {
    let product: Product | null = null;
    if (productId) {
      product = store.getProduct(productId);
      if (!product) throw new HostCallError('bad-request', `no product "${productId}"`);
    }
    return resolveScript(body, scopeFor(product, Date.now(), timeZone()), () => 0).lines.map((l) => l.text);
  }

  return {
    'speech.reading': ({ text, lines, productId, locale }) => {
      const settings = store.getSettings();
      const loc: Locale = locale ?? settings.locale;
      const dict = dictionary();
      const source = lines ?? resolveLines(text ?? '', productId);
      return {
        locale: loc,
        lines: source.map((line) => {
          const reading = speech.reading(line, loc, dict);
          return { text: line, reading, estimatedMs: estimateSpokenMs(reading, loc, settings.speech.rate), billedCharacters: billedForReading(reading) };
        }),
      };
    },

    'speech.voices': async () => ({
      engines: await Promise.all(
        speech.engines.map(async (e) => {
          const r = await speech.voices(e.id);
          return { ...r, voices: r.voices.map((v) => ({ ...v, locale: String(v.locale) })) };
        }),
      ),
    }),

    'speech.listen': async ({ text, scriptId, productId, maxLines, engine, voice, rate, pitch }) => {
      const settings = store.getSettings();
      let body = text;
      let product = productId;
      if (body === undefined && scriptId !== undefined) {
        const script = store.getScript(scriptId);
        if (!script) throw new HostCallError('bad-request', `no script "${scriptId}"`);
        body = script.body;
        product = product ?? script.productId;
      }
      const lines = resolveLines(body ?? '', product).slice(0, maxLines ?? 1);
      if (lines.length === 0) throw new HostCallError('bad-request', 'nothing to say: the text has no lines');
      const dict = dictionary();
      const clips = [];
      for (const [i, line] of lines.entries()) {
        try {
          const r = await speech.render(
            {
              text: line,
              locale: settings.locale,
              voice: voice === undefined ? settings.speech.voice : voice,
              rate: rate ?? settings.speech.rate,
              pitch: pitch ?? settings.speech.pitch,
            },
            { engineId: engine ?? settings.speech.engine, dictionary: dict },
          );
          clips.push({
            lineId: `listen-${r.audioId.slice(0, 12)}-${i}`,
            text: line,
            reading: r.reading,
            audioId: r.audioId,
            durationMs: r.utterance.durationMs,
            track: r.utterance.track,
            engine: r.utterance.engine,
            voice: r.utterance.voice,
            cacheHit: r.cacheHit,
            fallback: r.fallback,
            warnings: r.warnings,
          });
        } catch (e) {
          if (e instanceof SpeechError && e.code === 'bad-input') throw new HostCallError('bad-request', e.message);
          throw e;
        }
      }
      return { clips };
    },

    'speech.prerender': ({ playlistId }) => {
      const snap = store.snapshot();
      if (playlistId !== undefined && !snap.playlists.some((p) => p.id === playlistId)) throw new HostCallError('bad-request', `no playlist "${playlistId}"`);
      if (jobs.size >= MAX_JOBS) throw new HostCallError('bad-request', 'pre-rendering is already running; wait for it or cancel it');
      const requests = storeRenderRequests({
        locale: snap.settings.locale,
        speech: snap.settings.speech,
        playlists: snap.playlists,
        scripts: snap.scripts,
        products: snap.products,
        ...(playlistId !== undefined ? { playlistId } : {}),
      });
      const jobId = randomUUID();
      const ac = new AbortController();
      jobs.set(jobId, ac);
      const total = new Set(requests.map((r) => JSON.stringify([r.text, r.locale, r.voice, r.rate, r.pitch]))).size;
      let firstError: string | null = null;
      const progress = (p: Omit<PrerenderProgressEvent, 'jobId' | 'error'>) => ctx.emit('speech.prerenderProgress', { jobId, ...p, error: firstError });
      // Started after the reply, so the studio knows the job id before the first event.
      setImmediate(() => {
        void speech
          .prerender(requests, {
            engineId: snap.settings.speech.engine,
            signal: ac.signal,
            dictionary: dictionary(),
            onProgress: (p) => progress({ done: p.done, total: p.total, rendered: p.rendered, cacheHits: p.cacheHits, failed: p.failed, finished: false, cancelled: false }),
          })
          .then(
            (s) => {
              firstError = s.errors[0]?.error ?? null;
              progress({ done: s.rendered + s.cacheHits + s.failed, total: s.total, rendered: s.rendered, cacheHits: s.cacheHits, failed: s.failed, finished: true, cancelled: s.cancelled });
              ctx.log(`speech: pre-render ${jobId} ${s.cancelled ? 'cancelled' : 'done'}: ${s.rendered} rendered, ${s.cacheHits} cached, ${s.failed} failed of ${s.total}`);
            },
            (e: unknown) => {
              firstError = e instanceof Error ? e.message : String(e);
              progress({ done: 0, total, rendered: 0, cacheHits: 0, failed: total, finished: true, cancelled: ac.signal.aborted });
            },
          )
          .finally(() => jobs.delete(jobId));
      });
      return { jobId, total };
    },

    'speech.prerenderCancel': ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) return { cancelled: false };
      job.abort();
      return { cancelled: true };
    },

    'speech.dictionary': () => ({ entries: [...dictionary()] }),

    'speech.setDictionary': ({ entries }) => {
      try {
        return { entries: [...writeStoreDictionary(store, entries)] };
      } catch (e) {
        throw new HostCallError('bad-request', e instanceof Error ? e.message : String(e));
      }
    },
  };
}
