/**
 * Console ingest rate: N simulated terminals (default 1000) each send one heartbeat per round
 * through a real mosquitto; one console instance, then two in a shared-subscription group, store
 * them in SQLite through the registry (validation, per-terminal ordering, upsert). Prints
 * heartbeats stored per second and the time from publish to stored for a round (median / p90 over
 * rounds). Target: a province of 5,000 terminals at one heartbeat per minute is ~83/s; aim ≥ 10×.
 *   node --import tsx bench/console-ingest.ts [--terminals=1000] [--rounds=5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync } from 'mqtt';
import { silentLogger } from '../electron/core/logging/logger.ts';
import { MqttIngest } from '../console/server/ingest/mqtt-ingest.ts';
import { TerminalRegistry } from '../console/server/registry/terminal-registry.ts';
import { openDatabase } from '../console/server/storage/database.ts';
import { FleetStore } from '../console/server/storage/fleet-store.ts';
import { migrateToLatest } from '../console/server/storage/migrations.ts';
import { startMosquitto } from '../test/support/mosquitto-broker.ts';
import { percentile } from './outbox-kit.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const terminals = arg('terminals', 1000);
const rounds = arg('rounds', 5);

const heartbeat = (id: string, at: string, k: number) =>
  JSON.stringify({
    terminalId: id,
    at,
    appVersion: '1.4.2',
    configVersion: '2026-12-01.3',
    uptimeSeconds: k,
    serviceMode: { mode: 'in-service', since: '2026-12-04T08:00:00.000Z' },
    devices: [
      { device: 'idcard', state: 'ready', flags: [] },
      { device: 'printer', state: 'ready', flags: ['paper-near-end'] },
      { device: 'scanner', state: 'ready', flags: [] },
    ],
    queue: { pending: k % 3, failed: 0 },
    disk: { freeBytes: 12_000_000_000, totalBytes: 64_000_000_000 },
    lastError: null,
    site: { region: '五华区', hall: `hall-${k % 40}`, tags: ['credit'] },
  });

async function run(instances: number): Promise<void> {
  const broker = await startMosquitto();
  const dir = mkdtempSync(join(tmpdir(), 'bench-console-'));
  const db = openDatabase({ dialect: 'sqlite', file: join(dir, 'console.sqlite') });
  try {
    await migrateToLatest(db, 'sqlite');
    const store = new FleetStore(db);
    const consoles: { registry: TerminalRegistry; ingest: MqttIngest }[] = [];
    for (let n = 0; n < instances; n++) {
      const registry = new TerminalRegistry(store, silentLogger);
      const ingest = new MqttIngest({ brokerUrl: broker.url, topicPrefix: 'kiosk', shareGroup: 'console', clientId: `bench-console-${n}` }, registry, silentLogger);
      await ingest.start();
      consoles.push({ registry, ingest });
    }
    const stored = () => consoles.reduce((sum, c) => sum + c.registry.counters.stored.heartbeat, 0);
    // Terminals share a few connections: the console's work is per message, not per connection.
    const publishers = await Promise.all(Array.from({ length: 8 }, () => connectAsync(broker.url, { protocolVersion: 5, reconnectPeriod: 0 })));
    const ids = Array.from({ length: terminals }, (_v, i) => `KM-${String(i).padStart(5, '0')}`);
    const roundMs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const before = stored();
      const at = new Date().toISOString();
      const started = performance.now();
      await Promise.all(ids.map((id, i) => publishers[i % publishers.length]!.publishAsync(`kiosk/terminals/${id}/heartbeat`, heartbeat(id, at, round), { qos: 1 })));
      while (stored() - before < terminals) await new Promise((r) => setTimeout(r, 5));
      roundMs.push(performance.now() - started);
    }
    roundMs.sort((a, b) => a - b);
    const rates = roundMs.map((ms) => (terminals / ms) * 1000).sort((a, b) => a - b);
    const malformed = consoles.reduce((sum, c) => sum + c.registry.counters.malformed.heartbeat, 0);
    const split = consoles.map((c) => c.registry.counters.stored.heartbeat).join(' / ');
    console.log(
      `${instances} instance(s), ${terminals} terminals × ${rounds} rounds: ${percentile(rates, 50).toFixed(0)} heartbeats/s median ` +
        `(round ${percentile(roundMs, 50).toFixed(0)} ms median, ${percentile(roundMs, 90).toFixed(0)} ms p90); split ${split}; malformed ${malformed}`,
    );
    for (const p of publishers) await p.endAsync();
    for (const c of consoles) await c.ingest.stop();
  } finally {
    await db.destroy();
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await run(1);
await run(2);
console.log(`target: ≥ ${Math.ceil((5000 / 60) * 10)} heartbeats/s (10 × a 5,000-terminal province at one per minute)`);
