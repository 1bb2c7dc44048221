import { describe, expect, it } from 'vitest';
import { KioskDispatcher, type KioskHandlers } from '../../../../../electron/core/api/dispatcher.ts';
import { KioskError } from '../../../../../electron/core/api/kiosk-error.ts';
import { handlerTable } from '../../../../support/handler-table.ts';
import { standInPolicy } from '../../../../support/stand-in-policy.ts';

const ctx = { shell: 'browser' as const, connectionId: 't' };

function handlers(overrides: Partial<KioskHandlers> = {}): KioskHandlers {
  const unexpected = () => {
    throw new Error('secret internal detail');
  };
  return handlerTable(
    {
      startSession: () => ({ sessionId: 's1', startedAt: '2026-01-01T00:00:00.000Z' }),
      endSession: () => ({ wiped: true }),
      readIdCard: (req) => {
        if (req.timeoutMs !== 30_000) throw new Error('default not applied');
        throw new KioskError('CARD_TIMEOUT', 'no card');
      },
      submitEvaluation: () => ({ receiptNo: 'EV-1', delivery: 'queued', alreadyRated: false }),
      ...overrides,
    },
    () => unexpected,
  );
}

describe('KioskDispatcher', () => {
  it('validates payloads against the method schema and names the failing field', async () => {
    const d = new KioskDispatcher(handlers(), { policy: standInPolicy() });
    const res = await d.dispatch('endSession', { reason: 'because' }, ctx);
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('INVALID_REQUEST');
      expect(res.error.message).toContain('reason');
    }
    const extra = await d.dispatch('startSession', { sneaky: 1 }, ctx);
    expect(extra.ok).toBe(false);
  });

  it('requires reasons for a bad evaluation and refuses out-of-range ratings', async () => {
    const d = new KioskDispatcher(handlers(), { policy: standInPolicy() });
    const base = { serviceId: 'credit-query', transactionId: 'XY20250301000001' };
    expect(await d.dispatch('submitEvaluation', { ...base, rating: 2 }, ctx)).toEqual({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'submitEvaluation: reasons: at least one reason is required for a rating of 2 or less' },
    });
    expect(await d.dispatch('submitEvaluation', { ...base, rating: 6 }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await d.dispatch('submitEvaluation', { ...base, rating: 1, reasons: ['rude'] }, ctx)).toMatchObject({ ok: false });
    expect(await d.dispatch('submitEvaluation', { ...base, rating: 1, reasons: ['too-slow'] }, ctx)).toMatchObject({ ok: true });
    expect(await d.dispatch('submitEvaluation', { ...base, rating: 5 }, ctx)).toMatchObject({ ok: true, value: { delivery: 'queued' } });
  });

  it('refuses unknown methods', async () => {
    const res = await new KioskDispatcher(handlers(), { policy: standInPolicy() }).dispatch('__proto__', {}, ctx);
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('applies schema defaults and passes KioskError codes through', async () => {
    const res = await new KioskDispatcher(handlers(), { policy: standInPolicy() }).dispatch('readIdCard', {}, ctx);
    expect(res).toEqual({ ok: false, error: { code: 'CARD_TIMEOUT', message: 'no card' } });
  });

  it('hides unexpected errors behind INTERNAL and logs them', async () => {
    const logged: string[] = [];
    const d = new KioskDispatcher(handlers(), { policy: standInPolicy(), logger: { error: (m, f) => logged.push(`${m} ${JSON.stringify(f)}`), warn: () => {} } });
    const res = await d.dispatch('queryCredit', { kind: 'personal' }, ctx);
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'queryCredit failed' } });
    expect(logged[0]).toContain('secret internal detail');
  });

  it('returns values and delivers events to subscribers until they unsubscribe', async () => {
    const d = new KioskDispatcher(handlers(), { policy: standInPolicy() });
    expect(await d.dispatch('startSession', undefined, ctx)).toEqual({
      ok: true,
      value: { sessionId: 's1', startedAt: '2026-01-01T00:00:00.000Z' },
    });
    const seen: string[] = [];
    const off = d.onEvent((event) => seen.push(event));
    d.emit('configChanged', { version: '2' });
    off();
    d.emit('configChanged', { version: '3' });
    expect(seen).toEqual(['configChanged']);
  });
});
