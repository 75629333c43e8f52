import { z } from 'zod';

/**
 * The store's stage defaults: which avatar, what is behind it, how it is lit, and the broadcast
 * extras around it. Every field has a default, so a value saved by an older version still parses
 * (a new field takes its default instead of throwing the merchant's other choices away).
 */

/** Opaque id of a file the merchant imported into the library (an avatar, an image, a video). */
export const MediaIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/);

export const BackgroundSchema = z.discriminatedUnion('kind', [
  /** The built-in studio set. */
  z.object({ kind: z.literal('studio') }),
  z.object({ kind: z.literal('color'), color: z.string().regex(/^#[0-9a-fA-F]{6}$/) }),
  z.object({ kind: z.literal('image'), mediaId: MediaIdSchema }),
  z.object({ kind: z.literal('video'), mediaId: MediaIdSchema }),
  z.object({ kind: z.literal('chroma'), color: z.enum(['green', 'blue']) }),
  /** For OBS browser sources and captures that key on alpha. */
  z.object({ kind: z.literal('transparent') }),
]);
export type Background = z.infer<typeof BackgroundSchema>;

export const LightPresetSchema = z.enum(['studio', 'warm', 'cool', 'bright']);
export type LightPreset = z.infer<typeof LightPresetSchema>;

const TickerSchema = z.object({ enabled: z.boolean(), text: z.string().max(300) });

/** The fields without defaults: what a patch may carry (a default here would overwrite saved choices). */
const stageFields = {
  /** The avatar on air; null = the built-in host. */
  avatarId: MediaIdSchema.nullable(),
  background: BackgroundSchema,
  light: LightPresetSchema,
  ticker: TickerSchema,
  logoMediaId: MediaIdSchema.nullable(),
  qrMediaId: MediaIdSchema.nullable(),
  /**
   * Keep drawing while the stage window is hidden or minimised (OBS window capture of a covered
   * window). Off: a hidden stage stops drawing but keeps speaking. The `?capture=1` URL does the same.
   */
  drawWhenHidden: z.boolean(),
  /** Program volume from the live desk: 0 = silent, 1 = full (the mouth moves either way). */
  volume: z.number().min(0).max(1),
};

export const StageSettingsSchema = z.object({
  avatarId: stageFields.avatarId.default(null),
  background: stageFields.background.default({ kind: 'studio' }),
  light: stageFields.light.default('studio'),
  ticker: stageFields.ticker.default({ enabled: false, text: '' }),
  logoMediaId: stageFields.logoMediaId.default(null),
  qrMediaId: stageFields.qrMediaId.default(null),
  drawWhenHidden: stageFields.drawWhenHidden.default(false),
  volume: stageFields.volume.default(1),
});
/** A change to some stage settings; absent fields keep their saved value. */
export const StageSettingsPatchSchema = z.object(stageFields).partial().strict();
export type StageSettings = z.infer<typeof StageSettingsSchema>;

export type TickerSettings = z.infer<typeof TickerSchema>;

export function defaultStageSettings(): StageSettings {
  return StageSettingsSchema.parse({});
}
