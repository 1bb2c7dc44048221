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
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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
  "The renderer may import only types from electron/contract (use `import type`), except the dependency-free channels.ts, error-codes.ts, generated/method-list.ts, client/client-calls.ts, services/shared/service-id.ts and rules/: other values pull in zod and the shells' runtime.";
const CHANNELS_ALONE =
  'electron/contract/channels.ts, error-codes.ts and generated/ are loaded as values by the renderer and the preload: they import nothing (channels.ts only the generated method list).';
const CONSOLE_UI = 'The console UI runs in a browser: no Node built-ins, no server code or packages, no terminal code; it talks to the console server over its HTTP API (console/shared/api-types.ts).';
const CONSOLE_SERVER = 'The console server is plain Node: no React, no console UI code.';
const CONSOLE_SHARED = 'console/shared is loaded by the browser bundle and the server: it imports nothing.';
const CORE_UI = 'electron/core and native/ are plain Node: no Electron, no React, no renderer code.';
const CORE_SHELL = 'electron/core may not depend on a shell (electron/shells/...).';
const BROWSER_ELECTRON = "The browser shell is plain Node: it may not import 'electron' or the Electron shell.";
const ELECTRON_BROWSER = 'The Electron shell may not import the browser shell: what both need lives in electron/shells/shared.';
const SHARED_SHELL = "electron/shells/shared serves both shells: no 'electron', and neither shell's own code.";
const CONTRACT_SELF = 'electron/contract is shared with the renderer: it may import only zod and its own files.';
const PRELOAD_ONLY =
  'The sandboxed preload may import values only from electron/contract/channels.ts (and electron); anything else as types only.';
const RULES_ALONE = 'electron/contract/rules is loaded by both sides as values: it imports nothing but its own files.';
const FEATURE_APART =
  'A service folder may not import another service folder: move what both need to a shared folder (contract/rules, core capabilities, renderer/src/services/shared).';

const rendererRules = {
  paths: [
    ...noNodeBuiltins(RENDERER_NODE).paths,
    ...forbid(['electron', 'better-sqlite3', 'serialport', 'node-hid', 'ws'], RENDERER_NATIVE),
  ],
  patterns: [
    ...noNodeBuiltins(RENDERER_NODE).patterns,
    { regex: '^@serialport/', message: RENDERER_NATIVE },
    { regex: '(^|/)electron/(core|shells|tools)(/|$)', message: RENDERER_LAYER },
    { regex: '^(\\.\\./)+native(/|$)', message: RENDERER_LAYER },
    {
      regex: '(^|/)electron/contract(/(?!(channels|error-codes|generated/method-list|client/client-calls|services/shared/service-id)\\.ts$)(?!rules/)|$)',
      allowTypeImports: true,
      message: RENDERER_CONTRACT,
    },
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
    // Dates on screen are in the hall's time zone (config hall.timeZone), not the OS clock's: one formatter.
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/i18n/format-date.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name=/^toLocale(Date|Time)?String$/]",
          message: 'Dates and times go through renderer/src/i18n/format-date.ts (useDateFormat): the hall’s time zone, not the browser’s.',
        },
        {
          selector: "MemberExpression[object.name='Intl'][property.name='DateTimeFormat']",
          message: 'Dates and times go through renderer/src/i18n/format-date.ts (useDateFormat): the hall’s time zone, not the browser’s.',
        },
      ],
    },
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
            { regex: '^(\\.\\./)+shells(/|$)', message: CORE_SHELL },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/shells/browser/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbid(['electron'], BROWSER_ELECTRON),
          patterns: [
            { regex: '^electron/', message: BROWSER_ELECTRON },
            { regex: '^(\\.\\./)+electron/(main|preload)(/|$)', message: BROWSER_ELECTRON },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/shells/electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+browser(/|$)', message: ELECTRON_BROWSER }] }],
    },
  },
  {
    files: ['electron/shells/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbid(['electron'], SHARED_SHELL),
          patterns: [
            { regex: '^electron/', message: SHARED_SHELL },
            { regex: '^(\\.\\./)+(browser|electron)(/|$)', message: SHARED_SHELL },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/contract/**/*.ts'],
    ignores: ['electron/contract/rules/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNodeBuiltins(CONTRACT_SELF).paths, ...forbid(['electron', 'react', 'react-dom'], CONTRACT_SELF)],
          patterns: [
            ...noNodeBuiltins(CONTRACT_SELF).patterns,
            // Up to the contract's root, never out of it.
            { regex: '^(\\.\\./){1,}(core|shells|tools|renderer|native)(/|$)', message: CONTRACT_SELF },
            { regex: '^(\\.\\./){3,}', message: CONTRACT_SELF },
          ],
        },
      ],
    },
  },
  {
    // The method and event lists are shared as values with the renderer and the preload bundles.
    files: ['electron/contract/channels.ts', 'electron/contract/error-codes.ts', 'electron/contract/generated/**/*.ts', 'electron/contract/services/shared/service-id.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./generated/method-list\\.ts$)', message: CHANNELS_ALONE }] }] },
  },
  {
    // Both clients load it as a value: the generated list only, the rest as types.
    files: ['electron/contract/client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(?!\\.\\./generated/method-list\\.ts$)', allowTypeImports: true, message: CHANNELS_ALONE }] },
      ],
    },
  },
  {
    // ID numbers, credit codes, plates, phones: one copy that the renderer and the core both load.
    files: ['electron/contract/rules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./)', message: RULES_ALONE }] }] },
  },
  {
    files: ['electron/shells/electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNodeBuiltins(PRELOAD_ONLY).paths, ...forbid(['zod', 'ws'], PRELOAD_ONLY)],
          patterns: [
            ...noNodeBuiltins(PRELOAD_ONLY).patterns,
            { regex: '^(\\.\\./)+contract/(?!(channels|error-codes|generated/method-list|client/client-calls)\\.ts$)', allowTypeImports: true, message: PRELOAD_ONLY },
            { regex: '^(\\.\\./)+(core|main|browser|shared)/', allowTypeImports: true, message: PRELOAD_ONLY },
            { regex: '^(\\.\\./)+(native|renderer)/', message: PRELOAD_ONLY },
          ],
        },
      ],
    },
  },
  // --- The fleet console (DESIGN.md: console/ = server + its web UI) ---
  {
    files: ['console/ui/**/*.{ts,tsx}'],
    // The Vite config and the unit tests run in Node, not in the page.
    ignores: ['console/ui/*.config.ts', 'console/ui/**/*.test.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...noNodeBuiltins(CONSOLE_UI).paths, ...forbid(['better-sqlite3', 'pg', 'kysely', 'mqtt', 'ws', 'electron'], CONSOLE_UI)],
          patterns: [...noNodeBuiltins(CONSOLE_UI).patterns, { regex: '^(\\.\\./)+(server|test-support)(/|$)', message: CONSOLE_UI }, { regex: '(^|/)(electron|native|renderer)/', message: CONSOLE_UI }],
        },
      ],
    },
  },
  {
    files: ['console/server/**/*.ts', 'console/shared/**/*.ts', 'console/test-support/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: forbid(['react', 'react-dom', 'react-i18next', 'electron'], CONSOLE_SERVER), patterns: [{ regex: '^(react|react-dom)/', message: CONSOLE_SERVER }, { regex: '^(\\.\\./)+ui(/|$)', message: CONSOLE_SERVER }] },
      ],
    },
  },
  {
    // Shared with the browser bundle: types only, no imports at all.
    files: ['console/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '.', message: CONSOLE_SHARED }] }] },
  },
  // Feature folders: a service folder reaches other services only through shared folders.
  ...featureFolderRules(),
]);

/**
 * One entry per service folder (contract, core, renderer) forbidding imports of its siblings. A later
 * `no-restricted-imports` entry for the same files replaces the earlier one, so each entry repeats its
 * layer's own patterns.
 */
function featureFolderRules() {
  const roots = [
    { dir: 'electron/contract/services', base: contractLayerPatterns() },
    { dir: 'electron/core/services', base: coreLayerPatterns() },
    { dir: 'renderer/src/services', base: rendererRules },
  ];
  const entries = [];
  for (const { dir, base } of roots) {
    const abs = path.join(path.dirname(fileURLToPath(import.meta.url)), dir);
    if (!existsSync(abs)) continue;
    const services = readdirSync(abs, { withFileTypes: true })
      .filter((d) => d.isDirectory() && d.name !== 'shared')
      .map((d) => d.name);
    // shared/ is how services share: it may not reach into any of them either.
    for (const service of [...services, 'shared']) {
      const others = services.filter((s) => s !== service);
      if (others.length === 0) continue;
      const sibling = { regex: `^\\.\\./(\\.\\./)?(${others.map(escapeRegex).join('|')})(/|$)`, message: FEATURE_APART };
      entries.push({
        files: [`${dir}/${service}/**/*.{ts,tsx}`],
        rules: { 'no-restricted-imports': ['error', { paths: base.paths ?? [], patterns: [...(base.patterns ?? []), sibling] }] },
      });
    }
  }
  return entries;
}

function escapeRegex(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function coreLayerPatterns() {
  return { paths: coreAndNativeRules.paths, patterns: [...coreAndNativeRules.patterns, { regex: '^(\\.\\./)+shells(/|$)', message: CORE_SHELL }] };
}

function contractLayerPatterns() {
  return {
    paths: [...noNodeBuiltins(CONTRACT_SELF).paths, ...forbid(['electron', 'react', 'react-dom'], CONTRACT_SELF)],
    patterns: [...noNodeBuiltins(CONTRACT_SELF).patterns, { regex: '^(\\.\\./){1,}(core|shells|tools|renderer|native)(/|$)', message: CONTRACT_SELF }],
  };
}
