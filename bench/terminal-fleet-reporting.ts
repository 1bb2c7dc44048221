/**
 * What the fleet sees of one terminal, and how fast: a real terminal core (console/server/dev/
 * terminal-cores.ts, the browser terminal with simulated devices over PTYs, under the watchdog
 * supervisor) reporting to a real mosquitto.
 *   - start → first heartbeat on the broker (process start, core, devices, fleet connection)
 *   - printer simulator out of paper → the first heartbeat naming it (bounded by the heartbeat
 *     period, 5 s here, plus the printer's 2 s status poll)
 *   - SIGKILL → the `watchdog-restart` event from the restarted core
 * and the heartbeat's queue summary (pending, oldest, held, undecryptable) on an outbox holding
 * --count submissions (default 100,000), since the agent computes it for every heartbeat.
 * Target: queue summary ≤ 25 ms median at 100,000 queued; kill → reported restart ≤ 15 s.
 *   node --import tsx bench/terminal-fleet-reporting.ts [--count=100000]
 */
import { join } from 'node:path';
import { queueSummary } from '../electron/core/fleet/queue-summary.ts';
import { observe, startMosquitto } from '../test/support/mosquitto-broker.ts';
import { startTerminalCore } from '../console/server/dev/terminal-cores.ts';
import { benchDir, formPayload, ms, openBenchOutbox, percentile } from './outbox-kit.ts';

const count = Number(process.argv.find((arg) => arg.startsWith('--count='))?.slice(8) ?? 100_000);

// Queue summary on a full outbox.
const { dir, remove } = benchDir('fleet-queue');
try {
  const filled = openBenchOutbox(join(dir, 'kiosk.db'));
  const streams = ['forms', 'commitments', 'evaluations', 'help', 'print-jobs'];
  for (let first = 0; first < count; first += 5000) {
    filled.outbox.enqueueMany(
      Array.from({ length: Math.min(5000, count - first) }, (_, i) => ({ stream: streams[(first + i) % streams.length] ?? 'forms', kind: 'form.v1', payload: formPayload(first + i) })),
    );
  }
  const worker = { heldStreams: [] as string[] };
  const times: number[] = [];
  let summary = queueSummary({ outbox: filled.outbox, worker });
  for (let i = 0; i < 30; i++) {
    const t0 = performance.now();
    summary = queueSummary({ outbox: filled.outbox, worker });
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  filled.close();
  console.log(`heartbeat queue summary with ${summary.pending} submissions queued: median ${ms(percentile(times, 50))}, p90 ${ms(percentile(times, 90))}`);
} finally {
  remove();
}

// One real terminal core against a real broker.
const broker = await startMosquitto();
const watch = await observe(broker.url, 'kiosk/terminals/BENCH-0001/#');
const heartbeatOf = (pred: (hb: Record<string, unknown>) => boolean) => (m: { topic: string; json(): Record<string, unknown> }) => m.topic.endsWith('/heartbeat') && pred(m.json());
const t0 = performance.now();
const terminal = await startTerminalCore({ terminalId: 'BENCH-0001', brokerUrl: broker.url, heartbeatSeconds: 5 });
try {
  const tReady = performance.now();
  await watch.waitFor(heartbeatOf(() => true), 30_000);
  const tFirst = performance.now();
  console.log(`terminal core: process start → kiosk ready ${(tReady - t0).toFixed(0)} ms, → first heartbeat on the broker ${(tFirst - t0).toFixed(0)} ms`);

  const tPaper = performance.now();
  await terminal.printer({ paperOut: true });
  const paperOut = (hb: Record<string, unknown>) => (hb.devices as { device: string; flags?: string[] }[]).some((d) => d.device === 'printer' && d.flags?.includes('paper-out'));
  await watch.waitFor(heartbeatOf(paperOut), 30_000);
  console.log(`printer out of paper → heartbeat naming it: ${(performance.now() - tPaper).toFixed(0)} ms (heartbeat every 5 s, printer polled every 2 s)`);
  await terminal.printer({ paperOut: false });

  const tKill = performance.now();
  await terminal.kill();
  const tBack = performance.now();
  await watch.waitFor((m) => m.topic.endsWith('/events') && m.json().type === 'watchdog-restart', 30_000);
  console.log(`SIGKILL → watchdog restart → kiosk ready ${(tBack - tKill).toFixed(0)} ms, → watchdog-restart event on the broker ${(performance.now() - tKill).toFixed(0)} ms`);
} finally {
  await terminal.stop();
  await watch.client.endAsync();
  await broker.stop();
}
