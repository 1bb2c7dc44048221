import { describe, expect, it } from 'vitest';
import { offeredProtocols, tokensEqual, verifyHandshake } from '../../../../../electron/shells/browser/handshake.ts';

const token = 'A'.repeat(43);
const policy = { token, allowedOrigins: ['http://127.0.0.1:5000', 'http://localhost:5000'] };
const good = { origin: 'http://127.0.0.1:5000', 'sec-websocket-protocol': `kiosk.v1, kiosk-token.${token}` };

describe('verifyHandshake', () => {
  it('accepts our origin with the right token and subprotocol', () => {
    expect(verifyHandshake(good, policy)).toEqual({ accept: true });
    expect(verifyHandshake({ ...good, origin: 'http://localhost:5000' }, policy)).toEqual({ accept: true });
  });

  it.each([
    [{ ...good, origin: undefined }, 403, 'missing Origin'],
    [{ ...good, origin: '' }, 403, 'missing Origin'],
    [{ ...good, origin: 'http://evil.example' }, 403, 'foreign Origin'],
    [{ ...good, origin: 'http://127.0.0.1:5000/' }, 403, 'foreign Origin'],
    [{ ...good, origin: 'HTTP://127.0.0.1:5000' }, 403, 'foreign Origin'],
    [{ ...good, 'sec-websocket-protocol': undefined }, 401, 'missing token'],
    [{ ...good, 'sec-websocket-protocol': 'kiosk.v1' }, 401, 'missing token'],
    [{ ...good, 'sec-websocket-protocol': `kiosk.v1, kiosk-token.${'B'.repeat(43)}` }, 401, 'wrong token'],
    [{ ...good, 'sec-websocket-protocol': 'kiosk.v1, kiosk-token.' }, 401, 'wrong token'],
    [{ ...good, 'sec-websocket-protocol': `kiosk.v1, kiosk-token.${token}, kiosk-token.x` }, 401, 'several tokens'],
    [{ ...good, 'sec-websocket-protocol': `kiosk-token.${token}` }, 400, 'subprotocol kiosk.v1 not offered'],
  ])('refuses %j with %i', (headers, status, reason) => {
    expect(verifyHandshake(headers, policy)).toEqual({ accept: false, status, reason });
  });

  it('checks the origin before the token, so a foreign page learns nothing about its guess', () => {
    const foreignRightToken = verifyHandshake({ ...good, origin: 'http://evil.example' }, policy);
    const foreignWrongToken = verifyHandshake(
      { origin: 'http://evil.example', 'sec-websocket-protocol': 'kiosk.v1, kiosk-token.x' },
      policy,
    );
    expect(foreignRightToken).toEqual(foreignWrongToken);
  });
});

describe('tokensEqual', () => {
  it('compares equal-length tokens in constant time and rejects other lengths without throwing', () => {
    expect(tokensEqual(token, token)).toBe(true);
    expect(tokensEqual('B' + token.slice(1), token)).toBe(false);
    expect(tokensEqual(token + 'A', token)).toBe(false);
    expect(tokensEqual('', token)).toBe(false);
    // Same character count, different byte length.
    expect(tokensEqual('é'.repeat(43), token)).toBe(false);
  });
});

describe('offeredProtocols', () => {
  it('splits and trims the comma-separated header', () => {
    expect(offeredProtocols({ 'sec-websocket-protocol': ' kiosk.v1 ,kiosk-token.abc,, ' })).toEqual([
      'kiosk.v1',
      'kiosk-token.abc',
    ]);
    expect(offeredProtocols({})).toEqual([]);
  });
});
