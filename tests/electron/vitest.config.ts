import { defineConfig } from 'vitest/config';

/**
 * The Electron suite: `npm run test:electron`. Not part of `npm test`, because it needs the Electron
 * binary (and a display: use `xvfb-run -a npm run test:electron` on a headless Linux box).
 * The shell's pure parts are unit-tested in tests/unit/electron-shell.test.ts as part of `npm test`.
 */
export default defineConfig({
  test: {
    include: ['tests/electron/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One Electron app at a time: the e2e test drives real windows and audio.
    fileParallelism: false,
    maxWorkers: 1,
    reporters: ['default'],
  },
});
