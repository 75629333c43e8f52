import { z } from 'zod';
import { SettingsSchema } from './domain';
import { MediaIdSchema } from './stage-settings';
import { NoParams, OkResult, type EventSpecs, type MethodSpecs } from './api-spec';

/** The AI-generated label: on or off, and its text (the locale's default when not given). */
export const SetAiLabelParamsSchema = z
  .object({
    enabled: z.boolean(),
    text: z.string().trim().min(1).max(80).optional(),
    /** Must be true to turn the label off: the operator confirmed it in a dialog. */
    confirmed: z.boolean().optional(),
  })
  .strict();
export type SetAiLabelParams = z.infer<typeof SetAiLabelParamsSchema>;

/**
 * What a stage says after it tried to put an avatar on air: `ok` (it is on air; `avatarId` null =
 * the built-in host) or not, with the reason (the previous avatar then stays on air).
 */
export const AvatarLoadReportSchema = z
  .object({
    avatarId: MediaIdSchema.nullable(),
    ok: z.boolean(),
    error: z.string().max(2000).optional(),
    /** The role the stage attached with. */
    role: z.enum(['program', 'preview']),
  })
  .strict();
export type AvatarLoadReport = z.infer<typeof AvatarLoadReportSchema>;

/** The latest avatar load on the stages, as the host keeps it for the studio. */
export const AvatarLoadStatusSchema = z.object({
  avatarId: MediaIdSchema.nullable(),
  /** The imported file's name, when the library knows the avatar. */
  avatarName: z.string().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  /** Which stage said so: the program stage (what viewers see) wins over a preview. */
  role: z.enum(['program', 'preview']),
  /** Epoch ms of the report. */
  at: z.number(),
});
export type AvatarLoadStatus = z.infer<typeof AvatarLoadStatusSchema>;

/** The broadcast picture's settings that need the host: imported images and videos, the AI label switch. */
export const StageMethods = {
  /**
   * Turns the AI-generated label on or off or changes its text. Turning it off is refused with
   * `confirmation-required` unless `confirmed` is true. Every switch on or off is recorded in the
   * as-run log (outcome `notice`), on air or not. Broadcasts `library.changed`.
   */
  'stage.setAiLabel': { params: SetAiLabelParamsSchema, result: SettingsSchema },
  /**
   * A stage (program or preview) reports how its last avatar load went. The
   * host keeps the latest per role and broadcasts `stage.avatarStatusChanged` with the one that counts.
   */
  'stage.avatarStatus': { params: AvatarLoadReportSchema, result: OkResult },
  /** The latest avatar load the studio should know about (the program stage's, else a preview's), or null before any. */
  'stage.avatarLoadStatus': { params: NoParams, result: AvatarLoadStatusSchema.nullable() },
} as const satisfies MethodSpecs;

export const StageEvents = {
  /** The avatar load status changed (see `stage.avatarLoadStatus`). */
  'stage.avatarStatusChanged': AvatarLoadStatusSchema,
} as const satisfies EventSpecs;
