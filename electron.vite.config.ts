import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './renderer/vite.config';

const root = fileURLToPath(new URL('.', import.meta.url));

/*
 * electron-vite replaces `build.rollupOptions` with its own `build.rolldownOptions` (Vite 8 runs on
 * Rolldown), so the renderer's page inputs are carried over to `rolldownOptions` here; otherwise the
 * two pages would be lost and electron-vite would look for src/renderer/index.html.
 */
const { rollupOptions: rendererRollup, ...rendererBuild } = rendererConfig.build ?? {};

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Everything in package.json "dependencies" stays in node_modules (better-sqlite3 is native,
      // ws and zod are loaded from node_modules too); electron-builder packs them into the app.
      externalizeDeps: true,
      sourcemap: true,
      rolldownOptions: {
        input: { main: resolve(root, 'main/app/main.ts') },
        external: ['better-sqlite3'],
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only `electron` (and a few polyfilled built-ins): bundle
      // everything else, and emit CommonJS because sandboxed preloads cannot be ES modules.
      externalizeDeps: false,
      sourcemap: 'inline',
      rolldownOptions: {
        input: { preload: resolve(root, 'main/app/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererBuild,
      rolldownOptions: { ...rendererBuild.rolldownOptions, ...rendererRollup },
    },
  },
});
