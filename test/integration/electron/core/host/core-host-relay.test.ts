/**
 * The core host's messages to and from the main process, in this process: A4 jobs relayed to the
 * main process (the only one with a window to print from) and their outcome, start-up failures,
 * a window connecting before the core runs, stop, and the relay of driver processes. The core is a STAND-IN (createCore is
 * injected): what is under test is the relay; the real core over a real child process is covered
 * by core-host-message-port.test.ts.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { KioskCoreOptions, KioskCore } from '../../../../../electron/core/kiosk-core.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { DocumentPrinterUnavailableError, DocumentPrintOutcomeUnknownError } from '../../../../../electron/core/documents/document-printer.ts';
import type { HostToMain, MainToHost } from '../../../../../electron/core/host/core-host-protocol.ts';
import { runCoreHost, type ParentPortLike } from '../../../../../electron/core/host/core-host.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { relayedDriverSpawner } from '../../../../../electron/core/host/relayed-driver-spawner.ts';
import { emulatedMessageChannelMain } from '../../../../support/emulated-message-channel.ts';

function harness(createCore: (options: KioskCoreOptions) => Promise<KioskCore>) {
  const toMain: HostToMain[] = [];
  const emitter = new EventEmitter();
  const parentPort: ParentPortLike = {
    postMessage: (message) => void toMain.push(message),
    on: (_event, listener) => emitter.on('message', listener),
  };
  const exits: number[] = [];
  runCoreHost({ parentPort, logger: createLogger({ level: 'error', write: () => undefined }), createCore, exit: (code) => exits.push(code), statusIntervalMs: 60_000 });
  const send = (data: MainToHost, ports: unknown[] = []) => emitter.emit('message', { data, ports });
  return { toMain, send, exits };
}

/** A stand-in core: records the options the host built, and has the few parts the host reads. */
function standInCore() {
  const seen: { options?: KioskCoreOptions; shutdowns: number } = { shutdowns: 0 };
  const create = async (options: KioskCoreOptions): Promise<KioskCore> => {
    seen.options = options;
    return {
      apiHost: { dispatch: async () => ({ ok: true, value: null }), onEvent: () => () => undefined },
      sessions: { current: () => undefined },
      config: () => ({ watchdog: { dailyRestartHour: 3, maxRestarts: 3, restartWindowMinutes: 10 } }),
      shutdown: async () => {
        seen.shutdowns++;
      },
    } as unknown as KioskCore;
  };
  return { seen, create };
}

const startMessage: MainToHost = { type: 'start', options: { dataDir: '/unused', resourcesDir: '/unused' } };

describe('core host relay (stand-in core, in process)', () => {
  it('starts the core as the Electron shell\'s, drivers in process, and reports ready with its status', async () => {
    const core = standInCore();
    const host = harness(core.create);
    host.send(startMessage);
    await expect.poll(() => host.toMain[0]).toEqual({
      type: 'ready',
      status: { sessionActive: false, watchdog: { dailyRestartHour: 3, maxRestarts: 3, restartWindowMinutes: 10 } },
    });
    expect(core.seen.options).toMatchObject({ shell: 'electron', deviceIsolation: 'in-process', dataDir: '/unused' });
  });

  it('relays an A4 job to the main process and settles it with the answer: done, unavailable, refused, or unknown', async () => {
    const core = standInCore();
    const host = harness(core.create);
    host.send(startMessage);
    await expect.poll(() => host.toMain.length).toBe(1);
    const printer = core.seen.options?.documentPrinter;
    if (!printer) throw new Error('the host gave the core no document printer');

    const done = printer.print('<p>report</p>', { jobId: 'j1', printerName: 'A4' });
    expect(host.toMain.at(-1)).toEqual({ type: 'print', id: 1, html: '<p>report</p>', printerName: 'A4' });
    host.send({ type: 'print-result', id: 1, ok: true });
    await expect(done).resolves.toBeUndefined();

    const unavailable = printer.print('<p>x</p>', { jobId: 'j2' });
    host.send({ type: 'print-result', id: 2, ok: false, unavailable: true, message: 'no printer' });
    await expect(unavailable).rejects.toBeInstanceOf(DocumentPrinterUnavailableError);

    const refused = printer.print('<p>y</p>', { jobId: 'j3' });
    host.send({ type: 'print-result', id: 3, ok: false, unavailable: false, message: 'paper jam' });
    await expect(refused).rejects.toThrow('paper jam');
    await expect(refused).rejects.not.toBeInstanceOf(DocumentPrinterUnavailableError);
    await expect(refused).rejects.not.toBeInstanceOf(DocumentPrintOutcomeUnknownError);

    const unanswered = printer.print('<p>w</p>', { jobId: 'j5' });
    host.send({ type: 'print-result', id: 4, ok: false, unavailable: false, outcomeUnknown: true, message: 'the print call never answered' });
    await expect(unanswered).rejects.toBeInstanceOf(DocumentPrintOutcomeUnknownError);
  });

  it('reports a core that fails to start, with its reason', async () => {
    const host = harness(async () => {
      throw new Error('database is damaged beyond repair');
    });
    host.send(startMessage);
    await expect.poll(() => host.toMain[0]).toEqual({ type: 'start-failed', message: 'database is damaged beyond repair' });
  });

  it('closes the port of a window that connects before the core runs (its calls fail, they do not hang)', () => {
    const host = harness(standInCore().create);
    const { port1, port2 } = emulatedMessageChannelMain();
    host.send({ type: 'connect', connectionId: 'early' }, [port1]);
    expect(port2.closed).toBe(true);
  });

  it('on stop: reports jobs still waiting for the main process as of unknown outcome, shuts the core down, says stopped, exits 0', async () => {
    const core = standInCore();
    const host = harness(core.create);
    host.send(startMessage);
    await expect.poll(() => host.toMain.length).toBe(1);
    const waiting = core.seen.options?.documentPrinter?.print('<p>z</p>', { jobId: 'j4' });
    host.send({ type: 'stop' });
    await expect(waiting).rejects.toThrow(/stopped before the print job was answered/);
    // The main process may have printed it: not a failure the citizen should retry.
    await expect(waiting).rejects.toBeInstanceOf(DocumentPrintOutcomeUnknownError);
    await expect.poll(() => host.exits).toEqual([0]);
    expect(core.seen.shutdowns).toBe(1);
    expect(host.toMain.at(-1)).toEqual({ type: 'stopped' });
  });
});

describe('driver processes relayed through the main process (core host side)', () => {
  it('asks the main process for a driver by device name, and relays its traffic both ways until it ends', () => {
    const posted: HostToMain[] = [];
    const relay = relayedDriverSpawner((message) => posted.push(message));
    const child = relay.spawner('/ignored/driver-host.cjs', { name: 'idCard' });
    expect(posted).toEqual([{ type: 'driver-spawn', id: 1, name: 'idCard' }]);
    expect(child.pid).toBeUndefined();
    relay.deliver({ type: 'driver-spawned', id: 1, pid: 321 });
    expect(child.pid).toBe(321);

    const messages: unknown[] = [];
    const output: string[] = [];
    const exits: string[] = [];
    child.onMessage((message) => messages.push(message));
    child.onOutput((text) => output.push(text));
    child.onExit((how) => exits.push(how));
    relay.deliver({ type: 'driver-message', id: 1, message: { type: 'ready' } as never });
    relay.deliver({ type: 'driver-output', id: 1, text: 'binding loaded\n' });
    relay.deliver({ type: 'driver-message', id: 2, message: { type: 'ready' } as never });
    expect(messages).toEqual([{ type: 'ready' }]);
    expect(output).toEqual(['binding loaded\n']);

    child.send({ type: 'call', id: 9, method: 'open', args: [] } as never);
    child.end();
    child.kill();
    expect(posted.slice(1)).toEqual([
      { type: 'driver-send', id: 1, message: { type: 'call', id: 9, method: 'open', args: [] } },
      { type: 'driver-end', id: 1 },
      { type: 'driver-kill', id: 1 },
    ]);

    relay.deliver({ type: 'driver-exit', id: 1, how: 'exited (code 0)' });
    expect(exits).toEqual(['exited (code 0)']);
    expect(child.exited).toBe(true);
    expect(child.pid).toBeUndefined();
    child.send({ type: 'call', id: 10, method: 'open', args: [] } as never);
    expect(posted).toHaveLength(4);
  });

  it('ends every relayed driver when the host stops, so no device waits on a driver that is gone', () => {
    const relay = relayedDriverSpawner(() => undefined);
    const exits: string[] = [];
    relay.spawner('', { name: 'idCard' }).onExit((how) => exits.push(how));
    relay.spawner('', { name: 'printer' }).onExit((how) => exits.push(how));
    relay.endAll('core host stopped');
    expect(exits).toEqual(['core host stopped', 'core host stopped']);
  });

  it('hands the core the outbox key the main process unwrapped from the OS key store, and wipes the bytes it got', async () => {
    const core = standInCore();
    const host = harness(core.create);
    const bytes = new Uint8Array(32).map((_, i) => i + 1);
    const expected = new OutboxKey(bytes).id;
    host.send({ type: 'start', options: { dataDir: '/unused', resourcesDir: '/unused', outboxKey: bytes } });
    await expect.poll(() => host.toMain[0]?.type).toBe('ready');
    const key = core.seen.options?.outboxKey as OutboxKey | undefined;
    expect(key?.id).toBe(expected);
    expect([...bytes].every((b) => b === 0)).toBe(true);
    expect(core.seen.options).not.toHaveProperty('outboxKeyBytes');
  });

  it('starts without a key from the main process where there is no OS key store (the core uses its fixed places)', async () => {
    const core = standInCore();
    const host = harness(core.create);
    host.send(startMessage);
    await expect.poll(() => host.toMain[0]?.type).toBe('ready');
    expect(core.seen.options).not.toHaveProperty('outboxKey');
  });
});

