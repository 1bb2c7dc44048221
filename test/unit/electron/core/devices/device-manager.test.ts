/**
 * DeviceManager logic with in-memory devices (the PTY unplug/replug path is in
 * test/integration/devices-reconnect.test.ts): health summary, reopen policy, card-removed relay.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceManager, type ManagedDevice } from '../../../../../electron/core/devices/device-manager.ts';
import { unhealthy } from '../../../../../electron/core/devices/device-health.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { DeviceStateMachine } from '../../../../../native/device/device-state.ts';

class FakeDevice implements ManagedDevice {
  readonly state = new DeviceStateMachine('fake');
  readonly events = new EventEmitter<{ removed: [] }>();
  opens = 0;
  failOpens = 0;
  linkFailures = true;
  info: Record<string, string> | (() => never) = { samId: '05.01-1-2-3' };

  async open(): Promise<void> {
    this.opens++;
    this.state.transition({ kind: 'connecting' });
    if (this.failOpens > 0) {
      this.failOpens--;
      this.state.transition({ kind: 'error', reason: 'cannot open /dev/ttyUSB9: ENOENT' });
      throw new Error('cannot open /dev/ttyUSB9: ENOENT');
    }
    this.state.transition({ kind: 'ready' });
  }

  async close(): Promise<void> {
    if (this.state.state.kind !== 'disconnected') this.state.transition({ kind: 'disconnected' });
  }

  isLinkFailure(reason: string): boolean {
    return this.linkFailures && reason !== 'paper-out';
  }

  details(): Record<string, string> {
    return typeof this.info === 'function' ? this.info() : this.info;
  }

  onCardRemoved(listener: () => void): void {
    this.events.on('removed', listener);
  }
}

const quiet = createLogger({ level: 'error', write: () => undefined });

function manager() {
  return new DeviceManager({ logger: quiet, minBackoffMs: 10, maxBackoffMs: 40 });
}

describe('DeviceManager', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('summarises health per device: configured or not, state, details, since', async () => {
    const m = manager();
    const reader = new FakeDevice();
    m.add('idCard', reader);
    m.add('camera', undefined, 'disabled');
    const t0 = Date.now();
    await m.start();
    const [idCard, camera] = m.health();
    expect(idCard).toMatchObject({ device: 'idCard', configured: true, state: 'ready', flags: [], details: { samId: '05.01-1-2-3' }, reconnectAttempts: 0 });
    expect(Date.parse(idCard!.since)).toBeGreaterThanOrEqual(t0 - 5);
    expect(camera).toEqual({
      device: 'camera',
      configured: false,
      state: 'disconnected',
      reason: 'disabled',
      flags: [],
      since: camera!.since,
      details: {},
      reconnectAttempts: 0,
    });
    expect(unhealthy(m.health())).toEqual([]);
    await m.stop();
  });

  it('retries a failing open with backoff, counts the attempts and keeps the last error after recovery', async () => {
    const m = manager();
    const reader = new FakeDevice();
    reader.failOpens = 3;
    m.add('idCard', reader);
    await m.start();
    expect(m.health()[0]).toMatchObject({ state: 'error', reconnectAttempts: 1, lastError: { reason: expect.stringMatching(/ENOENT/) } });
    expect(unhealthy(m.health()).map((h) => h.device)).toEqual(['idCard']);
    await expect.poll(() => m.isReady('idCard'), { timeout: 2000, interval: 5 }).toBe(true);
    expect(reader.opens).toBe(4);
    const health = m.health()[0]!;
    expect(health).toMatchObject({ state: 'ready', reconnectAttempts: 0 });
    expect(health.lastError?.reason).toMatch(/ENOENT/);
    await m.stop();
  });

  it('does not reopen for a condition the device reports about itself', async () => {
    const m = manager();
    const printer = new FakeDevice();
    m.add('printer', printer);
    await m.start();
    vi.useFakeTimers();
    printer.state.transition({ kind: 'error', reason: 'paper-out' });
    // Far past the longest backoff (40 ms): no reopen is scheduled at all.
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1000);
    expect(printer.opens).toBe(1);
    expect(m.health()[0]).toMatchObject({ state: 'error', reason: 'paper-out', lastError: { reason: 'paper-out' } });
    await m.stop();
  });

  it('reopens after a link failure while running', async () => {
    const m = manager();
    const reader = new FakeDevice();
    m.add('idCard', reader);
    await m.start();
    reader.state.transition({ kind: 'error', reason: 'serial port error: EIO' });
    await expect.poll(() => reader.opens, { timeout: 2000, interval: 5 }).toBe(2);
    expect(m.isReady('idCard')).toBe(true);
    await m.stop();
  });

  it('relays card removal from a reader as a cardRemoved event', async () => {
    const m = manager();
    const reader = new FakeDevice();
    m.add('idCard', reader);
    const removed: string[] = [];
    m.on('cardRemoved', (device) => removed.push(device));
    reader.events.emit('removed');
    expect(removed).toEqual(['idCard']);
  });

  it('still reports a device whose details() throws', async () => {
    const m = manager();
    const reader = new FakeDevice();
    reader.info = () => {
      throw new Error('driver bug');
    };
    m.add('idCard', reader);
    await m.start();
    expect(m.health()[0]).toMatchObject({ state: 'ready', details: {} });
    await m.stop();
  });

  it('stops retrying once stopped', async () => {
    const m = manager();
    const reader = new FakeDevice();
    reader.failOpens = 100;
    m.add('idCard', reader);
    vi.useFakeTimers();
    await m.start();
    await m.stop();
    const opens = reader.opens;
    // Far past the longest backoff (40 ms): the retry was cancelled, not merely late.
    await vi.advanceTimersByTimeAsync(1000);
    expect(reader.opens).toBe(opens);
  });
});
