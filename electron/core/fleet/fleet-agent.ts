/**
 * The terminal's MQTT agent: announces itself (retained status, with a retained "offline" last
 * will so the fleet sees a terminal vanish), sends heartbeats, and runs fleet commands with
 * acknowledgements: `accepted` when a valid command arrives, then `done` / `failed`, or
 * `rejected` for an invalid, expired or unknown one.
 *
 *   stopped → connecting → online ⇄ reconnecting … → stopping → stopped
 *
 * Commands are de-duplicated by id (QoS 1 may redeliver, and a persistent session redelivers
 * after a restart), with the recent ids persisted so a "restart" can never loop.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import { parseFleetCommand, type FleetAck, type FleetCommand } from './fleet-commands.ts';
import { buildHeartbeat, type HeartbeatSources } from './heartbeat.ts';
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
}

export interface FleetAgentOptions {
  brokerUrl: string;
  terminalId: string;
  topicPrefix: string;
  heartbeatMs: number;
  sources: HeartbeatSources;
  handlers: FleetCommandHandlers;
  /** Persisted recent command ids, e.g. `<dataDir>/fleet-commands.json`. */
  statePath?: string;
  username?: string;
  password?: string;
  /** PEM CA certificate(s) for mqtts:// to a private CA. */
  ca?: string;
  /** MQTT.js tuning (tests shorten reconnectPeriod). */
  mqtt?: Partial<Pick<IClientOptions, 'reconnectPeriod' | 'connectTimeout' | 'keepalive'>>;
  now?: () => Date;
  onError?: (message: string, fields?: Record<string, unknown>) => void;
}

export interface FleetAgentEvents {
  state: [state: FleetAgentState];
  command: [command: FleetCommand, ack: FleetAck];
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

  constructor(options: FleetAgentOptions) {
    super();
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#startedAt = this.#now();
    this.topics = fleetTopics(options.topicPrefix, options.terminalId);
    this.#recent = readRecent(options.statePath);
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
    client.on('message', (topic, payload) => {
      if (topic === this.topics.commands || topic === this.topics.broadcast) void this.#onCommand(payload);
    });
    this.#heartbeatTimer = setInterval(() => void this.publishHeartbeat(), this.#o.heartbeatMs);
  }

  /** Says goodbye properly (retained "offline", reason shutdown) and disconnects. */
  async stop(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    this.#setState('stopping');
    clearInterval(this.#heartbeatTimer);
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

  async #onConnect(client: MqttClient, sessionPresent: boolean): Promise<void> {
    try {
      if (!sessionPresent) await client.subscribeAsync([this.topics.commands, this.topics.broadcast], { qos: 1 });
      await client.publishAsync(this.topics.status, this.#statusPayload('online'), { qos: 1, retain: true });
      this.#setState('online');
      await this.publishHeartbeat();
    } catch (error) {
      this.#o.onError?.('fleet announce failed', { error: (error as Error).message });
    }
  }

  async #onCommand(payload: Buffer): Promise<void> {
    const parsed = parseFleetCommand(payload, this.#now());
    if (!parsed.ok) {
      if (parsed.id === undefined) await this.publishEvent('command-rejected', { detail: parsed.detail });
      else await this.#ack({ id: parsed.id, status: 'rejected', detail: parsed.detail });
      return;
    }
    const command = parsed.command;
    const previous = this.#recent.get(command.id);
    if (previous) {
      // Already handled: repeat the outcome, never the action.
      await this.#ack({ ...previous, detail: `${previous.detail ?? previous.status} (repeated delivery)` });
      return;
    }
    this.#remember({ id: command.id, type: command.type, status: 'accepted', at: this.#now().toISOString() });
    await this.#ack({ id: command.id, type: command.type, status: 'accepted' });
    let outcome: CommandOutcome;
    try {
      outcome = await this.#run(command);
    } catch (error) {
      outcome = { ok: false, detail: (error as Error).message };
    }
    const final: Omit<FleetAck, 'at'> = {
      id: command.id,
      type: command.type,
      status: outcome.ok ? 'done' : 'failed',
      ...(outcome.detail ? { detail: outcome.detail } : {}),
      ...(outcome.result ? { result: outcome.result } : {}),
    };
    const ack = await this.#ack(final);
    this.#remember(ack);
    this.emit('command', command, ack);
    if (command.type === 'restart' && outcome.ok) {
      await this.#o.handlers.restart(command.args?.reason ?? 'fleet command');
    }
  }

  async #run(command: FleetCommand): Promise<CommandOutcome> {
    const handlers = this.#o.handlers;
    switch (command.type) {
      case 'reload-config':
        return handlers.reloadConfig(command.args?.bundle);
      case 'restart':
        return { ok: true, detail: 'restarting' };
      case 'enter-out-of-service':
        return handlers.setOutOfService(true, command.args?.message);
      case 'leave-out-of-service':
        return handlers.setOutOfService(false);
      case 'request-logs':
        return this.#sendLogs(command.id, command.args?.maxBytes ?? DEFAULT_LOG_BYTES);
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
