/**
 * The acceptance journal on a real SQLite file (migration 010): a row before the call, the
 * platform's decision after; a paid decision is not offered again to resume; a decision number
 * is unique.
 */
import { expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../../electron/core/db/migrations/index.ts';
import { TrafficJournal } from '../../../../../../electron/core/services/traffic-violation/traffic-journal.ts';
import { useTempDir } from '../../../../../support/temp-dir.ts';

const dir = useTempDir('traffic-journal');
const decided = (decisionNo: string) => ({ decisionNo, noticeNo: '1100123', amountFen: 10_000, points: 1, resultUrl: `http://127.0.0.1/p/traffic-decisions/${decisionNo}`, decidedAt: '2026-12-05T02:00:00Z' });

it('keeps the acceptance across a reopen, resumes only an unpaid decision, refuses a decision number twice', () => {
  const path = dir.path('kiosk.db');
  let db = openDatabase(path, { migrations });
  let journal = new TrafficJournal(db);
  expect(journal.begin('accept-0001', 'V1', 'CG1')).toMatchObject({ state: 'accepting', decisionNo: null });
  closeDatabase(db);

  // As after a crash: the row is there, still 'accepting' (its answer unknown).
  db = openDatabase(path, { migrations });
  journal = new TrafficJournal(db);
  expect(journal.get('accept-0001')?.state).toBe('accepting');
  journal.accepted('accept-0001', decided('1001'));
  expect(journal.byDecision('1001')).toMatchObject({ amountFen: 10_000, noticeNo: '1100123', violationId: 'V1' });
  expect(journal.acceptedFor('V1')?.decisionNo).toBe('1001');
  journal.paidBy('1001', 'KM0001ORDER0001');
  expect(journal.acceptedFor('V1')).toBeUndefined();
  expect(journal.byDecision('1001')?.paidOrderNo).toBe('KM0001ORDER0001');

  journal.begin('accept-0002', 'V2', 'CG2');
  expect(() => journal.accepted('accept-0002', decided('1001'))).toThrow(/UNIQUE/);
  journal.refused('accept-0002', 'VIOLATION_NOT_ELIGIBLE');
  expect(journal.get('accept-0002')).toMatchObject({ state: 'refused', detail: 'VIOLATION_NOT_ELIGIBLE' });
  expect(journal.byDecision('nope')).toBeUndefined();
  closeDatabase(db);
});

it('keeps a decision the platform lists as due, once; one this terminal decided keeps its own row and figures', () => {
  const db = openDatabase(dir.path('listed.db'), { migrations });
  try {
    const journal = new TrafficJournal(db);
    expect(journal.listedDue('V9', { ...decided('2001'), amountFen: 15_000 })).toMatchObject({ state: 'accepted', violationId: 'V9', amountFen: 15_000, paidOrderNo: null });
    // Listed again (another query): still the one row.
    journal.listedDue('V9', { ...decided('2001'), amountFen: 15_000 });
    expect(db.prepare("SELECT count(*) AS n FROM traffic_decision WHERE decision_no = '2001'").get()).toEqual({ n: 1 });
    journal.begin('accept-0003', 'V3', 'CG3');
    journal.accepted('accept-0003', decided('2002'));
    expect(journal.listedDue('V3', { ...decided('2002'), amountFen: 1 })).toMatchObject({ acceptId: 'accept-0003', amountFen: 10_000 });
  } finally {
    closeDatabase(db);
  }
});
