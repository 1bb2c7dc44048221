/**
 * `npm start`: the demo terminal. Starts the simulated devices (ID-card reader, receipt printer,
 * serial QR scanner), the reference upstream, the core and the browser shell, then prints the
 * URLs to open (kiosk UI and simulator panel).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../../core/logging/logger.ts';
import { loadServiceCatalogue } from '../../../core/services/shared/service-catalogue.ts';
import { startDemoStack } from './demo-stack.ts';
import { startSimPanel } from './sim-panel.ts';
import { errorMessage } from '../../../core/util/error-message.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.KIOSK_PORT ?? '8780' },
    'panel-port': { type: 'string', default: '8781' },
    'upstream-port': { type: 'string', default: '8787' },
    'data-dir': { type: 'string' },
  },
});

const root = process.cwd();
if (!existsSync(join(root, 'dist', 'renderer', 'index.html'))) {
  console.error('The renderer is not built: run `npm run build:renderer` (npm start does it for you).');
  process.exit(1);
}

const stack = await startDemoStack({
  port: Number(values.port),
  upstreamPort: Number(values['upstream-port']),
  ...(values['data-dir'] ? { dataDir: values['data-dir'] } : { dataDir: join(root, '.kiosk-data') }),
  logger: createLogger({ level: 'info' }),
  launchUrlFile: true,
  // The demo shows everything: every service of the catalogue, whatever a hall's default enables.
  configOverride: { services: { enabled: loadServiceCatalogue(join(root, 'resources', 'services', 'catalogue.json')).services.map((s) => s.id) } },
}).catch((error: unknown) => {
  console.error(`Demo failed to start: ${errorMessage(error)}`);
  process.exit(1);
});
const panel = await startSimPanel(stack, Number(values['panel-port']));

console.log(`
便民自助终端 Bianmin Kiosk — demo is running
  Kiosk UI (a one-time link: it works once, then the page keeps its token across reloads;
  a fresh link for another browser is always in ${stack.launchUrlFile ?? 'the launch URL file'}):
    ${stack.issueLaunchUrl()}
  Simulator panel (place an ID card, show a code to the scanner, paper out, cover open, network or
  upstream down and back, see the printed receipt):
    ${panel.url}
  Reference upstream: ${stack.upstreamUrl}
  Data directory:     ${stack.dataDir}
Press Ctrl+C to stop.`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await panel.close();
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
