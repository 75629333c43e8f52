import { z } from 'zod';
import { IdSchema, LocaleSchema } from './domain';
import { PronunciationDictionarySchema } from './normalize';
import { TimingTrackSchema } from './timing';
import type { EventSpecs, MethodSpecs } from './api-spec';

/** One line as the studio shows it: the caption, what the voice will say, how long and what it costs. */
export const ReadingLineSchema = z.object({
  /** The caption (the line as resolved from the script). */
  text: z.string(),
  /** What the engine gets after normalisation and the pronunciation dictionary. */
  reading: z.string(),
  /** Estimated spoken length at the current rate, ms. */
  estimatedMs: z.number().int().nonnegative(),
  /** Characters Azure bills for it (each Chinese character counts as two). */
  billedCharacters: z.number().int().nonnegative(),
});
export type ReadingLine = z.infer<typeof ReadingLineSchema>;

export const VoiceInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  locale: z.string(),
  gender: z.enum(['female', 'male', 'neutral']).optional(),
  styles: z.array(z.string()).optional(),
});
export type VoiceInfo = z.infer<typeof VoiceInfoSchema>;

export const EngineVoicesSchema = z.object({
  engineId: z.string(),
  available: z.boolean(),
  voices: z.array(VoiceInfoSchema),
  /** Why the list is empty (no key, service unreachable…), else null. */
  error: z.string().nullable(),
});
export type EngineVoicesInfo = z.infer<typeof EngineVoicesSchema>;

/** A rendered line for a preview stage (like a program cue, but never on air or in the as-run log). */
export const ListenClipSchema = z.object({
  lineId: z.string(),
  text: z.string(),
  reading: z.string(),
  audioId: z.string().regex(/^[a-f0-9]{16,64}$/),
  durationMs: z.number().nonnegative(),
  track: TimingTrackSchema,
  /** The engine and voice that actually spoke (a fallback may have taken over). */
  engine: z.string(),
  voice: z.string().nullable(),
  cacheHit: z.boolean(),
  fallback: z.enum(['none', 'engine', 'cached-text']),
  warnings: z.array(z.string()),
});
export type ListenClip = z.infer<typeof ListenClipSchema>;

const VoiceOverrideSchema = z.object({
  engine: z.string().min(1).max(32).optional(),
  voice: z.string().max(128).nullable().optional(),
  rate: z.number().min(0.5).max(2).optional(),
  pitch: z.number().min(0.5).max(2).optional(),
});

export const PrerenderProgressSchema = z.object({
  jobId: z.string(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  rendered: z.number().int().nonnegative(),
  cacheHits: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  /** Last event of the job. */
  finished: z.boolean(),
  cancelled: z.boolean(),
  /** The first failure, for the merchant to read. */
  error: z.string().nullable(),
});
export type PrerenderProgressEvent = z.infer<typeof PrerenderProgressSchema>;

/** Speech as the studio uses it: the reading of a line, voices, Listen, pre-rendering with progress. */
export const SpeechStudioMethods = {
  /**
   * The readings of a script body (resolved with its product, first variant) or of resolved lines:
   * per line, the caption and what the voice will say.
   */
  'speech.reading': {
    params: z
      .object({
        text: z.string().max(20_000).optional(),
        lines: z.array(z.string().max(2000)).max(200).optional(),
        productId: IdSchema.nullable().optional(),
        locale: LocaleSchema.optional(),
      })
      .strict()
      .refine((p) => p.text !== undefined || p.lines !== undefined, { message: 'give text or lines' }),
    result: z.object({ locale: LocaleSchema, lines: z.array(ReadingLineSchema) }),
  },
  /** Voices per engine (Azure's from the service, cached); an engine that cannot list gives an empty list and why. */
  'speech.voices': { params: z.object({}).strict(), result: z.object({ engines: z.array(EngineVoicesSchema) }) },
  /**
   * Renders the first line(s) of a text or script with the speech settings (or the overrides given)
   * for a preview stage. Never touches the program stage or the as-run log.
   */
  'speech.listen': {
    params: VoiceOverrideSchema.extend({
      text: z.string().max(20_000).optional(),
      scriptId: IdSchema.optional(),
      productId: IdSchema.nullable().optional(),
      /** How many lines to render; default 1. */
      maxLines: z.number().int().min(1).max(5).optional(),
    })
      .strict()
      .refine((p) => p.text !== undefined || p.scriptId !== undefined, { message: 'give text or scriptId' }),
    result: z.object({ clips: z.array(ListenClipSchema) }),
  },
  /** Starts pre-rendering every line of one playlist (or all) in the background; progress comes as `speech.prerenderProgress`. */
  'speech.prerender': {
    params: z.object({ playlistId: IdSchema.optional() }).strict(),
    result: z.object({ jobId: z.string(), total: z.number().int().nonnegative() }),
  },
  /** Stops a pre-render job between lines. */
  'speech.prerenderCancel': { params: z.object({ jobId: z.string().max(64) }).strict(), result: z.object({ cancelled: z.boolean() }) },
  /** The store's pronunciation dictionary. */
  'speech.dictionary': { params: z.object({}).strict(), result: z.object({ entries: PronunciationDictionarySchema }) },
  /** Replaces the pronunciation dictionary; applies to the next line rendered. */
  'speech.setDictionary': {
    params: z.object({ entries: PronunciationDictionarySchema }).strict(),
    result: z.object({ entries: PronunciationDictionarySchema }),
  },
} as const satisfies MethodSpecs;

export const SpeechStudioEvents = {
  /** Progress of a pre-render job: one per line, then one with `finished`. */
  'speech.prerenderProgress': PrerenderProgressSchema,
} as const satisfies EventSpecs;
