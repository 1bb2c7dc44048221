import { describe, expect, it } from 'vitest';
import { EVENT_CHANNEL, methodChannel } from '../../../../../../electron/contract/channels.ts';
import { createPortTransport, type RendererPortLike } from '../../../../../../electron/shells/electron/preload/port-transport.ts';

/** A recording stand-in for the DOM MessagePort the preload receives (no browser here). */
function recordingPort() {
  const sent: unknown[] = [];
  let closed = false;
  const port: RendererPortLike & { deliver(data: unknown): void } = {
    postMessage: (message) => void sent.push(message),
    onmessage: null,
    close: () => void (closed = true),
    deliver: (data) => port.onmessage?.({ data }),
  };
  return { port, sent, isClosed: () => closed };
}

describe('preload transport over a MessagePort', () => {
  it('sends WebSocket-format call frames and resolves each call with its own result', async () => {
    const transport = createPortTransport();
    const { port, sent } = recordingPort();
    transport.attach(port);
    const first = transport.invoke(methodChannel('getTerminalInfo'), {});
    const second = transport.invoke(methodChannel('getNetworkState'), {});
    expect(sent).toEqual([
      { type: 'call', id: 1, method: 'getTerminalInfo', payload: {} },
      { type: 'call', id: 2, method: 'getNetworkState', payload: {} },
    ]);
    port.deliver({ type: 'result', id: 2, response: { ok: true, value: 'two' } });
    port.deliver({ type: 'result', id: 1, response: { ok: true, value: 'one' } });
    await expect(first).resolves.toEqual({ ok: true, value: 'one' });
    await expect(second).resolves.toEqual({ ok: true, value: 'two' });
  });

  it('holds calls made before the port arrives and sends them once it does', async () => {
    const transport = createPortTransport();
    const call = transport.invoke(methodChannel('getTerminalInfo'), {});
    const { port, sent } = recordingPort();
    transport.attach(port);
    expect(sent).toHaveLength(1);
    port.deliver({ type: 'result', id: 1, response: { ok: true, value: 1 } });
    await expect(call).resolves.toEqual({ ok: true, value: 1 });
  });

  it('answers calls in flight INTERNAL when the port closes, rather than resending them', async () => {
    const transport = createPortTransport();
    const { port, sent } = recordingPort();
    transport.attach(port);
    const call = transport.invoke(methodChannel('readIdCard'), { timeoutMs: 1000 });
    transport.detach('connection to the terminal core lost');
    await expect(call).resolves.toEqual({ ok: false, error: { code: 'INTERNAL', message: 'connection to the terminal core lost' } });
    const next = recordingPort();
    transport.attach(next.port);
    expect(next.sent).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it('a replacing port closes the old one and fails the old calls', async () => {
    const transport = createPortTransport();
    const old = recordingPort();
    transport.attach(old.port);
    const call = transport.invoke(methodChannel('getTerminalInfo'), {});
    transport.attach(recordingPort().port);
    expect(old.isClosed()).toBe(true);
    await expect(call).resolves.toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('passes events to subscribers as { event, payload } and ignores frames that are neither', () => {
    const transport = createPortTransport();
    const { port } = recordingPort();
    transport.attach(port);
    const seen: unknown[] = [];
    const unsubscribe = transport.subscribe(EVENT_CHANNEL, (message) => seen.push(message));
    port.deliver({ type: 'event', event: 'sessionEnded', payload: { reason: 'timeout' } });
    port.deliver('garbage');
    port.deliver({ type: 'result', id: 99, response: { ok: true, value: null } });
    unsubscribe();
    port.deliver({ type: 'event', event: 'sessionEnded', payload: { reason: 'completed' } });
    expect(seen).toEqual([{ event: 'sessionEnded', payload: { reason: 'timeout' } }]);
  });
});
