import { describe, expect, it } from 'vitest';
import type { KioskApi, KioskMethods } from '../../../electron/contract/kiosk-api.ts';
import type { KioskMethod } from '../../../electron/contract/channels.ts';
import type { JourneyModel } from '../../../renderer/src/journey/journey-state.ts';
import { readTimeoutMs, startStep } from '../../../renderer/src/journey/steps.ts';
import { JOB_ID, card, record } from './journey-fixtures.ts';

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
const config = { idCardReadSeconds: 25 };

describe('journey steps', () => {
  it('starts nothing for screens that wait on the citizen', () => {
    const { api, calls } = fakeApi(async () => ({}));
    for (const state of [{ screen: 'attract' }, { screen: 'home' }, { screen: 'done' }] as const) {
      expect(startStep(model(state), api, config)).toBeNull();
    }
    expect(startStep(model({ screen: 'credit.result', card, record }), api, config)).toBeNull();
    expect(calls).toEqual([]);
  });

  it('reads the card with the configured timeout and tags the result with the op', async () => {
    const { api, calls } = fakeApi(async () => card);
    const step = startStep(model({ screen: 'credit.placeCard' }), api, config);
    await expect(step?.done).resolves.toEqual({ type: 'cardRead', op: 7, card });
    expect(calls).toEqual([{ method: 'readIdCard', payload: { timeoutMs: 25_000 } }]);
  });

  it('cancels an unfinished card read, and only an unfinished one', async () => {
    let release: (value: unknown) => void = () => {};
    const { api, calls } = fakeApi((method) =>
      method === 'readIdCard' ? new Promise((resolve) => (release = resolve)) : Promise.resolve({ cancelled: true }),
    );
    const step = startStep(model({ screen: 'credit.placeCard' }), api, config)!;
    step.cancel();
    expect(calls.map((c) => c.method)).toEqual(['readIdCard', 'cancelIdCardRead']);

    release(card);
    await step.done;
    const again = startStep(model({ screen: 'credit.placeCard' }), api, config)!;
    release(card);
    await again.done;
    again.cancel();
    expect(calls.map((c) => c.method)).toEqual(['readIdCard', 'cancelIdCardRead', 'readIdCard']);
  });

  it('a failing cancel does not surface as an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { api, calls } = fakeApi((method) =>
        method === 'readIdCard' ? new Promise(() => {}) : Promise.reject(codeError('NO_SESSION')),
      );
      startStep(model({ screen: 'credit.placeCard' }), api, config)!.cancel();
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(calls.map((c) => c.method)).toEqual(['readIdCard', 'cancelIdCardRead']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it.each([
    ['credit.placeCard', { screen: 'credit.placeCard' }, 'CARD_TIMEOUT'],
    ['credit.querying', { screen: 'credit.querying', card }, 'UPSTREAM_UNAVAILABLE'],
    ['credit.printing', { screen: 'credit.printing', card, record, jobId: JOB_ID }, 'PRINTER_ERROR'],
    ['starting', { screen: 'starting' }, 'DEVICE_UNAVAILABLE'],
  ] as const)('turns a failure in %s into stepFailed with the code', async (_name, state, code) => {
    const { api } = fakeApi(() => Promise.reject(codeError(code)));
    await expect(startStep(model(state), api, config)?.done).resolves.toEqual({ type: 'stepFailed', op: 7, code });
  });

  it('reads the code from the message when a bridge dropped the code property', async () => {
    const { api } = fakeApi(() => Promise.reject(new Error("Error invoking remote method 'kiosk:readIdCard': CARD_INVALID: bad checksum")));
    await expect(startStep(model({ screen: 'credit.placeCard' }), api, config)?.done).resolves.toMatchObject({ code: 'CARD_INVALID' });
  });

  it('queries, prints with the state job id, and starts sessions', async () => {
    const { api, calls } = fakeApi(async (method) =>
      method === 'queryCredit' ? record : method === 'startSession' ? { sessionId: 's-9', startedAt: 'x' } : { jobId: JOB_ID, status: 'printed' },
    );
    await expect(startStep(model({ screen: 'credit.querying', card }), api, config)?.done).resolves.toEqual({ type: 'creditLoaded', op: 7, record });
    await expect(startStep(model({ screen: 'credit.printing', card, record, jobId: JOB_ID }), api, config)?.done).resolves.toEqual({
      type: 'printDone',
      op: 7,
      result: { jobId: JOB_ID, status: 'printed' },
    });
    await expect(startStep(model({ screen: 'starting' }), api, config)?.done).resolves.toEqual({ type: 'sessionStarted', op: 7, sessionId: 's-9' });
    expect(calls).toEqual([
      { method: 'queryCredit', payload: { kind: 'personal' } },
      { method: 'printCreditReceipt', payload: { jobId: JOB_ID } },
      { method: 'startSession', payload: {} },
    ]);
  });

  it('ends the session with its reason and closes locally even when the core fails', async () => {
    const ok = fakeApi(async () => ({ wiped: true }));
    await expect(startStep(model({ screen: 'ending', reason: 'inactivity' }), ok.api, config)?.done).resolves.toEqual({ type: 'sessionClosed', op: 7 });
    expect(ok.calls).toEqual([{ method: 'endSession', payload: { reason: 'inactivity' } }]);
    const broken = fakeApi(() => Promise.reject(codeError('NO_SESSION')));
    await expect(startStep(model({ screen: 'ending', reason: 'completed' }), broken.api, config)?.done).resolves.toEqual({ type: 'sessionClosed', op: 7 });
  });

  it('keeps the read timeout inside what the contract accepts', () => {
    expect(readTimeoutMs(30)).toBe(30_000);
    expect(readTimeoutMs(0)).toBe(1000);
    expect(readTimeoutMs(600)).toBe(120_000);
  });
});
