import { z } from 'zod';
import type { EventSpecs, MethodSpecs } from './api-spec';

/** How the host process is doing, for the live desk's health panel. */
export const HostHealthSchema = z.object({
  /** Resident memory of the host process, bytes. */
  rssBytes: z.number().nonnegative(),
  heapUsedBytes: z.number().nonnegative(),
  heapTotalBytes: z.number().nonnegative(),
  /** Seconds since the host process started. */
  uptimeS: z.number().nonnegative(),
  /** As-run lines planned in the last 24 hours (every outcome). */
  asRunLines24h: z.number().int().nonnegative(),
  /** Of those: lines that failed or timed out (a filler aired instead, or the watchdog recovered). */
  failedLines24h: z.number().int().nonnegative(),
  /** Of those: lines skipped by the operator. */
  skippedLines24h: z.number().int().nonnegative(),
  /** When the figures were taken (epoch ms). */
  at: z.number(),
});
export type HostHealth = z.infer<typeof HostHealthSchema>;

/** The live desk: the host's own health (memory, uptime, as-run figures of the last day). */
export const LiveMethods = {
  'host.health': { params: z.object({}).strict(), result: HostHealthSchema },
} as const satisfies MethodSpecs;

export const LiveEvents = {} as const satisfies EventSpecs;
