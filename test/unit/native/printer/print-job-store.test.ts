import { describe, expect, it } from 'vitest';
import { InMemoryPrintJobStore } from '../../../../native/printer/print-job-store.ts';

describe('InMemoryPrintJobStore', () => {
  it('stores, replaces and lists records by status, oldest first', () => {
    const store = new InMemoryPrintJobStore();
    store.put({ jobId: 'b', status: 'waiting-for-paper', attempts: 1, lastError: 'paper-out', updatedAt: '2024-01-01T00:00:02.000Z' });
    store.put({ jobId: 'a', status: 'waiting-for-paper', attempts: 1, updatedAt: '2024-01-01T00:00:01.000Z' });
    store.put({ jobId: 'c', status: 'printed', attempts: 1, updatedAt: '2024-01-01T00:00:00.000Z' });
    expect(store.list!('waiting-for-paper').map((r) => r.jobId)).toEqual(['a', 'b']);
    store.put({ jobId: 'b', status: 'printed', attempts: 2, updatedAt: '2024-01-01T00:00:03.000Z' });
    expect(store.get('b')).toEqual({ jobId: 'b', status: 'printed', attempts: 2, updatedAt: '2024-01-01T00:00:03.000Z' });
    expect(store.list!('printed').map((r) => r.jobId)).toEqual(['c', 'b']);
    expect(store.get('missing')).toBeUndefined();
    expect(store.size).toBe(3);
  });

  it('keeps its own copy of the bytes, so a caller wiping its buffer does not wipe the job', () => {
    const store = new InMemoryPrintJobStore();
    const bytes = Uint8Array.of(1, 2, 3);
    store.put({ jobId: 'x', status: 'waiting-for-paper', attempts: 1, updatedAt: '2024-01-01T00:00:00.000Z', bytes });
    bytes.fill(0);
    const read = store.get('x')!;
    expect([...read.bytes!]).toEqual([1, 2, 3]);
    read.bytes!.fill(9);
    read.status = 'printed';
    expect(store.get('x')).toMatchObject({ status: 'waiting-for-paper', bytes: Uint8Array.of(1, 2, 3) });
  });
});
