/**
 * Both clients are built from electron/contract/generated/method-list.ts, which `npm run
 * gen:contract` writes from the contract table. A method added to the table without regenerating
 * would be missing from both clients: this test fails first.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { KIOSK_API } from '../../../../../electron/contract/api-table.ts';
import { answerDeadlineMs, methodsFrom, readResponse } from '../../../../../electron/contract/client/client-calls.ts';
import { KIOSK_METHODS, METHOD_TIMEOUT_MS } from '../../../../../electron/contract/generated/method-list.ts';
import { METHOD_LIST_PATH, renderMethodList } from '../../../../../electron/tools/gen-method-list.ts';

describe('generated method list', () => {
  it('is what the generator writes from the table today (run `npm run gen:contract` after changing the table)', () => {
    expect(readFileSync(METHOD_LIST_PATH, 'utf8')).toBe(renderMethodList());
  });

  it('names every method of the table with its timeout', () => {
    expect([...KIOSK_METHODS]).toEqual(Object.keys(KIOSK_API));
    for (const [name, entry] of Object.entries(KIOSK_API)) expect(METHOD_TIMEOUT_MS[name as keyof typeof METHOD_TIMEOUT_MS]).toBe(entry.timeoutMs);
  });
});

describe('client calls shared by the preload and the WebSocket client', () => {
  it('builds one function per method, each passing its own name and an empty request by default', async () => {
    const calls: Array<[string, unknown]> = [];
    const methods = methodsFrom(async (method, request) => {
      calls.push([method, request]);
      return method;
    });
    expect(Object.keys(methods)).toEqual([...KIOSK_METHODS]);
    await methods.getTerminalInfo(undefined as never);
    await methods.readIdCard({ timeoutMs: 5000 });
    expect(calls).toEqual([
      ['getTerminalInfo', {}],
      ['readIdCard', { timeoutMs: 5000 }],
    ]);
  });

  it('waits the method’s own table timeout plus the request’s own wait', () => {
    expect(answerDeadlineMs('getTerminalInfo', {})).toBe(KIOSK_API.getTerminalInfo.timeoutMs);
    expect(answerDeadlineMs('readIdCard', { timeoutMs: 30_000 })).toBe(30_000 + KIOSK_API.readIdCard.timeoutMs);
    expect(answerDeadlineMs('readIdCard', { timeoutMs: 30_000 }, 40)).toBe(30_040);
  });

  it('reads answers and failures, and calls anything else malformed', () => {
    expect(readResponse({ ok: true, value: 1 })).toEqual({ ok: true, value: 1 });
    expect(readResponse({ ok: false, error: { code: 'NO_SESSION', message: 'none' } })).toEqual({ ok: false, error: { code: 'NO_SESSION', message: 'none' } });
    for (const bad of [null, 'x', { ok: 'yes' }, { ok: false }, { ok: false, error: { message: 'no code' } }]) expect(readResponse(bad)).toEqual({ ok: 'malformed' });
  });
});
