import { describe, expect, it } from 'vitest';
import type { KioskHandlers } from '../../../electron/core/api/dispatcher.ts';
import { KioskError } from '../../../electron/core/api/kiosk-error.ts';
import { countTransactions, fromOutboxError, TRANSACTION_METHODS } from '../../../electron/core/api/outbox-handlers.ts';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { OutboxError, OutboxFullError } from '../../../electron/core/outbox/outbox-errors.ts';
import { ServiceTally } from '../../../electron/core/outbox/service-tally.ts';
import { useOutboxDb } from './outbox-test-db.ts';

const t = useOutboxDb('handlers');
const ctx = { shell: 'browser' as const, connectionId: 't' };

describe('countTransactions', () => {
  it('counts successful transaction calls by service, and neither failures nor browsing', async () => {
    const tally = new ServiceTally(t.db());
    let fail = false;
    const base = {
      queryCredit: () => {
        if (fail) throw new KioskError('UPSTREAM_UNAVAILABLE', 'down');
        return { reportNo: 'XY1' };
      },
      submitForm: async () => ({ receiptNo: 'R1' }),
      listForms: () => ({ forms: [] }),
    } as unknown as KioskHandlers;
    const counted = countTransactions(base, tally, silentLogger);
    await counted.queryCredit({ kind: 'personal' }, ctx);
    await counted.submitForm({} as never, ctx);
    await counted.submitForm({} as never, ctx);
    await counted.listForms({} as never, ctx);
    fail = true;
    await expect(Promise.resolve(counted.queryCredit({ kind: 'personal' }, ctx))).rejects.toThrow('down');
    expect(tally.month(tally.monthOf()).map((row) => [row.serviceId, row.transactions])).toEqual([
      ['credit-query', 1],
      ['form-filling', 2],
    ]);
  });

  it('a tally failure never fails the citizen’s call', async () => {
    const tally = new ServiceTally(t.db());
    t.db().exec('DROP TABLE service_month_tally');
    const warned: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => warned.push(m) };
    const counted = countTransactions({ queryProgress: () => ({ ok: 1 }) } as unknown as KioskHandlers, tally, logger);
    expect(await counted.queryProgress({} as never, ctx)).toEqual({ ok: 1 });
    expect(warned).toEqual(['transaction not counted']);
  });

  it('maps only completing calls to catalogue services', () => {
    expect(Object.keys(TRANSACTION_METHODS)).not.toContain('listForms');
    expect(new Set(Object.values(TRANSACTION_METHODS))).toEqual(
      new Set(['credit-query', 'credit-commitment', 'form-filling', 'e-licence', 'progress-query', 'traffic-violation', 'id-photo']),
    );
  });
});

describe('fromOutboxError', () => {
  it.each([
    [new OutboxFullError(), 'STORAGE_FULL'],
    [new OutboxError('closed', 'the outbox is closed'), 'DEVICE_UNAVAILABLE'],
    [new OutboxError('invalid-submission', 'bad'), 'INVALID_REQUEST'],
    [new Error('disk I/O error'), 'INTERNAL'],
  ])('%s → %s', (error, code) => {
    expect(fromOutboxError(error).code).toBe(code);
  });
});
