import { describe, expect, it } from 'vitest';
import { KIOSK_ERROR_CODES } from '../../../../electron/contract/kiosk-api.ts';
import { createCallError, errorCodeOf, isKioskErrorCode } from '../../../../renderer/src/api/call-error.ts';

describe('call errors', () => {
  it('knows every contract error code', () => {
    for (const code of KIOSK_ERROR_CODES) expect(isKioskErrorCode(code)).toBe(true);
    expect(isKioskErrorCode('card_timeout')).toBe(false);
    expect(isKioskErrorCode(undefined)).toBe(false);
  });

  it('builds an Error with the code and the developer message', () => {
    const error = createCallError({ code: 'PRINTER_ERROR', message: 'cover open' });
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('PRINTER_ERROR');
    expect(error.message).toBe('cover open');
  });

  it.each([
    [Object.assign(new Error('x'), { code: 'CARD_TIMEOUT' }), 'CARD_TIMEOUT'],
    [new Error("Error invoking remote method 'kiosk:queryCredit': Error: UPSTREAM_UNAVAILABLE: 503"), 'UPSTREAM_UNAVAILABLE'],
    [new Error('[NO_SESSION] expired'), 'NO_SESSION'],
    [Object.assign(new Error('x'), { code: 'ECONNRESET' }), 'INTERNAL'],
    [new Error('plain failure'), 'INTERNAL'],
    ['a string', 'INTERNAL'],
    [null, 'INTERNAL'],
    [{ code: 42 }, 'INTERNAL'],
  ] as const)('maps %o to %s', (error, code) => {
    expect(errorCodeOf(error)).toBe(code);
  });
});
