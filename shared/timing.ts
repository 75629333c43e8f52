import { z } from 'zod';

/**
 * Timing tracks carried by every utterance. Times are milliseconds from the first audio sample.
 * Viseme ids are Azure's 22-viseme space (0 = silence … 21 = p/b/m), see shared/visemes.ts.
 */
export const VisemeEventSchema = z.object({
  t: z.number().nonnegative(),
  id: z.number().int().min(0).max(21),
});
export type VisemeEvent = z.infer<typeof VisemeEventSchema>;

export const WordEventSchema = z.object({
  text: z.string(),
  t: z.number().nonnegative(),
  d: z.number().nonnegative(),
});
export type WordEvent = z.infer<typeof WordEventSchema>;

export const TimingTrackSchema = z.object({
  /** Where the track came from: the engine's own events, or derived from text and the audio envelope. */
  source: z.enum(['engine', 'text-aligned']),
  durationMs: z.number().nonnegative(),
  visemes: z.array(VisemeEventSchema),
  words: z.array(WordEventSchema),
});
export type TimingTrack = z.infer<typeof TimingTrackSchema>;
