/** The relayed payment notification envelope: what the terminal takes and what it drops, with the reason. */
import { describe, expect, it } from 'vitest';
import { PAYMENT_NOTICE_MAX_BODY_BYTES, PAYMENT_NOTICE_MAX_MESSAGE_BYTES, parsePaymentNotice } from '../../../../../electron/core/fleet/payment-notice.ts';

const good = { v: 1, id: 'AbCdEfGh1234', channel: 'alipay', receivedAt: '2026-12-05T01:02:03.000Z', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'out_trade_no=X&sign=Y' };
const parse = (value: unknown) => parsePaymentNotice(Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));
const reason = (value: unknown) => {
  const r = parse(value);
  return r.ok ? 'accepted' : r.reason;
};

describe('parsePaymentNotice', () => {
  it('takes the console’s envelope as sent', () => {
    expect(parse(good)).toEqual({ ok: true, notice: good });
    // A body of exactly the cap, in multi-byte characters, still fits.
    const body = '通'.repeat(Math.floor(PAYMENT_NOTICE_MAX_BODY_BYTES / 3));
    expect(parse({ ...good, body }).ok).toBe(true);
  });

  it('drops anything else, naming the field', () => {
    expect(reason('not json')).toBe('not JSON');
    expect(reason({ ...good, v: 2 })).toMatch(/^v:/);
    expect(reason({ ...good, channel: 'paypal' })).toMatch(/^channel:/);
    expect(reason({ ...good, id: 'short' })).toMatch(/^id:/);
    expect(reason({ ...good, receivedAt: 'yesterday' })).toMatch(/^receivedAt:/);
    // Only the headers channels sign with; a cookie is never relayed, so one here is not the console's.
    expect(reason({ ...good, headers: { cookie: 'a=b' } })).toMatch(/^headers/);
    expect(reason({ ...good, headers: { 'x-signature': 'x'.repeat(1025) } })).toMatch(/^headers/);
    expect(reason({ ...good, extra: true })).toMatch(/extra|Unrecognized/i);
    expect(reason({ ...good, body: '通'.repeat(Math.floor(PAYMENT_NOTICE_MAX_BODY_BYTES / 3) + 1) })).toMatch(/^body: body larger than/);
  });

  it('refuses an oversized message before parsing it', () => {
    expect(reason(' '.repeat(PAYMENT_NOTICE_MAX_MESSAGE_BYTES + 1))).toMatch(/larger than/);
  });
});
