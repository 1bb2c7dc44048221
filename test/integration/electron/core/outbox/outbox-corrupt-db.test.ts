/**
 * A damaged database file at start-up: moved aside (never deleted), a fresh database created,
 * undelivered submissions salvaged from the damaged file and then delivered, a clear alert for
 * maintenance, and no crash loop. Failures that are not damage are thrown with the file untouched.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, DatabaseTooNewError, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { openDatabaseSafely } from '../../../../../electron/core/db/safe-open.ts';
import { Outbox } from '../../../../../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { salvageOutbox } from '../../../../../electron/core/outbox/outbox-salvage.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { acceptedInStream, openOutbox, startSync, tempDir } from '../../../../support/outbox-stack.ts';
import { waitFor } from '../../../../support/wait.ts';

const key = new OutboxKey(Buffer.alloc(32, 0x42));
const PAGE = 4096;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
let upstream: ReferenceUpstream;
let temp: ReturnType<typeof tempDir>;
let path: string;

beforeEach(async () => {
  upstream = await startReferenceUpstream();
  temp = tempDir('outbox-corrupt');
  path = temp.path('kiosk.db');
});
afterEach(async () => {
  await upstream.close();
  temp.remove();
});

/** 60 pending forms (several table pages), 5 delivered, and a print job; returns the pending keys. */
function seed(): string[] {
  const { db, outbox, close } = openOutbox(path, { keys: key });
  const items = Array.from({ length: 65 }, (_, n) =>
    outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n, name: '吴刚', note: '材料齐全'.repeat(20) } }).item,
  );
  for (const item of items.slice(0, 5)) outbox.ledger.markDelivered(item.id, `SUB-${item.id}`, new Date().toISOString());
  db.prepare("INSERT INTO print_jobs (job_id, status, attempts, updated_at) VALUES ('job-1', 'printed', 1, '2025-01-01T00:00:00Z')").run();
  close();
  return items.slice(5).map((item) => item.idempotencyKey);
}

/** Page numbers of one b-tree, from SQLite's dbstat table. */
function pagesOf(name: string, type?: 'leaf' | 'internal'): number[] {
  const db = openDatabase(path);
  const rows = db.prepare('SELECT pageno, pagetype FROM dbstat WHERE name = ? ORDER BY pageno').all(name) as Array<{ pageno: number; pagetype: string }>;
  closeDatabase(db);
  return rows.filter((row) => type === undefined || row.pagetype === type).map((row) => row.pageno);
}

function smash(page: number): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.alloc(PAGE, 0xa5), 0, PAGE, (page - 1) * PAGE);
  closeSync(fd);
}

function openSafely() {
  return openDatabaseSafely(path, { migrations, salvage: salvageOutbox, now: () => new Date('2025-03-01T08:00:00Z') });
}


describe('opening a damaged database', () => {
  it('a damaged index: moves the file aside, recovers every undelivered submission, and delivers them once', async () => {
    const pending = seed();
    smash(pagesOf('outbox_status_stream_id')[0]!);
    const damaged = sha256(path);

    const { db, alert } = openSafely();
    expect(alert?.movedTo).toBe(`${path}.corrupt-2025-03-01T08-00-00-000Z`);
    expect(sha256(alert!.movedTo)).toBe(damaged);
    expect(alert?.salvage).toEqual({ salvaged: 60, unreadable: 0 });
    expect(alert?.message).toBe(
      `database ${path} was damaged (${alert?.detail}); it was moved aside to ${alert?.movedTo} and a fresh database was created. ` +
        '60 undelivered submission(s) were recovered. Keep the damaged file for maintenance.',
    );

    const outbox = new Outbox(db, { keys: key });
    expect(outbox.list({ status: 'pending', limit: 1000 }).map((i) => i.idempotencyKey)).toEqual(pending);
    expect(outbox.count('delivered')).toBe(0);
    const { worker } = startSync(outbox, upstream.url);
    await waitFor(() => outbox.count('pending') === 0, 10_000, 'the recovered items to be delivered');
    await worker.stop();
    expect(acceptedInStream(upstream.submissions, 'forms').map((p) => p.n)).toEqual(Array.from({ length: 60 }, (_, i) => i + 5));
    expect(upstream.orderViolations).toEqual([]);
    closeDatabase(db);

    // The next start is an ordinary one: no alert, no loop.
    const next = openSafely();
    expect(next.alert).toBeUndefined();
    closeDatabase(next.db);
  });

  it('a damaged table page: recovers the readable rows and counts the rest, which stay in the damaged file', () => {
    seed();
    const leaves = pagesOf('outbox', 'leaf');
    expect(leaves.length).toBeGreaterThan(3);
    smash(leaves[Math.floor(leaves.length / 2)]!);

    const { db, alert } = openSafely();
    const { salvaged, unreadable } = alert!.salvage;
    expect(unreadable).toBeGreaterThan(0);
    expect(salvaged).toBeGreaterThan(0);
    expect(salvaged + unreadable).toBeLessThanOrEqual(65);
    expect(salvaged + unreadable).toBeGreaterThanOrEqual(60);
    expect(alert?.message).toContain(`${salvaged} undelivered submission(s) were recovered; ${unreadable} could not be read and remain in the damaged file.`);
    const outbox = new Outbox(db, { keys: key });
    expect(outbox.count('pending')).toBe(salvaged);
    // What was recovered still opens with the terminal's key: the ciphertext is bound to the row, not to the file.
    expect(outbox.ledger.open(outbox.ledger.head('forms')!)).toMatchObject({ ok: true });
    closeDatabase(db);
  });

  it('rows that were only in the WAL when the terminal died are recovered too', () => {
    seed();
    const printIndex = pagesOf('print_jobs_status_updated')[0]!;
    // A crash image: 10 more forms committed to the WAL (no checkpoint), files copied as they are.
    const { db, outbox } = openOutbox(path, { keys: key });
    db.pragma('wal_autocheckpoint = 0');
    const late = Array.from({ length: 10 }, (_, i) => outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n: 100 + i } }).item);
    const image = temp.path('image.db');
    copyFileSync(path, image);
    copyFileSync(`${path}-wal`, `${image}-wal`);
    db.close();
    path = image;
    smash(printIndex);

    const { db: fresh, alert } = openSafely();
    expect(alert?.salvage).toEqual({ salvaged: 70, unreadable: 0 });
    const recovered = new Outbox(fresh, { keys: key });
    expect(late.map((item) => recovered.getByKey(item.idempotencyKey)?.status)).toEqual(Array(10).fill('pending'));
    closeDatabase(fresh);
  });

  it('a file that is garbage from the first byte: moved aside, fresh database, nothing recovered, said so', () => {
    const garbage = Buffer.alloc(3 * PAGE, 0x5a);
    const wal = Buffer.alloc(100, 0x11);
    writeFileSync(path, garbage);
    writeFileSync(`${path}-wal`, wal);

    const { db, alert } = openSafely();
    expect(alert?.message).toMatch(/was damaged .*Nothing could be recovered from it \(.*\)\. Keep the damaged file for maintenance\.$/);
    // Moved aside exactly as found, its WAL included (SQLite would have deleted it on close).
    expect(readFileSync(alert!.movedTo).equals(garbage)).toBe(true);
    expect(readFileSync(`${alert!.movedTo}-wal`).equals(wal)).toBe(true);
    expect(existsSync(`${path}-wal.keep`)).toBe(false);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    closeDatabase(db);
    expect(readdirSync(temp.dir).filter((name) => name.includes('.corrupt-') && !name.endsWith('-shm')).sort()).toEqual([
      'kiosk.db.corrupt-2025-03-01T08-00-00-000Z',
      'kiosk.db.corrupt-2025-03-01T08-00-00-000Z-wal',
    ]);
  });

  it('a database from a newer app is not damage: refused, untouched, not moved', () => {
    seed();
    const db = openDatabase(path);
    db.pragma(`user_version = ${migrations.length + 1}`);
    closeDatabase(db);
    const before = sha256(path);
    expect(() => openSafely()).toThrow(DatabaseTooNewError);
    expect(sha256(path)).toBe(before);
    expect(readdirSync(temp.dir).filter((name) => name.includes('.corrupt-'))).toEqual([]);
  });
});
