import { z } from 'zod';

/**
 * The shape of a group of host methods. The host API is assembled from groups (shared/api-*.ts),
 * one per area, so that each area keeps its contract in its own file. A group file must not import
 * shared/api.ts (that file imports every group).
 */
export interface MethodSpec {
  params: z.ZodType;
  result: z.ZodType;
}
export type MethodSpecs = Record<string, MethodSpec>;
export type EventSpecs = Record<string, z.ZodType>;

/** No parameters. */
export const NoParams = z.object({}).strict();
export const OkResult = z.object({ ok: z.literal(true) });
