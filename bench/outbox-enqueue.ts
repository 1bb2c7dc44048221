/**
 * Enqueue latency with full durability (synchronous=FULL: the WAL is fsynced before enqueue
 * returns), as the citizen waits for "submitted", next to a raw INSERT of a same-sized blob into
 * the same schema with synchronous=FULL, interleaved in the same run so both see the same disk
 * and load. Prints median / p90 / p99 / max of each, their ratio (aim <= 2x: sealing, validation,
 * the sequence floor and the ledger cost at most as much as the commit itself), and the disk's raw
 * fsync latency in the same directory for context. The outbox runs as the core runs it, with the
 * sequence ledger beside the database; the loop yields between submissions, as a kiosk does.
 *   node --import tsx bench/outbox-enqueue.ts [--dir=/path] [--count=2000]
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase } from '../electron/core/db/database.ts';
import { migrations } from '../electron/core/db/migrations/index.ts';
import { Outbox } from '../electron/core/outbox/outbox.ts';
import { SequenceLedger } from '../electron/core/outbox/sequence-ledger.ts';
import { benchDir, benchKey, formPayload, fsyncBaseline, ms, percentile } from './outbox-kit.ts';

const count = Number(process.argv.find((arg) => arg.startsWith('--count='))?.slice(8) ?? 2000);
const { dir, remove } = benchDir('enqueue');
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));
try {
  const db = openDatabase(join(dir, 'kiosk.db'), { migrations });
  const outbox = new Outbox(db, { keys: benchKey, sequenceLedger: new SequenceLedger(join(dir, 'outbox-sequence.json')) });
  const raw = openDatabase(join(dir, 'raw.db'), { migrations });
  raw.pragma('synchronous = FULL');
  const insert = raw.prepare(
    `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status, key_id)
     VALUES (?, ?, 'form.v1', ?, ?, 'pending', 'k-bench')`,
  );
  const blobBytes = Buffer.byteLength(JSON.stringify(formPayload(0))) + 29;
  const streams = ['forms', 'commitments', 'evaluations', 'help'];
  for (let i = 0; i < 50; i += 1) {
    outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: formPayload(i) }); // warm-up
    insert.run(randomUUID(), 'forms', randomBytes(blobBytes), new Date().toISOString());
  }
  const enqueueTimes: number[] = [];
  const rawTimes: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const stream = streams[i % streams.length]!;
    let started = performance.now();
    outbox.enqueue({ stream, kind: 'form.v1', payload: formPayload(i) });
    enqueueTimes.push(performance.now() - started);
    await yieldTurn();
    const blob = randomBytes(blobBytes);
    started = performance.now();
    insert.run(randomUUID(), stream, blob, new Date().toISOString());
    rawTimes.push(performance.now() - started);
    await yieldTurn();
  }
  closeDatabase(db);
  closeDatabase(raw);
  enqueueTimes.sort((a, b) => a - b);
  rawTimes.sort((a, b) => a - b);
  const baseline = fsyncBaseline(dir);
  const figures = (times: number[]) =>
    `median ${ms(percentile(times, 50))}  p90 ${ms(percentile(times, 90))}  p99 ${ms(percentile(times, 99))}  max ${ms(times.at(-1)!)}`;
  const p99 = percentile(enqueueTimes, 99);
  const ratio50 = percentile(enqueueTimes, 50) / percentile(rawTimes, 50);
  const ratio99 = p99 / percentile(rawTimes, 99);
  console.log(`outbox enqueue, synchronous=FULL, ${count} submissions in ${dir}`);
  console.log(`  enqueue     ${figures(enqueueTimes)}`);
  console.log(`  raw INSERT  ${figures(rawTimes)}  (${blobBytes}-byte blob, same schema, synchronous=FULL)`);
  console.log(`  ratio enqueue / raw INSERT: p50 ${ratio50.toFixed(2)}x  p99 ${ratio99.toFixed(2)}x (aim <= 2x: ${ratio50 <= 2 && ratio99 <= 2 ? 'met' : 'NOT met'})`);
  console.log(`  disk fsync baseline (4 KiB append + fsync): median ${ms(baseline.median)}  p99 ${ms(baseline.p99)}`);
  console.log(`  target p99 <= 5 ms: ${p99 <= 5 ? 'met' : 'NOT met'} (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
} finally {
  remove();
}
