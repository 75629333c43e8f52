import { pathToFileURL } from 'node:url';

/** The two pages of the renderer bundle. */
export type AppPage = 'studio' | 'stage';

export const APP_PAGES: readonly AppPage[] = ['studio', 'stage'];

export interface AppUrls {
  /** Dev server (electron-vite sets ELECTRON_RENDERER_URL) or the built files under out/renderer. */
  readonly mode: 'dev-server' | 'files';
  /** Origin of the dev server, or null when the pages are loaded from files. */
  readonly devOrigin: string | null;
  /** Absolute URL of a page. */
  pageUrl(page: AppPage): string;
  /** Which of our pages `url` is (query and hash ignored), or null when it is none of them. */
  pageOf(url: string): AppPage | null;
  /** True for any URL that belongs to the app bundle (pages, scripts, styles, assets). */
  isAppUrl(url: string): boolean;
}

export interface AppUrlsOptions {
  /** ELECTRON_RENDERER_URL in development; null/undefined for the built files. */
  devServerUrl?: string | null;
  /** Absolute path of out/renderer. */
  rendererDir: string;
  /** Defaults to process.platform; file paths compare case-insensitively on Windows and macOS. */
  platform?: NodeJS.Platform;
}

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * Knows where the app's pages live and recognises our own URLs. Pure (no Electron), so the
 * sender checks of the IPC transport and the navigation guards can be unit-tested.
 */
export function createAppUrls(opts: AppUrlsOptions): AppUrls {
  const platform = opts.platform ?? process.platform;
  const dev = opts.devServerUrl ? parse(opts.devServerUrl) : null;
  if (opts.devServerUrl && (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:'))) {
    throw new Error(`ELECTRON_RENDERER_URL is not an http(s) URL: ${opts.devServerUrl}`);
  }

  let base: URL;
  if (dev) {
    base = new URL(dev.href);
    base.search = '';
    base.hash = '';
    if (!base.pathname.endsWith('/')) base.pathname += '/';
  } else {
    const href = pathToFileURL(opts.rendererDir).href;
    base = new URL(href.endsWith('/') ? href : `${href}/`);
  }

  const foldCase = !dev && (platform === 'win32' || platform === 'darwin');
  const norm = (p: string): string => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(p);
    } catch {
      decoded = p;
    }
    return foldCase ? decoded.toLowerCase() : decoded;
  };
  const basePath = norm(base.pathname);
  const pagePaths = new Map<string, AppPage>(
    APP_PAGES.map((page) => [norm(new URL(`${page}.html`, base).pathname), page]),
  );

  const sameRoot = (u: URL): boolean => {
    if (dev) return u.origin === base.origin;
    return u.protocol === 'file:' && (u.host === '' || u.host === 'localhost');
  };

  return {
    mode: dev ? 'dev-server' : 'files',
    devOrigin: dev ? base.origin : null,
    pageUrl(page) {
      return new URL(`${page}.html`, base).href;
    },
    pageOf(url) {
      const u = parse(url);
      if (!u || !sameRoot(u)) return null;
      return pagePaths.get(norm(u.pathname)) ?? null;
    },
    isAppUrl(url) {
      const u = parse(url);
      if (!u || !sameRoot(u)) return false;
      // The URL parser has already resolved dot segments, so a prefix check is sound.
      return norm(u.pathname).startsWith(basePath);
    },
  };
}

/** True when `url` may be handed to the OS browser: plain http(s) with a host and no credentials. */
export function isSafeExternalUrl(url: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (!u.hostname || u.username || u.password) return false;
  return true;
}
