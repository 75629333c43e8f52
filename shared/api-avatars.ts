import type { EventSpecs, MethodSpecs } from './api-spec';

/** Avatars in the library: import (copied in, checked, with a thumbnail), list, delete. */
export const AvatarMethods = {} as const satisfies MethodSpecs;

export const AvatarEvents = {} as const satisfies EventSpecs;
