import type { EventSpecs, MethodSpecs } from './api-spec';

/** Speech as the studio uses it: the reading of a line, voices, Listen, pre-rendering with progress. */
export const SpeechStudioMethods = {} as const satisfies MethodSpecs;

export const SpeechStudioEvents = {} as const satisfies EventSpecs;
