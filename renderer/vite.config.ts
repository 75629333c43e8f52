import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin, UserConfig } from 'vite';
import { metaContentSecurityPolicy } from '../main/app/csp';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Built pages carry the Content-Security-Policy as a meta tag: pages loaded from file:// in the app
 * have no response headers to carry it. Not in dev, where React Refresh needs an inline script.
 */
const cspMeta: Plugin = {
  name: 'stagehost-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [
    { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: metaContentSecurityPolicy() }, injectTo: 'head-prepend' },
  ],
};

/**
 * The renderer build: two pages (studio, stage), one bundle. Used by electron-vite for the app and
 * directly by `npm run build:web` / browser mode, so both ship the same files.
 */
export const rendererConfig: UserConfig = {
  root,
  base: './',
  plugins: [react(), cspMeta],
  build: {
    outDir: resolve(root, '../out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4000,
    rollupOptions: {
      input: {
        studio: resolve(root, 'studio.html'),
        stage: resolve(root, 'stage.html'),
      },
    },
  },
};

export default rendererConfig;
