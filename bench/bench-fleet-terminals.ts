/**
 * Child process of console-fleet-10k.ts: a slice of the simulated fleet, one MQTT.js client per
 * terminal (the library the terminal's fleet agent uses; ~40 KB per client measured, so 2,500 per
 * process cost ~100 MB). Each terminal behaves like electron/core/fleet/fleet-agent.ts: persistent
 * session, retained "offline" last will, on every connect its command subscription, a retained
 * "online" and a heartbeat, then a heartbeat every period (phases spread, as terminals booted at
 * different times).
 *
 * Driven over IPC by the parent: `connect`, `storm` (cut every connection without a goodbye, as a
 * network failure would, and reconnect each at a random moment in the window), `stop`.
 *   node --import tsx bench/bench-fleet-terminals.ts <brokerUrl> <from> <to> <heartbeatMs>
 */
import { connect, type MqttClient } from 'mqtt';
import { heartbeatPayload, statusPayload, terminalIdOf } from './console-fleet-kit.ts';

export type ToTerminals = { type: 'connect' } | { type: 'storm'; windowMs: number } | { type: 'stop' };
export type FromTerminals =
  | { type: 'connected'; count: number; ms: number }
  | { type: 'reconnected'; count: number; firstAt: number; lastAt: number }
  | { type: 'stopped'; heartbeats: number; onlines: number; errors: string[] };

const [brokerUrl = '', fromArg = '0', toArg = '0', periodArg = '30000'] = process.argv.slice(2);
const from = Number(fromArg);
const to = Number(toArg);
const periodMs = Number(periodArg);
const startedAt = Date.now();
const send = (message: FromTerminals) => process.send?.(message);

let heartbeats = 0;
let onlines = 0;
const errors = new Set<string>();

interface SimTerminal {
  index: number;
  client: MqttClient;
  timer?: NodeJS.Timeout;
  /** Set while a storm holds the terminal off the network. */
  cut: boolean;
}
const terminals: SimTerminal[] = [];

function publishHeartbeat(t: SimTerminal): void {
  if (!t.client.connected) return;
  t.client.publish(`kiosk/terminals/${terminalIdOf(t.index)}/heartbeat`, heartbeatPayload(t.index, new Date(), startedAt), { qos: 0 }, (error) => {
    if (error) errors.add(error.message);
    else heartbeats++;
  });
}

function start(index: number, onConnect: (t: SimTerminal) => void): SimTerminal {
  const id = terminalIdOf(index);
  const client = connect(brokerUrl, {
    clientId: `bianmin-${id}`,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 24 * 3600 },
    keepalive: 30,
    reconnectPeriod: 1000,
    connectTimeout: 30_000,
    queueQoSZero: false,
    will: { topic: `kiosk/terminals/${id}/status`, payload: Buffer.from(statusPayload(index, 'offline', new Date(), 'connection-lost')), qos: 1, retain: true },
  });
  const t: SimTerminal = { index, client, cut: false };
  client.on('connect', (connack) => {
    const announce = async () => {
      if (!connack.sessionPresent) await client.subscribeAsync([`kiosk/terminals/${id}/commands`, 'kiosk/broadcast/commands'], { qos: 1 });
      await client.publishAsync(`kiosk/terminals/${id}/status`, statusPayload(index, 'online', new Date()), { qos: 1, retain: true });
      onlines++;
      publishHeartbeat(t);
      onConnect(t);
    };
    announce().catch((error: Error) => errors.add(error.message));
  });
  client.on('error', (error) => errors.add(error.message));
  return t;
}

async function connectAll(): Promise<void> {
  const began = performance.now();
  let up = 0;
  await new Promise<void>((resolve) => {
    for (let index = from; index < to; index++) {
      let first = true;
      const t = start(index, (sim) => {
        if (!first) return;
        first = false;
        // Phase spread over one period, then the terminal's own steady period.
        sim.timer = setTimeout(() => {
          publishHeartbeat(sim);
          sim.timer = setInterval(() => publishHeartbeat(sim), periodMs);
        }, Math.random() * periodMs);
        if (++up === to - from) resolve();
      });
      terminals.push(t);
    }
  });
  send({ type: 'connected', count: up, ms: performance.now() - began });
}

/** Every connection cut at once (no DISCONNECT: the broker publishes the wills), each back at a random moment in the window. */
function storm(windowMs: number): void {
  let back = 0;
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = 0;
  for (const t of terminals) {
    t.cut = true;
    // No automatic reconnect while cut: the terminal comes back when the storm says so.
    t.client.options.reconnectPeriod = 0;
    t.client.stream.destroy();
  }
  for (const t of terminals) {
    setTimeout(() => {
      t.cut = false;
      t.client.options.reconnectPeriod = 1000;
      t.client.once('connect', () => {
        const now = Date.now();
        firstAt = Math.min(firstAt, now);
        lastAt = Math.max(lastAt, now);
        if (++back === terminals.length) send({ type: 'reconnected', count: back, firstAt, lastAt });
      });
      t.client.reconnect();
    }, Math.random() * windowMs);
  }
}

async function stopAll(): Promise<void> {
  for (const t of terminals) clearInterval(t.timer);
  await Promise.all(terminals.map((t) => t.client.endAsync(true).catch(() => undefined)));
  send({ type: 'stopped', heartbeats, onlines, errors: [...errors].slice(0, 5) });
}

process.on('message', (message: ToTerminals) => {
  if (message.type === 'connect') void connectAll();
  if (message.type === 'storm') storm(message.windowMs);
  if (message.type === 'stop') void stopAll().then(() => process.disconnect());
});
