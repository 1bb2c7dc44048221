/**
 * Start-up with 100,000 submissions queued: from opening the database (quick_check, migrations,
 * the index cross-check that finds index damage quick_check misses, the sequence-ledger check) to an outbox that takes a new submission and a sync worker that has found its streams, i.e.
 * the point where the UI can be used. Module loading is not included (the app loads its modules
 * whatever the queue holds). The upstream is unreachable, so the worker only starts.
 *   node --import tsx bench/outbox-startup.ts [--dir=/path] [--count=100000]
 */
import { join } from 'node:path';
import { closeDatabase } from '../electron/core/db/database.ts';
import { migrations } from '../electron/core/db/migrations/index.ts';
import { checkIndexes } from '../electron/core/db/index-check.ts';
import { openDatabaseSafely } from '../electron/core/db/safe-open.ts';
import { NetworkMonitor } from '../electron/core/outbox/network-monitor.ts';
import { Outbox } from '../electron/core/outbox/outbox.ts';
import { salvageOutbox } from '../electron/core/outbox/outbox-salvage.ts';
import { SequenceLedger } from '../electron/core/outbox/sequence-ledger.ts';
import { classifyFailure, SyncWorker } from '../electron/core/outbox/sync-worker.ts';
import { UpstreamClient } from '../electron/core/upstream/upstream-client.ts';
import { benchDir, benchKey, formPayload, ms, openBenchOutbox } from './outbox-kit.ts';

const count = Number(process.argv.find((arg) => arg.startsWith('--count='))?.slice(8) ?? 100_000);
const streams = ['forms', 'commitments', 'evaluations', 'help', 'print-jobs'];
const { dir, remove } = benchDir('startup');
try {
  const path = join(dir, 'kiosk.db');
  const filled = openBenchOutbox(path);
  for (let first = 0; first < count; first += 5000) {
    filled.outbox.enqueueMany(
      Array.from({ length: Math.min(5000, count - first) }, (_, i) => ({
        stream: streams[(first + i) % streams.length]!,
        kind: 'form.v1',
        payload: formPayload(first + i),
      })),
    );
  }
  filled.close();

  const t0 = performance.now();
  const { db } = openDatabaseSafely(path, { migrations, salvage: salvageOutbox });
  const tOpen = performance.now();
  // The core passes checkIndexesOf: ['outbox'] to openDatabaseSafely; timed on its own here.
  const indexes = checkIndexes(db, ['outbox']);
  const tIndexes = performance.now();
  const ledger = new SequenceLedger(join(dir, 'outbox-sequence.json'));
  ledger.reconcile((db.prepare('SELECT coalesce(max(id), 0) AS id FROM outbox').get() as { id: number }).id, new Date());
  const t1 = performance.now();
  const outbox = new Outbox(db, { keys: benchKey, sequenceLedger: ledger });
  const client = new UpstreamClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000, terminalId: 'KM-0001' });
  const monitor = new NetworkMonitor({ probe: () => client.checkHealth(), classify: (e) => (classifyFailure(e) === 'unreachable' ? 'unreachable' : 'error') });
  const worker = new SyncWorker({ outbox, monitor, upstream: () => client });
  worker.start();
  const t2 = performance.now();
  const pending = outbox.count('pending');
  outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: formPayload(-1) });
  const t3 = performance.now();
  await worker.stop();
  closeDatabase(db);

  console.log(`outbox start-up with ${pending} submissions queued (${streams.length} streams)`);
  console.log(`  open + quick_check + migrations check: ${ms(tOpen - t0)}`);
  console.log(`  index cross-check (every outbox index counted against the table; ${indexes.mismatches.length} mismatches): ${ms(tIndexes - tOpen)}`);
  console.log(`  sequence ledger check: ${ms(t1 - tIndexes)}`);
  console.log(`  outbox + sync worker started (key report, purge, streams found): ${ms(t2 - t1)}`);
  console.log(`  pending count + first new enqueue: ${ms(t3 - t2)}`);
  console.log(`  total to usable: ${ms(t3 - t0)} (target <= 1000 ms: ${t3 - t0 <= 1000 ? 'met' : 'NOT met'})`);
} finally {
  remove();
}
