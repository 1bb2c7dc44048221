/**
 * The journal's staff settlement on a real SQLite file: only 'unknown' and 'captured' rows, once,
 * to a final 'settled' row that is never claimed again; a found-handed-out row is reported like a
 * taken one; and migration 011 keeps every row of a journal written before it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase, type KioskDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { HandOutJournal, HandOutRefused } from '../../../../../electron/core/dispensing/handout-journal.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('handout-settle');
let db: KioskDatabase;
let journal: HandOutJournal;
let clock = new Date('2026-12-05T01:00:00Z');
const card = (n: number) => ({ certificateId: `C-${n}`, certificateNumber: `ZJ-000${n}`, slot: n });

beforeEach(() => {
  db = openDatabase(tmp.path('kiosk.db'), { migrations });
  journal = new HandOutJournal(db, () => clock);
});
afterEach(() => closeDatabase(db));

describe('settling a row', () => {
  it('moves an unknown or captured row to settled with the finding, note, origin and time', () => {
    journal.claim(card(1));
    journal.set('C-1', 'captured', { detail: 'not-taken' });
    journal.claim(card(2));
    journal.set('C-2', 'unknown', { detail: 'interrupted' });
    expect(journal.awaitingStaff().map((r) => r.certificateId)).toEqual(['C-1', 'C-2']);
    clock = new Date('2026-12-05T02:00:00Z');
    const row = journal.settle('C-1', 'in-bin', 'in the bin');
    expect(row).toMatchObject({ state: 'settled', detail: 'not-taken', settled: { found: 'in-bin', note: 'in the bin', from: 'captured', at: '2026-12-05T02:00:00.000Z' } });
    expect(journal.awaitingStaff().map((r) => r.certificateId)).toEqual(['C-2']);
    expect(journal.open()).toEqual([]);
  });

  it('refuses an open, taken, released or settled row, leaving it as it was', () => {
    journal.claim(card(1));
    expect(() => journal.settle('C-1', 'missing', 'x')).toThrow(HandOutRefused);
    journal.set('C-1', 'taken');
    expect(() => journal.settle('C-1', 'missing', 'x')).toThrow(HandOutRefused);
    journal.claim(card(2));
    journal.set('C-2', 'released');
    expect(() => journal.settle('C-2', 'missing', 'x')).toThrow(HandOutRefused);
    journal.claim(card(3));
    journal.set('C-3', 'unknown');
    journal.settle('C-3', 'missing', 'first');
    expect(() => journal.settle('C-3', 'handed-out', 'second')).toThrow(HandOutRefused);
    expect(journal.get('C-3')?.settled?.found).toBe('missing');
    expect(journal.get('C-1')).toMatchObject({ state: 'taken', settled: null });
    expect(() => journal.settle('C-404', 'missing', 'x')).toThrow(/no hand-out journal row/);
  });

  it('never claims a settled certificate again', () => {
    journal.claim(card(1));
    journal.set('C-1', 'captured');
    journal.settle('C-1', 'in-bin', 'back at the desk');
    expect(() => journal.claim(card(1))).toThrow(HandOutRefused);
    expect(journal.get('C-1')?.state).toBe('settled');
  });

  it('reports a row found handed out like a taken one, and not the others', () => {
    for (const n of [1, 2, 3]) {
      journal.claim(card(n));
      journal.set(`C-${n}`, 'unknown');
    }
    journal.settle('C-1', 'handed-out', 'citizen has it');
    journal.settle('C-2', 'in-bin', 'in the bin');
    journal.settle('C-3', 'missing', 'gone');
    expect(journal.takenUnreported().map((r) => r.certificateId)).toEqual(['C-1']);
    journal.markReported('C-1');
    expect(journal.takenUnreported()).toEqual([]);
  });

  it('the database refuses a settled row without a finding (a bug could not write one)', () => {
    journal.claim(card(1));
    expect(() => journal.set('C-1', 'settled')).toThrow(/CHECK constraint/);
    expect(journal.get('C-1')?.state).toBe('claimed');
  });
});

it('migration 011 keeps every row a journal had before it', () => {
  const path = tmp.path('older.db');
  const older = openDatabase(path, { migrations: migrations.slice(0, 10) });
  const oldJournal = new HandOutJournal(older);
  oldJournal.claim(card(7));
  oldJournal.set('C-7', 'unknown', { detail: 'interrupted while capturing', binCountBefore: 3, captureFrom: 'at-mouth' });
  oldJournal.claim(card(8));
  oldJournal.set('C-8', 'taken');
  oldJournal.markReported('C-8');
  closeDatabase(older);

  const upgraded = openDatabase(path, { migrations });
  try {
    const rows = new HandOutJournal(upgraded).all();
    expect(rows.map((r) => [r.certificateId, r.state, r.detail, r.binCountBefore, r.captureFrom, r.reported, r.settled])).toEqual([
      ['C-7', 'unknown', 'interrupted while capturing', 3, 'at-mouth', false, null],
      ['C-8', 'taken', null, null, null, true, null],
    ]);
  } finally {
    closeDatabase(upgraded);
  }
});
