/**
 * `npm run console`: the fleet console.
 *
 *   npm run console                          SQLite + a local mosquitto, data in ~/.bianmin-console
 *   npm run console -- --config console.json a deployment (see console/README.md)
 *
 * Secrets come from the environment: CONSOLE_MQTT_PASSWORD, CONSOLE_DATABASE_URL (PostgreSQL),
 * CONSOLE_ADMIN_PASSWORD (first start only; otherwise a random one is printed once),
 * the fleet's Ed25519 signing key: CONSOLE_SIGNING_KEY_FILE (encrypted PKCS#8 PEM, passphrase as the
 * console-signing-passphrase credential) or CONSOLE_SIGNING_KEY (PEM), with CONSOLE_SIGNING_KEY_ID;
 * the SMTP password of the e-mail channel as the console-smtp-password credential (or CONSOLE_SMTP_PASSWORD).
 * The payment relay's tag key as the console-payment-relay-key credential (or CONSOLE_PAYMENT_RELAY_KEY).
 */
import { randomBytes } from 'node:crypto';
import { loadSigningKey } from './commands/signing-key.ts';
import { smtpPasswordFrom } from './alerts/smtp-sender.ts';
import { relayKeyFrom } from './payment-relay/relay-tag.ts';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger } from '../../electron/core/logging/logger.ts';
import { consoleConfigSchema, loadConsoleConfig, type ConsoleConfig } from './config/console-config.ts';
import { startConsoleServer } from './console-server.ts';
import { startLocalBroker, type LocalBroker } from './dev/local-broker.ts';
import { demoRelayKey, demoSigningKey, demoTerminalCount, startDemoFleet, type DemoFleet } from './dev/demo-fleet.ts';
import type { DatabaseTarget } from './storage/database.ts';
import { errorMessage } from '../../electron/core/util/error-message.ts';

const logger = createLogger({ scope: 'console' });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { config: { type: 'string' } } });
  let broker: LocalBroker | undefined;
  let demo: { dataDir: string; count: number } | undefined;
  let config: ConsoleConfig;
  if (values.config) {
    config = loadConsoleConfig(values.config);
  } else {
    const dataDir = process.env.CONSOLE_DATA_DIR ?? join(homedir(), '.bianmin-console');
    mkdirSync(dataDir, { recursive: true });
    demo = { dataDir, count: demoTerminalCount() };
    broker = await startLocalBroker(dataDir, Number(process.env.CONSOLE_MQTT_PORT ?? 1883));
    config = consoleConfigSchema.parse({ mqtt: { url: broker.url }, database: { dialect: 'sqlite', file: join(dataDir, 'console.sqlite') }, listen: { host: '127.0.0.1', port: Number(process.env.CONSOLE_PORT ?? 8380) } });
  }
  let database: DatabaseTarget;
  if (config.database.dialect === 'postgres') {
    const url = process.env.CONSOLE_DATABASE_URL;
    if (!url) throw new Error('database.dialect is postgres: set CONSOLE_DATABASE_URL (postgres://user:password@host/db)');
    database = { dialect: 'postgres', connectionString: url, poolSize: config.database.poolSize };
  } else {
    database = { dialect: 'sqlite', file: config.database.file };
  }
  const adminPassword = process.env.CONSOLE_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
  // Encrypted at rest (CONSOLE_SIGNING_KEY_FILE + passphrase credential) or injected as CONSOLE_SIGNING_KEY: commands/signing-key.ts.
  const loaded = loadSigningKey(process.env);
  if (loaded?.plainInEnvironment) logger.warn('the signing key came unencrypted through CONSOLE_SIGNING_KEY; prefer an encrypted CONSOLE_SIGNING_KEY_FILE');
  // The local demo signs with a key of its own when none is given, so its terminals obey commands.
  const signing = loaded ? loaded.key : demo && demo.count > 0 ? demoSigningKey(demo.dataDir) : undefined;
  if (!signing) logger.warn('no signing key (CONSOLE_SIGNING_KEY_FILE or CONSOLE_SIGNING_KEY): commands can be proposed but not sent');
  // The local demo relays its terminals' payment notifications with a key of its own when none is given.
  const paymentRelayKey = relayKeyFrom(process.env) ?? (demo && demo.count > 0 ? demoRelayKey(demo.dataDir) : undefined);
  const uiDir = fileURLToPath(new URL('../../dist/console-ui', import.meta.url));
  const server = await startConsoleServer({
    config,
    database,
    ...(process.env.CONSOLE_MQTT_PASSWORD ? { mqttPassword: process.env.CONSOLE_MQTT_PASSWORD } : {}),
    ...(config.email ? { smtpPassword: smtpPasswordFrom(process.env) } : {}),
    ...(existsSync(uiDir) ? { uiDir } : {}),
    ...(signing ? { signing } : {}),
    ...(paymentRelayKey ? { paymentRelayKey } : {}),
    logger,
    initialAdmin: { username: 'admin', password: adminPassword },
  });
  logger.info('console listening', { url: server.url, mqtt: config.mqtt.url, database: database.dialect });
  if (server.createdInitialAdmin && !process.env.CONSOLE_ADMIN_PASSWORD) process.stdout.write(`\nFirst start: log in as "admin" with password ${adminPassword} (shown once; change it or add accounts).\n\n`);
  let fleet: DemoFleet | undefined;
  if (demo && demo.count > 0) {
    fleet = await startDemoFleet({
      dataDir: demo.dataDir,
      brokerUrl: config.mqtt.url,
      topicPrefix: config.mqtt.topicPrefix,
      count: demo.count,
      signing,
      ...(paymentRelayKey && server.paymentRelay ? { paymentRelay: { key: paymentRelayKey, notifyBaseUrl: server.url } } : {}),
      logger,
    });
  }
  const shutdown = async () => {
    await fleet?.stop();
    await server.stop();
    await broker?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  logger.error('console failed to start', { error: errorMessage(error) });
  process.exit(1);
});
