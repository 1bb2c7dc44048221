/**
 * The sequence ledger's two staff-facing edges (issue 10): a gap staff acknowledged stays recorded
 * as evidence (only its alert goes), and a ledger that cannot be written says so once per run of
 * failures and once when it is written again. Real files; the write failure is a real EISDIR.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SequenceLedger } from '../../../../../electron/core/outbox/sequence-ledger.ts';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-seq-staff-'));
  path = join(dir, 'outbox-sequence.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const at = new Date('2026-03-02T09:00:00.000Z');

function ledgerWithGap(): SequenceLedger {
  writeFileSync(path, JSON.stringify({ acknowledged: 9, delivered: 4, gaps: [] }));
  const ledger = new SequenceLedger(path);
  ledger.reconcile(6, new Date('2026-03-01T08:00:00.000Z'));
  return ledger;
}

describe('SequenceLedger: staff acknowledge a gap', () => {
  it('marks the gap, keeps it (on disk too) and answers the same on a second acknowledgement', () => {
    const ledger = ledgerWithGap();
    const gap = ledger.acknowledgeGap(7, 9, 'staff', at);
    expect(gap).toEqual({ from: 7, to: 9, undelivered: 3, detectedAt: '2026-03-01T08:00:00.000Z', acknowledgedAt: at.toISOString(), acknowledgedBy: 'staff' });
    expect(new SequenceLedger(path).marks.gaps).toEqual([gap]);
    expect(ledger.acknowledgeGap(7, 9, 'other', new Date('2026-03-03T00:00:00.000Z'))).toEqual(gap);
  });

  it('answers undefined for a gap that was never recorded, and changes nothing', () => {
    const ledger = ledgerWithGap();
    const before = readFileSync(path, 'utf8');
    expect(ledger.acknowledgeGap(1, 9, 'staff', at)).toBeUndefined();
    expect(ledger.acknowledgeGap(7, 8, 'staff', at)).toBeUndefined();
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('throws when the acknowledgement cannot be written, leaving the gap unacknowledged', () => {
    const ledger = ledgerWithGap();
    mkdirSync(`${path}.tmp`);
    expect(() => ledger.acknowledgeGap(7, 9, 'staff', at)).toThrow(/EISDIR|illegal operation on a directory/);
    expect(ledger.marks.gaps[0]).not.toHaveProperty('acknowledgedAt');
    expect(new SequenceLedger(path).marks.gaps[0]).not.toHaveProperty('acknowledgedAt');
  });
});

describe('SequenceLedger: write problems', () => {
  it('tells once when writes start failing and once when one succeeds again; the marks are written then', async () => {
    const told: Array<string | undefined> = [];
    const ledger = new SequenceLedger(path, { onWriteProblem: (problem) => told.push(problem?.message) });
    ledger.acknowledged(1);
    mkdirSync(`${path}.tmp`);
    ledger.acknowledged(2);
    await nextTurn();
    ledger.acknowledged(3);
    await nextTurn();
    expect(told).toHaveLength(1);
    expect(told[0]).toMatch(/EISDIR|illegal operation on a directory/);
    expect(ledger.lastWriteError).toBeInstanceOf(Error);

    rmSync(`${path}.tmp`, { recursive: true });
    ledger.delivered(2);
    await nextTurn();
    expect(told).toEqual([told[0], undefined]);
    expect(ledger.lastWriteError).toBeUndefined();
    expect(new SequenceLedger(path).marks).toMatchObject({ acknowledged: 3, delivered: 2 });
  });

  it('a listener that throws does not make a write throw', async () => {
    const ledger = new SequenceLedger(path, {
      onWriteProblem: () => {
        throw new Error('listener broke');
      },
    });
    mkdirSync(`${path}.tmp`);
    expect(() => ledger.acknowledged(1)).not.toThrow();
    expect(ledger.lastWriteError).toBeInstanceOf(Error);
  });
});
