import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import iconv from 'iconv-lite';
import { HidScanner, type HidDeviceHandle } from '../../../../native/scanner/hid-scanner.ts';
import { ScannerError } from '../../../../native/scanner/scanner-error.ts';
import type { ScanReject, ScanResult } from '../../../../native/scanner/scan-types.ts';
import { QR_SINGLE } from './hid-pos-recorded.ts';

/** Stands in for a node-hid HID object. */
class FakeHidDevice extends EventEmitter implements HidDeviceHandle {
  closed = 0;
  close(): void {
    this.closed++;
  }
  report(values: ArrayLike<number>): void {
    this.emit('data', Buffer.from(Uint8Array.from(values)));
  }
}

/** Splits a code into 64-byte HID POS reports (56 data bytes each), AIM id first. */
function hidPosReports(data: Uint8Array, aim = ']Q1'): Uint8Array[] {
  const reports: Uint8Array[] = [];
  for (let offset = 0; offset === 0 || offset < data.length; offset += 56) {
    const part = data.subarray(offset, offset + 56);
    const r = new Uint8Array(64);
    r[0] = 0x02;
    r[1] = part.length;
    r.set(Buffer.from(aim, 'latin1'), 2);
    r.set(part, 5);
    r[63] = offset + 56 < data.length ? 1 : 0;
    reports.push(r);
  }
  return reports;
}

interface Rig {
  scanner: HidScanner;
  devices: FakeHidDevice[];
  scans: ScanResult[];
  rejects: ScanReject[];
}

let rig: Rig | undefined;

async function openRig(opts: { staleAfterMs?: number; maxBytes?: number } = {}): Promise<Rig> {
  const devices: FakeHidDevice[] = [];
  const scanner = new HidScanner({
    openDevice: () => {
      const device = new FakeHidDevice();
      devices.push(device);
      return device;
    },
    ...opts,
  });
  const scans: ScanResult[] = [];
  const rejects: ScanReject[] = [];
  scanner.on('scan', (scan) => scans.push(scan));
  scanner.on('reject', (reject) => rejects.push(reject));
  await scanner.open();
  rig = { scanner, devices, scans, rejects };
  return rig;
}

const current = (r: Rig) => r.devices[r.devices.length - 1]!;

async function rejection(promise: Promise<unknown>): Promise<ScannerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScannerError);
  return error as ScannerError;
}

afterEach(async () => {
  vi.useRealTimers();
  await rig?.scanner.close();
  rig = undefined;
});

describe('HidScanner (HID device mocked: no virtual HID here)', () => {
  it('opens through the injected handle and becomes ready', async () => {
    const r = await openRig();
    expect(r.scanner.state.state).toEqual({ kind: 'ready' });
    expect(r.devices).toHaveLength(1);
  });

  it('emits a single-report QR code with its symbology', async () => {
    const r = await openRig();
    current(r).report(QR_SINGLE);
    expect(r.scans).toEqual([
      { text: 'https://zw.example.cn/t/K7', encoding: 'utf-8', source: 'hid-pos', symbology: ']Q1', at: expect.any(Date) },
    ]);
    expect(r.rejects).toEqual([]);
  });

  it('joins a multi-report UTF-8 Chinese code split inside a character', async () => {
    const r = await openRig();
    const text = '昆明市五华区政务服务中心预约凭证:2025-06-01 上午 第A023号 请携带身份证原件';
    const reports = hidPosReports(new TextEncoder().encode(text));
    expect(reports.length).toBeGreaterThan(1);
    for (const report of reports) current(r).report(report);
    expect(r.scans.map((s) => [s.text, s.encoding])).toEqual([[text, 'utf-8']]);
  });

  it('decodes a GB18030 code', async () => {
    const r = await openRig();
    for (const report of hidPosReports(iconv.encode('信用昆明 查询码 7741', 'gb18030'))) current(r).report(report);
    expect(r.scans.map((s) => [s.text, s.encoding])).toEqual([['信用昆明 查询码 7741', 'gb18030']]);
  });

  it('rejects a malformed report and still delivers the next code', async () => {
    const r = await openRig();
    const broken = Uint8Array.from(QR_SINGLE);
    broken[1] = 200;
    current(r).report(broken);
    current(r).report(QR_SINGLE);
    expect(r.rejects).toEqual([{ reason: 'malformed-report', message: expect.stringMatching(/claims 200 data bytes/) }]);
    expect(r.scans.map((s) => s.text)).toEqual(['https://zw.example.cn/t/K7']);
  });

  it('rejects a binary payload and an over-long code', async () => {
    const r = await openRig({ maxBytes: 60 });
    for (const report of hidPosReports(Uint8Array.from([0x41, 0x00, 0x1b, 0x42]))) current(r).report(report);
    for (const report of hidPosReports(new Uint8Array(120).fill(0x41))) current(r).report(report);
    expect(r.rejects.map((x) => x.reason)).toEqual(['binary', 'too-long']);
    expect(r.scans).toEqual([]);
  });

  it('drops a code whose last report never comes instead of gluing it to the next', async () => {
    const r = await openRig({ staleAfterMs: 30 });
    vi.useFakeTimers();
    const [first] = hidPosReports(new Uint8Array(100).fill(0x5a));
    current(r).report(first!);
    await vi.advanceTimersByTimeAsync(29);
    expect(r.rejects).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(r.rejects).toEqual([{ reason: 'malformed-report', message: expect.stringMatching(/cut short/) }]);
    current(r).report(QR_SINGLE);
    expect(r.scans.map((s) => s.text)).toEqual(['https://zw.example.cn/t/K7']);
  });

  it('waitForScan resolves with the next good code, skipping a rejected one', async () => {
    const r = await openRig();
    const waiting = r.scanner.waitForScan({ timeoutMs: 1000 });
    for (const report of hidPosReports(Uint8Array.from([0x00]))) current(r).report(report);
    current(r).report(QR_SINGLE);
    await expect(waiting).resolves.toMatchObject({ text: 'https://zw.example.cn/t/K7', source: 'hid-pos' });
    expect(r.rejects.map((x) => x.reason)).toEqual(['binary']);
  });

  it('waitForScan times out, can be aborted, and ends when the scanner closes', async () => {
    const r = await openRig();
    expect((await rejection(r.scanner.waitForScan({ timeoutMs: 20 }))).code).toBe('timeout');
    const abort = new AbortController();
    const aborted = rejection(r.scanner.waitForScan({ timeoutMs: 1000, signal: abort.signal }));
    abort.abort();
    expect((await aborted).code).toBe('cancelled');
    const closing = rejection(r.scanner.waitForScan({ timeoutMs: 1000 }));
    await r.scanner.close();
    expect((await closing).code).toBe('cancelled');
    expect((await rejection(r.scanner.waitForScan({ timeoutMs: 1000 }))).message).toMatch(/not ready/);
  });

  it('goes to error when the device fails, ignores the dead handle, and reopens with a fresh one', async () => {
    const r = await openRig();
    const dead = current(r);
    const waiting = rejection(r.scanner.waitForScan({ timeoutMs: 1000 }));
    dead.emit('error', new Error('could not read from HID device'));
    const error = await waiting;
    expect(error.code).toBe('port');
    expect(r.scanner.state.state).toEqual({ kind: 'error', reason: 'HID device error: could not read from HID device' });
    expect(dead.closed).toBe(1);
    dead.report(QR_SINGLE);
    expect(r.scans).toEqual([]);
    await r.scanner.open();
    expect(r.devices).toHaveLength(2);
    current(r).report(QR_SINGLE);
    expect(r.scans).toHaveLength(1);
  });

  it('reports a device that cannot be opened as a port error', async () => {
    const scanner = new HidScanner({
      openDevice: () => {
        throw new Error('cannot open device with path /dev/hidraw3');
      },
    });
    const error = await rejection(scanner.open());
    expect(error.code).toBe('port');
    expect(scanner.state.state).toMatchObject({ kind: 'error', reason: expect.stringMatching(/hidraw3/) });
  });

  it('closes the handle on close', async () => {
    const r = await openRig();
    await r.scanner.close();
    expect(current(r).closed).toBe(1);
    expect(r.scanner.state.state.kind).toBe('disconnected');
  });
});

describe('HidScanner.open through node-hid', () => {
  it('explains when the USB device has no HID POS interface (none attached here)', async () => {
    const error = await rejection(HidScanner.open({ vendorId: 0xfffe, productId: 0xfffd }));
    expect(error.code).toBe('port');
    expect(error.message).toMatch(/no HID POS interface \(usage page 0x8C\) on USB device fffe:fffd/);
  });
});
