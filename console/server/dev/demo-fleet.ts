/**
 * `npm run console` without a config: a handful of real terminal cores (terminal-cores.ts) so a
 * newcomer sees a live fleet at once. CONSOLE_DEMO_TERMINALS sets how many (default 3, 0 for none).
 * Their data stays in `<console data>/demo-terminals/<id>/`, so queues, audit logs and applied
 * bundles survive a restart of the demo, as on real terminals.
 *
 * Commands need a signing key the terminals trust: without CONSOLE_SIGNING_KEY the demo makes one,
 * kept in `<console data>/demo-fleet-key.pem` (0600), for the demo only; a deployment brings its own.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { generateSigningKeyPair, privateKeyFromPem, publicKeyOfPrivate } from '../../../electron/core/config-bundle/ed25519-keys.ts';
import type { Logger } from '../../../electron/core/logging/logger.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import { startTerminalCores, stopAll, type TerminalCoreHandle } from './terminal-cores.ts';

export const DEMO_KEY_ID = 'demo-console';

export function demoTerminalCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.CONSOLE_DEMO_TERMINALS ?? '3';
  const count = Number(raw);
  if (!Number.isInteger(count) || count < 0 || count > 50) throw new Error(`CONSOLE_DEMO_TERMINALS must be a whole number from 0 to 50, got ${JSON.stringify(raw)}`);
  return count;
}

/** The demo's own fleet key, made once and kept beside the console's data. */
export function demoSigningKey(dataDir: string): { keyId: string; privateKey: KeyObject } {
  const path = join(dataDir, 'demo-fleet-key.pem');
  if (!existsSync(path)) writeFileSync(path, generateSigningKeyPair().privateKeyPem, { mode: 0o600 });
  return { keyId: DEMO_KEY_ID, privateKey: privateKeyFromPem(readFileSync(path, 'utf8')) };
}

export interface DemoFleet {
  terminals: TerminalCoreHandle[];
  stop(): Promise<void>;
}

export async function startDemoFleet(options: {
  dataDir: string;
  brokerUrl: string;
  topicPrefix: string;
  count: number;
  signing: { keyId: string; privateKey: KeyObject } | undefined;
  logger: Logger;
}): Promise<DemoFleet> {
  const { logger } = options;
  const terminals = await startTerminalCores({
    count: options.count,
    idPrefix: 'DEMO',
    baseDir: join(options.dataDir, 'demo-terminals'),
    brokerUrl: options.brokerUrl,
    topicPrefix: options.topicPrefix,
    ...(options.signing ? { trustedKey: { id: options.signing.keyId, key: publicKeyOfPrivate(options.signing.privateKey) } } : {}),
    onOutput: (terminalId, line) => logger.debug('demo terminal', { terminal: terminalId, line }),
  }).catch((error: unknown) => {
    // The console is useful without them; say why the fleet is empty.
    logger.error('demo terminals not started', { error: errorMessage(error) });
    return [] as TerminalCoreHandle[];
  });
  if (terminals.length > 0) {
    const lines = terminals.map((t) => `  ${t.terminalId}  ${[t.site?.region, t.site?.hall].filter(Boolean).join(' · ')}\n    simulators: ${t.panelUrl}\n    kiosk UI:   one-time link in ${t.launchUrlFile ?? '(not written)'}`);
    process.stdout.write(`\nDemo terminals (real terminal cores with simulated devices; run a printer out of paper and watch the alert):\n${lines.join('\n')}\n\n`);
  }
  return { terminals, stop: () => stopAll(terminals) };
}
