import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SequenceLedger } from '../../../../../electron/core/outbox/sequence-ledger.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-seq-'));
  path = join(dir, 'outbox-sequence.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const onDisk = () => JSON.parse(readFileSync(path, 'utf8')) as unknown;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('SequenceLedger', () => {
  it('writes the first acknowledgement at once, 0600, and later marks once per event-loop turn', async () => {
    const ledger = new SequenceLedger(path);
    expect(ledger.marks).toEqual({ acknowledged: 0, delivered: 0, gaps: [] });
    ledger.acknowledged(1);
    expect(onDisk()).toEqual({ acknowledged: 1, delivered: 0, gaps: [] });
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    ledger.acknowledged(2);
    ledger.acknowledged(3);
    ledger.delivered(1);
    expect(onDisk()).toEqual({ acknowledged: 1, delivered: 0, gaps: [] });
    await nextTurn();
    expect(onDisk()).toEqual({ acknowledged: 3, delivered: 1, gaps: [] });
    expect(new SequenceLedger(path).marks).toEqual({ acknowledged: 3, delivered: 1, gaps: [] });
  });

  it('never moves a mark backwards', async () => {
    const ledger = new SequenceLedger(path);
    ledger.acknowledged(9);
    ledger.acknowledged(4);
    ledger.delivered(5);
    ledger.delivered(2);
    await nextTurn();
    expect(onDisk()).toEqual({ acknowledged: 9, delivered: 5, gaps: [] });
  });

  it('records a database that holds fewer sequences than were acknowledged, once', () => {
    const ledger = new SequenceLedger(path);
    ledger.acknowledged(10);
    ledger.delivered(6);
    ledger.flush();
    expect(ledger.reconcile(10, new Date())).toBeUndefined();
    const gap = ledger.reconcile(4, new Date('2026-03-01T08:00:00Z'));
    expect(gap).toEqual({ from: 5, to: 10, undelivered: 4, detectedAt: '2026-03-01T08:00:00.000Z' });
    expect(ledger.reconcile(4, new Date())).toBeUndefined();
    expect(new SequenceLedger(path).marks.gaps).toEqual([gap]);
  });

  it('refuses an unreadable file with a clear error instead of starting from zero', () => {
    writeFileSync(path, '{"acknowledged": 12');
    expect(() => new SequenceLedger(path)).toThrow(`the outbox sequence ledger ${path} is unreadable; move it aside only after checking the database`);
    writeFileSync(path, '{"acknowledged": -1, "delivered": 0, "gaps": []}');
    expect(() => new SequenceLedger(path)).toThrow('is unreadable');
  });

  it('a write that fails (the folder is gone, a full disk) never throws into the enqueue; the next change writes again', () => {
    const ledger = new SequenceLedger(path);
    rmSync(dir, { recursive: true, force: true });
    expect(() => ledger.acknowledged(1)).not.toThrow();
    expect(ledger.lastWriteError?.message).toMatch(/ENOENT/);
    mkdirSync(dir);
    ledger.acknowledged(2);
    ledger.flush();
    expect(ledger.lastWriteError).toBeUndefined();
    expect(onDisk()).toEqual({ acknowledged: 2, delivered: 0, gaps: [] });
  });
});
