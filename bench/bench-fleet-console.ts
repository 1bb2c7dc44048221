/**
 * Child process of console-fleet-10k.ts: the real console server (SQLite file, MQTT ingest, alert
 * engine, HTTP API) in a process of its own, so its resident memory is its own. An in-process hook
 * on the registry notes, for every heartbeat and "online" status, the time from the terminal's
 * publish (the message's `at`, same machine clock) to the moment the registry has stored it.
 *   node --import tsx bench/bench-fleet-console.ts <brokerUrl> <dataDir>
 */
import { join } from 'node:path';
import { silentLogger } from '../electron/core/logging/logger.ts';
import { consoleConfigSchema } from '../console/server/config/console-config.ts';
import { startConsoleServer } from '../console/server/console-server.ts';
import type { RoutedTopic } from '../console/server/ingest/topic-route.ts';

/** One stored message: kind (h = heartbeat, s = online status), publish time, publish → stored, arrival at the console → stored (ms). */
export type Sample = [kind: 'h' | 's', publishedAt: number, latencyMs: number, consoleMs: number];
/** `since`: also count the terminals with no heartbeat stored since then (ms), or offline. */
export type ToConsole = { type: 'report'; since?: number } | { type: 'stop' };
export type FromConsole =
  | { type: 'ready'; url: string }
  | {
      type: 'report';
      samples: Sample[];
      /** Messages handed to the registry and not yet stored. */
      inFlight: number;
      stored: { heartbeat: number; status: number };
      malformed: number;
      storeErrors: number;
      online: number;
      terminals: number;
      stale: number;
    };

const [brokerUrl = '', dataDir = ''] = process.argv.slice(2);
const send = (message: FromConsole) => process.send?.(message);

const server = await startConsoleServer({
  config: consoleConfigSchema.parse({ listen: { host: '127.0.0.1', port: 0 }, mqtt: { url: brokerUrl, clientId: 'bench-console' } }),
  database: { dialect: 'sqlite', file: join(dataDir, 'console.sqlite') },
  logger: silentLogger,
});

let samples: Sample[] = [];
let inFlight = 0;
const registry = server.registry;
const ingest = registry.ingest.bind(registry);
// The top-level `at` is the second key of both payloads (after terminalId); no second JSON.parse.
const AT = /"at":"([^"]+)"/;
registry.ingest = (route: RoutedTopic, payload: Buffer | string) => {
  inFlight++;
  const arrived = Date.now();
  const result = ingest(route, payload);
  void result.then(
    (outcome) => {
      inFlight--;
      if (!outcome.ok || (route.kind !== 'heartbeat' && route.kind !== 'status')) return;
      const text = payload.toString();
      if (route.kind === 'status' && !text.includes('"state":"online"')) return;
      const at = Date.parse(AT.exec(text)?.[1] ?? '');
      const stored = Date.now();
      samples.push([route.kind === 'heartbeat' ? 'h' : 's', at, stored - at, stored - arrived]);
    },
    () => inFlight--,
  );
  return result;
};

process.on('message', (message: ToConsole) => {
  if (message.type === 'report') {
    void (async () => {
      const rows = await server.db
        .selectFrom('terminals')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('online').as('online')])
        .executeTakeFirstOrThrow();
      const since = new Date(message.since ?? 0).toISOString();
      const stale = await server.db
        .selectFrom('terminals')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.or([eb('online', '=', 0), eb('heartbeat_received_at', 'is', null), eb('heartbeat_received_at', '<', since)]))
        .executeTakeFirstOrThrow();
      const c = registry.counters;
      send({
        type: 'report',
        samples,
        inFlight,
        stored: { heartbeat: c.stored.heartbeat, status: c.stored.status },
        malformed: Object.values(c.malformed).reduce((a, b) => a + b, 0),
        storeErrors: c.storeErrors,
        online: Number(rows.online ?? 0),
        terminals: Number(rows.n),
        stale: Number(stale.n),
      });
      samples = [];
    })();
  }
  if (message.type === 'stop') void server.stop().then(() => process.disconnect());
});
send({ type: 'ready', url: server.url });
