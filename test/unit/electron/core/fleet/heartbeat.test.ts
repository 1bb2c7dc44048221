import { describe, expect, it } from 'vitest';
import { buildHeartbeat, type HeartbeatSources } from '../../../../../electron/core/fleet/heartbeat.ts';
import { trackLastError } from '../../../../../electron/core/fleet/last-error.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';

const sources = (over: Partial<HeartbeatSources> = {}): HeartbeatSources => ({
  appVersion: '0.1.0',
  configVersion: () => '1.2.0',
  devices: () => [{ device: 'printer', state: 'error', reason: 'paper-out', flags: [] }],
  queueDepth: () => ({ pending: 3, failed: 1 }),
  serviceMode: () => ({ mode: 'in-service', since: '2025-03-01T00:00:00.000Z' }),
  lastError: () => null,
  diskPath: import.meta.dirname,
  ...over,
});

describe('buildHeartbeat', () => {
  it('gathers devices, queue depth, versions, disk, uptime and last error', async () => {
    const hb = await buildHeartbeat('KM-0001', sources(), new Date('2025-03-01T08:00:30Z'), new Date('2025-03-01T08:00:00Z'));
    expect(hb).toMatchObject({
      terminalId: 'KM-0001',
      appVersion: '0.1.0',
      configVersion: '1.2.0',
      uptimeSeconds: 30,
      devices: [{ device: 'printer', state: 'error', reason: 'paper-out' }],
      queue: { pending: 3, failed: 1 },
      lastError: null,
    });
    expect(hb.disk).toMatchObject({ freeBytes: expect.any(Number), totalBytes: expect.any(Number) });
    const disk = hb.disk as { freeBytes: number; totalBytes: number };
    expect(disk.freeBytes).toBeGreaterThan(0);
    expect(disk.freeBytes).toBeLessThanOrEqual(disk.totalBytes);
  });

  it('a failing source is reported in its field, not by dropping the heartbeat', async () => {
    const hb = await buildHeartbeat(
      'KM-0001',
      sources({ queueDepth: () => Promise.reject(new Error('database is locked')), diskPath: '/nonexistent/path' }),
      new Date(),
      new Date(),
    );
    expect(hb.queue).toEqual({ error: 'database is locked' });
    expect(hb.disk).toMatchObject({ error: expect.stringContaining('ENOENT') });
  });
});

describe('trackLastError', () => {
  it('remembers the newest error from any child logger, with ID numbers masked', () => {
    const lines: string[] = [];
    const tracker = trackLastError(createLogger({ write: (l) => lines.push(l) }), () => new Date('2025-03-01T08:00:00Z'));
    expect(tracker.lastError()).toBeNull();
    tracker.logger.child('devices').child('printer').error('print failed', { error: 'cover open' });
    tracker.logger.warn('only a warning');
    expect(tracker.lastError()).toEqual({ at: '2025-03-01T08:00:00.000Z', message: 'print failed: cover open', scope: 'devices.printer' });
    tracker.logger.error('card 11010519491231002X rejected');
    expect(tracker.lastError()?.message).toBe('card 110***********002X rejected');
    expect(lines).toHaveLength(3);
  });
});
