import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { RequestEnvelopeSchema, type ResponseEnvelope } from '../../shared/api';
import { checkMediaFile, CONTENT_TYPES, MEDIA_RULES, MediaKindSchema, MediaRejectedError, mediaExtension } from '../../shared/media';
import { HostCallError, type Host } from './host';

/** The upload route (bridge.uploadFile): POST with this header, which a cross-site form cannot send. */
export const UPLOAD_PATH = '/upload';
export const UPLOAD_HEADER = 'x-stagehost-upload';
/** Imported files (bridge.fileUrl): GET /files/<media id>, with byte ranges for video. */
export const FILES_PATH = '/files/';

/** Serves the renderer and the host API to a browser: "browser mode". */
export interface WebServerOptions {
  host: Host;
  /** Built renderer (out/renderer). Ignored when `middleware` is given (Vite dev server). */
  staticDir: string;
  /** Optional dev middleware (Vite) that serves the renderer with hot reload. */
  middleware?: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  /** 127.0.0.1 unless the merchant opts into LAN access. */
  bindAddress?: string;
  port?: number;
  /** Pairing token; random when not given. */
  token?: string;
  /** Extra query string for the pages, e.g. `lang=en-US`. */
  pageQuery?: string;
  devCsp?: boolean;
  log?: (message: string) => void;
}

export interface WebServer {
  url: string;
  token: string;
  studioUrl: string;
  stageUrl: string;
  httpServer: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.wav': 'audio/wav',
  '.glb': 'model/gltf-binary',
  '.vrm': 'model/gltf-binary',
  '.ico': 'image/x-icon',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

const COOKIE = 'stagehost_token';
/**
 * Largest WebSocket message: import and restore files travel inside one request (base64), and a
 * 10,000-product CSV is already over 1 MB. Media files (avatars, videos) do not: they use /upload.
 */
const MAX_MESSAGE_BYTES = 48 * 1024 * 1024;

function csp(dev: boolean): string {
  return [
    "default-src 'self'",
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    "connect-src 'self' ws: wss:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sameToken(a: string | null | undefined, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieToken(req: IncomingMessage): string | null {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === COOKIE && v) return decodeURIComponent(v);
  }
  return null;
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? randomBytes(18).toString('base64url');
  const staticRoot = resolve(opts.staticDir);
  const log = opts.log ?? (() => {});
  const headers = { 'Content-Security-Policy': csp(opts.devCsp ?? false), 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };

  function authorised(req: IncomingMessage, url: URL): boolean {
    return sameToken(url.searchParams.get('token'), token) || sameToken(cookieToken(req), token);
  }

  function send(res: ServerResponse, status: number, body: string): void {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
    res.end(body);
  }

  function serveFile(res: ServerResponse, path: string, extra: Record<string, string> = {}): void {
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) return send(res, 404, 'not found');
      size = st.size;
    } catch {
      return send(res, 404, 'not found');
    }
    res.writeHead(200, {
      'Content-Type': MIME[extname(path).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(size),
      'Cache-Control': 'no-cache',
      ...headers,
      ...extra,
    });
    createReadStream(path).pipe(res);
  }

  function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers, ...extra });
    res.end(JSON.stringify(body));
  }

  /** A file with a single byte range when asked (video seeking). */
  function serveRange(req: IncomingMessage, res: ServerResponse, path: string): void {
    let size: number;
    try {
      const st = statSync(path);
      if (!st.isFile()) return send(res, 404, 'not found');
      size = st.size;
    } catch {
      return send(res, 404, 'not found');
    }
    const type = CONTENT_TYPES[mediaExtension(path)] ?? 'application/octet-stream';
    const base = { 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, max-age=3600', ...headers };
    const m = /^bytes=(\d*)-(\d*)$/.exec(String(req.headers.range ?? '').trim());
    let start = 0;
    let end = size - 1;
    let partial = false;
    if (m && (m[1] !== '' || m[2] !== '')) {
      if (m[1] === '') {
        start = Math.max(0, size - Number(m[2]));
      } else {
        start = Number(m[1]);
        if (m[2] !== '') end = Math.min(Number(m[2]), size - 1);
      }
      if (start >= size || start > end) {
        res.writeHead(416, { ...base, 'Content-Range': `bytes */${size}` });
        return void res.end();
      }
      partial = true;
    }
    const length = size === 0 ? 0 : end - start + 1;
    res.writeHead(partial ? 206 : 200, { ...base, 'Content-Length': String(length), ...(partial ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}) });
    if (req.method === 'HEAD' || length === 0) return void res.end();
    createReadStream(path, { start, end }).pipe(res);
  }

  /**
   * POST /upload?kind=…&name=…: the body is the file. Refused before reading when the declared size
   * is over the kind's limit, and cut off as soon as more arrives than allowed; nothing touches the
   * disk until the host has checked the whole file.
   */
  function upload(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const refuse = (status: number, code: string, message: string, params: Record<string, string | number> = {}): void => {
      // Tell the client to stop sending: we will not read the rest.
      sendJson(res, status, { error: { code, params, message } }, { Connection: 'close' });
      req.resume();
    };
    if (req.method !== 'POST') return refuse(405, 'method-not-allowed', 'use POST');
    if (req.headers[UPLOAD_HEADER] !== '1') return refuse(403, 'forbidden', 'uploads need the StageHost header');
    const origin = req.headers.origin;
    if (origin && origin !== 'null') {
      let sameHost = false;
      try {
        sameHost = new URL(origin).host === req.headers.host;
      } catch {
        sameHost = false;
      }
      if (!sameHost) return refuse(403, 'forbidden', 'cross-site upload refused');
    }
    const kind = MediaKindSchema.safeParse(url.searchParams.get('kind'));
    if (!kind.success) return refuse(400, 'bad-request', 'kind must be avatar, image, video or thumbnail');
    const fileName = url.searchParams.get('name') ?? '';
    const maxBytes = MEDIA_RULES[kind.data].maxBytes;
    const declared = Number(req.headers['content-length'] ?? NaN);
    const early = checkMediaFile(kind.data, fileName, Number.isFinite(declared) ? declared : 1);
    if (early) return refuse(early.code === 'media-too-large' ? 413 : 400, early.code, early.message, early.params);

    const chunks: Buffer[] = [];
    let received = 0;
    let aborted = false;
    req.on('data', (chunk: Buffer) => {
      if (aborted) return;
      received += chunk.length;
      if (received > maxBytes) {
        aborted = true;
        chunks.length = 0;
        const tooLarge = checkMediaFile(kind.data, fileName, received)!;
        sendJson(res, 413, { error: { code: tooLarge.code, params: tooLarge.params, message: tooLarge.message } }, { Connection: 'close' });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      aborted = true;
    });
    req.on('end', () => {
      if (aborted) return;
      const bytes = Buffer.concat(chunks, received);
      chunks.length = 0;
      opts.host.importFile(kind.data, fileName, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).then(
        (item) => sendJson(res, 200, { item }),
        (e: unknown) => {
          if (e instanceof MediaRejectedError) return sendJson(res, 422, { error: e.detail });
          log(`browser mode: upload of "${fileName.slice(0, 80)}" failed: ${e instanceof Error ? e.message : String(e)}`);
          sendJson(res, 500, { error: { code: 'failed', params: {}, message: e instanceof Error ? e.message : String(e) } });
        },
      );
    });
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!authorised(req, url)) return send(res, 403, 'StageHost: open the address printed by the host (it carries the pairing token).');
    // Remember the token so the page's scripts, styles and media need not carry it.
    const setCookie: Record<string, string> = url.searchParams.has('token')
      ? { 'Set-Cookie': `${COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict` }
      : {};
    if (url.pathname === UPLOAD_PATH) return upload(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');

    const file = /^\/files\/([a-z0-9-]{1,64})$/.exec(url.pathname);
    if (file) {
      const path = opts.host.filePath(file[1]!);
      return path ? serveRange(req, res, path) : send(res, 404, 'no such file');
    }

    const media = /^\/media\/([a-f0-9]{16,64})\.wav$/.exec(url.pathname);
    if (media) {
      const path = opts.host.mediaPath(media[1]!);
      return path ? serveFile(res, path, setCookie) : send(res, 404, 'no such utterance');
    }
    if (url.pathname === '/') {
      res.writeHead(302, { Location: `/studio.html${opts.pageQuery ? `?${opts.pageQuery}` : ''}`, ...setCookie });
      return res.end();
    }
    if (opts.middleware) {
      for (const [k, v] of Object.entries({ ...headers, ...setCookie })) res.setHeader(k, v);
      return opts.middleware(req, res, () => send(res, 404, 'not found'));
    }
    const path = normalize(join(staticRoot, decodeURIComponent(url.pathname)));
    if (!path.startsWith(staticRoot + sep)) return send(res, 404, 'not found');
    serveFile(res, path, setCookie);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/host') return; // e.g. Vite's hot-reload socket
    if (!authorised(req, url)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  let connections = 0;
  const sockets = new Set<WebSocket>();
  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = url.searchParams.get('page') === 'stage' ? 'stage' : 'studio';
    const connectionId = `ws-${++connections}`;
    sockets.add(ws);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let raw: unknown;
      try {
        raw = JSON.parse(String(data));
      } catch {
        log(`browser mode: ${connectionId} sent a message that is not JSON`);
        return;
      }
      const request = RequestEnvelopeSchema.safeParse(raw);
      if (!request.success) {
        log(`browser mode: ${connectionId} sent a malformed request`);
        return;
      }
      const { id, method, params } = request.data;
      opts.host
        .handle(method, params, { connectionId, page })
        .then(
          (result): ResponseEnvelope => ({ type: 'response', id, ok: true, result }),
          (e: unknown): ResponseEnvelope => ({
            type: 'response',
            id,
            ok: false,
            error: e instanceof HostCallError ? { code: e.code, message: e.message } : { code: 'internal', message: String(e) },
          }),
        )
        .then((response) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(response));
        });
    });
    ws.on('close', () => {
      sockets.delete(ws);
      opts.host.disconnected(connectionId);
    });
  });

  const unsubscribe = opts.host.subscribe((event, payload) => {
    const message = JSON.stringify({ type: 'event', event, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(message);
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, opts.bindAddress ?? '127.0.0.1', () => ok());
  });
  const address = server.address() as AddressInfo;
  const base = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  const query = (page: string): string => `?token=${encodeURIComponent(token)}${opts.pageQuery ? `&${opts.pageQuery}` : ''}${page}`;
  return {
    url: base,
    token,
    studioUrl: `${base}/studio.html${query('')}`,
    stageUrl: `${base}/stage.html${query('&role=program')}`,
    httpServer: server,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
