/**
 * The sandboxed preload can only require('electron'): bundle it exactly as electron/build.mjs does
 * and check that nothing else (zod, Node built-ins) slipped in.
 */
import { build, type BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';

// A plain .mjs script without declarations: imported through a variable, typed here.
const buildScript = '../../../../../../electron/build.mjs';

describe('preload bundle', () => {
  it('requires only electron and contains no zod', async () => {
    const { targets } = (await import(buildScript)) as { targets: BuildOptions[] };
    const preload = targets.find((t) => t.outfile?.endsWith('preload.cjs'));
    expect(preload).toBeDefined();
    const result = await build({ ...preload, outfile: undefined, outdir: undefined, write: false, sourcemap: false, metafile: true });
    const code = result.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/\bzod\b|ZodError/);
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    expect(inputs.some((input) => input.includes('node_modules'))).toBe(false);
    expect(inputs.filter((input) => input.includes('contract/')).sort()).toEqual(['electron/contract/channels.ts', 'electron/contract/client/client-calls.ts', 'electron/contract/generated/method-list.ts']);
    expect(code).toContain('exposeInMainWorld');
  });
});
