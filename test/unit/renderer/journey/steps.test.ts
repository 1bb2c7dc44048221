import { describe, expect, it } from 'vitest';
import { nextTurn } from '../../../support/wait.ts';
import type { KioskApi, KioskMethods } from '../../../../electron/contract/kiosk-api.ts';
import type { KioskMethod } from '../../../../electron/contract/channels.ts';
import type { JourneyModel } from '../../../../renderer/src/journey/journey-state.ts';
import { readTimeoutMs, startCardRead } from '../../../../renderer/src/flow/card-read.ts';
import { startStep } from '../../../../renderer/src/journey/steps.ts';

type Call = { method: KioskMethod; payload: unknown };

/** A KioskApi whose every call is recorded and answered by `answer` (a value, or a thrown error). */
function fakeApi(answer: (method: KioskMethod) => Promise<unknown>): { api: KioskApi; calls: Call[] } {
  const calls: Call[] = [];
  const method = (name: KioskMethod) => (payload: unknown) => {
    calls.push({ method: name, payload });
    return answer(name);
  };
  const methods = Object.fromEntries(
    (
      [
        'getTerminalInfo',
        'startSession',
        'extendSession',
        'endSession',
        'readIdCard',
        'cancelIdCardRead',
        'queryCredit',
        'printCreditReceipt',
        'getDeviceStatus',
      ] as const
    ).map((name) => [name, method(name)]),
  ) as unknown as KioskMethods;
  return { api: { ...methods, on: () => () => {} }, calls };
}

const codeError = (code: string) => Object.assign(new Error(`${code} from the core`), { code });
const model = (state: JourneyModel['state'], op = 7): JourneyModel => ({ state, op, sessionId: 's-1' });

describe('journey steps', () => {
  it('starts nothing for screens that wait on the citizen (a service runs its own calls)', () => {
    const { api, calls } = fakeApi(async () => ({}));
    for (const state of [{ screen: 'attract' }, { screen: 'home' }, { screen: 'done' }, { screen: 'service', serviceId: 'credit-query' }] as const) {
      expect(startStep(model(state), api)).toBeNull();
    }
    expect(calls).toEqual([]);
  });

  it('starts sessions, and turns a failed start into stepFailed with the code', async () => {
    const ok = fakeApi(async () => ({ sessionId: 's-9', startedAt: 'x' }));
    await expect(startStep(model({ screen: 'starting' }), ok.api)?.done).resolves.toEqual({ type: 'sessionStarted', op: 7, sessionId: 's-9' });
    expect(ok.calls).toEqual([{ method: 'startSession', payload: {} }]);
    const broken = fakeApi(() => Promise.reject(codeError('DEVICE_UNAVAILABLE')));
    await expect(startStep(model({ screen: 'starting' }), broken.api)?.done).resolves.toEqual({ type: 'stepFailed', op: 7, code: 'DEVICE_UNAVAILABLE' });
  });

  it('reads the code from the message when a bridge dropped the code property', async () => {
    const { api } = fakeApi(() => Promise.reject(new Error("Error invoking remote method 'kiosk:startSession': OUT_OF_SERVICE: closed")));
    await expect(startStep(model({ screen: 'starting' }), api)?.done).resolves.toMatchObject({ code: 'OUT_OF_SERVICE' });
  });

  it('ends the session with its reason and closes locally even when the core fails', async () => {
    const ok = fakeApi(async () => ({ wiped: true }));
    await expect(startStep(model({ screen: 'ending', reason: 'inactivity' }), ok.api)?.done).resolves.toEqual({ type: 'sessionClosed', op: 7 });
    expect(ok.calls).toEqual([{ method: 'endSession', payload: { reason: 'inactivity' } }]);
    const broken = fakeApi(() => Promise.reject(codeError('NO_SESSION')));
    await expect(startStep(model({ screen: 'ending', reason: 'completed' }), broken.api)?.done).resolves.toEqual({ type: 'sessionClosed', op: 7 });
  });

  it('keeps the read timeout inside what the contract accepts', () => {
    expect(readTimeoutMs(30)).toBe(30_000);
    expect(readTimeoutMs(0)).toBe(1000);
    expect(readTimeoutMs(600)).toBe(120_000);
  });
});

describe('card read of a journey step', () => {
  const cardView = { cardType: 'resident', name: '测试甲', idNumberMasked: '110***********002X', gender: 'female' } as const;

  it('reads with the configured timeout and settles into the step while it is shown', async () => {
    const { api, calls } = fakeApi(async () => cardView);
    const read = await new Promise((resolve) => startCardRead(api, 25, () => ({ onRead: resolve, onFail: resolve })));
    expect(read).toEqual(cardView);
    expect(calls).toEqual([{ method: 'readIdCard', payload: { timeoutMs: 25_000 } }]);
  });

  it('cancels an unfinished card read when the citizen leaves, and only an unfinished one', async () => {
    let release: (value: unknown) => void = () => {};
    const { api, calls } = fakeApi((method) =>
      method === 'readIdCard' ? new Promise((resolve) => (release = resolve)) : Promise.resolve({ cancelled: true }),
    );
    const seen: unknown[] = [];
    const leave = startCardRead(api, 25, () => ({ onRead: (c) => seen.push(c), onFail: (c) => seen.push(c) }));
    leave();
    expect(calls.map((c) => c.method)).toEqual(['readIdCard', 'cancelIdCardRead']);
    release(cardView);
    await nextTurn();
    expect(seen).toEqual([]); // a card read after leaving never reaches the step

    const again = startCardRead(api, 25, () => ({ onRead: (c) => seen.push(c), onFail: (c) => seen.push(c) }));
    release(cardView);
    await nextTurn();
    again();
    expect(seen).toEqual([cardView]);
    expect(calls.map((c) => c.method)).toEqual(['readIdCard', 'cancelIdCardRead', 'readIdCard']);
  });

  it('a failing cancel does not surface as an unhandled rejection, and a failed read gives its code', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { api, calls } = fakeApi((method) => (method === 'readIdCard' ? new Promise(() => {}) : Promise.reject(codeError('NO_SESSION'))));
      startCardRead(api, 25, () => ({ onRead: () => {}, onFail: () => {} }))();
      await nextTurn();
      expect(calls.map((c) => c.method)).toEqual(['readIdCard', 'cancelIdCardRead']);
      expect(unhandled).toEqual([]);
      const failing = fakeApi(() => Promise.reject(new Error("Error invoking remote method 'kiosk:readIdCard': CARD_INVALID: bad checksum")));
      const code = await new Promise((resolve) => startCardRead(failing.api, 25, () => ({ onRead: resolve, onFail: resolve })));
      expect(code).toBe('CARD_INVALID');
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
