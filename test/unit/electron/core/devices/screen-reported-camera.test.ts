import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceManager } from '../../../../../electron/core/devices/device-manager.ts';
import { ScreenReportedCamera } from '../../../../../electron/core/devices/screen-reported-camera.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';

function managed() {
  const devices = new DeviceManager({ logger: createLogger({ write: () => {} }), minBackoffMs: 1, maxBackoffMs: 2 });
  const camera = new ScreenReportedCamera();
  devices.add('camera', camera);
  const seen: string[] = [];
  devices.on('status', (s) => seen.push(`${s.state}${s.reason ? `:${s.reason}` : ''}`));
  return { devices, camera, seen };
}

describe('ScreenReportedCamera', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is unknown, and not ready, until a screen has tried it', async () => {
    const { devices } = managed();
    await devices.start();
    expect(devices.isReady('camera')).toBe(false);
    expect(devices.status('camera')).toMatchObject({ state: 'disconnected', reason: 'not-yet-used' });
    await devices.stop();
  });

  it('follows what the screen finds: streaming, unplugged, refused, back again', () => {
    const { devices, camera, seen } = managed();
    camera.report({ state: 'ready', label: 'USB2.0 HD UVC WebCam' });
    expect(devices.isReady('camera')).toBe(true);
    // A second report of the same finding changes nothing (every photo journey reports).
    camera.report({ state: 'ready' });
    camera.report({ state: 'absent', reason: 'NotFoundError' });
    expect(devices.isReady('camera')).toBe(false);
    camera.report({ state: 'denied', reason: 'NotAllowedError' });
    camera.report({ state: 'failed' });
    camera.report({ state: 'ready' });
    expect(seen).toEqual(['connecting', 'ready', 'disconnected:NotFoundError', 'connecting', 'error:denied: NotAllowedError', 'error:failed', 'ready']);
  });

  it('keeps the device name and report time for maintenance, and is never reopened by the manager', async () => {
    const { devices, camera } = managed();
    vi.useFakeTimers();
    camera.report({ state: 'failed', reason: 'NotReadableError', label: 'Integrated Camera' }, new Date('2026-11-23T08:00:00Z'));
    // Far past the manager's backoff (2 ms): a reopen would have run by now.
    await vi.advanceTimersByTimeAsync(1000);
    const health = devices.health().find((h) => h.device === 'camera');
    expect(health).toMatchObject({
      configured: true,
      state: 'error',
      reason: 'failed: NotReadableError',
      details: { source: 'screen', label: 'Integrated Camera', reportedAt: '2026-11-23T08:00:00.000Z' },
      reconnectAttempts: 0,
    });
    expect(camera.state.state.kind).toBe('error');
  });
});
