import { describe, expect, it } from 'vitest';
import type { PaymentOffer, PaymentView } from '../../../../electron/contract/kiosk-api.ts';
import { payReducer, payStart, yuan, type PayState } from '../../../../renderer/src/payments/pay-state.ts';

const offer: PaymentOffer = { channels: ['wechat-pay', 'alipay'], amountFen: 20050, subject: '罚款' };
const view = (display: PaymentView['display'], extra: Partial<PaymentView> = {}): PaymentView => ({ orderNo: 'KM0001ABCDEFGH', display, channel: 'wechat-pay', amountFen: 20050, ...extra });
const run = (...actions: Parameters<typeof payReducer>[1][]): PayState => actions.reduce(payReducer, payStart);

describe('pay step flow', () => {
  it('scan way: paid', () => {
    expect(run({ type: 'offered', offer }, { type: 'scan' }, { type: 'result', payment: view('paid', { transactionId: '42' }) })).toEqual({ phase: 'paid', payment: view('paid', { transactionId: '42' }) });
  });

  it('an unknown outcome is "confirming", and a lost answer while confirming does not turn it into failed', () => {
    const confirming = run({ type: 'offered', offer }, { type: 'scan' }, { type: 'result', payment: view('confirming') });
    expect(confirming.phase).toBe('confirming');
    expect(payReducer(confirming, { type: 'error', code: 'INTERNAL' }).phase).toBe('confirming');
    expect(payReducer(confirming, { type: 'result', payment: view('refunded') }).phase).toBe('refunded');
  });

  it('a code that is not a payment code keeps the scan going with a message', () => {
    const s = run({ type: 'offered', offer }, { type: 'scan' }, { type: 'notACode' });
    expect(s).toMatchObject({ phase: 'scanning', notACode: true });
  });

  it('each refusal has its own message and a way back', () => {
    expect(run({ type: 'offered', offer }, { type: 'scan' }, { type: 'result', payment: view('failed', { problem: 'declined' }) })).toMatchObject({ phase: 'failed', failure: 'declined' });
    expect(run({ type: 'offered', offer }, { type: 'scan' }, { type: 'result', payment: view('failed', { problem: 'amount-differs-from-notice' }) })).toMatchObject({ failure: 'amount-differs-from-notice' });
    const changed = run({ type: 'offered', offer }, { type: 'scan' }, { type: 'error', code: 'CONTENT_CHANGED' });
    expect(changed).toMatchObject({ phase: 'failed', failure: 'amount-changed' });
    expect(payReducer(changed, { type: 'back' })).toEqual({ phase: 'choose', offer });
  });

  it('native way: waits with the code, then paid', () => {
    const waiting = run({ type: 'offered', offer }, { type: 'native', channel: 'alipay' }, { type: 'nativeStarted', payment: view('waiting'), codeUrl: 'https://qr.alipay.com/x' });
    expect(waiting).toMatchObject({ phase: 'native', channel: 'alipay', codeUrl: 'https://qr.alipay.com/x' });
    expect(payReducer(waiting, { type: 'result', payment: view('waiting') }).phase).toBe('native');
    expect(payReducer(waiting, { type: 'result', payment: view('paid') }).phase).toBe('paid');
    expect(payReducer(waiting, { type: 'result', payment: view('closed') })).toMatchObject({ phase: 'failed', failure: 'closed' });
  });

  it('a purchase already being paid shows that payment, never a second one', () => {
    const native = run({ type: 'offered', offer }, { type: 'native', channel: 'alipay' });
    expect(payReducer(native, { type: 'nativeStarted', payment: view('waiting', { problem: 'purchase-in-progress' }) })).toMatchObject({ phase: 'failed', failure: 'in-progress' });
    expect(payReducer(native, { type: 'nativeStarted', payment: view('paid', { problem: 'purchase-in-progress' }) }).phase).toBe('paid');
  });

  it('shows yuan from fen', () => {
    expect(yuan(20050)).toBe('200.50');
    expect(yuan(7)).toBe('0.07');
  });
});
