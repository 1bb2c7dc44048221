/**
 * A province on one console: 10,000 simulated terminals (MQTT.js clients in 4 child processes)
 * through a real mosquitto to the real console server (its own process, SQLite). Each terminal
 * keeps a retained status with a last will and sends a schema-valid heartbeat every 30 s.
 *
 *  1. steady state: one full heartbeat cycle after every terminal is online;
 *  2. reconnect storm: every connection is cut at once (the broker publishes 10,000 wills) and
 *     each terminal comes back at a random moment within 10 s (retained online + heartbeat).
 *
 * Freshness: each heartbeat (and each "online") from the terminal's publish to the moment the
 * console's registry has stored it, p50/p99 per phase; the console process's peak resident memory;
 * CPU seconds of console, broker and simulated fleet (on shared cores they compete: the console's
 * CPU per message is the figure that does not depend on the neighbours). Heartbeats are QoS 0 (the
 * terminal's choice): one lost when a connection is cut or taken over is counted, not a failure;
 * a terminal left offline or without a heartbeat from after the storm is.
 * Targets: p99 ≤ 2 s, peak RSS < 1 GB.
 *   node --import tsx bench/console-fleet-10k.ts [--terminals=10000] [--processes=4] [--period=30000] [--storm=10000]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '../test/support/wait.ts';
import type { FromConsole, Sample, ToConsole } from './bench-fleet-console.ts';
import type { FromTerminals, ToTerminals } from './bench-fleet-terminals.ts';
import { percentile, row } from './bench-stats.ts';
import { benchChild as child, cpuSeconds, mb, nextMessage as next, residentMemory, startFleetBroker } from './console-fleet-kit.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const terminals = arg('terminals', 10_000);
const processes = arg('processes', 4);
const periodMs = arg('period', 30_000);
const stormMs = arg('storm', 10_000);
const TARGET_P99_MS = 2000;
const TARGET_RSS = 1024 * 1024 * 1024;

const broker = await startFleetBroker(terminals + 16);
const dataDir = mkdtempSync(join(tmpdir(), 'bench-fleet-console-'));
const consoleProc = child('bench-fleet-console.ts', [broker.url, dataDir]);
const fleet: ChildProcess[] = [];
let failed = false;
try {
  await next<FromConsole, 'ready'>(consoleProc, 'ready', 30_000);
  const samples: Sample[] = [];
  let last: Extract<FromConsole, { type: 'report' }> | undefined;
  let rssPeakSeen = 0;
  let freshSince = 0;
  const poll = async () => {
    const report = next<FromConsole, 'report'>(consoleProc, 'report');
    consoleProc.send({ type: 'report', since: freshSince } satisfies ToConsole);
    last = await report;
    for (const s of last.samples) samples.push(s);
    rssPeakSeen = Math.max(rssPeakSeen, residentMemory(consoleProc.pid!).rss);
    return last;
  };

  console.log(`${terminals} terminals in ${processes} processes, heartbeat every ${periodMs / 1000} s; mosquitto open-files limit ${broker.fdLimit} (one per connection)`);
  const per = Math.ceil(terminals / processes);
  for (let p = 0; p < processes; p++) {
    fleet.push(child('bench-fleet-terminals.ts', [broker.url, String(p * per), String(Math.min(terminals, (p + 1) * per)), String(periodMs)]));
  }
  const connecting = fleet.map((f) => next<FromTerminals, 'connected'>(f, 'connected'));
  for (const f of fleet) f.send({ type: 'connect' } satisfies ToTerminals);
  const connected = await Promise.all(connecting);
  row('all terminals connected (first connect)', `${(Math.max(...connected.map((c) => c.ms)) / 1000).toFixed(1)} s`);
  await waitFor(async () => {
    const r = await poll();
    if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ ...r, samples: r.samples.length }));
    return r.online === terminals && r.stored.heartbeat >= terminals && r.inFlight === 0;
  }, 120_000, 'the console to hold every terminal online', { intervalMs: 500 });

  /** CPU seconds of the console, the broker and the simulated fleet: on shared cores they compete. */
  const cpu = () => ({ console: cpuSeconds(consoleProc.pid!), broker: cpuSeconds(broker.pid), fleet: fleet.reduce((sum, f) => sum + cpuSeconds(f.pid!), 0) });
  const cpuShare = (from: ReturnType<typeof cpu>, to: ReturnType<typeof cpu>, ms: number) =>
    (['console', 'broker', 'fleet'] as const).map((k) => `${k} ${(to[k] - from[k]).toFixed(1)} s (${(((to[k] - from[k]) * 1000) / ms).toFixed(2)} cores)`).join(', ');

  // 1. Steady state: one full heartbeat cycle.
  const steadyFrom = Date.now();
  const cpuSteady = cpu();
  const steadyTo = steadyFrom + periodMs;
  await waitFor(async () => (await poll(), Date.now() >= steadyTo + TARGET_P99_MS), periodMs + 60_000, 'one heartbeat cycle', { intervalMs: 1000 });

  // 2. Reconnect storm.
  const stormFrom = Date.now();
  freshSince = stormFrom;
  const cpuStorm = cpu();
  const reconnecting = fleet.map((f) => next<FromTerminals, 'reconnected'>(f, 'reconnected'));
  for (const f of fleet) f.send({ type: 'storm', windowMs: stormMs } satisfies ToTerminals);
  const back = await Promise.all(reconnecting);
  const reconnectSpread = Math.max(...back.map((b) => b.lastAt)) - stormFrom;
  await waitFor(async () => {
    const r = await poll();
    return r.stale === 0 && r.inFlight === 0;
  }, 120_000, 'the console to hold every terminal online again, with a heartbeat from after the storm', { intervalMs: 500 });
  const stormTo = Date.now();
  const staleAfterStorm = last!.stale;
  const cpuEnd = cpu();
  const load = loadavg()[0]!;

  const stopping = fleet.map((f) => next<FromTerminals, 'stopped'>(f, 'stopped'));
  for (const f of fleet) f.send({ type: 'stop' } satisfies ToTerminals);
  const stopped = await Promise.all(stopping);
  const published = stopped.reduce((sum, s) => sum + s.heartbeats, 0);
  // What is still in the broker arrives meanwhile; what never arrives is lost (reported below).
  await waitFor(async () => {
    const r = await poll();
    return r.inFlight === 0 && r.stored.heartbeat >= published;
  }, 15_000, 'the last heartbeats stored', { intervalMs: 200 }).catch(() => undefined);
  const consoleMemory = residentMemory(consoleProc.pid!);
  const final = last!;

  const phase = (kind: Sample[0], from: number, to: number, part: 2 | 3 = 2) =>
    samples
      .filter((s) => s[0] === kind && s[1] >= from && s[1] < to)
      .map((s) => s[part])
      .sort((a, b) => a - b);
  const describe = (values: number[]) => `p50 ${percentile(values, 50).toFixed(0)} ms  p99 ${percentile(values, 99).toFixed(0)} ms  max ${(values.at(-1) ?? Number.NaN).toFixed(0)} ms  (n=${values.length})`;
  const steady = phase('h', steadyFrom, steadyTo);
  const stormBeats = phase('h', stormFrom, stormTo);
  const stormOnline = phase('s', stormFrom, stormTo);
  const lost = published - final.stored.heartbeat;
  const errors = stopped.flatMap((s) => s.errors);

  row('steady: heartbeat publish → stored', describe(steady));
  row('steady: heartbeat arrival at the console → stored', describe(phase('h', steadyFrom, steadyTo, 3)));
  row('steady: heartbeats per second', `${((steady.length / periodMs) * 1000).toFixed(0)}/s`);
  row(`storm: all cut, back within ${stormMs / 1000} s`, `last reconnect after ${(reconnectSpread / 1000).toFixed(1)} s; console settled after ${((stormTo - stormFrom) / 1000).toFixed(1)} s`);
  row('steady: CPU used', cpuShare(cpuSteady, cpuStorm, stormFrom - steadyFrom));
  row('storm: heartbeat publish → stored', describe(stormBeats));
  row('storm: "online" publish → stored', describe(stormOnline));
  // The console's own part: from the broker's delivery to stored (the rest is broker and network).
  row('storm: heartbeat arrival at the console → stored', describe(phase('h', stormFrom, stormTo, 3)));
  row('storm: "online" arrival at the console → stored', describe(phase('s', stormFrom, stormTo, 3)));
  row('storm: CPU used', cpuShare(cpuStorm, cpuEnd, stormTo - stormFrom));
  row('machine load (1 min) at the end of the storm', `${load.toFixed(1)} on ${availableParallelism()} cores`);
  row('heartbeats sent / stored / lost (QoS 0)', `${published} / ${final.stored.heartbeat} / ${lost}`);
  row('terminals not fresh after the storm', String(staleAfterStorm));
  const stormMessages = stormBeats.length + stormOnline.length * 2; // every "online" follows a will
  row('console CPU per message in the storm (contention-free cost)', `${(((cpuEnd.console - cpuStorm.console) / stormMessages) * 1e6).toFixed(0)} µs → ~${Math.floor(stormMessages / (cpuEnd.console - cpuStorm.console))}/s per core`);
  row('malformed / store errors', `${final.malformed} / ${final.storeErrors}`);
  row('console RSS peak (VmHWM) / at end', `${mb(Math.max(consoleMemory.peak, rssPeakSeen))} / ${mb(consoleMemory.rss)}`);
  row('mosquitto RSS', mb(residentMemory(broker.pid).rss));
  if (errors.length > 0) row('terminal-side errors (first few)', errors.join('; '));
  console.log(`target: heartbeat and "online" p99 ≤ ${TARGET_P99_MS} ms in steady state and storm, every terminal online with a heartbeat from after the storm, console RSS < ${mb(TARGET_RSS)}`);

  const p99 = Math.max(percentile(steady, 99), percentile(stormBeats, 99), percentile(stormOnline, 99));
  const misses = [
    ...(p99 > TARGET_P99_MS ? [`p99 ${p99.toFixed(0)} ms`] : []),
    ...(Math.max(consoleMemory.peak, rssPeakSeen) >= TARGET_RSS ? ['console RSS'] : []),
    ...(staleAfterStorm !== 0 || final.storeErrors > 0 || final.malformed > 0 ? ['terminals left stale, or messages refused'] : []),
    ...(steady.length < terminals * 0.95 || stormBeats.length < terminals ? ['too few samples: the run did not cover a full cycle and every reconnect'] : []),
  ];
  if (misses.length > 0) {
    console.log(`MISSED: ${misses.join(', ')}`);
    failed = true;
  }
} finally {
  for (const f of fleet) if (f.exitCode === null) f.kill();
  if (consoleProc.connected) {
    const exited = new Promise((resolve) => consoleProc.once('exit', resolve));
    consoleProc.send({ type: 'stop' } satisfies ToConsole);
    await exited;
  }
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
