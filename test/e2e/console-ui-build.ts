/**
 * The console UI as the console e2e tests serve it: built once per Playwright worker (every console
 * file would otherwise rebuild the same bundle), and checked to have left an index page.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const uiDir = fileURLToPath(new URL('../../dist/console-ui', import.meta.url));
let built: Promise<string> | undefined;

export function buildConsoleUi(): Promise<string> {
  built ??= (async () => {
    await build({ configFile: fileURLToPath(new URL('../../console/ui/vite.config.ts', import.meta.url)), logLevel: 'warn' });
    if (!existsSync(`${uiDir}/index.html`)) throw new Error(`the console UI build left no ${uiDir}/index.html`);
    return uiDir;
  })();
  return built;
}
