import type { EventSpecs, MethodSpecs } from './api-spec';

/** The whole store: backup and restore, spreadsheet export. */
export const StoreMethods = {} as const satisfies MethodSpecs;

export const StoreEvents = {} as const satisfies EventSpecs;
