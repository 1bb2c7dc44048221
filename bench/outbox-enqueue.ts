/**
 * Enqueue latency with full durability (synchronous=FULL: the WAL is fsynced before enqueue
 * returns), as the citizen waits for "submitted". Prints median / p90 / p99 / max, and the disk's
 * raw fsync latency in the same directory for context.
 *   node --import tsx bench/outbox-enqueue.ts [--dir=/path] [--count=2000]
 */
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { benchDir, formPayload, fsyncBaseline, ms, openBenchOutbox, percentile } from './outbox-kit.ts';

const count = Number(process.argv.find((arg) => arg.startsWith('--count='))?.slice(8) ?? 2000);
const { dir, remove } = benchDir('enqueue');
try {
  const { outbox, close } = openBenchOutbox(join(dir, 'kiosk.db'));
  const streams = ['forms', 'commitments', 'evaluations', 'help'];
  for (let i = 0; i < 50; i += 1) outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: formPayload(i) }); // warm-up
  const times: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    outbox.enqueue({ stream: streams[i % streams.length]!, kind: 'form.v1', payload: formPayload(i) });
    times.push(performance.now() - started);
  }
  close();
  times.sort((a, b) => a - b);
  const baseline = fsyncBaseline(dir);
  const p99 = percentile(times, 99);
  console.log(`outbox enqueue, synchronous=FULL, ${count} submissions in ${dir}`);
  console.log(`  median ${ms(percentile(times, 50))}  p90 ${ms(percentile(times, 90))}  p99 ${ms(p99)}  max ${ms(times.at(-1)!)}`);
  console.log(`  disk fsync baseline (4 KiB append + fsync): median ${ms(baseline.median)}  p99 ${ms(baseline.p99)}`);
  console.log(`  target p99 <= 5 ms: ${p99 <= 5 ? 'met' : 'NOT met'} (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
} finally {
  remove();
}
