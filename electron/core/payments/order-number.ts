/**
 * Order numbers: the idempotency key of every call about an order, so they must be unique across
 * the fleet and fit every channel (WeChat out_trade_no ≤ 32, UnionPay orderId 8–40 letters and
 * digits): terminal id digits, China-time date and time, and random letters and digits.
 */
import { randomBytes } from 'node:crypto';
import { chinaCompactStamp } from '../../contract/rules/zoned-time.ts';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function newOrderNo(terminalId: string, now: Date): string {
  const terminal = terminalId.replace(/[^A-Za-z0-9]/g, '').slice(-8).toUpperCase();
  const stamp = chinaCompactStamp(now).slice(2);
  const bytes = randomBytes(8);
  const tail = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
  // Kept ≤ 30 so the derived refund and revoke numbers (…R, …C) fit 32 as well.
  return `${terminal}${stamp}${tail}`.slice(0, 30);
}
