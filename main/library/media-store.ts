import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { checkMedia, MEDIA_SNIFF_BYTES, MediaItemSchema, MediaRejectedError, mediaExtension, type MediaItem, type MediaKind } from '../../shared/media';
import { MediaIdSchema } from '../../shared/stage-settings';

/**
 * The imported files of the library: `<dataDir>/media/<id>.<ext>` plus an index (`index.json`,
 * written atomically: temp file + rename). An item's id is `<kind>-<first 16 hex of sha256>`, so
 * importing the same file twice gives the same item (and one copy on disk). Plain Node.
 */
export interface MediaStore {
  readonly dir: string;
  /** Checks (name, size, magic bytes), copies the bytes in and indexes them. Throws MediaRejectedError. */
  add(kind: MediaKind, fileName: string, bytes: Uint8Array, meta?: Record<string, unknown>): MediaItem;
  list(kind?: MediaKind): MediaItem[];
  get(id: string): MediaItem | null;
  /** Absolute path of the item's file, or null when unknown or missing on disk. */
  path(id: string): string | null;
  /** Removes the file and its index entry; true when something was removed. */
  remove(id: string): boolean;
  /** Changes an item's thumbnail and/or merges into its meta; returns the item, or null when unknown. */
  update(id: string, change: { thumbnailId?: string | null; meta?: Record<string, unknown> }): MediaItem | null;
}

const IndexSchema = z.object({ version: z.literal(1), items: z.array(z.unknown()) });

export function mediaId(kind: MediaKind, bytes: Uint8Array): string {
  return `${kind}-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function openMediaStore(dataDir: string, log: (message: string) => void = () => {}): MediaStore {
  const dir = join(dataDir, 'media');
  const indexPath = join(dir, 'index.json');
  mkdirSync(dir, { recursive: true });

  const items = new Map<string, MediaItem>();
  if (existsSync(indexPath)) {
    try {
      const raw = IndexSchema.parse(JSON.parse(readFileSync(indexPath, 'utf8')));
      for (const entry of raw.items) {
        const item = MediaItemSchema.safeParse(entry);
        if (item.success) items.set(item.data.id, item.data);
        else log(`media: skipped an unreadable index entry (${z.prettifyError(item.error)})`);
      }
    } catch (e) {
      // Keep the damaged index for inspection; the files are still there and can be imported again.
      log(`media: the media index was damaged (${e instanceof Error ? e.message : String(e)}); starting a new one`);
      try {
        renameSync(indexPath, `${indexPath}.damaged-${Date.now()}`);
      } catch {
        /* nothing more to save */
      }
    }
  }

  const fileOf = (item: MediaItem): string => join(dir, `${item.id}.${mediaExtension(item.fileName)}`);
  const save = (): void => writeAtomic(indexPath, JSON.stringify({ version: 1, items: [...items.values()] }, null, 1));

  return {
    dir,
    add(kind, fileName, bytes, meta = {}) {
      const problem = checkMedia(kind, fileName, bytes.byteLength, bytes.subarray(0, MEDIA_SNIFF_BYTES));
      if (problem) throw new MediaRejectedError(problem);
      const id = mediaId(kind, bytes);
      const existing = items.get(id);
      if (existing && existsSync(fileOf(existing))) return existing;
      const item: MediaItem = MediaItemSchema.parse({
        id,
        kind,
        fileName: fileName.split(/[\\/]/).pop()!,
        bytes: bytes.byteLength,
        createdAt: Date.now(),
        thumbnailId: existing?.thumbnailId ?? null,
        meta: { ...existing?.meta, ...meta },
      });
      writeAtomic(fileOf(item), bytes);
      items.set(id, item);
      save();
      return item;
    },
    list(kind) {
      return [...items.values()].filter((i) => kind === undefined || i.kind === kind).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
    },
    get(id) {
      return items.get(id) ?? null;
    },
    path(id) {
      if (!MediaIdSchema.safeParse(id).success) return null;
      const item = items.get(id);
      if (!item) return null;
      const p = fileOf(item);
      return existsSync(p) ? p : null;
    },
    remove(id) {
      const item = items.get(id);
      if (!item) return false;
      items.delete(id);
      save();
      rmSync(fileOf(item), { force: true });
      return true;
    },
    update(id, change) {
      const item = items.get(id);
      if (!item) return null;
      const next = MediaItemSchema.parse({
        ...item,
        thumbnailId: change.thumbnailId === undefined ? item.thumbnailId : change.thumbnailId,
        meta: change.meta ? { ...item.meta, ...change.meta } : item.meta,
      });
      items.set(id, next);
      save();
      return next;
    },
  };
}
