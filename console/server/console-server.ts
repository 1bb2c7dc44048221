/**
 * One console instance: database (migrated), MQTT ingest, alert engine and HTTP API, started and
 * stopped together. Several instances may share a PostgreSQL database and a broker share group.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { hostname } from 'node:os';
import type { Logger } from '../../electron/core/logging/logger.ts';
import { AlertEngine } from './alerts/alert-engine.ts';
import { mailChannel } from './alerts/notify-channels.ts';
import { SmtpSender } from './alerts/smtp-sender.ts';
import { NotificationStore } from './storage/notification-store.ts';
import { LiveNotifySettings } from './alerts/notify-settings.ts';
import { NotifySettingsStore } from './storage/notify-settings-store.ts';
import { ConsoleAudit } from './audit/console-audit.ts';
import { hashPassword } from './auth/passwords.ts';
import type { ConsoleConfig } from './config/console-config.ts';
import { CommandService, type SigningKey } from './commands/command-service.ts';
import { RolloutService } from './commands/rollout-service.ts';
import { AuthService } from './http/auth-service.ts';
import { consoleApi } from './http/console-api.ts';
import { MqttIngest } from './ingest/mqtt-ingest.ts';
import { publishConfirmed } from './payment-relay/confirmed-publish.ts';
import { NOTIFY_PATH, notifyRelay, type NotifyRelayStats } from './payment-relay/notify-relay.ts';
import { RelayCountWriter } from './payment-relay/relay-counts.ts';
import { RelayRetention } from './payment-relay/relay-retention.ts';
import { PaymentRelayStore } from './storage/payment-relay-store.ts';
import { TerminalRegistry } from './registry/terminal-registry.ts';
import { openDatabase, type ConsoleDb, type DatabaseTarget } from './storage/database.ts';
import { CommandStore } from './storage/command-store.ts';
import { FleetStore } from './storage/fleet-store.ts';
import { migrateToLatest } from './storage/migrations.ts';
import { PeopleStore } from './storage/people-store.ts';
import { RolloutStore } from './storage/rollout-store.ts';
import { errorMessage } from '../../electron/core/util/error-message.ts';

export interface ConsoleServerOptions {
  config: ConsoleConfig;
  /** Resolved by the caller: the SQLite file, or the PostgreSQL URL from the environment. */
  database: DatabaseTarget;
  mqttPassword?: string;
  /** The `console-smtp-password` credential (alerts/smtp-sender.ts smtpPasswordFrom), when the e-mail channel authenticates. */
  smtpPassword?: string;
  /** Extra TLS options for SMTP (tests trust their own CA with it). */
  smtpTls?: ConnectionOptions;
  uiDir?: string;
  /** The `console-payment-relay-key` credential (payment-relay/relay-tag.ts); without it the payment relay is off. */
  paymentRelayKey?: string;
  /** The fleet signing key (its public half is in the terminals' `publicKeys`); without it no command can be sent. */
  signing?: SigningKey;
  logger: Logger;
  now?: () => Date;
  /** First start with no accounts: create this admin (the password is then told to the operator). */
  initialAdmin?: { username: string; password: string };
}

export interface ConsoleServer {
  url: string;
  db: ConsoleDb;
  fleet: FleetStore;
  people: PeopleStore;
  registry: TerminalRegistry;
  alerts: AlertEngine;
  /** The alert mail recipients and robot on/off in force (administrators edit them; shared by all instances through the database). */
  notifySettings: LiveNotifySettings;
  rollouts: RolloutService;
  ingest: MqttIngest;
  /** The payment notification relay's counts since start in this instance (undefined when `paymentRelay.enabled` is false). */
  paymentRelay: NotifyRelayStats | undefined;
  /** The relay's persisted counts on their way to the database (flush() in tests). */
  paymentRelayCounts: RelayCountWriter | undefined;
  /** True when this start created the initial admin (a database without accounts). */
  createdInitialAdmin: boolean;
  stop(): Promise<void>;
}

export async function startConsoleServer(o: ConsoleServerOptions): Promise<ConsoleServer> {
  const now = o.now ?? (() => new Date());
  const db = openDatabase(o.database, (error) => o.logger.warn('database connection lost (the pool reconnects)', { error: error.message }));
  const stops: (() => Promise<void>)[] = [() => db.destroy()];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => o.logger.warn('console stop step failed', { error: String(error) }));
  };
  try {
    const applied = await migrateToLatest(db, o.database.dialect);
    if (applied.length > 0) o.logger.info('console database migrated', { applied });
    const fleet = new FleetStore(db);
    const people = new PeopleStore(db);
    const audit = new ConsoleAudit(people, now);
    let createdInitialAdmin = false;
    if (o.initialAdmin && (await people.countUsers()) === 0) {
      // Instances starting together both see no accounts: the one whose insert wins tells the operator.
      createdInitialAdmin = await people.addUser({ username: o.initialAdmin.username, role: 'admin', passwordHash: await hashPassword(o.initialAdmin.password), totpSecret: null, createdAt: now().toISOString() });
      if (createdInitialAdmin) await audit.append('system', 'user.created', { username: o.initialAdmin.username, role: 'admin', initial: true });
    }
    const registry = new TerminalRegistry(fleet, o.logger.child('ingest'), now);
    const ingest = new MqttIngest(
      {
        brokerUrl: o.config.mqtt.url,
        topicPrefix: o.config.mqtt.topicPrefix,
        shareGroup: o.config.mqtt.shareGroup,
        clientId: o.config.mqtt.clientId ?? `console-${hostname().replace(/[^A-Za-z0-9_-]/g, '')}-${process.pid}-${randomBytes(3).toString('hex')}`.slice(0, 64),
        ...(o.config.mqtt.username ? { username: o.config.mqtt.username } : {}),
        ...(o.mqttPassword ? { password: o.mqttPassword } : {}),
      },
      registry,
      o.logger.child('mqtt'),
    );
    await ingest.start();
    stops.push(() => ingest.stop());
    const notifications = new NotificationStore(db);
    const email = o.config.email;
    const notifySettings = new LiveNotifySettings({ store: new NotifySettingsStore(db), fileRecipients: email?.recipients, logger: o.logger.child('notify-settings') });
    const mail = email ? mailChannel(email, new SmtpSender(email, o.smtpPassword, o.smtpTls), async () => (await notifySettings.get()).recipients ?? email.recipients) : undefined;
    if (mail) stops.push(async () => mail.close());
    const alerts = new AlertEngine({
      store: fleet,
      notifications,
      rules: o.config.alerts,
      ...(o.config.webhook ? { webhook: o.config.webhook, webhookEnabled: async () => (await notifySettings.get()).webhookEnabled } : {}),
      ...(mail ? { mail } : {}),
      logger: o.logger.child('alerts'),
      now,
    });
    alerts.start(o.config.alertIntervalSeconds * 1000);
    stops.push(() => alerts.stop());
    const auth = new AuthService({ people, audit, sessionHours: o.config.sessionHours, now });
    const commandStore = new CommandStore(db);
    const commands = new CommandService({
      store: commandStore,
      audit,
      signing: o.signing,
      topicPrefix: o.config.mqtt.topicPrefix,
      now,
      terminals: () => fleet.listTerminals(),
      publish: async (topic, payload) => {
        const client = ingest.client;
        if (!client?.connected) throw new Error('not connected to the broker');
        await client.publishAsync(topic, payload, { qos: 1 });
      },
    });
    const rollouts = new RolloutService({ rollouts: new RolloutStore(db), commands, commandStore, fleet, audit, signing: o.signing, bundleKeys: o.config.bundleKeys, now });
    const rolloutTimer = setInterval(() => {
      rollouts.tick().catch((error: unknown) => o.logger.error('rollout step failed', { error: errorMessage(error) }));
      people.deleteExpired(now().toISOString()).catch((error: unknown) => o.logger.warn('expired sessions not removed', { error: errorMessage(error) }));
    }, o.config.alertIntervalSeconds * 1000);
    stops.push(async () => clearInterval(rolloutTimer));
    const relayConfig = o.config.paymentRelay;
    const relayKey = o.paymentRelayKey;
    const relayStore = new PaymentRelayStore(db);
    // Also with the relay off: rows counted while it was on still age out.
    const relayRetention = new RelayRetention(relayStore, relayConfig.countsRetentionDays, o.logger.child('payment-relay'), now);
    relayRetention.start();
    stops.push(() => relayRetention.stop());
    const relayCounts = relayConfig.enabled && relayKey !== undefined ? new RelayCountWriter(relayStore, o.logger.child('payment-relay'), now) : undefined;
    // Stopped after the HTTP server (stops run in reverse), so the last requests' counts are written.
    if (relayCounts) stops.push(() => relayCounts.close());
    const api = consoleApi({ fleet, notifications, notify: { webhook: o.config.webhook, mail, settings: notifySettings }, people, audit, auth, registry, commands, commandStore, rollouts, reports: registry.reports, paymentRelay: { store: relayStore, relay: { enabled: relayConfig.enabled, key: relayKey } }, unroutable: () => ingest.unroutable, secureCookies: o.config.secureCookies, uiDir: o.uiDir, logger: o.logger.child('http'), now });
    if (relayConfig.enabled && relayKey === undefined) o.logger.warn('payment relay off: no console-payment-relay-key credential (see console/README.md "Payment notifications relay")');
    const relay =
      relayConfig.enabled && relayKey !== undefined
      ? notifyRelay({
          topicPrefix: o.config.mqtt.topicPrefix,
          maxBodyBytes: relayConfig.maxBodyBytes,
          perTerminalPerMinute: relayConfig.perTerminalPerMinute,
          refusedPerMinute: relayConfig.refusedPerMinute,
          relayKey,
          isKnownTerminal: async (id) => (await fleet.getTerminal(id)) !== undefined,
          publish: (topic, payload) => publishConfirmed(ingest.client, topic, payload, relayConfig.publishTimeoutMs),
          ...(relayCounts ? { counts: relayCounts } : {}),
          logger: o.logger.child('payment-relay'),
          now,
        })
      : undefined;
    // The channels call the relay themselves: it lives outside /api/ (no session, no CSRF).
    const server: Server = createServer((req, res) => {
      if (relay && NOTIFY_PATH.test(new URL(req.url ?? '/', 'http://x').pathname)) void relay.handle(req, res);
      else api(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.config.listen.port, o.config.listen.host, () => resolve());
    });
    stops.push(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as AddressInfo;
    const host = o.config.listen.host.includes(':') ? `[${o.config.listen.host}]` : o.config.listen.host;
    return { url: `http://${host}:${port}`, db, fleet, people, registry, alerts, notifySettings, rollouts, ingest, paymentRelay: relay?.stats, paymentRelayCounts: relayCounts, createdInitialAdmin, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
