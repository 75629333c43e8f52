import { z } from 'zod';
import { AvatarInspectionSchema } from './avatar-inspect';
import { MediaItemSchema, MediaKindSchema } from './media';
import { MediaIdSchema } from './stage-settings';
import type { EventSpecs, MethodSpecs } from './api-spec';

/**
 * Imported files (avatars, images, videos, thumbnails) and the avatar on air. The bytes travel
 * by `bridge.uploadFile` (HTTP in browser mode, IPC in the app), not through these methods.
 */
export const AvatarMethods = {
  /** The imported files, newest first; optionally of one kind. */
  'media.list': { params: z.object({ kind: MediaKindSchema.optional() }).strict(), result: z.object({ items: z.array(MediaItemSchema) }) },
  /**
   * Deletes an imported file (and its thumbnail). Refused with `in-use` while the stage settings
   * use it (the message says where: avatar, background, logo, QR code).
   */
  'media.delete': { params: z.object({ id: MediaIdSchema }).strict(), result: z.object({ deleted: z.boolean() }) },
  /** Links a thumbnail (an uploaded `thumbnail` item) to an item. */
  'media.setThumbnail': { params: z.object({ id: MediaIdSchema, thumbnailId: MediaIdSchema.nullable() }).strict(), result: MediaItemSchema },
  /** What the import learnt about an avatar: format, blend-shape set, missing shapes, warnings. */
  'avatar.inspect': { params: z.object({ id: MediaIdSchema }).strict(), result: z.object({ item: MediaItemSchema, inspection: AvatarInspectionSchema }) },
  /**
   * Puts an avatar on air (null = the built-in host). A model that cannot lip-sync is refused
   * (`avatar-no-lipsync`, with the reason) unless `acceptNoLipSync` says the merchant confirmed.
   * Saves settings.stage.avatarId and broadcasts `library.changed`.
   */
  'avatar.select': {
    params: z.object({ id: MediaIdSchema.nullable(), acceptNoLipSync: z.boolean().optional() }).strict(),
    result: z.object({ avatarId: MediaIdSchema.nullable() }),
  },
} as const satisfies MethodSpecs;

export const AvatarEvents = {
  /** An imported file was added, changed or deleted: the full list. */
  'media.changed': z.object({ items: z.array(MediaItemSchema) }),
} as const satisfies EventSpecs;
