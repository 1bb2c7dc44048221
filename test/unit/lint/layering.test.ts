/**
 * The layering rules of eslint.config.js, proved through ESLint's Node API on snippets placed (by
 * file path only, nothing is written) in each layer.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({
    cwd: repoRoot,
    overrideConfigFile: path.join(repoRoot, 'eslint.config.js'),
    // Only the layering rule matters here; skipping the others keeps the repo-wide check quick.
    ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  });
});

/** Messages of the layering rule for `code` linted as if it lived at `filePath`. */
async function layeringErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  if (!result) throw new Error('no lint result');
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(`parse error: ${fatal[0]?.message}`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// Each snippet uses what it imports so only the layering rule can complain.
const use = (name: string) => `\nexport const used = ${name};\n`;

describe('ESLint layering rules', () => {
  describe('renderer', () => {
    const file = 'renderer/src/x.tsx';

    it.each([
      ["import fs from 'node:fs';", 'fs'],
      ["import { readFile } from 'fs/promises';", 'readFile'],
      ["import path from 'path';", 'path'],
      ["import { spawn } from 'child_process';", 'spawn'],
      ["import net from 'node:net';", 'net'],
    ])('refuses Node built-ins: %s', async (line, name) => {
      const errors = await layeringErrors(line + use(name), file);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('no Node built-ins');
    });

    it.each([
      ["import { ipcRenderer } from 'electron';", 'ipcRenderer'],
      ["import Database from 'better-sqlite3';", 'Database'],
      ["import { SerialPort } from 'serialport';", 'SerialPort'],
      ["import HID from 'node-hid';", 'HID'],
      ["import { WebSocket } from 'ws';", 'WebSocket'],
    ])('refuses Electron and native modules: %s', async (line, name) => {
      expect(await layeringErrors(line + use(name), file)).toHaveLength(1);
    });

    it.each([
      ["import { createKioskCore } from '../../electron/core/kiosk-core.ts';", 'createKioskCore'],
      ["import type { ApiHost } from '../../electron/core/api/dispatcher.ts';", '0'],
      ["import { startBrowserShell } from '../../electron/shells/browser/server.ts';", 'startBrowserShell'],
      ["import { checkSender } from '../../electron/shells/electron/main/sender-check.ts';", 'checkSender'],
      ["import { createKioskApi } from '../../electron/shells/electron/preload/kiosk-bridge.ts';", 'createKioskApi'],
      ["import { IdCardReader } from '../../native/idcard/idcard-reader.ts';", 'IdCardReader'],
    ])('refuses the core, the shells and native/ (even as types): %s', async (line, name) => {
      const errors = await layeringErrors(line + use(name), file);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('only through KioskApi');
    });

    it('allows a type-only import from the contract', async () => {
      const code = "import type { KioskApi } from '../../electron/contract/kiosk-api.ts';\nexport type Api = KioskApi;\n";
      expect(await layeringErrors(code, file)).toEqual([]);
    });

    it('allows inline type specifiers when every specifier is a type', async () => {
      const code = "import { type KioskMethod } from '../../electron/contract/channels.ts';\nexport type M = KioskMethod;\n";
      expect(await layeringErrors(code, file)).toEqual([]);
    });

    it('allows the dependency-free method and event lists of channels.ts as values', async () => {
      const code = "import { KIOSK_METHODS, KIOSK_EVENTS } from '../../electron/contract/channels.ts';\nexport const x = [KIOSK_METHODS, KIOSK_EVENTS];\n";
      expect(await layeringErrors(code, file)).toEqual([]);
    });

    it.each([
      ["import { requestSchemas } from '../../electron/contract/schemas.ts';", 'requestSchemas'],
      ["import { KIOSK_ERROR_CODES, type KioskApi } from '../../electron/contract/index.ts';", 'KIOSK_ERROR_CODES'],
    ])('refuses value imports from the contract: %s', async (line, name) => {
      const errors = await layeringErrors(line + use(name), file);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('only types from electron/contract');
    });

    it('allows React and i18n', async () => {
      const code = "import { useState } from 'react';\nimport { useTranslation } from 'react-i18next';\nexport const x = [useState, useTranslation];\n";
      expect(await layeringErrors(code, file)).toEqual([]);
    });

    it('leaves the Node-side Vite config alone', async () => {
      const code = "import { fileURLToPath } from 'node:url';\nexport const x = fileURLToPath;\n";
      expect(await layeringErrors(code, 'renderer/vite.config.ts')).toEqual([]);
    });
  });

  describe('core and native', () => {
    it('refuses electron in the core', async () => {
      const errors = await layeringErrors("import { app } from 'electron';" + use('app'), 'electron/core/x.ts');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('plain Node');
    });

    it.each([
      ["import React from 'react';", 'React'],
      ["import { createRoot } from 'react-dom/client';", 'createRoot'],
      ["import { jsx } from 'react/jsx-runtime';", 'jsx'],
      ["import { App } from '../../renderer/src/App.tsx';", 'App'],
      ["import { ipcMain } from 'electron';", 'ipcMain'],
    ])('refuses UI and Electron in native/: %s', async (line, name) => {
      expect(await layeringErrors(line + use(name), 'native/printer/x.ts')).toHaveLength(1);
    });

    it('refuses shell code in the core', async () => {
      const code = "import { startBrowserShell } from '../../shells/browser/server.ts';" + use('startBrowserShell');
      expect(await layeringErrors(code, 'electron/core/api/x.ts')).toHaveLength(1);
    });

    it('allows Node built-ins, native drivers and the contract in the core', async () => {
      const code = [
        "import { readFile } from 'node:fs/promises';",
        "import Database from 'better-sqlite3';",
        "import { IdCardReader } from '../../../native/idcard/idcard-reader.ts';",
        "import { requestSchemas } from '../../contract/schemas.ts';",
        'export const x = [readFile, Database, IdCardReader, requestSchemas];',
      ].join('\n');
      expect(await layeringErrors(code, 'electron/core/api/x.ts')).toEqual([]);
    });
  });

  describe('shells and contract', () => {
    it('refuses electron in the browser shell', async () => {
      expect(await layeringErrors("import { app } from 'electron';" + use('app'), 'electron/shells/browser/x.ts')).toHaveLength(1);
      const viaMain = "import { APP_ORIGIN } from '../electron/main/app-origin.ts';" + use('APP_ORIGIN');
      expect(await layeringErrors(viaMain, 'electron/shells/browser/x.ts')).toHaveLength(1);
    });

    it('allows electron in the Electron main process', async () => {
      expect(await layeringErrors("import { app } from 'electron';" + use('app'), 'electron/shells/electron/main/x.ts')).toEqual([]);
    });

    it('keeps the preload to channels.ts at run time', async () => {
      const ok = "import { methodChannel } from '../../../contract/channels.ts';\nimport type { KioskApi } from '../../../contract/kiosk-api.ts';\nexport const x = methodChannel;\nexport type A = KioskApi;\n";
      expect(await layeringErrors(ok, 'electron/shells/electron/preload/x.ts')).toEqual([]);
      const zod = "import { z } from 'zod';" + use('z');
      expect(await layeringErrors(zod, 'electron/shells/electron/preload/x.ts')).toHaveLength(1);
      const schemas = "import { requestSchemas } from '../../../contract/schemas.ts';" + use('requestSchemas');
      expect(await layeringErrors(schemas, 'electron/shells/electron/preload/x.ts')).toHaveLength(1);
    });

    it('keeps the Electron shell and the browser shell apart', async () => {
      const toBrowser = "import { startBrowserShell } from '../../browser/server.ts';" + use('startBrowserShell');
      const errors = await layeringErrors(toBrowser, 'electron/shells/electron/main/x.ts');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('shells/shared');
      const toShared = "import { securityHeaders } from '../../shared/security-headers.ts';" + use('securityHeaders');
      expect(await layeringErrors(toShared, 'electron/shells/electron/main/x.ts')).toEqual([]);
    });

    it('keeps the shared shell folder free of either shell and of electron', async () => {
      const viaBrowser = "import { startBrowserShell } from '../browser/server.ts';" + use('startBrowserShell');
      expect(await layeringErrors(viaBrowser, 'electron/shells/shared/x.ts')).toHaveLength(1);
      const viaElectron = "import { APP_ORIGIN } from '../electron/main/app-origin.ts';" + use('APP_ORIGIN');
      expect(await layeringErrors(viaElectron, 'electron/shells/shared/x.ts')).toHaveLength(1);
      expect(await layeringErrors("import { app } from 'electron';" + use('app'), 'electron/shells/shared/x.ts')).toHaveLength(1);
    });

    it('keeps the shared rules folder free of imports, since both sides load it as values', async () => {
      const errors = await layeringErrors("import { z } from 'zod';" + use('z'), 'electron/contract/rules/x.ts');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('imports nothing');
      expect(await layeringErrors("import { luhn } from './luhn.ts';" + use('luhn'), 'electron/contract/rules/x.ts')).toEqual([]);
    });

    it('keeps the contract self-contained', async () => {
      const code = "import { KioskDispatcher } from '../core/api/dispatcher.ts';" + use('KioskDispatcher');
      expect(await layeringErrors(code, 'electron/contract/x.ts')).toHaveLength(1);
      expect(await layeringErrors("import { z } from 'zod';" + use('z'), 'electron/contract/x.ts')).toEqual([]);
    });

    it('keeps channels.ts free of imports, since the renderer and the preload load it as a value', async () => {
      const errors = await layeringErrors("import { z } from 'zod';" + use('z'), 'electron/contract/channels.ts');
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('import nothing');
    });
  });

  describe('feature folders', () => {
    it.each([
      ['electron/core/services/form-filling/x.ts', "import { guideHandlers } from '../service-guide/guide-handlers.ts';"],
      ['electron/contract/services/form-filling/x.ts', "import { guideHandlers } from '../service-guide/guide-handlers.ts';"],
      ['renderer/src/services/form-filling/x.tsx', "import { guideHandlers } from '../service-guide/guide-handlers.ts';"],
    ])('refuses one service folder importing another (%s)', async (file, code) => {
      const errors = await layeringErrors(code + use('guideHandlers'), file);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('may not import another service folder');
    });

    it('refuses the shared folder reaching into a service, since services share through it', async () => {
      const code = "import { loadForms } from '../form-filling/form-schema.ts';" + use('loadForms');
      expect(await layeringErrors(code, 'electron/core/services/shared/x.ts')).toHaveLength(1);
      expect(await layeringErrors(code, 'renderer/src/services/shared/x.tsx')).toHaveLength(1);
    });

    it('lets a service use the shared folder and the services-level registries import services', async () => {
      const shared = "import { slipFrame } from '../shared/slip-frame.ts';" + use('slipFrame');
      expect(await layeringErrors(shared, 'electron/core/services/form-filling/x.ts')).toEqual([]);
      const registry = "import { loadForms } from './form-filling/form-schema.ts';" + use('loadForms');
      expect(await layeringErrors(registry, 'electron/core/services/x.ts')).toEqual([]);
    });
  });

  it('passes on the repository itself (layering rule only)', async () => {
    const results = await eslint.lintFiles(['renderer', 'electron', 'native']);
    const layering = results.flatMap((r) =>
      r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line} ${m.message}`),
    );
    expect(layering).toEqual([]);
    // Linting the whole tree takes seconds on a loaded 2-core machine.
  }, 120_000);
});
