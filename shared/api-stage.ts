import { z } from 'zod';
import { SettingsSchema } from './domain';
import type { EventSpecs, MethodSpecs } from './api-spec';

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

/** The broadcast picture's settings that need the host: imported images and videos, the AI label switch. */
export const StageMethods = {
  /**
   * Turns the AI-generated label on or off or changes its text. Turning it off is refused with
   * `confirmation-required` unless `confirmed` is true. Every switch on or off is recorded in the
   * as-run log (outcome `notice`), on air or not. Broadcasts `library.changed`.
   */
  'stage.setAiLabel': { params: SetAiLabelParamsSchema, result: SettingsSchema },
} as const satisfies MethodSpecs;

export const StageEvents = {} as const satisfies EventSpecs;
