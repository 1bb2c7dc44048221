/**
 * The preload's KioskApi (kiosk-bridge.ts) over a BridgeTransport that hands calls to a real
 * KioskDispatcher, structured-cloned as they are across the MessagePort (the port transport itself
 * and the core host are covered in port-transport.test.ts and core-host-message-port.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { CHANNEL_PREFIX, EVENT_CHANNEL, KIOSK_METHODS, type KioskMethod } from '../../../../../../electron/contract/channels.ts';
import type { KioskCallError } from '../../../../../../electron/contract/kiosk-api.ts';
import { KioskDispatcher, type KioskHandlers } from '../../../../../../electron/core/api/dispatcher.ts';
import { KioskError } from '../../../../../../electron/core/api/kiosk-error.ts';
import { createKioskApi, ERROR_MESSAGE_PREFIX, type BridgeEventMessage } from '../../../../../../electron/shells/electron/preload/kiosk-bridge.ts';
import { handlerTable } from '../../../../../support/handler-table.ts';
import { standInPolicy } from '../../../../../support/stand-in-policy.ts';

function setUp() {
  const fail = () => {
    throw new KioskError('NO_SESSION', 'no active session');
  };
  const handlers: KioskHandlers = handlerTable(
    {
      getTerminalInfo: (_r, context) => ({
        terminalId: 'KM-0007',
        hall: { name: { 'zh-CN': '', 'en-US': '' }, emblem: 'none', hotline: '12345', cardReader: 'below', timeZone: 'Asia/Shanghai' },
        version: '0.1.0',
        shell: context.shell,
        locale: 'zh-CN',
        services: [],
        timeouts: { inactivitySeconds: 60, warningSeconds: 20, elderWarningSeconds: 30, idCardReadSeconds: 30 },
      }),
      startSession: () => ({ sessionId: 's1', startedAt: '2025-01-01T00:00:00.000Z' }),
      readIdCard: fail,
      printCreditReceipt: (r) => ({ jobId: r.jobId, status: 'printed' }),
    },
    () => fail,
  );
  const dispatcher = new KioskDispatcher(handlers, { policy: standInPolicy() });
  const eventListeners = new Set<(message: unknown) => void>();
  const api = createKioskApi({
    invoke: async (channel, payload) => {
      const method = channel.slice(CHANNEL_PREFIX.length) as KioskMethod;
      // The port structured-clones both ways: no object identity leaks through.
      return structuredClone(await dispatcher.dispatch(method, structuredClone(payload), { shell: 'electron', connectionId: '7' }));
    },
    subscribe: (channel, listener) => {
      expect(channel).toBe(EVENT_CHANNEL);
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  });
  const deliver = (message: BridgeEventMessage) => {
    for (const listener of eventListeners) listener(structuredClone(message));
  };
  return { api, deliver };
}

describe('preload KioskApi bridge (Electron not loaded: no binary here)', () => {
  it('exposes exactly the KioskApi methods plus on()', () => {
    const { api } = setUp();
    expect(Object.keys(api).sort()).toEqual([...KIOSK_METHODS, 'on'].sort());
  });

  it('unwraps the value of a successful call', async () => {
    const { api } = setUp();
    expect(await api.getTerminalInfo({})).toMatchObject({ terminalId: 'KM-0007', shell: 'electron' });
  });

  it('throws an error carrying the contract code, in .code and in the message prefix', async () => {
    const { api } = setUp();
    const error = (await api.readIdCard({}).catch((e: unknown) => e)) as KioskCallError;
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('NO_SESSION');
    expect(error.message).toBe(`${ERROR_MESSAGE_PREFIX}NO_SESSION] no active session`);
  });

  it('rejects an invalid payload through the dispatcher (zod) before any handler runs', async () => {
    const { api } = setUp();
    const badJob = await api.printCreditReceipt({ jobId: 'not-a-uuid' }).catch((e: unknown) => e);
    expect(badJob).toMatchObject({ code: 'INVALID_REQUEST' });
    const extra = await api.getTerminalInfo({ admin: true } as never).catch((e: unknown) => e);
    expect(extra).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('reports a malformed response as INTERNAL instead of returning undefined', async () => {
    const api = createKioskApi({ invoke: async () => 'garbage', subscribe: () => () => {} });
    await expect(api.startSession({})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('fails a call the core never answers, past its own timeout plus the grace', async () => {
    const api = createKioskApi({ invoke: () => new Promise(() => {}), subscribe: () => () => {} }, { answerGraceMs: 40 });
    const started = performance.now();
    await expect(api.readIdCard({ timeoutMs: 1000 })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('readIdCard') });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    await expect(api.getTerminalInfo({})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('passes core events to on() listeners filtered by name, until unsubscribed', () => {
    const { api, deliver } = setUp();
    const ended: unknown[] = [];
    const unsubscribe = api.on('sessionEnded', (payload) => ended.push(payload));
    deliver({ event: 'configChanged', payload: { version: '3' } });
    deliver({ event: 'sessionEnded', payload: { sessionId: 's1', reason: 'completed' } });
    expect(ended).toEqual([{ sessionId: 's1', reason: 'completed' }]);
    unsubscribe();
    deliver({ event: 'sessionEnded', payload: { sessionId: 's2', reason: 'inactivity' } });
    expect(ended).toHaveLength(1);
  });
});
