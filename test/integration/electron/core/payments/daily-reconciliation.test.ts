/**
 * The daily 日对账 run driven by a fake clock against the reference payment server's statements
 * on loopback: nothing before 02:30 China time, the day before once after it, not again that day,
 * and a run whose statements could not all be fetched tried again after the backoff wait until
 * it completes. The clock is the only thing faked; statements, journal and alerts are real.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DailyReconciliation, dueDay } from '../../../../../electron/core/payments/daily-reconciliation.ts';
import { reconcileDay, type ReconciliationReport } from '../../../../../electron/core/payments/reconciliation.ts';
import { silentLogger } from '../../../../../electron/core/logging/logger.ts';
import { SAMPLE_CODES, startPaymentsStack, type PaymentsStack } from '../../../../support/payments-stack.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('payments-daily');
let stack: PaymentsStack;
let clock: Date;
let runs: ReconciliationReport[];
let daily: DailyReconciliation;

/** The China-time day of the real clock: the day the orders below are made on. */
const today = (): string => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
/** A moment of the next China day, given as hh:mm China time. */
const nextDayAt = (hhmm: string): Date => {
  const next = new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return new Date(`${next}T${hhmm}:00+08:00`);
};
const advance = (ms: number): void => {
  clock = new Date(clock.getTime() + ms);
};

beforeEach(async () => {
  stack = await startPaymentsStack(tmp.path('kiosk.db'));
  const paid = await stack.engine.payByCode({ purpose: 'fine', purchaseId: 'D1', amountFen: 500, subject: '罚款' }, SAMPLE_CODES['wechat-pay']);
  stack.engine.delivered(paid.orderNo);
  runs = [];
  const channels = Object.fromEntries(stack.engine.channels.map((id) => [id, stack.engine.channelFor(id)]));
  daily = new DailyReconciliation({
    reconcile: async (day) => {
      const report = await reconcileDay(day, stack.journal, channels, stack.alerts, 'KM0001');
      runs.push(report);
      return report;
    },
    logger: silentLogger,
    now: () => clock,
    // The longest wait the backoff rule allows, so the test knows when the retry is due.
    random: () => 0.999,
    backoff: { baseMs: 60_000, capMs: 10 * 60_000 },
  });
});
afterEach(async () => {
  daily.stop();
  await stack.close();
});

it('knows the due day only after 02:30 China time', () => {
  expect(dueDay(new Date('2026-12-05T02:29:00+08:00'))).toBeUndefined();
  expect(dueDay(new Date('2026-12-05T02:30:00+08:00'))).toBe('2026-12-04');
  // 23:00 UTC on the 4th is 07:00 on the 5th in China.
  expect(dueDay(new Date('2026-12-04T23:00:00Z'))).toBe('2026-12-04');
  expect(dueDay(new Date('2027-01-01T03:00:00+08:00'))).toBe('2026-12-31');
});

it('runs after 02:30 for the day before, once a day', async () => {
  clock = nextDayAt('02:29');
  await daily.tick();
  expect(runs).toHaveLength(0);

  advance(60_000);
  await daily.tick();
  expect(runs.map((r) => r.day)).toEqual([today()]);
  expect(runs[0]).toMatchObject({ ordersChecked: 1, statementLines: 1, differences: [], unavailable: [] });
  expect(daily.reconciledDay).toBe(today());

  // Later the same day: nothing more.
  advance(6 * 3600_000);
  await daily.tick();
  expect(runs).toHaveLength(1);
});

it('tries again after the backoff wait when a statement could not be fetched, until the day is complete', async () => {
  stack.server.ledger.statementsWithheld.add('alipay');
  clock = nextDayAt('03:00');
  await daily.tick();
  expect(runs).toHaveLength(1);
  expect(runs[0]!.unavailable).toEqual(['alipay']);
  expect(daily.reconciledDay).toBe('');
  // Not reconciled for that channel: said on the board until a run gets its statement.
  expect(stack.alerts.list().map((a) => [a.id, a.kind, a.severity])).toEqual([[`payment-reconciliation-incomplete:${today()}`, 'payment-reconciliation-incomplete', 'warning']]);

  // Within the wait (at most a minute after the first failure): not yet.
  advance(30_000);
  await daily.tick();
  expect(runs).toHaveLength(1);

  // Past it, still withheld: tried again, and the next wait is longer (up to two minutes).
  advance(31_000);
  await daily.tick();
  expect(runs).toHaveLength(2);
  advance(90_000);
  await daily.tick();
  expect(runs).toHaveLength(2);

  stack.server.ledger.statementsWithheld.delete('alipay');
  advance(31_000);
  await daily.tick();
  expect(runs).toHaveLength(3);
  expect(runs[2]).toMatchObject({ day: today(), unavailable: [], differences: [] });
  expect(daily.reconciledDay).toBe(today());
  expect(stack.alerts.list()).toEqual([]);
  advance(3600_000);
  await daily.tick();
  expect(runs).toHaveLength(3);
});

it('tries again after a run that threw', async () => {
  let fail = true;
  const failing = new DailyReconciliation({
    reconcile: async (day) => {
      if (fail) throw new Error('database busy');
      const channels = Object.fromEntries(stack.engine.channels.map((id) => [id, stack.engine.channelFor(id)]));
      const report = await reconcileDay(day, stack.journal, channels, stack.alerts, 'KM0001');
      runs.push(report);
      return report;
    },
    logger: silentLogger,
    now: () => clock,
    random: () => 0.999,
    backoff: { baseMs: 60_000, capMs: 60_000 },
  });
  clock = nextDayAt('04:00');
  await failing.tick();
  expect(failing.reconciledDay).toBe('');
  fail = false;
  advance(61_000);
  await failing.tick();
  expect(runs.map((r) => r.day)).toEqual([today()]);
  expect(failing.reconciledDay).toBe(today());
});

it('the minute timer drives the same run on the injected clock', async () => {
  clock = nextDayAt('02:45');
  daily.start(20);
  await expect.poll(() => daily.reconciledDay, { timeout: 5000 }).toBe(today());
  expect(runs).toHaveLength(1);
});
