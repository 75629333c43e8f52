/**
 * The Content-Security-Policy of the app's pages. Set as a response header by the main process
 * (session.webRequest.onHeadersReceived) and, for pages loaded from file:// (where there are no
 * response headers to rewrite), mirrored by a <meta http-equiv> tag that the renderer build
 * injects; see `metaContentSecurityPolicy`.
 */

import { MEDIA_SCHEME } from './media-url';

export interface CspOptions {
  /** Development with the Vite dev server: allows HMR's websocket and React Refresh's inline preamble. */
  dev: boolean;
}

function directives(opts: CspOptions): [string, string[]][] {
  const media = `${MEDIA_SCHEME}:`;
  return [
    ['default-src', ["'self'"]],
    // Dev only: @vitejs/plugin-react injects an inline <script type="module"> preamble for Fast Refresh.
    ['script-src', opts.dev ? ["'self'", "'unsafe-inline'"] : ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:', media]],
    ['media-src', ["'self'", 'blob:', media]],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', opts.dev ? ["'self'", media, 'ws://localhost:*', 'ws://127.0.0.1:*'] : ["'self'", media]],
    // three.js / r3f may spin up workers from blob: URLs (e.g. DRACO, KTX2 decoders).
    ['worker-src', ["'self'", 'blob:']],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
}

function serialise(list: [string, string[]][]): string {
  return list.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** The policy sent as a response header for app pages. */
export function contentSecurityPolicy(opts: CspOptions): string {
  return serialise(directives(opts));
}

/**
 * The same policy for a <meta http-equiv="Content-Security-Policy"> tag in the built HTML.
 * `frame-ancestors` is dropped because browsers ignore it (with a console warning) in meta tags.
 */
export function metaContentSecurityPolicy(): string {
  return serialise(directives({ dev: false }).filter(([name]) => name !== 'frame-ancestors'));
}
