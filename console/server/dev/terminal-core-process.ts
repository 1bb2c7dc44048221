/**
 * One demo terminal as its own process, started by terminal-cores.ts: the production browser
 * terminal with simulated devices over PTYs and the reference upstream (the `npm start` stack,
 * electron/shells/browser/demo/demo-stack.ts) plus its simulator panel, which is how the parent
 * drives the simulators (paper out, card on the pad) across the process boundary.
 *
 * The spec comes as JSON in TERMINAL_CORE_SPEC (no secrets in it: the fleet password, if any, is a
 * file in the credentials folder beside the data directory, as on a real terminal). When the
 * process is up it prints one line `TERMINAL_CORE_READY {json}` on stdout.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLogger } from '../../../electron/core/logging/logger.ts';
import { startDemoStack } from '../../../electron/shells/browser/demo/demo-stack.ts';
import { startSimPanel } from '../../../electron/shells/browser/demo/sim-panel.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import { READY_PREFIX, type TerminalCoreSpec } from './terminal-core-spec.ts';


const spec = JSON.parse(process.env.TERMINAL_CORE_SPEC ?? 'null') as TerminalCoreSpec | null;
if (!spec) {
  console.error('TERMINAL_CORE_SPEC is not set: this process is started by console/server/dev/terminal-cores.ts');
  process.exit(2);
}

const logger = createLogger({ level: spec.logLevel, scope: 'demo-terminal' });
const stack = await startDemoStack({
  dataDir: spec.dataDir,
  port: spec.port,
  projectRoot: spec.projectRoot,
  deviceIsolation: spec.deviceIsolation,
  logger,
  // A fresh one-time kiosk link is always in <dataDir>/run/launch-url, as with `npm run serve`.
  launchUrlFile: true,
  configOverride: configAfterRestart(spec),
  ...(spec.paymentServer ? { paymentServer: spec.paymentServer } : {}),
}).catch((error: unknown) => {
  console.error(`demo terminal failed to start: ${errorMessage(error)}`);
  process.exit(1);
});
const panel = await startSimPanel(stack, spec.panelPort);
process.stdout.write(`${READY_PREFIX}${JSON.stringify({ url: stack.url, panelUrl: panel.url, upstreamUrl: stack.upstreamUrl, launchUrlFile: stack.launchUrlFile, pid: process.pid })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await panel.close().catch(() => undefined);
  await stack.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
// Started in a process group of its own, it would outlive a test runner or console that died
// without stopping it: once re-parented, it goes too.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop();
}, 1000).unref();

/**
 * After a restart (watchdog, SIGKILL in a test) the data directory already holds a config.json,
 * possibly one a signed bundle wrote: keep it, and only let this run's device paths, upstream URL
 * and payment gateway (fresh PTYs, fresh ports) replace the old ones, and the console's notify
 * relay address and tag of this run (the console may listen elsewhere now) the old ones.
 */
function configAfterRestart(s: TerminalCoreSpec): Record<string, unknown> {
  const path = join(s.dataDir, 'config.json');
  if (!existsSync(path)) return s.configOverride;
  try {
    const existing = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    const upstream = existing.upstream as Record<string, unknown> | undefined;
    if (upstream) delete upstream.baseUrl;
    const devices = existing.devices as Record<string, Record<string, unknown> | undefined> | undefined;
    for (const device of Object.values(devices ?? {})) if (device) delete device.path;
    const payments = existing.payments as Record<string, unknown> | undefined;
    if (payments) {
      delete payments.gatewayUrl;
      const relay = s.configOverride.payments as { notifyBaseUrl?: string; notifyTag?: string } | undefined;
      if (relay?.notifyBaseUrl !== undefined && relay.notifyTag !== undefined) Object.assign(payments, { notifyBaseUrl: relay.notifyBaseUrl, notifyTag: relay.notifyTag });
    }
    return existing;
  } catch (error) {
    logger.warn('config.json unreadable at restart; starting from the spec', { error: errorMessage(error) });
    return s.configOverride;
  }
}
