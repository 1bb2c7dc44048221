/**
 * The Electron IPC path end to end without the binary: the preload's KioskApi (kiosk-bridge.ts)
 * → a fake ipcMain holding the handlers registerKioskIpc installed → a real KioskDispatcher.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, KIOSK_METHODS, methodChannel } from '../../../electron/contract/channels.ts';
import type { KioskCallError } from '../../../electron/contract/kiosk-api.ts';
import type { CallContext } from '../../../electron/core/api/dispatcher.ts';
import { KioskDispatcher, type KioskHandlers } from '../../../electron/core/api/dispatcher.ts';
import { handlerTable } from '../../support/handler-table.ts';
import { KioskError } from '../../../electron/core/api/kiosk-error.ts';
import { forwardKioskEvents, registerKioskIpc, type IpcEventMessage, type IpcMainLike } from '../../../electron/shells/electron/main/ipc-registry.ts';
import type { FrameLike, InvokeEventLike, TrustedTarget } from '../../../electron/shells/electron/main/sender-check.ts';
import { createKioskApi, ERROR_MESSAGE_PREFIX } from '../../../electron/shells/electron/preload/kiosk-bridge.ts';
import { standInPolicy } from '../../support/stand-in-policy.ts';

type Listener = (event: InvokeEventLike, payload: unknown) => Promise<unknown>;

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

const mainFrame: FrameLike = { url: 'app://kiosk/index.html', processId: 3, frameToken: 'main', parent: null };
const target: TrustedTarget = { webContentsId: 7, mainFrame };
const trustedEvent: InvokeEventLike = { sender: { id: 7 }, senderFrame: mainFrame };

function setUp(senderEvent: InvokeEventLike = trustedEvent) {
  const contexts: CallContext[] = [];
  const fail = () => {
    throw new KioskError('NO_SESSION', 'no active session');
  };
  const handlers: KioskHandlers = handlerTable({
    getTerminalInfo: (_r, context) => {
      contexts.push(context);
      return {
        terminalId: 'KM-0007',
        version: '0.1.0',
        shell: context.shell,
        locale: 'zh-CN',
        services: [],
        timeouts: { inactivitySeconds: 60, warningSeconds: 20, elderWarningSeconds: 30, idCardReadSeconds: 30 },
      };
    },
    startSession: () => ({ sessionId: 's1', startedAt: '2025-01-01T00:00:00.000Z' }),
    extendSession: fail,
    endSession: () => ({ wiped: true }),
    readIdCard: fail,
    cancelIdCardRead: () => ({ cancelled: true }),
    queryCredit: fail,
    printCreditReceipt: (r) => ({ jobId: r.jobId, status: 'printed' }),
    getDeviceStatus: () => [],
  }, () => fail);
  const dispatcher = new KioskDispatcher(handlers, { policy: standInPolicy() });
  const ipcMain = new FakeIpcMain();
  const warnings: Array<Record<string, unknown> | undefined> = [];
  const unregister = registerKioskIpc({
    ipcMain,
    apiHost: dispatcher,
    getTrustedTarget: () => target,
    logger: { warn: (_m, fields) => warnings.push(fields) },
  });
  const eventListeners = new Set<(message: unknown) => void>();
  const api = createKioskApi({
    invoke: async (channel, payload) => {
      const handler = ipcMain.handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      // Electron structured-clones across IPC: do the same so no object identity leaks through.
      return structuredClone(await handler(senderEvent, structuredClone(payload)));
    },
    subscribe: (channel, listener) => {
      expect(channel).toBe(EVENT_CHANNEL);
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
  });
  return { dispatcher, ipcMain, api, contexts, warnings, unregister, eventListeners };
}

describe('Electron IPC registry and preload bridge (Electron mocked: no binary here)', () => {
  it('registers exactly one channel per KioskApi method and removes them all', () => {
    const { ipcMain, unregister } = setUp();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(KIOSK_METHODS.map(methodChannel).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('exposes exactly the KioskApi methods plus on()', () => {
    const { api } = setUp();
    expect(Object.keys(api).sort()).toEqual([...KIOSK_METHODS, 'on'].sort());
  });

  it('dispatches a trusted call with the electron shell context and unwraps the value', async () => {
    const { api, contexts } = setUp();
    const info = await api.getTerminalInfo({});
    expect(info.terminalId).toBe('KM-0007');
    expect(contexts).toEqual([{ shell: 'electron', connectionId: '7' }]);
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
    // A page calling the channel with an extra field gets the same answer.
    const extra = await api.getTerminalInfo({ admin: true } as never).catch((e: unknown) => e);
    expect(extra).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('refuses an untrusted sender with UNAUTHORIZED and never reaches a handler', async () => {
    const subFrame: FrameLike = { ...mainFrame, frameToken: 'sub', parent: mainFrame };
    const { api, contexts, warnings } = setUp({ sender: { id: 7 }, senderFrame: subFrame });
    const error = await api.getTerminalInfo({}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(contexts).toEqual([]);
    expect(warnings).toEqual([{ method: 'getTerminalInfo', reason: 'sub-frame' }]);
  });

  it('reports a malformed response as INTERNAL instead of returning undefined', async () => {
    const api = createKioskApi({ invoke: async () => 'garbage', subscribe: () => () => {} });
    await expect(api.startSession({})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('fails a call the main process never answers, past its own timeout plus the grace (ipcRenderer mocked: no Electron here)', async () => {
    const api = createKioskApi({ invoke: () => new Promise(() => {}), subscribe: () => () => {} }, { answerGraceMs: 40 });
    const started = performance.now();
    await expect(api.readIdCard({ timeoutMs: 1000 })).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('readIdCard') });
    expect(performance.now() - started).toBeGreaterThanOrEqual(1000);
    await expect(api.getTerminalInfo({})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('forwards core events to the window and filters them by name in on()', () => {
    const { dispatcher, api, eventListeners } = setUp();
    const sent: Array<{ channel: string; message: IpcEventMessage }> = [];
    let destroyed = false;
    const stop = forwardKioskEvents(dispatcher, () => ({
      isDestroyed: () => destroyed,
      send: (channel, message) => {
        sent.push({ channel, message });
        for (const listener of eventListeners) listener(structuredClone(message));
      },
    }));
    const ended: unknown[] = [];
    const unsubscribe = api.on('sessionEnded', (payload) => ended.push(payload));

    dispatcher.emit('configChanged', { version: '3' });
    dispatcher.emit('sessionEnded', { sessionId: 's1', reason: 'completed' });
    expect(sent.map((s) => s.channel)).toEqual([EVENT_CHANNEL, EVENT_CHANNEL]);
    expect(ended).toEqual([{ sessionId: 's1', reason: 'completed' }]);

    unsubscribe();
    dispatcher.emit('sessionEnded', { sessionId: 's2', reason: 'inactivity' });
    expect(ended).toHaveLength(1);

    destroyed = true;
    dispatcher.emit('configChanged', { version: '4' });
    expect(sent).toHaveLength(3);
    stop();
    dispatcher.emit('configChanged', { version: '5' });
    expect(sent).toHaveLength(3);
  });
});
