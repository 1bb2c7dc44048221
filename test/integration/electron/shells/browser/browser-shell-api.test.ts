import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { WsServerMessage } from '../../../../../electron/contract/ws-protocol.ts';
import { type Client, connectOk, startTestShell } from '../../../../support/browser-shell-stack.ts';

describe('browser shell: KioskApi over the WebSocket', () => {
  let env: Awaited<ReturnType<typeof startTestShell>>;
  let client: Client;
  beforeAll(async () => {
    env = await startTestShell();
  });
  afterAll(async () => {
    await env.stop();
  });
  beforeEach(async () => {
    client = await connectOk(env.shell);
  });
  afterEach(async () => {
    await client.close();
  });

  const isNullIdResult = (m: WsServerMessage) => m.type === 'result' && m.id === null;

  it('returns the handler value in an ok envelope, echoing the call id', async () => {
    const result = await client.call(41, 'startSession', {});
    expect(result).toEqual({
      type: 'result',
      id: 41,
      response: { ok: true, value: { sessionId: 'sess-1', startedAt: '2025-01-01T00:00:00.000Z' } },
    });
  });

  it('answers an invalid payload with INVALID_REQUEST and never runs the handler', async () => {
    const before = env.callers.length;
    const result = await client.call(2, 'getTerminalInfo', { unexpected: true });
    expect(result.response).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(env.callers.length).toBe(before);
    const badUuid = await client.call(3, 'printCreditReceipt', { jobId: 'not-a-uuid' });
    expect(badUuid.response).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('answers an unknown method with INVALID_REQUEST', async () => {
    const result = await client.call(4, 'formatDisk', {});
    expect(result.response).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('passes contract errors through and hides internal ones behind INTERNAL', async () => {
    const timeout = await client.call(5, 'readIdCard', { timeoutMs: 1000 });
    expect(timeout.response).toEqual({ ok: false, error: { code: 'CARD_TIMEOUT', message: 'no card placed' } });
    const internal = await client.call(6, 'getDeviceStatus', {});
    expect(internal.response).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(internal)).not.toContain('exploded');
  });

  it('answers a non-JSON frame with INVALID_REQUEST (id null) and keeps the connection usable', async () => {
    client.sendRaw('{"type":"call","id":');
    const error = await client.next(isNullIdResult);
    expect(error).toMatchObject({ type: 'result', id: null, response: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    const after = await client.call(8, 'getTerminalInfo', {});
    expect(after.response.ok).toBe(true);
  });

  it.each([
    ['an array', '[1,2,3]', null],
    ['a string', '"call"', null],
    ['a wrong type', '{"type":"subscribe","id":9,"method":"getTerminalInfo"}', 9],
    ['a missing id', '{"type":"call","method":"getTerminalInfo"}', null],
    ['a fractional id', '{"type":"call","id":1.5,"method":"getTerminalInfo"}', null],
    ['a negative id', '{"type":"call","id":-1,"method":"getTerminalInfo"}', null],
    ['a non-string method', '{"type":"call","id":10,"method":42}', 10],
  ])('answers %s with INVALID_REQUEST and stays usable', async (_label, frame, expectedId) => {
    client.sendRaw(frame);
    const error = await client.next((m) => m.type === 'result' && m.id === expectedId);
    expect(error).toMatchObject({ response: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    expect((await client.call(11, 'getTerminalInfo', {})).response.ok).toBe(true);
  });

  it('refuses binary frames with INVALID_REQUEST and stays usable', async () => {
    client.sendRaw(Buffer.from(JSON.stringify({ type: 'call', id: 12, method: 'getTerminalInfo' })), true);
    const error = await client.next(isNullIdResult);
    expect(error).toMatchObject({ response: { ok: false, error: { code: 'INVALID_REQUEST' } } });
    expect((await client.call(13, 'getTerminalInfo', {})).response.ok).toBe(true);
  });

  it('does not let a slow call block later calls on the same connection', async () => {
    const slow = client.call(14, 'readIdCard', { timeoutMs: 1500 });
    const fast = await client.call(15, 'getTerminalInfo', {});
    expect(fast.response.ok).toBe(true);
    const firstResult = client.messages.find((m) => m.type === 'result' && (m.id === 14 || m.id === 15));
    expect(firstResult).toMatchObject({ id: 15 });
    expect((await slow).response).toMatchObject({ ok: false, error: { code: 'CARD_TIMEOUT' } });
  });

  it('broadcasts core events to every authenticated connection', async () => {
    const second = await connectOk(env.shell);
    try {
      env.dispatcher.emit('sessionEnded', { sessionId: 'sess-1', reason: 'inactivity' });
      env.dispatcher.emit('configChanged', { version: '42' });
      for (const c of [client, second]) {
        expect(await c.next((m) => m.type === 'event' && m.event === 'sessionEnded')).toEqual({
          type: 'event',
          event: 'sessionEnded',
          payload: { sessionId: 'sess-1', reason: 'inactivity' },
        });
        expect(await c.next((m) => m.type === 'event' && m.event === 'configChanged')).toMatchObject({
          payload: { version: '42' },
        });
      }
    } finally {
      await second.close();
    }
  });

  it('closes a connection that sends a frame above the payload limit, and accepts a new one', async () => {
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    client.sendRaw(JSON.stringify({ type: 'call', id: 16, method: 'getTerminalInfo', payload: { pad: 'x'.repeat(300 * 1024) } }));
    expect(await closed).toBe(1009);
    const fresh = await connectOk(env.shell);
    expect((await fresh.call(17, 'getTerminalInfo', {})).response.ok).toBe(true);
    await fresh.close();
  });

  it('closes open connections with 1001 when the shell shuts down', async () => {
    const local = await startTestShell();
    const c = await connectOk(local.shell);
    const closed = new Promise<number>((resolve) => c.socket.once('close', (code) => resolve(code)));
    await local.stop();
    expect(await closed).toBe(1001);
  });
});
