import { z } from 'zod';
import { IdSchema, PlanSchema, PlaylistSchema } from './domain';
import type { EventSpecs, MethodSpecs } from './api-spec';

/** Playlists and the plan, as the studio edits them. */
export const PlanningMethods = {
  /** Create or replace a playlist (by id); every item must point at an existing script or product. Broadcasts `library.changed`. */
  'library.upsertPlaylist': { params: z.object({ playlist: PlaylistSchema }).strict(), result: PlaylistSchema },
  /** Delete a playlist; refused (with the plans that use it) while a plan block plays it. Broadcasts `library.changed`. */
  'library.deletePlaylist': { params: z.object({ id: IdSchema }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Save the plan and make it the active one. A plan on air takes effect at the next line. Broadcasts `library.changed`. */
  'plan.save': { params: z.object({ plan: PlanSchema }).strict(), result: PlanSchema },
} as const satisfies MethodSpecs;

export const PlanningEvents = {} as const satisfies EventSpecs;
