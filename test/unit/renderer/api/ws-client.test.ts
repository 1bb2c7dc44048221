import { describe, expect, it } from 'vitest';
import type { KioskCallError } from '../../../../electron/contract/kiosk-api.ts';
import type { WsCallMessage, WsServerMessage } from '../../../../electron/contract/ws-protocol.ts';
import { createWsKioskApi, type SocketHandlers } from '../../../../renderer/src/api/ws-client.ts';
import { createFakeClock } from '../../../support/fake-clock.ts';
import { METHOD_TIMEOUT_MS } from '../../../../electron/contract/generated/method-list.ts';

/** A scripted server side: every socket the client opens, what it sent, and levers to answer. */
function harness(options: { failFactory?: number } = {}) {
  const clock = createFakeClock();
  const sockets: Array<{ handlers: SocketHandlers; sent: string[]; closed: boolean }> = [];
  let failures = options.failFactory ?? 0;
  const api = createWsKioskApi(
    (handlers) => {
      if (failures > 0) {
        failures--;
        throw new Error('SyntaxError: bad URL');
      }
      const socket = { handlers, sent: [] as string[], closed: false };
      sockets.push(socket);
      return { send: (data) => socket.sent.push(data), close: () => (socket.closed = true) };
    },
    { backoff: { initialMs: 100, maxMs: 1000 }, scheduler: clock, random: () => 0.5 },
  );
  const last = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('no socket opened');
    return socket;
  };
  const calls = (socket = last()) => socket.sent.map((raw) => JSON.parse(raw) as WsCallMessage);
  const reply = (message: WsServerMessage, socket = last()) => socket.handlers.message(JSON.stringify(message));
  return { api, clock, sockets, last, calls, reply };
}

const errorOf = async (promise: Promise<unknown>): Promise<KioskCallError> => {
  try {
    await promise;
  } catch (error) {
    return error as KioskCallError;
  }
  throw new Error('expected a rejection');
};

describe('WebSocket KioskApi client', () => {
  it('queues calls until the socket opens, then sends call envelopes', async () => {
    const h = harness();
    const info = h.api.startSession({});
    const read = h.api.readIdCard({ timeoutMs: 20_000 });
    expect(h.last().sent).toEqual([]);
    h.last().handlers.open();
    const sent = h.calls();
    expect(sent).toEqual([
      { type: 'call', id: expect.any(Number), method: 'startSession', payload: {} },
      { type: 'call', id: expect.any(Number), method: 'readIdCard', payload: { timeoutMs: 20_000 } },
    ]);
    expect(sent[0]!.id).not.toBe(sent[1]!.id);
    // Answers may come in any order: they are matched by id.
    h.reply({ type: 'result', id: sent[1]!.id, response: { ok: true, value: { cardType: 'resident', name: '张三', idNumberMasked: '110***********002X', gender: 'male' } } });
    h.reply({ type: 'result', id: sent[0]!.id, response: { ok: true, value: { sessionId: 's-1', startedAt: '2025-01-01T00:00:00Z' } } });
    await expect(info).resolves.toEqual({ sessionId: 's-1', startedAt: '2025-01-01T00:00:00Z' });
    await expect(read).resolves.toMatchObject({ name: '张三' });
  });

  it('rejects {ok:false} with an Error carrying the code', async () => {
    const h = harness();
    h.last().handlers.open();
    const read = h.api.readIdCard({});
    h.reply({ type: 'result', id: h.calls()[0]!.id, response: { ok: false, error: { code: 'CARD_TIMEOUT', message: 'no card within 30000 ms' } } });
    const error = await errorOf(read);
    expect(error).toBeInstanceOf(Error);
    expect(error.code).toBe('CARD_TIMEOUT');
    expect(error.message).toBe('no card within 30000 ms');
  });

  it('maps an error code it does not know to INTERNAL', async () => {
    const h = harness();
    h.last().handlers.open();
    const call = h.api.queryCredit({ kind: 'personal' });
    h.last().handlers.message(
      JSON.stringify({ type: 'result', id: h.calls()[0]!.id, response: { ok: false, error: { code: 'MARTIANS', message: 'x' } } }),
    );
    expect((await errorOf(call)).code).toBe('INTERNAL');
  });

  it('ignores garbage frames and keeps the call pending until its real answer', async () => {
    const h = harness();
    h.last().handlers.open();
    const call = h.api.getDeviceStatus({});
    const { id } = h.calls()[0]!;
    for (const garbage of [
      'not json',
      '{"type":"result"',
      'null',
      '42',
      JSON.stringify({ type: 'result', id: String(id), response: { ok: true, value: 'wrong id type' } }),
      JSON.stringify({ type: 'result', id: id + 1000, response: { ok: true, value: 'unknown id' } }),
      JSON.stringify({ type: 'result', id: null, response: { ok: false, error: { code: 'INVALID_REQUEST', message: 'bad frame' } } }),
      JSON.stringify({ type: 'result', id, response: 'nonsense' }),
      JSON.stringify({ type: 'result', id, response: { ok: 'maybe' } }),
      JSON.stringify({ type: 'surprise', id }),
    ]) {
      h.last().handlers.message(garbage);
    }
    h.last().handlers.message(new Uint8Array([1, 2, 3])); // binary frame
    let settled = false;
    void call.finally(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    h.reply({ type: 'result', id, response: { ok: true, value: [] } });
    await expect(call).resolves.toEqual([]);
  });

  it('delivers events to listeners, isolates a throwing listener, and unsubscribes', () => {
    const h = harness();
    h.last().handlers.open();
    const ended: string[] = [];
    h.api.on('sessionEnded', () => {
      throw new Error('broken listener');
    });
    const off = h.api.on('sessionEnded', (payload) => ended.push(`${payload.sessionId}:${payload.reason}`));
    const configs: string[] = [];
    h.api.on('configChanged', (payload) => configs.push(payload.version));

    h.reply({ type: 'event', event: 'sessionEnded', payload: { sessionId: 's-1', reason: 'backstop' } });
    h.reply({ type: 'event', event: 'configChanged', payload: { version: '2' } });
    h.last().handlers.message(JSON.stringify({ type: 'event', event: 'selfDestruct', payload: {} }));
    off();
    h.reply({ type: 'event', event: 'sessionEnded', payload: { sessionId: 's-2', reason: 'completed' } });

    expect(ended).toEqual(['s-1:backstop']);
    expect(configs).toEqual(['2']);
  });

  it('on a dropped socket rejects calls already sent, keeps unsent ones, and reconnects with backoff', async () => {
    const h = harness();
    h.last().handlers.open();
    const inFlight = h.api.printCreditReceipt({ jobId: '7c1e4f0e-8d1b-4d55-9a53-0a4f7e7f4a11' });
    h.last().handlers.close();
    const error = await errorOf(inFlight);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toMatch(/connection/);
    expect(h.api.status).toBe('waiting');

    const queued = h.api.getTerminalInfo({}); // made while disconnected: waits for the next socket
    // Reconnect attempts that fail straight away back off: 100, 200, 400, 800, 1000 (capped) ms.
    const delays: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const opened = h.sockets.length;
      let waited = 0;
      while (h.sockets.length === opened) {
        h.clock.advance(1);
        waited++;
      }
      delays.push(waited);
      if (attempt < 4) h.last().handlers.close();
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
    expect(h.last().sent).toEqual([]);
    h.last().handlers.open();
    expect(h.calls().map((c) => c.method)).toEqual(['getTerminalInfo']);
    h.reply({ type: 'result', id: h.calls()[0]!.id, response: { ok: true, value: { terminalId: 'T' } } });
    await expect(queued).resolves.toEqual({ terminalId: 'T' });

    // A successful open resets the backoff.
    h.last().handlers.close();
    const before = h.sockets.length;
    h.clock.advance(100);
    expect(h.sockets.length).toBe(before + 1);
  });

  it('treats a socket factory that throws as a drop and retries', async () => {
    const h = harness({ failFactory: 2 });
    expect(h.sockets).toHaveLength(0);
    const call = h.api.getTerminalInfo({});
    h.clock.advance(100);
    expect(h.sockets).toHaveLength(0);
    h.clock.advance(200);
    expect(h.sockets).toHaveLength(1);
    h.last().handlers.open();
    h.reply({ type: 'result', id: h.calls()[0]!.id, response: { ok: true, value: { terminalId: 'T' } } });
    await expect(call).resolves.toEqual({ terminalId: 'T' });
  });

  it('ignores anything an old socket says after it was replaced', async () => {
    const h = harness();
    const old = h.last();
    old.handlers.open();
    old.handlers.close();
    h.clock.advance(100);
    const current = h.last();
    current.handlers.open();
    const call = h.api.getDeviceStatus({});
    const { id } = h.calls(current)[0]!;
    h.reply({ type: 'result', id, response: { ok: false, error: { code: 'INTERNAL', message: 'stale' } } }, old);
    old.handlers.close(); // must not tear down the current connection
    expect(h.api.status).toBe('open');
    h.reply({ type: 'result', id, response: { ok: true, value: [] } }, current);
    await expect(call).resolves.toEqual([]);
  });

  it('dispose closes the socket, rejects what is pending and stops reconnecting', async () => {
    const h = harness();
    h.last().handlers.open();
    const pending = h.api.queryCredit({ kind: 'personal' });
    h.api.dispose();
    expect(h.last().closed).toBe(true);
    expect((await errorOf(pending)).code).toBe('INTERNAL');
    expect((await errorOf(h.api.getTerminalInfo({}))).code).toBe('INTERNAL');
    const count = h.sockets.length;
    h.clock.advance(60_000);
    expect(h.sockets).toHaveLength(count);
    expect(h.api.status).toBe('disposed');
  });

  it("gives up on a call the core accepted but never answers, past the call's own timeout", async () => {
    const h = harness();
    h.last().handlers.open();
    const read = h.api.readIdCard({ timeoutMs: 20_000 });
    const info = h.api.getTerminalInfo({});
    h.reply({ type: 'result', id: h.calls()[1]!.id, response: { ok: true, value: { terminalId: 'KM-0001' } } });
    await expect(info).resolves.toMatchObject({ terminalId: 'KM-0001' });
    // A card read may take its 20 s, and the answer then as long as the contract table allows...
    const allowed = METHOD_TIMEOUT_MS.readIdCard;
    h.clock.advance(20_000 + allowed - 1_000);
    let settled = false;
    void read.catch(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    // ...but not for ever: the waiting screen gets an error it can leave by.
    h.clock.advance(1_000);
    const error = await errorOf(read);
    expect(error.code).toBe('INTERNAL');
    expect(error.message).toContain('readIdCard');
    // An answer arriving after that is ignored; the answered call left no deadline behind.
    h.reply({ type: 'result', id: h.calls()[0]!.id, response: { ok: true, value: { name: 'late' } } });
    expect(h.clock.pending).toBe(0);
  });
});
