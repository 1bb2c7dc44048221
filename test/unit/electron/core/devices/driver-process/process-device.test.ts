/**
 * ProcessDevice against real driver processes running a fixture driver: calls, errors rebuilt as
 * the driver's classes, state and flags mirrored, and the defences — a blocked process, a crashed
 * process, a call that never settles — each ending in an error state the device manager recovers
 * from by starting a fresh process, while this (the core's) event loop keeps running.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WAITING_FLAG } from '../../../../../support/misbehaving-process-driver.ts';
import { ProcessDevice } from '../../../../../../electron/core/devices/driver-process/process-device.ts';
import { DriverUnavailableError } from '../../../../../../electron/core/devices/driver-process/driver-protocol.ts';
import { DeviceManager } from '../../../../../../electron/core/devices/device-manager.ts';
import { createLogger } from '../../../../../../electron/core/logging/logger.ts';
import { IdCardError } from '../../../../../../native/idcard/idcard-error.ts';
import type { DeviceState } from '../../../../../../native/device/device-state.ts';

const fixture = new URL('../../../../../support/misbehaving-process-driver.ts', import.meta.url).href;
const devices: ProcessDevice[] = [];

function device(options: { failOpen?: boolean } = {}, extra: Partial<ConstructorParameters<typeof ProcessDevice>[0]> = {}): ProcessDevice {
  const d = new ProcessDevice({
    name: 'fixture',
    spec: { kind: 'module', url: fixture, options },
    watchdogIntervalMs: 50,
    // Generous: a loaded CI machine may delay a healthy process's answer by a second.
    watchdogTimeoutMs: 1500,
    ...extra,
  });
  devices.push(d);
  return d;
}


describe('ProcessDevice: one driver process, well behaved', () => {
  let d: ProcessDevice;
  const kinds: string[] = [];

  beforeAll(async () => {
    d = device();
    devices.splice(0);
    d.state.on('change', (next: DeviceState) => kinds.push(next.kind));
    await d.open();
  });

  afterAll(async () => {
    await d.close();
  });

  it('opens the driver in another process and mirrors its state, details and flags', async () => {
    expect(kinds).toEqual(['connecting', 'ready']);
    expect(d.pid).toBeGreaterThan(0);
    expect(d.pid).not.toBe(process.pid);
    expect(d.details()).toEqual({ firmware: 'fixture-1.0' });
    await d.call('flags', [['paper-near-end']]);
    expect(d.state.flags).toEqual(['paper-near-end']);
    expect(await d.call('echo', ['a', 2, { b: true }])).toEqual(['a', 2, { b: true }]);
    const bytes = (await d.call('bytes', [300])) as Uint8Array;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes[299]).toBe(299 & 0xff);
  });

  it('rebuilds driver errors as their own classes, codes and SAM status included', async () => {
    const error = await d.call('failWith', []).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IdCardError);
    expect(error).toMatchObject({ code: 'sam-status', samStatus: { sw3: 0x60, code: 'sam-self-check-failed' } });
    await expect(d.call('noSuchMethod', [])).rejects.toThrow(/no method noSuchMethod/);
    expect(d.state.state.kind).toBe('ready');
  });

  it('aborts a running call in the driver process through the caller’s signal', async () => {
    const controller = new AbortController();
    const waiting = d.call('wait', [], { signal: controller.signal });
    await expect.poll(() => d.state.flags, { timeout: 5000, interval: 5 }).toContain(WAITING_FLAG);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'IdCardError', code: 'cancelled' });
  });

  it('relays card removals and classifies reasons like the driver does', async () => {
    let removed = 0;
    d.onCardRemoved(() => removed++);
    await d.call('removeCard', []);
    await expect.poll(() => removed).toBe(1);
    await d.call('paperOut', []);
    expect(d.state.state).toEqual({ kind: 'error', reason: 'paper-out' });
    expect(d.isLinkFailure('paper-out')).toBe(false);
    expect(d.isLinkFailure('serial port error: EIO')).toBe(true);
  });
});

describe('ProcessDevice: faults', () => {
  afterEach(async () => {
    await Promise.all(devices.splice(0).map((d) => d.close()));
  });

  it('reports a failing open as an error state and a rejected open()', async () => {
    const d = device({ failOpen: true });
    await expect(d.open()).rejects.toMatchObject({ code: 'port' });
    expect(d.state.state).toEqual({ kind: 'error', reason: 'cannot open /dev/ttyFIXTURE' });
  });

  it('turns a blocked driver process into driver-unresponsive, while this event loop keeps running', async () => {
    const d = device();
    await d.open();
    const blocked = d.call('block', []);
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const error = await blocked.catch((e: unknown) => e);
    clearInterval(ticker);
    expect(error).toBeInstanceOf(DriverUnavailableError);
    expect(error).toMatchObject({ code: 'driver-unresponsive' });
    expect(d.state.state).toEqual({ kind: 'error', reason: 'driver-unresponsive' });
    expect(ticks).toBeGreaterThan(10);
    // Reopening starts a fresh process.
    await d.close();
    await d.open();
    expect(d.state.state.kind).toBe('ready');
    expect(await d.call('echo', [1])).toEqual([1]);
  });

  it('gives up on a call that never settles and stops the process', async () => {
    const d = device();
    await d.open();
    await expect(d.call('never', [], { timeoutMs: 150 })).rejects.toMatchObject({ code: 'driver-timeout' });
    expect(d.state.state).toEqual({ kind: 'error', reason: 'driver-timeout' });
    expect(d.pid).toBeUndefined();
  });

  it('turns a crashed driver process into driver-crashed, and the device manager brings it back', async () => {
    const d = device();
    const manager = new DeviceManager({ logger: createLogger({ level: 'error', write: () => undefined }), minBackoffMs: 20, maxBackoffMs: 50 });
    manager.add('printer', d);
    await manager.start();
    const firstPid = d.pid;
    const failed = new Promise((resolve) => d.state.on('change', (next: DeviceState) => next.kind === 'error' && resolve(next)));
    await d.call('crash', []);
    expect(await failed).toEqual({ kind: 'error', reason: 'driver-crashed' });
    expect(d.lastDriverOutput).toContain('driver bug: null dereference');
    expect(manager.health()[0]?.lastError?.reason).toBe('driver-crashed');
    await expect.poll(() => manager.isReady('printer'), { timeout: 10_000, interval: 20 }).toBe(true);
    expect(d.pid).not.toBe(firstPid);
    expect(await d.call('echo', ['back'])).toEqual(['back']);
    await manager.stop();
  });
});
