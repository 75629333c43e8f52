// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

/*
 * The architecture's import rules:
 *  - only main/app/ (the Electron shell) and tests/electron/ may import `electron`;
 *  - shared/ imports nothing from main/ or renderer/.
 */
const electronImport = {
  regex: '^electron(/.*)?$',
  message: 'Only main/app/ (and tests/electron/) may import electron: the host must also run in plain Node.',
};
const sharedOutward = {
  regex: '^(\\.\\./)+(main|renderer)(/|$)',
  message: 'shared/ is used by both sides and must not import from main/ or renderer/.',
};

export default defineConfig(
  {
    ignores: ['out/**', 'release/**', 'dist/**', 'node_modules/**', 'test-results/**', '.stagehost-data/**', 'coverage/**'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-imports': ['error', { patterns: [electronImport] }],
    },
  },
  {
    // Node: the main process, the CLI, scripts, tests, benchmarks and the config files.
    files: ['main/**', 'scripts/**', 'tests/**', 'bench/**', 'build/**', '*.{js,mjs,cjs,ts}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Browser: the renderer (studio, stage, bridge).
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Browser-side code evaluated by Playwright inside pages from the end-to-end suites.
    files: ['tests/e2e/**', 'tests/electron/**', 'tests/support/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // three.js is imperative by design: r3f code mutates the camera, scene and material objects it
    // gets from useThree/useMemo inside effects and useFrame. The React Compiler's immutability
    // rule reads those as mutations of React state, so it is off for the stage only.
    files: ['renderer/stage/**/*.{ts,tsx}'],
    rules: { 'react-hooks/immutability': 'off' },
  },
  {
    files: ['main/app/**', 'tests/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['shared/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [electronImport, sharedOutward] }] },
  },
);
