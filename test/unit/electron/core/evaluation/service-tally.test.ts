import { describe, expect, it } from 'vitest';
import { queueEvaluation } from '../../../../../electron/core/evaluation/evaluations.ts';
import { buildMonthlyReport, monthlyReportCsv, queueMonthlyReport, queuePreviousMonthReport } from '../../../../../electron/core/evaluation/monthly-report.ts';
import { Outbox } from '../../../../../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { ServiceTally } from '../../../../../electron/core/evaluation/service-tally.ts';
import { useOutboxDb } from '../../../../support/outbox-test-db.ts';

const t = useOutboxDb('tally');
const key = new OutboxKey(Buffer.alloc(32, 5));
const at = (iso: string) => new Date(iso);

function setUp() {
  const outbox = new Outbox(t.db(), { keys: key });
  const tally = new ServiceTally(t.db());
  return { outbox, tally };
}

describe('service tally and evaluations', () => {
  it('counts months in China Standard Time (UTC+8)', () => {
    const { tally } = setUp();
    expect(tally.monthOf(at('2025-03-31T15:59:59.999Z'))).toBe('2025-03');
    expect(tally.monthOf(at('2025-03-31T16:00:00.000Z'))).toBe('2025-04');
    expect(new ServiceTally(t.db(), { utcOffsetMinutes: 0 }).monthOf(at('2025-03-31T16:00:00.000Z'))).toBe('2025-03');
  });

  it('queues an evaluation once per transaction and tallies it in the same transaction', () => {
    const { outbox, tally } = setUp();
    const input = { serviceId: 'credit-query', transactionId: 'XY20250301000001', rating: 1 as const, reasons: ['slow', 'slow', 'unclear'] };
    const first = queueEvaluation(outbox, tally, input, at('2025-03-05T02:00:00Z'));
    const again = queueEvaluation(outbox, tally, { ...input, rating: 5 as const }, at('2025-03-05T02:00:05Z'));
    expect(first.item).toMatchObject({ stream: 'evaluations', kind: 'evaluation.v1', idempotencyKey: 'eval-XY20250301000001' });
    expect(again).toEqual({ item: first.item, duplicate: true });
    expect(tally.month('2025-03')).toEqual([
      { serviceId: 'credit-query', transactions: 0, ratings: [1, 0, 0, 0, 0], reasons: { slow: 1, unclear: 1 } },
    ]);
    expect(outbox.ledger.open(outbox.ledger.head('evaluations')!)).toEqual({
      ok: true,
      payload: {
        serviceId: 'credit-query',
        transactionId: 'XY20250301000001',
        rating: 1,
        level: 'very-dissatisfied',
        reasons: ['slow', 'unclear'],
        evaluatedAt: '2025-03-05T02:00:00.000Z',
      },
    });
  });

  it.each([
    ['a bad rating without a reason', 2 as const, /needs at least one reason/],
    ['a rating out of range', 6 as never, /must be 1 \(very dissatisfied\) to 5/],
  ])('refuses %s and counts nothing', (_label, rating, message) => {
    const { outbox, tally } = setUp();
    expect(() => queueEvaluation(outbox, tally, { serviceId: 'credit-query', transactionId: 'TX-00000001', rating })).toThrow(message);
    expect(tally.month(tally.monthOf())).toEqual([]);
    expect(outbox.count('pending')).toBe(0);
  });
});

describe('monthly report', () => {
  function filled() {
    const made = setUp();
    const { outbox, tally } = made;
    const march = at('2025-03-12T03:00:00Z');
    for (let i = 0; i < 10; i += 1) tally.recordTransaction('credit-query', march);
    for (let i = 0; i < 4; i += 1) tally.recordTransaction('service-guide', march);
    tally.recordTransaction('credit-query', at('2025-04-01T01:00:00Z'));
    const ratings = [5, 5, 4, 3, 2, 1] as const;
    ratings.forEach((rating, i) =>
      queueEvaluation(outbox, tally, { serviceId: 'credit-query', transactionId: `TX-CQ-${1000 + i}`, rating, reasons: rating <= 2 ? ['slow'] : [] }, march),
    );
    queueEvaluation(outbox, tally, { serviceId: 'service-guide', transactionId: 'TX-SG-0001', rating: 4, comment: '很方便, "好"' }, march);
    return made;
  }

  it('reports transactions, ratings and rates per service with totals', () => {
    const { tally } = filled();
    const report = buildMonthlyReport(tally, { terminalId: 'KM-0001', month: '2025-03', generatedAt: at('2025-04-01T00:00:00Z') });
    expect(report).toMatchObject({ format: 'bianmin-kiosk/evaluation-report/v1', terminalId: 'KM-0001', month: '2025-03', utcOffset: '+08:00' });
    expect(report.services).toEqual([
      {
        serviceId: 'credit-query',
        transactions: 10,
        evaluations: 6,
        ratings: { 'very-dissatisfied': 1, dissatisfied: 1, 'basically-satisfied': 1, satisfied: 1, 'very-satisfied': 2 },
        satisfactionRate: 0.6667,
        evaluationRate: 0.6,
        badReasons: { slow: 2 },
      },
      {
        serviceId: 'service-guide',
        transactions: 4,
        evaluations: 1,
        ratings: { 'very-dissatisfied': 0, dissatisfied: 0, 'basically-satisfied': 0, satisfied: 1, 'very-satisfied': 0 },
        satisfactionRate: 1,
        evaluationRate: 0.25,
        badReasons: {},
      },
    ]);
    expect(report.totals).toMatchObject({ transactions: 14, evaluations: 7, satisfactionRate: 0.7143, evaluationRate: 0.5, badReasons: { slow: 2 } });
    // Counts only: the free-text comment (which may hold personal data) is not in the report.
    expect(JSON.stringify(report)).not.toContain('很方便');
  });

  it('writes RFC 4180 CSV with a totals line', () => {
    const { tally } = filled();
    const csv = monthlyReportCsv(buildMonthlyReport(tally, { terminalId: 'KM-0001', month: '2025-03' }));
    expect(csv.split('\r\n')).toEqual([
      'month,terminal_id,service_id,transactions,evaluations,very_dissatisfied,dissatisfied,basically_satisfied,satisfied,very_satisfied,satisfaction_rate,evaluation_rate,bad_reasons',
      '2025-03,KM-0001,credit-query,10,6,1,1,1,1,2,0.6667,0.6,slow:2',
      '2025-03,KM-0001,service-guide,4,1,0,0,0,1,0,1,0.25,',
      '2025-03,KM-0001,*,14,7,1,1,1,2,2,0.7143,0.5,slow:2',
      '',
    ]);
  });

  it('reports an empty month with null rates, refuses a malformed month', () => {
    const { tally } = setUp();
    const report = buildMonthlyReport(tally, { terminalId: 'KM-0001', month: '2025-02' });
    expect(report.services).toEqual([]);
    expect(report.totals).toMatchObject({ transactions: 0, evaluations: 0, satisfactionRate: null, evaluationRate: null });
    expect(() => buildMonthlyReport(tally, { terminalId: 'KM-0001', month: '2025-13' })).toThrow('invalid month "2025-13": use YYYY-MM');
  });

  it('queues the report for upload once per terminal and month', () => {
    const { outbox, tally } = filled();
    const report = buildMonthlyReport(tally, { terminalId: 'KM-0001', month: '2025-03' });
    const first = queueMonthlyReport(outbox, report);
    expect(first.item).toMatchObject({ stream: 'reports', idempotencyKey: 'report-KM-0001-2025-03', status: 'pending' });
    expect(queueMonthlyReport(outbox, report).duplicate).toBe(true);
  });

  it('queues last month’s report once, at the turn of the month in China time, and only when there is something to report', () => {
    const { outbox, tally } = filled();
    expect(queuePreviousMonthReport(outbox, tally, 'KM-0001', at('2025-03-31T15:00:00Z'))).toBeUndefined(); // Feb: nothing
    const queued = queuePreviousMonthReport(outbox, tally, 'KM-0001', at('2025-03-31T16:30:00Z')); // 1 April, 00:30 CST
    expect(queued?.item.idempotencyKey).toBe('report-KM-0001-2025-03');
    expect(queuePreviousMonthReport(outbox, tally, 'KM-0001', at('2025-04-02T00:00:00Z'))).toBeUndefined();
    tally.recordTransaction('credit-query', at('2024-12-15T00:00:00Z'));
    expect(queuePreviousMonthReport(outbox, tally, 'KM-0001', at('2025-01-01T00:00:00Z'))?.item.idempotencyKey).toBe('report-KM-0001-2024-12');
    expect(outbox.count('pending')).toBe(7 + 2);
  });
});
