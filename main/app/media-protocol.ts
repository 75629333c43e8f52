import { open } from 'node:fs/promises';
import { extname, isAbsolute } from 'node:path';
import { CONTENT_TYPES as FILE_TYPES, mediaExtension } from '../../shared/media';
import { FILE_HOST, MEDIA_HOST, MEDIA_SCHEME } from './media-url';

export { FILE_HOST, MEDIA_HOST, MEDIA_SCHEME, fileUrl, mediaUrl } from './media-url';

/** Same shape as MediaIdSchema in shared/stage-settings.ts. */
const MEDIA_ID = /^[a-z0-9-]{1,64}$/;

/** Same shape as StageCue.audioId in shared/api.ts. */
const AUDIO_ID = /^[a-f0-9]{16,64}$/;

const CONTENT_TYPES: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.webm': 'audio/webm',
  '.m4a': 'audio/mp4',
  '.pcm': 'application/octet-stream',
};

/** `stagehost-media://utterance/<hex id>` → the id, or null when the URL is anything else. */
export function parseMediaUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${MEDIA_SCHEME}:` || u.hostname !== MEDIA_HOST) return null;
  if (u.username || u.password || u.port) return null;
  const id = u.pathname.replace(/^\//, '');
  return AUDIO_ID.test(id) ? id : null;
}

/** `stagehost-media://file/<media id>` → the id, or null when the URL is anything else. */
export function parseFileUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${MEDIA_SCHEME}:` || u.hostname !== FILE_HOST) return null;
  if (u.username || u.password || u.port) return null;
  const id = u.pathname.replace(/^\//, '');
  return MEDIA_ID.test(id) ? id : null;
}

export interface MediaHandlerDeps {
  /** Host.mediaPath: absolute path of the utterance's audio, or null when unknown. */
  mediaPath(audioId: string): string | null;
  /** Host.filePath: absolute path of an imported file, or null when unknown (absent = no files served). */
  filePath?(mediaId: string): string | null;
  log?: (message: string) => void;
}

/** Parses a single `bytes=a-b` range; null when absent, 'invalid' when unsatisfiable. */
function parseRange(header: string | null, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return null; // multi-range or garbage: ignore and send the whole file
  const [, a = '', b = ''] = m;
  if (a === '' && b === '') return 'invalid';
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return 'invalid';
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

function text(status: number, body: string): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*' },
  });
}

/**
 * The handler behind `protocol.handle('stagehost-media', …)`: serves an utterance's audio file by
 * its hex id. Ids that are not hex are rejected before anything touches the disk; the path comes
 * only from the host, never from the URL. Supports a single byte range (for <audio> seeking).
 */
export function createMediaHandler(deps: MediaHandlerDeps): (request: Request) => Promise<Response> {
  const log = deps.log ?? (() => {});
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'method not allowed');
    const fileId = deps.filePath ? parseFileUrl(request.url) : null;
    const id = fileId ?? parseMediaUrl(request.url);
    if (!id) {
      log(`media: rejected URL ${request.url.slice(0, 200)}`);
      return text(400, 'bad media URL');
    }
    let path: string | null;
    try {
      path = fileId ? deps.filePath!(fileId) : deps.mediaPath(id);
    } catch (err) {
      log(`media: lookup of ${id} failed: ${String(err)}`);
      return text(500, 'media lookup failed');
    }
    if (!path || !isAbsolute(path)) return text(404, fileId ? 'unknown file' : 'unknown utterance');

    let handle;
    try {
      handle = await open(path, 'r');
    } catch {
      return text(404, 'utterance audio missing');
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return text(404, 'utterance audio missing');
      const size = stat.size;
      const headers: Record<string, string> = {
        'content-type': (fileId ? FILE_TYPES[mediaExtension(path)] : CONTENT_TYPES[extname(path).toLowerCase()]) ?? 'application/octet-stream',
        'accept-ranges': 'bytes',
        'cache-control': 'no-store',
        // The stage fetches audio for WebAudio from a file:// (opaque) or dev-server origin.
        'access-control-allow-origin': '*',
      };
      const range = parseRange(request.headers.get('range'), size);
      if (range === 'invalid') {
        return new Response(null, { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` } });
      }
      const start = range ? range.start : 0;
      const end = range ? range.end : size - 1;
      const length = size === 0 ? 0 : end - start + 1;
      headers['content-length'] = String(length);
      if (range) headers['content-range'] = `bytes ${start}-${end}/${size}`;
      const status = range ? 206 : 200;
      if (request.method === 'HEAD') return new Response(null, { status, headers });
      const body = new Uint8Array(length);
      let read = 0;
      while (read < length) {
        const { bytesRead } = await handle.read(body, read, length - read, start + read);
        if (bytesRead === 0) break;
        read += bytesRead;
      }
      return new Response(read === length ? body : body.subarray(0, read), { status, headers });
    } finally {
      await handle.close();
    }
  };
}
