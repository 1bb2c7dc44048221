/**
 * The console's layering rules in eslint.config.js, proved through ESLint's Node API on snippets
 * placed (by file path only, nothing is written) in the UI, the server and the shared types.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(repoRoot, 'eslint.config.js'), ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports' });
});

async function layeringErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath });
  if (!result) throw new Error('no lint result');
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`parse error: ${fatal.message}`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('console layering', () => {
  it.each([
    "import x from 'node:fs';",
    "import x from 'child_process';",
    "import x from 'better-sqlite3';",
    "import x from 'pg';",
    "import { Kysely as x } from 'kysely';",
    "import x from 'mqtt';",
    "import { FleetStore as x } from '../../server/storage/fleet-store.ts';",
    "import { FleetAgent as x } from '../../../electron/core/fleet/fleet-agent.ts';",
  ])('the UI refuses %s', async (line) => {
    const errors = await layeringErrors(line, 'console/ui/src/pages/X.tsx');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('console UI runs in a browser');
  });

  it('the UI may use React, i18next and the shared API types', async () => {
    expect(await layeringErrors("import { useState as x } from 'react';\nimport type { TerminalView } from '../../shared/api-types.ts';\nexport type T = TerminalView;", 'console/ui/src/pages/X.tsx')).toEqual([]);
  });

  it.each(["import x from 'react';", "import { createRoot as x } from 'react-dom/client';", "import { App as x } from '../ui/src/App.tsx';"])('the server refuses %s', async (line) => {
    const errors = await layeringErrors(line, 'console/server/x.ts');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('console server is plain Node');
  });

  it('the shared types import nothing', async () => {
    expect(await layeringErrors("import { z as x } from 'zod';", 'console/shared/api-types.ts')).toEqual([expect.stringContaining('imports nothing')]);
  });
});
