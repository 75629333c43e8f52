import type { AvatarMethods } from '../../../shared/api-avatars';
import { AvatarInspectionSchema, inspectAvatar, type StoredInspection } from '../../../shared/avatar-inspect';
import { checkMedia, MEDIA_SNIFF_BYTES, MediaRejectedError, mediaUses, type MediaItem, type MediaKind } from '../../../shared/media';
import { openMediaStore, type MediaStore } from '../../library/media-store';
import { HostCallError } from '../host';
import type { HostContext, ImplOf, PagesOf } from '../host-context';

export const avatarPages: PagesOf<typeof AvatarMethods> = {
  'media.list': ['studio', 'stage'],
  'media.delete': ['studio'],
  'media.setThumbnail': ['studio'],
  'avatar.inspect': ['studio', 'stage'],
  'avatar.select': ['studio'],
};

/** One media store per host (the context is created once by createHost). */
const stores = new WeakMap<HostContext, MediaStore>();

export function mediaStoreOf(ctx: HostContext): MediaStore {
  let store = stores.get(ctx);
  if (!store) {
    store = openMediaStore(ctx.dataDir, ctx.log);
    stores.set(ctx, store);
  }
  return store;
}

const USE_NAMES = { avatar: 'the avatar on air', background: 'the stage background', logo: 'the logo', qr: 'the QR code' } as const;

function inspectionOf(item: MediaItem): StoredInspection | null {
  const parsed = AvatarInspectionSchema.safeParse(item.meta.inspection);
  return parsed.success ? parsed.data : null;
}

/**
 * Host.importFile: checks and stores an imported file. An avatar is inspected first: a broken
 * model is refused (never stored); one that cannot lip-sync is stored with its reason, and
 * `avatar.select` asks for the merchant's confirmation before putting it on air.
 */
export function importMedia(ctx: HostContext, kind: MediaKind, fileName: string, bytes: Uint8Array): MediaItem {
  const media = mediaStoreOf(ctx);
  let meta: Record<string, unknown> = {};
  // The cheap checks (name, size, first bytes) first, so a 300 MB or renamed file gets that message.
  const problem = checkMedia(kind, fileName, bytes.byteLength, bytes.subarray(0, MEDIA_SNIFF_BYTES));
  if (problem) throw new MediaRejectedError(problem);
  if (kind === 'avatar') {
    const result = inspectAvatar(bytes);
    if (!result.ok) throw new MediaRejectedError(result.problem);
    meta = { inspection: result.inspection };
  }
  const item = media.add(kind, fileName, bytes, meta);
  ctx.log(`media: imported ${kind} "${item.fileName}" as ${item.id} (${item.bytes} bytes)`);
  ctx.emit('media.changed', { items: media.list() });
  return item;
}

export function avatarMethods(ctx: HostContext): ImplOf<typeof AvatarMethods> {
  const media = (): MediaStore => mediaStoreOf(ctx);
  const changed = (): void => ctx.emit('media.changed', { items: media().list() });

  return {
    'media.list': ({ kind }) => ({ items: media().list(kind) }),
    'media.delete': ({ id }) => {
      const item = media().get(id);
      if (!item) return { deleted: false };
      const stage = ctx.store.snapshot().settings.stage;
      const uses = mediaUses(stage, id);
      if (uses.length > 0) {
        throw new HostCallError('in-use', `"${item.fileName}" is in use as ${uses.map((u) => USE_NAMES[u]).join(' and ')}; choose something else there first.`);
      }
      // A thumbnail goes with its item unless another item shows it too.
      const thumb = item.thumbnailId;
      media().remove(id);
      if (thumb && !media().list().some((i) => i.thumbnailId === thumb)) media().remove(thumb);
      for (const other of media().list()) if (other.thumbnailId === id) media().update(other.id, { thumbnailId: null });
      changed();
      return { deleted: true };
    },
    'media.setThumbnail': ({ id, thumbnailId }) => {
      if (thumbnailId !== null && media().get(thumbnailId)?.kind !== 'thumbnail') throw new HostCallError('bad-request', `no thumbnail ${thumbnailId}`);
      const item = media().update(id, { thumbnailId });
      if (!item) throw new HostCallError('not-found', `no imported file ${id}`);
      changed();
      return item;
    },
    'avatar.inspect': ({ id }) => {
      const item = media().get(id);
      if (!item || item.kind !== 'avatar') throw new HostCallError('not-found', `no imported avatar ${id}`);
      const inspection = inspectionOf(item);
      if (!inspection) throw new HostCallError('failed', `the avatar ${id} was imported without an inspection; import it again`);
      return { item, inspection };
    },
    'avatar.select': ({ id, acceptNoLipSync }) => {
      if (id !== null) {
        const item = media().get(id);
        if (!item || item.kind !== 'avatar' || media().path(id) === null) throw new HostCallError('not-found', `The avatar ${id} is not in the library (any more); import it again.`);
        const inspection = inspectionOf(item);
        if (inspection?.noLipSync && !acceptNoLipSync && item.meta.acceptedNoLipSync !== true) {
          throw new HostCallError('avatar-no-lipsync', inspection.noLipSync.message);
        }
        if (acceptNoLipSync && inspection?.noLipSync) media().update(id, { meta: { acceptedNoLipSync: true } });
      }
      ctx.write(() => ctx.store.updateSettings({ stage: { avatarId: id } }));
      return { avatarId: id };
    },
  };
}
