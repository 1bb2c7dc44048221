/**
 * The terminal's MQTT agent: announces itself (retained status, with a retained "offline" last
 * will so the fleet sees a terminal vanish), sends heartbeats, and runs signed fleet commands
 * (signed-command.ts) with acknowledgements named by the command's nonce: `accepted` when a
 * verified command arrives, then `done` / `failed`.
 *
 *   stopped → connecting → online ⇄ reconnecting … → stopping → stopped
 *
 * Every refusal (unsigned, forged, expired, replayed, mis-targeted, unknown key or command) is
 * published as a `command-refused` event with its reason; a command whose signature verified is
 * also acknowledged `rejected`, so the console sees it end. Nonces are recorded (nonce-ledger.ts,
 * persisted) before a command runs, so a redelivery (QoS 1, a persistent session after a restart)
 * or a replay never runs it twice and a "restart" can never loop.
 *
 * With a payment notice handler it also takes the payment channels' notifications the console
 * relays (payment-notice.ts) on its own `payments/notify` topic; the persistent session keeps
 * those sent while it was offline. A malformed envelope is logged and dropped.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import type { FleetAck, FleetCommandBody } from './fleet-commands.ts';
import type { Alert, AlertBoard } from '../alerts/alert-board.ts';
import type { MonthlyReport } from '../evaluation/monthly-report.ts';
import { buildHeartbeat, type HeartbeatSources } from './heartbeat.ts';
import type { StartEvidence } from './start-evidence.ts';
import { NonceLedger } from './nonce-ledger.ts';
import { parsePaymentNotice, type PaymentNoticeHandler } from './payment-notice.ts';
import { verifyCommand, type CommandRefusal, type VerifiedCommand } from './signed-command.ts';
import { fleetTopics, type FleetTopics } from './topics.ts';

export type FleetAgentState = 'stopped' | 'connecting' | 'online' | 'reconnecting' | 'stopping';

export type CommandOutcome = { ok: true; detail?: string; result?: Record<string, unknown> } | { ok: false; detail: string; result?: Record<string, unknown> };

export interface FleetCommandHandlers {
  /** With a bundle: verify and apply it; without: re-read the local config files. */
  reloadConfig(bundle: unknown): CommandOutcome | Promise<CommandOutcome>;
  /** Called after the `done` ack has reached the broker. */
  restart(reason: string): void | Promise<void>;
  setOutOfService(active: boolean, message?: { 'zh-CN'?: string; 'en-US'?: string }): CommandOutcome | Promise<CommandOutcome>;
  /** Recent log text (already scrubbed), at most maxBytes. */
  collectLogs(maxBytes: number): string | Promise<string>;
  /** The handlers below are optional: a terminal without one answers `failed` ("not available"). */
  printTestReceipt?(): CommandOutcome | Promise<CommandOutcome>;
  clearStaffLockout?(): CommandOutcome | Promise<CommandOutcome>;
  retryHeldItems?(stream: string | undefined): CommandOutcome | Promise<CommandOutcome>;
  /** The monthly 好差评 report of a month ('YYYY-MM'); throws for a month it cannot report. */
  monthlyReport?(month: string): MonthlyReport | Promise<MonthlyReport>;
}

export interface FleetAgentOptions {
  brokerUrl: string;
  terminalId: string;
  topicPrefix: string;
  heartbeatMs: number;
  sources: HeartbeatSources;
  handlers: FleetCommandHandlers;
  /** The pinned signing keys (config `publicKeys`), read at every command so a rotation counts at once. */
  trustedKeys: () => ReadonlyArray<{ id: string; key: string }>;
  /** Fleet groups this terminal belongs to (targets.groups); `*` always matches. */
  groups?: () => readonly string[];
  /** Persisted recent command outcomes, e.g. `<dataDir>/fleet-commands.json`. */
  statePath?: string;
  /** Persisted nonces of accepted commands, e.g. `<dataDir>/fleet-nonces.json`. */
  noncePath?: string;
  username?: string;
  password?: string;
  /** PEM CA certificate(s) for mqtts:// to a private CA. */
  ca?: string;
  /** MQTT.js tuning (tests shorten reconnectPeriod). */
  mqtt?: Partial<Pick<IClientOptions, 'reconnectPeriod' | 'connectTimeout' | 'keepalive'>>;
  now?: () => Date;
  onError?: (message: string, fields?: Record<string, unknown>) => void;
  /** Each alert raised or cleared is published as an `alert-raised` / `alert-cleared` event. */
  alerts?: AlertBoard;
  /** Found on disk (watchdog restarts, databases moved aside): published once each, before each heartbeat. */
  startEvidence?: Pick<StartEvidence, 'pending' | 'delivered'>;
  /** Relayed payment notifications go here (the payment engine checks their signatures). */
  paymentNotices?: PaymentNoticeHandler;
}

/** A relayed payment notification's end at this terminal: handed to the engine, or why not. */
export interface PaymentNoticeOutcome {
  id?: string;
  channel?: string;
  handled: boolean;
  reason?: string;
}

export interface FleetAgentEvents {
  state: [state: FleetAgentState];
  command: [command: VerifiedCommand, ack: FleetAck];
  refused: [refusal: CommandRefusal];
  paymentNotice: [outcome: PaymentNoticeOutcome];
}

const LOG_CHUNK_BYTES = 64 * 1024;
const DEFAULT_LOG_BYTES = 256 * 1024;
const REMEMBERED_IDS = 200;

export class FleetAgent extends EventEmitter<FleetAgentEvents> {
  readonly topics: FleetTopics;
  readonly #o: FleetAgentOptions;
  readonly #now: () => Date;
  readonly #startedAt: Date;
  #client: MqttClient | undefined;
  #state: FleetAgentState = 'stopped';
  #heartbeatTimer: NodeJS.Timeout | undefined;
  #recent: Map<string, FleetAck>;
  readonly #nonces: NonceLedger;
  /** Damage found in the nonce file, reported once the agent is online. */
  #nonceDamage: string | undefined;
  #reportingEvidence = false;
  // Raised while offline: not queued here; the heartbeat after reconnecting carries every open alert.
  readonly #onAlertRaised = (alert: Alert) => void this.publishEvent('alert-raised', { alert });
  readonly #onAlertCleared = (alert: Alert) => void this.publishEvent('alert-cleared', { alert });

  constructor(options: FleetAgentOptions) {
    super();
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#startedAt = this.#now();
    this.topics = fleetTopics(options.topicPrefix, options.terminalId);
    this.#recent = readRecent(options.statePath);
    this.#nonces = new NonceLedger({
      ...(options.noncePath ? { path: options.noncePath } : {}),
      now: () => this.#now().getTime(),
      onDamage: (detail) => {
        this.#nonceDamage = detail;
        options.onError?.('fleet nonce file damaged', { detail });
        // Repaired (a floor, see nonce-ledger.ts), but commands the fleet signed before now are refused:
        // staff and the console must know why. Shown until the next start finds the file whole.
        options.alerts?.raise({ id: 'fleet-nonce-ledger-damaged', kind: 'fleet-nonce-ledger-damaged', severity: 'warning', detail });
      },
    });
  }

  get state(): FleetAgentState {
    return this.#state;
  }

  start(): void {
    if (this.#client) return;
    const options: IClientOptions = {
      clientId: `bianmin-${this.#o.terminalId}`,
      protocolVersion: 5,
      // A persistent session queues commands sent while the terminal is offline (expiry applies).
      clean: false,
      properties: { sessionExpiryInterval: 24 * 3600 },
      keepalive: 30,
      reconnectPeriod: 5000,
      connectTimeout: 10_000,
      queueQoSZero: false,
      will: { topic: this.topics.status, payload: Buffer.from(this.#statusPayload('offline', 'connection-lost')), qos: 1, retain: true },
      ...(this.#o.username ? { username: this.#o.username } : {}),
      ...(this.#o.password ? { password: this.#o.password } : {}),
      ...(this.#o.ca ? { ca: this.#o.ca } : {}),
      ...this.#o.mqtt,
    };
    this.#setState('connecting');
    const client = connect(this.#o.brokerUrl, options);
    this.#client = client;
    client.on('connect', (connack) => void this.#onConnect(client, connack.sessionPresent));
    client.on('reconnect', () => this.#setState('reconnecting'));
    client.on('offline', () => {
      if (this.#state === 'online') this.#setState('reconnecting');
    });
    client.on('close', () => {
      if (this.#state === 'online') this.#setState('reconnecting');
    });
    client.on('error', (error) => this.#o.onError?.('fleet connection error', { error: error.message }));
    if (this.#o.paymentNotices) {
      const passOn = client.handleMessage.bind(client);
      // MQTT.js sends the PUBACK when this calls back: only once the engine has the notification
      // in its journal, so a crash in between gets it redelivered (persistent session), not lost.
      client.handleMessage = (packet, callback) => {
        if (packet.topic !== this.topics.paymentNotify) return passOn(packet, callback);
        void this.#onPaymentNotice(Buffer.from(packet.payload)).finally(() => callback());
      };
    }
    client.on('message', (topic, payload) => {
      if (topic === this.topics.commands || topic === this.topics.broadcast) void this.#onCommand(payload);
    });
    this.#heartbeatTimer = setInterval(() => void this.publishHeartbeat(), this.#o.heartbeatMs);
    this.#o.alerts?.on('raised', this.#onAlertRaised).on('cleared', this.#onAlertCleared);
  }

  /** Says goodbye properly (retained "offline", reason shutdown) and disconnects. */
  async stop(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    this.#setState('stopping');
    clearInterval(this.#heartbeatTimer);
    this.#o.alerts?.off('raised', this.#onAlertRaised).off('cleared', this.#onAlertCleared);
    if (client.connected) {
      await client
        .publishAsync(this.topics.status, this.#statusPayload('offline', 'shutdown'), { qos: 1, retain: true })
        .catch(() => {});
    }
    await client.endAsync(!client.connected).catch(() => {});
    this.#client = undefined;
    this.#setState('stopped');
  }

  async publishHeartbeat(): Promise<void> {
    const client = this.#client;
    if (!client?.connected) return;
    try {
      // Before the heartbeat that counts it. Also picks up evidence recorded while this process
      // runs (the Electron shell's renderer watchdog) and retries what a failed publish left.
      await this.#reportStartEvidence(client);
      const heartbeat = await buildHeartbeat(this.#o.terminalId, this.#o.sources, this.#now(), this.#startedAt);
      await client.publishAsync(this.topics.heartbeat, JSON.stringify(heartbeat), { qos: 0 });
    } catch (error) {
      this.#o.onError?.('heartbeat failed', { error: (error as Error).message });
    }
  }

  /** A notable event for the fleet (config refused, watchdog out of service…). Dropped when offline. */
  async publishEvent(type: string, data: Record<string, unknown> = {}): Promise<void> {
    const client = this.#client;
    if (!client?.connected) return;
    await client.publishAsync(this.topics.events, JSON.stringify({ type, at: this.#now().toISOString(), ...data }), { qos: 1 }).catch(() => {});
  }

  /** A monthly report on the reports topic (QoS 1); throws when offline or the broker refuses it. */
  async publishReport(report: MonthlyReport): Promise<void> {
    const client = this.#client;
    if (!client?.connected) throw new Error('not connected to the fleet broker');
    await client.publishAsync(this.topics.reports, JSON.stringify(report), { qos: 1 });
  }

  async #onConnect(client: MqttClient, sessionPresent: boolean): Promise<void> {
    try {
      if (!sessionPresent) await client.subscribeAsync([this.topics.commands, this.topics.broadcast], { qos: 1 });
      // Every time, not only for a new session: a terminal updated to relay payments keeps its old session.
      // Its own failure must not keep the terminal from announcing itself: queries settle payments anyway.
      if (this.#o.paymentNotices) {
        await client.subscribeAsync(this.topics.paymentNotify, { qos: 1 }).catch((error: Error) => this.#o.onError?.('payment notifications not subscribed', { error: error.message }));
      }
      await client.publishAsync(this.topics.status, this.#statusPayload('online'), { qos: 1, retain: true });
      this.#setState('online');
      if (this.#nonceDamage !== undefined) {
        await this.publishEvent('nonce-ledger-damaged', { detail: this.#nonceDamage });
        this.#nonceDamage = undefined;
      }
      await this.publishHeartbeat();
    } catch (error) {
      this.#o.onError?.('fleet announce failed', { error: (error as Error).message });
    }
  }

  /** Each piece with its own time; remembered only once the broker has it (QoS 1 acknowledged). */
  async #reportStartEvidence(client: MqttClient): Promise<void> {
    const evidence = this.#o.startEvidence;
    // One pass at a time: a heartbeat timer and a reconnection must not publish the same piece twice.
    if (!evidence || this.#reportingEvidence) return;
    this.#reportingEvidence = true;
    try {
      for (const event of evidence.pending()) {
        try {
          await client.publishAsync(this.topics.events, JSON.stringify({ ...event.data, type: event.type, at: event.at }), { qos: 1 });
        } catch (error) {
          // Still pending: the next heartbeat or connection tries again.
          this.#o.onError?.('start evidence not reported', { type: event.type, error: (error as Error).message });
          return;
        }
        evidence.delivered(event);
      }
    } finally {
      this.#reportingEvidence = false;
    }
  }

  async #onPaymentNotice(payload: Buffer): Promise<void> {
    const handler = this.#o.paymentNotices;
    if (!handler) return;
    const parsed = parsePaymentNotice(payload);
    if (!parsed.ok) {
      this.#o.onError?.('relayed payment notification dropped', { reason: parsed.reason });
      this.emit('paymentNotice', { handled: false, reason: parsed.reason });
      return;
    }
    const { id, channel, body, headers } = parsed.notice;
    try {
      await handler(channel, body, headers);
      this.emit('paymentNotice', { id, channel, handled: true });
    } catch (error) {
      // A forged one has raised its alert in the engine; the channel's query settles the order anyway.
      this.#o.onError?.('relayed payment notification not taken', { id, channel, error: (error as Error).message });
      this.emit('paymentNotice', { id, channel, handled: false, reason: (error as Error).message });
    }
  }

  async #onCommand(payload: Buffer): Promise<void> {
    const verified = verifyCommand(payload, {
      trustedKeys: this.#o.trustedKeys(),
      terminalId: this.#o.terminalId,
      groups: this.#o.groups?.() ?? [],
      now: this.#now(),
      nonces: this.#nonces,
    });
    if (!verified.ok) {
      await this.#refuse(verified.refusal);
      return;
    }
    const command = verified.command;
    const { nonce: id, body } = command;
    try {
      this.#nonces.record(id, Date.parse(command.issuedAt), Date.parse(command.expiresAt));
    } catch (error) {
      // Not remembered means it could run again after a restart: better not to run it at all.
      const detail = `not run: could not remember its nonce (${(error as Error).message})`;
      this.#o.onError?.('fleet command not run', { nonce: id, detail });
      await this.#ack({ id, type: body.name, status: 'failed', detail });
      return;
    }
    this.#remember({ id, type: body.name, status: 'accepted', at: this.#now().toISOString() });
    await this.#ack({ id, type: body.name, status: 'accepted' });
    let outcome: CommandOutcome;
    try {
      outcome = await this.#run(id, body);
    } catch (error) {
      outcome = { ok: false, detail: (error as Error).message };
    }
    const final: Omit<FleetAck, 'at'> = {
      id,
      type: body.name,
      status: outcome.ok ? 'done' : 'failed',
      ...(outcome.detail ? { detail: outcome.detail } : {}),
      ...(outcome.result ? { result: outcome.result } : {}),
    };
    const ack = await this.#ack(final);
    this.#remember(ack);
    this.emit('command', command, ack);
    if (body.name === 'restart' && outcome.ok) {
      await this.#o.handlers.restart(body.args.reason ?? 'fleet command');
    }
  }

  /** Every refusal is an event; an authenticated one also ends its command with a `rejected` ack. */
  async #refuse(refusal: CommandRefusal): Promise<void> {
    const previous = refusal.reason === 'replayed' && refusal.nonce ? this.#recent.get(refusal.nonce) : undefined;
    await this.publishEvent('command-refused', {
      reason: refusal.reason,
      detail: refusal.detail,
      ...(refusal.keyId ? { keyId: refusal.keyId } : {}),
      ...(refusal.authenticated && refusal.nonce ? { nonce: refusal.nonce } : {}),
      ...(refusal.authenticated && refusal.name ? { name: refusal.name } : {}),
      ...(previous ? { previous: { status: previous.status, at: previous.at } } : {}),
    });
    // A replay's nonce already has its acks; a forged command's nonce is not the fleet's to name.
    if (refusal.authenticated && refusal.nonce && refusal.reason !== 'replayed') {
      await this.#ack({ id: refusal.nonce, status: 'rejected', detail: `${refusal.reason}: ${refusal.detail}` });
    }
    this.emit('refused', refusal);
  }

  async #run(id: string, body: FleetCommandBody): Promise<CommandOutcome> {
    const handlers = this.#o.handlers;
    const unavailable: CommandOutcome = { ok: false, detail: 'not available on this terminal' };
    switch (body.name) {
      case 'reload-config':
        return handlers.reloadConfig(body.args.bundle);
      case 'restart':
        return { ok: true, detail: 'restarting' };
      case 'out-of-service':
        return handlers.setOutOfService(true, body.args.message);
      case 'back-in-service':
        return handlers.setOutOfService(false);
      case 'request-logs':
        return this.#sendLogs(id, body.args.maxBytes ?? DEFAULT_LOG_BYTES);
      case 'print-test-receipt':
        return handlers.printTestReceipt ? handlers.printTestReceipt() : unavailable;
      case 'clear-staff-lockout':
        return handlers.clearStaffLockout ? handlers.clearStaffLockout() : unavailable;
      case 'retry-held-items':
        return handlers.retryHeldItems ? handlers.retryHeldItems(body.args.stream) : unavailable;
      case 'send-monthly-report': {
        if (!handlers.monthlyReport) return unavailable;
        const report = await handlers.monthlyReport(body.args.month);
        await this.publishReport(report);
        return { ok: true, detail: `report ${report.month} sent`, result: { month: report.month, transactions: report.totals.transactions, topic: this.topics.reports } };
      }
    }
  }

  async #sendLogs(requestId: string, maxBytes: number): Promise<CommandOutcome> {
    const text = await this.#o.handlers.collectLogs(maxBytes);
    const bytes = Buffer.from(text, 'utf8').subarray(0, maxBytes);
    const parts = Math.max(1, Math.ceil(bytes.length / LOG_CHUNK_BYTES));
    const client = this.#client;
    if (!client) return { ok: false, detail: 'not connected' };
    for (let part = 0; part < parts; part++) {
      const chunk = bytes.subarray(part * LOG_CHUNK_BYTES, (part + 1) * LOG_CHUNK_BYTES);
      const body = { requestId, part: part + 1, parts, encoding: 'base64', data: chunk.toString('base64') };
      await client.publishAsync(this.topics.logs(requestId), JSON.stringify(body), { qos: 1 });
    }
    return { ok: true, result: { parts, bytes: bytes.length, topic: this.topics.logs(requestId) } };
  }

  async #ack(ack: Omit<FleetAck, 'at'>): Promise<FleetAck> {
    const full: FleetAck = { ...ack, at: this.#now().toISOString() };
    const client = this.#client;
    if (client) await client.publishAsync(this.topics.acks, JSON.stringify(full), { qos: 1 }).catch(() => {});
    return full;
  }

  #remember(ack: FleetAck): void {
    this.#recent.delete(ack.id);
    this.#recent.set(ack.id, ack);
    while (this.#recent.size > REMEMBERED_IDS) {
      const oldest = this.#recent.keys().next().value;
      if (oldest === undefined) break;
      this.#recent.delete(oldest);
    }
    if (this.#o.statePath) {
      try {
        writeFileAtomic(this.#o.statePath, `${JSON.stringify([...this.#recent.values()])}\n`);
      } catch (error) {
        this.#o.onError?.('could not persist fleet command ids', { error: (error as Error).message });
      }
    }
  }

  #statusPayload(state: 'online' | 'offline', reason?: string): string {
    return JSON.stringify({
      terminalId: this.#o.terminalId,
      state,
      at: this.#now().toISOString(),
      appVersion: this.#o.sources.appVersion,
      ...(reason ? { reason } : {}),
    });
  }

  #setState(state: FleetAgentState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}

function readRecent(path: string | undefined): Map<string, FleetAck> {
  const recent = new Map<string, FleetAck>();
  if (!path || !existsSync(path)) return recent;
  try {
    const list = JSON.parse(readFileSync(path, 'utf8')) as FleetAck[];
    for (const ack of Array.isArray(list) ? list : []) if (typeof ack?.id === 'string') recent.set(ack.id, ack);
  } catch {}
  return recent;
}
