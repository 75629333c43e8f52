import { z } from 'zod';
import { MediaIdSchema } from './stage-settings';

/**
 * Files the merchant imports into the library (avatars, background images and videos, logos, QR
 * codes) and the thumbnails made from them. Pure: what may be imported (kind, extension, size,
 * the first bytes) and the shape of a stored item. The same checks run in the renderer (to refuse
 * a 300 MB file before reading it) and in the host (which never trusts the renderer).
 */

export const MediaKindSchema = z.enum(['avatar', 'image', 'video', 'thumbnail']);
export type MediaKind = z.infer<typeof MediaKindSchema>;

export const MediaItemSchema = z.object({
  id: MediaIdSchema,
  kind: MediaKindSchema,
  /** The name the file had when imported (shown to the merchant). */
  fileName: z.string().min(1).max(255),
  bytes: z.number().int().nonnegative(),
  /** Epoch ms. */
  createdAt: z.number(),
  /** A picture of it (a `thumbnail` item), or null. */
  thumbnailId: MediaIdSchema.nullable(),
  /** What the importer learnt about the file (e.g. an avatar's format and blend-shape set). */
  meta: z.record(z.string(), z.unknown()),
});
export type MediaItem = z.infer<typeof MediaItemSchema>;

/** The file types we recognise by their first bytes. */
export type MediaFileType = 'glb' | 'png' | 'jpeg' | 'webp' | 'mp4' | 'webm';

const MB = 1024 * 1024;

export interface MediaKindRule {
  maxBytes: number;
  /** Allowed file-name extensions (lower case, no dot) and the content each must have. */
  extensions: Readonly<Record<string, MediaFileType>>;
}

export const MEDIA_RULES: Readonly<Record<MediaKind, MediaKindRule>> = {
  avatar: { maxBytes: 100 * MB, extensions: { glb: 'glb', vrm: 'glb' } },
  image: { maxBytes: 15 * MB, extensions: { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp' } },
  video: { maxBytes: 200 * MB, extensions: { mp4: 'mp4', webm: 'webm' } },
  thumbnail: { maxBytes: 2 * MB, extensions: { png: 'png', jpg: 'jpeg', jpeg: 'jpeg', webp: 'webp' } },
};

/** The largest file of any kind: transports refuse bigger bodies before reading them. */
export const MEDIA_MAX_BYTES = Math.max(...Object.values(MEDIA_RULES).map((r) => r.maxBytes));

/** How many leading bytes `sniffMediaType` needs. */
export const MEDIA_SNIFF_BYTES = 16;

export const CONTENT_TYPES: Readonly<Record<string, string>> = {
  glb: 'model/gltf-binary',
  vrm: 'model/gltf-binary',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  mp4: 'video/mp4',
  webm: 'video/webm',
};

/**
 * Why a file was refused: a code for the translation (`avatars.mediaErrors.<code>`), its
 * parameters, and an English message for logs and for clients without translations.
 */
export interface MediaError {
  code: 'media-empty' | 'media-too-large' | 'media-bad-extension' | 'media-bad-content' | 'media-bad-name';
  params: Record<string, string | number>;
  message: string;
}

/** A refusal as it crosses a transport: a MediaError or an avatar problem (shared/avatar-inspect.ts). */
export const MediaErrorSchema = z.object({
  code: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string(),
});

/** Lower-case extension without the dot ('' when none). */
export function mediaExtension(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
}

function formatMb(bytes: number): string {
  const mb = bytes / MB;
  return mb >= 10 ? String(Math.round(mb)) : mb.toFixed(1);
}

/**
 * The checks that need no content: name, extension, size. The renderer runs it on a File before
 * reading a byte; the host again on what arrived. Null when acceptable.
 */
export function checkMediaFile(kind: MediaKind, fileName: string, bytes: number): MediaError | null {
  const rule = MEDIA_RULES[kind];
  const allowed = Object.keys(rule.extensions).map((e) => `.${e}`).join(', ');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (fileName.trim() === '' || fileName.length > 255 || /[\u0000-\u001f]/.test(fileName)) {
    return { code: 'media-bad-name', params: { fileName: fileName.slice(0, 80) }, message: `"${fileName.slice(0, 80)}" is not a usable file name.` };
  }
  const ext = mediaExtension(fileName);
  if (!(ext in rule.extensions)) {
    return {
      code: 'media-bad-extension',
      params: { fileName, allowed },
      message: `"${fileName}" is not a supported file type here; use ${allowed}.`,
    };
  }
  if (!Number.isFinite(bytes) || bytes <= 0) {
    return { code: 'media-empty', params: { fileName }, message: `"${fileName}" is empty.` };
  }
  if (bytes > rule.maxBytes) {
    return {
      code: 'media-too-large',
      params: { fileName, sizeMb: formatMb(bytes), maxMb: formatMb(rule.maxBytes) },
      message: `"${fileName}" is ${formatMb(bytes)} MB; the limit is ${formatMb(rule.maxBytes)} MB.`,
    };
  }
  return null;
}

function startsWith(head: Uint8Array, offset: number, bytes: readonly number[]): boolean {
  if (head.length < offset + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (head[offset + i] !== bytes[i]) return false;
  return true;
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

/** Which file type the first bytes say this is, or null when none we know. */
export function sniffMediaType(head: Uint8Array): MediaFileType | null {
  if (startsWith(head, 0, ascii('glTF'))) return 'glb';
  if (startsWith(head, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, 0, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, 0, ascii('RIFF')) && startsWith(head, 8, ascii('WEBP'))) return 'webp';
  if (startsWith(head, 4, ascii('ftyp'))) return 'mp4';
  if (startsWith(head, 0, [0x1a, 0x45, 0xdf, 0xa3])) return 'webm';
  return null;
}

const TYPE_NAMES: Record<MediaFileType, string> = { glb: 'GLB/VRM', png: 'PNG', jpeg: 'JPEG', webp: 'WebP', mp4: 'MP4', webm: 'WebM' };

/** The full check: name, size and that the content is what the extension claims. Null when acceptable. */
export function checkMedia(kind: MediaKind, fileName: string, bytes: number, head: Uint8Array): MediaError | null {
  const first = checkMediaFile(kind, fileName, bytes);
  if (first) return first;
  const expected = MEDIA_RULES[kind].extensions[mediaExtension(fileName)]!;
  const actual = sniffMediaType(head);
  if (actual !== expected) {
    return {
      code: 'media-bad-content',
      params: { fileName, expected: TYPE_NAMES[expected], actual: actual ? TYPE_NAMES[actual] : '?' },
      message: `"${fileName}" is not a real ${TYPE_NAMES[expected]} file${actual ? ` (it looks like ${TYPE_NAMES[actual]})` : ''}; it may be damaged or renamed.`,
    };
  }
  return null;
}

/** Thrown by the media store and the upload transports; carries a MediaError (or an avatar inspection problem). */
export class MediaRejectedError extends Error {
  constructor(readonly detail: { code: string; params: Record<string, string | number>; message: string }) {
    super(detail.message);
    this.name = 'MediaRejectedError';
  }
}

/** Where an imported file is used in the stage settings (for "in use" refusals). */
export type MediaUse = 'avatar' | 'background' | 'logo' | 'qr';

/** The places in the stage settings that reference `id`. */
export function mediaUses(
  stage: {
    avatarId: string | null;
    background: { kind: string; mediaId?: string };
    logoMediaId: string | null;
    qrMediaId: string | null;
  },
  id: string,
): MediaUse[] {
  const uses: MediaUse[] = [];
  if (stage.avatarId === id) uses.push('avatar');
  if (stage.background.mediaId === id) uses.push('background');
  if (stage.logoMediaId === id) uses.push('logo');
  if (stage.qrMediaId === id) uses.push('qr');
  return uses;
}
