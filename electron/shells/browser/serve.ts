/**
 * `npm run serve -- --data-dir DIR [--port N]`: the browser shell in production, for STM hosts
 * with their own browser and thin terminals running Chromium --kiosk. Devices and upstream come
 * from the configuration (resources/config/default.json + DIR/config.json); no simulators, no
 * reference upstream. The token is handed over by one-time launch codes: the printed URL and
 * DIR/run/launch-url (0600) each work once (see launch-codes.ts and the launcher in resources/systemd/).
 * The token itself is kept in DIR/run/kiosk-token (0600) across restarts, so the open kiosk page
 * reconnects after the supervisor restarts this process (kiosk-token-file.ts).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../core/logging/logger.ts';
import { defaultStaticDir, startBrowserTerminal } from './browser-terminal.ts';
import { errorMessage } from '../../core/util/error-message.ts';

// The supervisor (electron/tools/kiosk-supervisor.ts) tells its child the port in KIOSK_PORT.
const USAGE = 'usage: npm run serve -- --data-dir DIR [--port N]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const { values } = (() => {
  try {
    return parseArgs({ options: { 'data-dir': { type: 'string' }, port: { type: 'string', default: process.env.KIOSK_PORT ?? '8780' } }, strict: true });
  } catch (error) {
    return fail(errorMessage(error));
  }
})();

const dataDirArg = values['data-dir'];
if (dataDirArg === undefined || dataDirArg === '') fail('--data-dir is required');
const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`--port must be a TCP port (1-65535), got ${JSON.stringify(values.port)}`);

const root = process.cwd();
const staticDir = defaultStaticDir(root);
if (!existsSync(join(staticDir, 'index.html'))) fail('The renderer is not built: run `npm run build:renderer` first.');

const logger = createLogger({ level: 'info', scope: 'serve' });
const terminal = await startBrowserTerminal({
  dataDir: resolve(dataDirArg),
  resourcesDir: join(root, 'resources'),
  staticDir,
  port,
  logger,
  launchUrlFile: true,
  keepToken: true,
}).catch((error: unknown) => fail(`The terminal failed to start: ${errorMessage(error)}`));

console.log(`
便民自助终端 Bianmin Kiosk — browser shell is running
  Kiosk URL (one-time link, works once): ${terminal.shell.issueLaunchUrl()}
  Launch URL file for the kiosk browser:  ${terminal.launchUrlFile ?? '(not written, see the log)'}
  Health check:                           ${terminal.shell.url}healthz`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await terminal.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
