/**
 * The process the crash-safety test kills: a kiosk core in miniature that opens the database,
 * queues submissions and syncs them, as fast as it can. It prints `ACK <key> <n> <stream>` only
 * after enqueue() returned, i.e. exactly when a citizen would be told "submitted".
 * Bundled once by the test with esbuild and run with plain node (see outbox-crash.test.ts).
 *
 *   node child.mjs <dataDir> <upstreamUrl> <terminalId> <firstN> work|drain
 */
import { writeSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { openDatabaseSafely } from '../../../../../electron/core/db/safe-open.ts';
import { NetworkMonitor } from '../../../../../electron/core/outbox/network-monitor.ts';
import { Outbox } from '../../../../../electron/core/outbox/outbox.ts';
import { loadOrCreateKeyFile } from '../../../../../electron/core/outbox/outbox-key.ts';
import { salvageOutbox } from '../../../../../electron/core/outbox/outbox-salvage.ts';
import { classifyFailure, SyncWorker } from '../../../../../electron/core/outbox/sync-worker.ts';
import { UpstreamClient } from '../../../../../electron/core/upstream/upstream-client.ts';

const [dataDir = '', upstreamUrl = '', terminalId = 'KM-0001', firstN = '0', mode = 'work'] = process.argv.slice(2);
const STREAMS = ['forms', 'commitments', 'evaluations'];
const say = (line: string) => writeSync(1, `${line}\n`);

const { db, alert } = openDatabaseSafely(join(dataDir, 'kiosk.db'), { migrations, salvage: salvageOutbox });
if (alert) say(`ALERT ${alert.message}`);
const { key } = loadOrCreateKeyFile(join(dataDir, 'outbox.key'));
const outbox = new Outbox(db, { keys: key });
const client = new UpstreamClient({ baseUrl: upstreamUrl, timeoutMs: 2000, terminalId });
const monitor = new NetworkMonitor({
  probe: () => client.checkHealth(),
  classify: (error) => (classifyFailure(error) === 'unreachable' ? 'unreachable' : 'error'),
  offlineProbeMs: 100,
  minProbeGapMs: 50,
});
const worker = new SyncWorker({ outbox, monitor, upstream: () => client, backoff: { baseMs: 10, capMs: 100 } });
worker.start();
say('READY');

if (mode === 'drain') {
  const timer = setInterval(() => {
    if (outbox.count('pending') > 0) return;
    clearInterval(timer);
    say('DRAINED');
    void worker.stop().then(() => {
      db.close();
      process.exit(0);
    });
  }, 20);
} else {
  for (let i = 0; ; i += 1) {
    const n = Number(firstN) + i;
    const stream = STREAMS[i % STREAMS.length] as string;
    // Fictitious person: the payload is personal data and must arrive sealed and intact.
    const { item } = outbox.enqueue({ stream, kind: `${stream}.v1`, payload: { n, name: '测试用户', idNumber: '11010519491231002X' } });
    say(`ACK ${item.idempotencyKey} ${n} ${stream}`);
    // Let the worker's I/O run between submissions, as a kiosk's would between citizens.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
