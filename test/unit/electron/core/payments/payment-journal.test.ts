import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { PaymentJournal, PurchaseHasLiveOrder } from '../../../../../electron/core/payments/payment-journal.ts';
import { PaymentTransitionError } from '../../../../../electron/core/payments/payment-state.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('payment-journal');
const order = (orderNo: string, purchaseId = 'P1') => ({
  orderNo,
  purchaseId,
  purpose: 'traffic-violation',
  channel: 'wechat-pay' as const,
  method: 'micropay' as const,
  amountFen: 20000,
  subject: '罚款',
  deadlineAt: new Date(Date.now() + 60_000),
});

describe('payment journal (migration 009)', () => {
  it('keeps one live order per purchase, a new one only after the last is final', () => {
    const db = openDatabase(tmp.path('k.db'), { migrations });
    const journal = new PaymentJournal(db);
    journal.create(order('KM0001AAAAAAAA'));
    expect(() => journal.create(order('KM0001BBBBBBBB'))).toThrow(PurchaseHasLiveOrder);
    journal.move('KM0001AAAAAAAA', 'failed', { detail: 'NOTENOUGH' });
    expect(journal.create(order('KM0001BBBBBBBB')).state).toBe('created');
    expect(journal.forPurchase('traffic-violation', 'P1').map((o) => o.orderNo)).toEqual(['KM0001AAAAAAAA', 'KM0001BBBBBBBB']);
    closeDatabase(db);
  });

  it('refuses a move the state machine does not allow and keeps the history', () => {
    const db = openDatabase(tmp.path('k.db'), { migrations });
    const journal = new PaymentJournal(db);
    journal.create(order('KM0001CCCCCCCC'));
    journal.move('KM0001CCCCCCCC', 'paid', { transactionId: '4200001', paidFen: 20000 });
    expect(() => journal.move('KM0001CCCCCCCC', 'failed')).toThrow(PaymentTransitionError);
    journal.move('KM0001CCCCCCCC', 'delivering');
    journal.move('KM0001CCCCCCCC', 'delivered');
    expect(journal.events('KM0001CCCCCCCC').map((e) => e.to)).toEqual(['created', 'paid', 'delivering', 'delivered']);
    expect(journal.open()).toEqual([]);
    closeDatabase(db);
  });

  it('refuses a malformed row at the database', () => {
    const db = openDatabase(tmp.path('k.db'), { migrations });
    const journal = new PaymentJournal(db);
    expect(() => journal.create({ ...order('KM0001DDDDDDDD'), amountFen: 0 })).toThrow(/CHECK/);
    expect(() => journal.create(order('short'))).toThrow(/CHECK/);
    expect(journal.all()).toEqual([]);
    closeDatabase(db);
  });
});
