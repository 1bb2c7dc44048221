/**
 * Damage that cannot pass for a fresh start: an index that lost a pending row (quick_check does
 * not see it), an emptied database file with its write-ahead log next to it, and a missing
 * database on a terminal that had acknowledged submissions. Each is detected at start, shown as
 * an alert, loses nothing that is still on disk, and new sequences never go backwards.
 */
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { openDatabaseSafely } from '../../../../../electron/core/db/safe-open.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { startOutbox } from '../../../../../electron/core/outbox/outbox-runtime.ts';
import { salvageOutbox } from '../../../../../electron/core/outbox/outbox-salvage.ts';
import { UpstreamClient } from '../../../../../electron/core/upstream/upstream-client.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { acceptedInStream, captureLogger, TERMINAL_ID, tempDir } from '../../../../support/outbox-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

const keys = new OutboxKey(Buffer.alloc(32, 0x42));
let upstream: ReferenceUpstream;
let temp: ReturnType<typeof tempDir>;
let path: string;

beforeEach(async () => {
  upstream = await startReferenceUpstream();
  temp = tempDir('outbox-damage');
  path = temp.path('kiosk.db');
});
afterEach(async () => {
  await upstream.close();
  temp.remove();
});

/** The core's start-up sequence for the outbox: safe open (with the index check), then the runtime. */
function start(alerts = new AlertBoard()) {
  const { db, indexes } = openDatabaseSafely(path, { migrations, salvage: salvageOutbox, checkIndexesOf: ['outbox'], alerts });
  const client = new UpstreamClient({ baseUrl: upstream.url, timeoutMs: 1000, terminalId: TERMINAL_ID });
  const running = startOutbox({
    db,
    dataDir: temp.dir,
    upstream: () => client,
    terminalId: () => TERMINAL_ID,
    logger: captureLogger().logger,
    keys,
    alerts,
    offlineProbeMs: 100,
  });
  return {
    db,
    alerts,
    indexes,
    running,
    async stop() {
      await running.stop();
      closeDatabase(db);
    },
  };
}

const form = (n: number) => ({ stream: 'forms', kind: 'form.v1', payload: { n, name: '李娜' } });

describe('damage detected at start', () => {
  it('an index that lost a pending row (quick_check passes) is rebuilt and the row is sent in its place', async () => {
    const first = start();
    const items = Array.from({ length: 10 }, (_, n) => first.running.outbox.enqueue(form(n)).item);
    await first.stop();
    // Rebuild the status index with row #5 filed under 'delivered', then make the schema claim a
    // plain (status, stream, id) index: same number of entries, so quick_check cannot tell.
    const raw = openDatabase(path);
    raw.exec(`DROP INDEX outbox_status_stream_id;
      CREATE INDEX outbox_status_stream_id ON outbox ((CASE WHEN id = ${items[4]!.id} THEN 'delivered' ELSE status END), stream, id);`);
    raw.unsafeMode(true);
    raw.pragma('writable_schema = ON');
    raw
      .prepare("UPDATE sqlite_schema SET sql = 'CREATE INDEX outbox_status_stream_id ON outbox (status, stream, id)' WHERE name = 'outbox_status_stream_id'")
      .run();
    raw.pragma('writable_schema = OFF');
    closeDatabase(raw);
    const check = openDatabase(path);
    expect(check.pragma('quick_check', { simple: true })).toBe('ok');
    expect(check.prepare("SELECT count(*) AS n FROM outbox INDEXED BY outbox_status_stream_id WHERE status = 'pending'").get()).toEqual({ n: 9 });
    closeDatabase(check);

    const second = start();
    expect(second.indexes?.mismatches).toEqual([
      { table: 'outbox', index: 'outbox_status_stream_id', expected: 10, found: 9, group: 'pending' },
      { table: 'outbox', index: 'outbox_status_stream_id', expected: 0, found: 1, group: 'delivered' },
    ]);
    expect(second.alerts.get('database-index-repaired')).toMatchObject({ kind: 'database-index-repaired', severity: 'warning' });
    expect(second.alerts.get('database-index-repaired')?.detail).toContain('outbox_status_stream_id (pending): 9 entries for 10 rows');
    second.running.start();
    await waitFor(() => second.running.outbox.count('pending') === 0, 5000, 'the queue to drain');
    expect(acceptedInStream(upstream.submissions, 'forms').map((p) => p.n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(upstream.orderViolations).toEqual([]);
    await second.stop();
  });

  it('a zero-byte database with its WAL is moved aside with the WAL, raised as alerts, and sequences go on above it', async () => {
    const first = start();
    const items = Array.from({ length: 5 }, (_, n) => first.running.outbox.enqueue(form(n)).item);
    // The rows live in the WAL (enqueues never checkpoint); keep it as a crash would leave it.
    copyFileSync(`${path}-wal`, temp.path('wal.copy'));
    await first.stop();
    truncateSync(path, 0);
    copyFileSync(temp.path('wal.copy'), `${path}-wal`);
    const walBytes = readFileSync(`${path}-wal`);

    const second = start();
    const emptied = second.alerts.get('database-emptied');
    expect(emptied).toMatchObject({ kind: 'database-emptied', severity: 'critical' });
    const movedTo = /moved aside to (\S+) /.exec(emptied!.detail)?.[1];
    expect(movedTo).toMatch(/kiosk\.db\.empty-/);
    expect(statSync(movedTo!).size).toBe(0);
    expect(readFileSync(`${movedTo}-wal`)).toEqual(walBytes);
    const lost = second.alerts.list().find((a) => a.kind === 'database-behind-ledger');
    expect(lost?.severity).toBe('critical');
    expect(lost?.detail).toBe(
      `submissions #${items[0]!.id}-#${items[4]!.id} were acknowledged to citizens but are not in the database (up to 5 of them not yet delivered): ` +
        'recover them from the files moved aside next to the database or from backup',
    );
    // Never backwards: the next submission is numbered after the last one acknowledged.
    expect(second.running.outbox.enqueue(form(5)).item.id).toBe(items[4]!.id + 1);
    await second.stop();

    // The gap stays visible at the next start, although the database now holds a higher sequence.
    const third = start();
    expect(third.alerts.list().filter((a) => a.kind === 'database-behind-ledger').map((a) => a.id)).toEqual([lost!.id]);
    await third.stop();
  });

  it('a missing database on a terminal that acknowledged submissions is an alert, not a silent fresh start', async () => {
    const first = start();
    const items = Array.from({ length: 3 }, (_, n) => first.running.outbox.enqueue(form(n)).item);
    first.running.start();
    await waitFor(() => first.running.outbox.get(items[0]!.id)?.status === 'delivered', 5000, 'a delivery');
    await waitFor(() => first.running.outbox.count('pending') === 0, 5000, 'all delivered');
    await first.stop();
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });

    const second = start();
    const lost = second.alerts.list().filter((a) => a.kind === 'database-behind-ledger');
    expect(lost).toHaveLength(1);
    expect(lost[0]!.detail).toContain(`submissions #${items[0]!.id}-#${items[2]!.id} were acknowledged to citizens but are not in the database (up to 0 of them not yet delivered)`);
    expect(second.running.outbox.enqueue(form(3)).item.id).toBe(items[2]!.id + 1);
    await second.stop();
  });

  it('an unreadable sequence ledger is moved aside with an alert; the terminal still starts', async () => {
    writeFileSync(temp.path('outbox-sequence.json'), '{"acknowledged": "lots"}');
    const started = start();
    expect(started.alerts.get('outbox-ledger-unreadable')?.detail).toMatch(/^the outbox sequence ledger was unreadable .*moved aside to .*outbox-sequence\.json\.invalid-/);
    expect(started.running.outbox.enqueue(form(0)).item.id).toBe(1);
    expect(existsSync(temp.path('outbox-sequence.json'))).toBe(true);
    await started.stop();
  });
});
