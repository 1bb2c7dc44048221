/**
 * Flat config: recommended JS + typescript-eslint (syntax only, no type information, to stay
 * fast), plus the layering rules of DESIGN.md expressed with core `no-restricted-imports`.
 * Each layer gets exactly one `no-restricted-imports` entry: a later entry for the same files
 * would replace, not extend, the earlier one's options.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));

const forbid = (names, message) => names.map((name) => ({ name, message }));

/** Node built-ins by bare name ('fs', 'fs/promises') and any 'node:' specifier. */
const noNodeBuiltins = (message) => ({
  paths: forbid(nodeBuiltins, message),
  patterns: [{ regex: '^node:', message }],
});

const RENDERER_NODE = 'The renderer runs in a browser page: no Node built-ins. Ask the core through KioskApi.';
const RENDERER_NATIVE = 'The renderer never touches devices or native modules: go through KioskApi.';
const RENDERER_LAYER = 'The renderer may not import the core, the shells or native/: it talks to them only through KioskApi.';
const RENDERER_CONTRACT =
  "The renderer may import only types from electron/contract (use `import type`), except the dependency-free channels.ts and error-codes.ts: other values pull in zod and the shells' runtime.";
const CHANNELS_ALONE = 'electron/contract/channels.ts and error-codes.ts are loaded as values by the renderer and the preload: they import nothing.';
const CORE_UI = 'electron/core and native/ are plain Node: no Electron, no React, no renderer code.';
const CORE_SHELL = 'electron/core may not depend on a shell (electron/main, electron/preload, electron/browser).';
const BROWSER_ELECTRON = "The browser shell is plain Node: it may not import 'electron' or the Electron shell.";
const CONTRACT_SELF = 'electron/contract is shared with the renderer: it may import only zod and its own files.';
const PRELOAD_ONLY =
  'The sandboxed preload may import values only from electron/contract/channels.ts (and electron); anything else as types only.';

const rendererRules = {
  paths: [
    ...noNodeBuiltins(RENDERER_NODE).paths,
    ...forbid(['electron', 'better-sqlite3', 'serialport', 'node-hid', 'ws'], RENDERER_NATIVE),
  ],
  patterns: [
    ...noNodeBuiltins(RENDERER_NODE).patterns,
    { regex: '^@serialport/', message: RENDERER_NATIVE },
    { regex: '(^|/)electron/(core|main|preload|browser)(/|$)', message: RENDERER_LAYER },
    { regex: '^(\\.\\./)+native(/|$)', message: RENDERER_LAYER },
    { regex: '(^|/)electron/contract(/(?!(channels|error-codes)\\.ts$)|$)', allowTypeImports: true, message: RENDERER_CONTRACT },
  ],
};

const coreAndNativeRules = {
  paths: forbid(['electron', 'react', 'react-dom'], CORE_UI),
  patterns: [
    { regex: '^(react|react-dom)/', message: CORE_UI },
    { regex: '^(\\.\\./)+renderer(/|$)', message: CORE_UI },
  ],
};

export default defineConfig([
  globalIgnores(['dist/', 'node_modules/', 'release/', 'test-results/', 'playwright-report/', 'coverage/']),

  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/*.config.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },

  {
    // Byte protocols (SAM frames, ESC/POS, GB18030 text) match control characters on purpose.
    files: ['native/**/*.ts'],
    rules: { 'no-control-regex': 'off' },
  },
  {
    // Tests feed deliberately ill-typed input to prove that validation rejects it.
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },

  // --- Layering (DESIGN.md: one API, two shells) ---
  {
    files: ['renderer/**/*.{ts,tsx,js,jsx}'],
    // The Vite config runs in Node at build time; it is not part of the page.
    ignores: ['renderer/*.config.ts'],
    rules: { 'no-restricted-imports': ['error', rendererRules] },
  },
  {
    files: ['native/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', coreAndNativeRules] },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: coreAndNativeRules.paths,
          patterns: [
            ...coreAndNativeRules.patterns,
            { regex: '^(\\.\\./)+(main|preload|browser)(/|$)', message: CORE_SHELL },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/browser/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbid(['electron'], BROWSER_ELECTRON),
          patterns: [
            { regex: '^electron/', message: BROWSER_ELECTRON },
            { regex: '^(\\.\\./)+(main|preload)(/|$)', message: BROWSER_ELECTRON },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNodeBuiltins(CONTRACT_SELF).paths, ...forbid(['electron', 'react', 'react-dom'], CONTRACT_SELF)],
          patterns: [...noNodeBuiltins(CONTRACT_SELF).patterns, { regex: '^\\.\\./', message: CONTRACT_SELF }],
        },
      ],
    },
  },
  {
    // The method and event lists are shared as values with the renderer and the preload bundles.
    files: ['electron/contract/channels.ts', 'electron/contract/error-codes.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '.', message: CHANNELS_ALONE }] }] },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNodeBuiltins(PRELOAD_ONLY).paths, ...forbid(['zod', 'ws'], PRELOAD_ONLY)],
          patterns: [
            ...noNodeBuiltins(PRELOAD_ONLY).patterns,
            { regex: '^\\.\\./contract/(?!channels\\.ts$)', allowTypeImports: true, message: PRELOAD_ONLY },
            { regex: '^\\.\\./(core|main|browser)/', allowTypeImports: true, message: PRELOAD_ONLY },
            { regex: '^(\\.\\./)+(native|renderer)/', message: PRELOAD_ONLY },
          ],
        },
      ],
    },
  },
]);
