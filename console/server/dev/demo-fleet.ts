/**
 * `npm run console` without a config: a handful of real terminal cores (terminal-cores.ts) so a
 * newcomer sees a live fleet at once. CONSOLE_DEMO_TERMINALS sets how many (default 3, 0 for none).
 * Their data stays in `<console data>/demo-terminals/<id>/`, so queues, audit logs and applied
 * bundles survive a restart of the demo, as on real terminals.
 *
 * Commands need a signing key the terminals trust: without CONSOLE_SIGNING_KEY the demo makes one,
 * kept in `<console data>/demo-fleet-key.pem` (0600), for the demo only; a deployment brings its own.
 *
 * Payments: every demo terminal offers the whole catalogue (as `npm start` does, so the paid
 * services are there) and pays against its own reference payment server, whose notifications go
 * through this console's relay: each terminal's provisioning config names the console's URL as
 * `payments.notifyBaseUrl` and its own `payments.notifyTag`, derived from the relay key — the
 * operator's `console-payment-relay-key` when given, else one the demo makes
 * (`<console data>/demo-payment-relay-key`, 0600).
 */
import { randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSigningKeyPair, privateKeyFromPem, publicKeyOfPrivate } from '../../../electron/core/config-bundle/ed25519-keys.ts';
import type { Logger } from '../../../electron/core/logging/logger.ts';
import { loadServiceCatalogue } from '../../../electron/core/services/shared/service-catalogue.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import { notifyTagFor } from '../payment-relay/relay-tag.ts';
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

/** The demo's own payment relay key, made once (256 random bits) and kept beside the console's data. */
export function demoRelayKey(dataDir: string): string {
  const path = join(dataDir, 'demo-payment-relay-key');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return readFileSync(path, 'utf8').trim();
}

/** What makes a demo terminal's channels name the console's relay: its provisioning `payments` part. */
export function demoRelayConfig(relay: { key: string; notifyBaseUrl: string }, terminalId: string): Record<string, unknown> {
  return { payments: { notifyBaseUrl: relay.notifyBaseUrl, notifyTag: notifyTagFor(relay.key, terminalId) } };
}

const CATALOGUE = fileURLToPath(new URL('../../../resources/services/catalogue.json', import.meta.url));

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
  /** The console's relay key and its own URL; without it the terminals only query their payments. */
  paymentRelay?: { key: string; notifyBaseUrl: string };
  /** The terminals' reference payment servers (a test: queries lagging the notification). */
  paymentServer?: { queryLagMs?: number };
  logger: Logger;
}): Promise<DemoFleet> {
  const { logger, paymentRelay } = options;
  const terminals = await startTerminalCores({
    count: options.count,
    idPrefix: 'DEMO',
    baseDir: join(options.dataDir, 'demo-terminals'),
    brokerUrl: options.brokerUrl,
    topicPrefix: options.topicPrefix,
    ...(options.signing ? { trustedKey: { id: options.signing.keyId, key: publicKeyOfPrivate(options.signing.privateKey) } } : {}),
    // The demo shows everything, paid services included, whatever a hall's default enables.
    configOverride: { services: { enabled: loadServiceCatalogue(CATALOGUE).services.map((service) => service.id) } },
    ...(paymentRelay ? { configFor: (terminalId: string) => demoRelayConfig(paymentRelay, terminalId) } : {}),
    ...(options.paymentServer ? { paymentServer: options.paymentServer } : {}),
    onOutput: (terminalId, line) => logger.debug('demo terminal', { terminal: terminalId, line }),
  }).catch((error: unknown) => {
    // The console is useful without them; say why the fleet is empty.
    logger.error('demo terminals not started', { error: errorMessage(error) });
    return [] as TerminalCoreHandle[];
  });
  if (terminals.length > 0) {
    const lines = terminals.map((t) => `  ${t.terminalId}  ${[t.site?.region, t.site?.hall].filter(Boolean).join(' · ')}\n    simulators: ${t.panelUrl}\n    kiosk UI:   one-time link in ${t.launchUrlFile ?? '(not written)'}`);
    const payments = paymentRelay
      ? `Paying by phone on a kiosk: press "Pay the code on screen with a phone" on its simulator panel; the payment notification comes back through this console (${paymentRelay.notifyBaseUrl}/pay/notify/…).\n`
      : '';
    process.stdout.write(`\nDemo terminals (real terminal cores with simulated devices; run a printer out of paper and watch the alert):\n${lines.join('\n')}\n${payments}\n`);
  }
  return { terminals, stop: () => stopAll(terminals) };
}
