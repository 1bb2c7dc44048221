import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { SqlitePrintJobStore, type PrintJobRecord } from '../../../../../electron/core/db/print-job-repository.ts';
import type { PrintJobStore } from '../../../../../native/printer/print-job-store.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const temp = useTempDir('print-jobs');

const record = (overrides: Partial<PrintJobRecord> = {}): PrintJobRecord => ({
  jobId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  status: 'pending',
  attempts: 0,
  updatedAt: '2025-03-01T08:00:00.000Z',
  ...overrides,
});

describe('SqlitePrintJobStore', () => {
  it('round-trips a record, and an unknown job is undefined', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations });
    // Typed as the printer driver's interface: the SQLite store must fit where the driver wants one.
    const store: PrintJobStore = new SqlitePrintJobStore(db);
    expect(store.get('missing')).toBeUndefined();
    store.put(record());
    expect(store.get(record().jobId)).toEqual(record());
    closeDatabase(db);
  });

  it('replaces a record on put and clears lastError when it is gone', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations });
    const store = new SqlitePrintJobStore(db);
    store.put(record({ status: 'waiting-for-paper', attempts: 1, lastError: 'paper-out' }));
    expect(store.get(record().jobId)).toEqual(record({ status: 'waiting-for-paper', attempts: 1, lastError: 'paper-out' }));
    store.put(record({ status: 'printed', attempts: 2, updatedAt: '2025-03-01T08:05:00.000Z' }));
    const after = store.get(record().jobId);
    expect(after).toEqual(record({ status: 'printed', attempts: 2, updatedAt: '2025-03-01T08:05:00.000Z' }));
    expect(after && 'lastError' in after).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM print_jobs').get()).toEqual({ n: 1 });
    closeDatabase(db);
  });

  it('remembers a printed job across a restart, so it is never printed twice', () => {
    const path = temp.path('kiosk.db');
    const first = openDatabase(path, { migrations });
    new SqlitePrintJobStore(first).put(record({ status: 'printed', attempts: 1 }));
    closeDatabase(first);
    const second = openDatabase(path, { migrations });
    expect(new SqlitePrintJobStore(second).get(record().jobId)?.status).toBe('printed');
    closeDatabase(second);
  });

  it('lists jobs in one status, oldest first', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations });
    const store = new SqlitePrintJobStore(db);
    store.put(record({ jobId: 'b', status: 'waiting-for-paper', updatedAt: '2025-03-01T08:02:00.000Z' }));
    store.put(record({ jobId: 'a', status: 'waiting-for-paper', updatedAt: '2025-03-01T08:03:00.000Z' }));
    store.put(record({ jobId: 'c', status: 'printed', updatedAt: '2025-03-01T08:01:00.000Z' }));
    store.put(record({ jobId: 'd', status: 'waiting-for-paper', updatedAt: '2025-03-01T08:01:00.000Z' }));
    expect(store.list('waiting-for-paper').map((r) => r.jobId)).toEqual(['d', 'b', 'a']);
    expect(store.list('failed')).toEqual([]);
    closeDatabase(db);
  });

  it('never writes the receipt bytes (personal data) to disk', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations });
    const store = new SqlitePrintJobStore(db);
    store.put({ ...record({ status: 'waiting-for-paper' }), bytes: Uint8Array.from([0x1b, 0x40, 0x41]) });
    expect(store.get(record().jobId)).toEqual(record({ status: 'waiting-for-paper' }));
    closeDatabase(db);
  });

  it('refuses a status outside the contract and keeps the stored record', () => {
    const db = openDatabase(temp.path('kiosk.db'), { migrations });
    const store = new SqlitePrintJobStore(db);
    store.put(record());
    expect(() => store.put(record({ status: 'lost' as PrintJobRecord['status'] }))).toThrow(/CHECK constraint failed/);
    expect(store.get(record().jobId)?.status).toBe('pending');
    closeDatabase(db);
  });
});
