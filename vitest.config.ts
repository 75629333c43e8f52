import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Integration and e2e suites start real processes (espeak-ng, ffmpeg, Chromium); keep the
    // two CI cores from being oversubscribed.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
