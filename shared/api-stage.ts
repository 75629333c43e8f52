import type { EventSpecs, MethodSpecs } from './api-spec';

/** The broadcast picture's settings that need the host: imported images and videos, the AI label switch. */
export const StageMethods = {} as const satisfies MethodSpecs;

export const StageEvents = {} as const satisfies EventSpecs;
