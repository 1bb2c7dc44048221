import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPtyPair, type PtyPair } from '../../../../native/serial/pty-pair.ts';
import {
  SerialScanner,
  ScannerError,
  type ScanReject,
  type ScanResult,
  type SerialScannerOptions,
} from '../../../../native/scanner/serial-scanner.ts';
import { ScannerSimulator, encodeScan } from '../../../../native/simulators/scanner-simulator.ts';

// A serial scanner driver and a simulated scanner joined by a real socat PTY pair.

interface ScannerRig {
  pair: PtyPair;
  sim: ScannerSimulator;
  scanner: SerialScanner;
  scans: ScanResult[];
  rejects: ScanReject[];
  close(): Promise<void>;
}

async function createScannerRig(label: string, opts: Partial<SerialScannerOptions> = {}): Promise<ScannerRig> {
  const pair = await createPtyPair(label);
  const sim = new ScannerSimulator({ path: pair.simulatorPath });
  await sim.start();
  const scanner = new SerialScanner({ path: pair.devicePath, ...opts });
  const scans: ScanResult[] = [];
  const rejects: ScanReject[] = [];
  scanner.on('scan', (scan) => scans.push(scan));
  scanner.on('reject', (reject) => rejects.push(reject));
  return {
    pair,
    sim,
    scanner,
    scans,
    rejects,
    async close() {
      await scanner.close();
      await sim.stop();
      await pair.close();
    },
  };
}

/** Waits until the driver has reported `count` outcomes (scans + rejects). */
async function outcomes(r: ScannerRig, count: number, timeoutMs = 2000): Promise<void> {
  await expect.poll(() => r.scans.length + r.rejects.length, { timeout: timeoutMs, interval: 5 }).toBeGreaterThanOrEqual(count);
}

const SENTINEL = 'SENTINEL-END';

/**
 * Proves nothing more is on its way without waiting out a clock: the line is ordered, so once a
 * well-formed sentinel code arrives every byte sent before it has been framed. The sentinel is
 * then taken off the list so the test sees only its own outcomes.
 */
async function drained(r: ScannerRig): Promise<void> {
  const seen = r.scans.length + r.rejects.length;
  await r.sim.scan(SENTINEL);
  await outcomes(r, seen + 1, 10_000);
  expect(r.scans.at(-1)?.text).toBe(SENTINEL);
  r.scans.pop();
}

/**
 * The idle timeout is line timing on a real device: the driver only drops an unterminated tail
 * after the line has been quiet that long, so this waits it out (150 ms against the 100 ms timeout).
 */
const idleGap = () => new Promise((resolve) => setTimeout(resolve, 150));

async function scannerError(promise: Promise<unknown>): Promise<ScannerError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScannerError);
  return error as ScannerError;
}

let rig: ScannerRig;
// Codes dribbled in small writes must not depend on the scheduler keeping every gap under the
// 100 ms idle timeout (a loaded CI machine does not): these tests frame by terminator only.
let dribble: ScannerRig;

beforeAll(async () => {
  rig = await createScannerRig('scanner-serial');
  await rig.scanner.open();
  dribble = await createScannerRig('scanner-dribble', { idleTimeoutMs: 5000 });
  await dribble.scanner.open();
});

afterAll(async () => {
  await rig?.close();
  await dribble?.close();
});

beforeEach(() => {
  for (const r of [rig, dribble]) {
    r.scans.length = 0;
    r.rejects.length = 0;
  }
});

describe('SerialScanner over a PTY against the scanner simulator', () => {
  it('is ready once open', () => {
    expect(rig.scanner.state.state).toEqual({ kind: 'ready' });
  });

  it.each([
    ['CR', '\r'],
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ] as const)('frames a code ended by %s', async (_, terminator) => {
    await rig.sim.scan('6901234567892', { terminator });
    await outcomes(rig, 1);
    expect(rig.scans).toEqual([{ text: '6901234567892', encoding: 'utf-8', source: 'serial', at: expect.any(Date) }]);
    await drained(rig);
    expect(rig.scans).toHaveLength(1);
    expect(rig.rejects).toEqual([]);
  });

  it('delivers several codes sent back to back, one per terminator', async () => {
    await rig.sim.sendRaw(encodeScan('A001', 'utf-8', '\r\n'));
    await rig.sim.scan('B002', { terminator: '\n' });
    await rig.sim.scan('C003');
    await outcomes(rig, 3);
    expect(rig.scans.map((s) => s.text)).toEqual(['A001', 'B002', 'C003']);
  });

  it('closes a code without terminator after the idle gap', async () => {
    const sentAt = Date.now();
    await rig.sim.scan('NO-SUFFIX-42', { terminator: '' });
    await outcomes(rig, 1);
    expect(rig.scans.map((s) => s.text)).toEqual(['NO-SUFFIX-42']);
    // 100 ms idle timeout, minus scheduling slack.
    expect(rig.scans[0]!.at.getTime() - sentAt).toBeGreaterThanOrEqual(90);
  });

  it('joins a UTF-8 Chinese code dribbled in 3-byte chunks that split characters', async () => {
    const text = 'https://zwfw.example.cn/预约?号=A023&窗口=五';
    await dribble.sim.scan(text, { chunkSize: 3, delayMs: 4, terminator: '\r\n' });
    await outcomes(dribble, 1, 10_000);
    expect(dribble.scans.map((s) => [s.text, s.encoding])).toEqual([[text, 'utf-8']]);
  });

  it('joins a code sent one byte per write', async () => {
    await dribble.sim.scan('SLOW-SCANNER-0001', { chunkSize: 1, delayMs: 2 });
    await outcomes(dribble, 1, 10_000);
    expect(dribble.scans.map((s) => s.text)).toEqual(['SLOW-SCANNER-0001']);
  });

  it('decodes a GB18030 payload', async () => {
    await dribble.sim.scan('信用昆明 查询码 7741 张三', { encoding: 'gb18030' });
    await outcomes(dribble, 1, 10_000);
    expect(dribble.scans.map((s) => [s.text, s.encoding])).toEqual([['信用昆明 查询码 7741 张三', 'gb18030']]);
  });

  it('rejects over-long garbage once and still delivers the good code after its terminator', async () => {
    const garbage = new Uint8Array(5000).map((_, i) => 0x41 + (i % 26));
    await dribble.sim.sendRaw(garbage, { chunkSize: 512 });
    await dribble.sim.scan('MORE-GARBAGE-TAIL');
    await dribble.sim.scan('GOOD-CODE-1');
    await outcomes(dribble, 2, 10_000);
    await drained(dribble);
    expect(dribble.rejects).toEqual([{ reason: 'too-long', message: expect.stringMatching(/4096 bytes/) }]);
    expect(dribble.scans.map((s) => s.text)).toEqual(['GOOD-CODE-1']);
  });

  it('recovers from over-long garbage without terminator at the idle gap', async () => {
    await rig.sim.sendRaw(new Uint8Array(6000).fill(0x30));
    await outcomes(rig, 1);
    await idleGap();
    await rig.sim.scan('GOOD-CODE-2');
    await outcomes(rig, 2);
    expect(rig.rejects.map((x) => x.reason)).toEqual(['too-long']);
    expect(rig.scans.map((s) => s.text)).toEqual(['GOOD-CODE-2']);
  });

  it('rejects binary garbage and undecodable bytes, then reads the next code', async () => {
    await rig.sim.sendRaw(Uint8Array.from([0x00, 0x01, 0x02, 0x1b, 0x40, 0xff, 0x0d]));
    await rig.sim.sendRaw(Uint8Array.from([0x41, 0xff, 0xfe, 0x80, 0x0d]));
    await rig.sim.scan('AFTER-NOISE');
    await outcomes(rig, 3);
    expect(rig.rejects.map((x) => x.reason)).toEqual(['binary', 'undecodable']);
    expect(rig.scans.map((s) => s.text)).toEqual(['AFTER-NOISE']);
  });

  it('waitForScan resolves with the next good code and times out when nothing comes', async () => {
    const waiting = rig.scanner.waitForScan({ timeoutMs: 2000 });
    await rig.sim.sendRaw(Uint8Array.from([0x07, 0x0d]));
    await rig.sim.scan('WAITED-FOR');
    await expect(waiting).resolves.toMatchObject({ text: 'WAITED-FOR', source: 'serial' });
    expect(rig.rejects.map((x) => x.reason)).toEqual(['binary']);
    expect((await scannerError(rig.scanner.waitForScan({ timeoutMs: 30 }))).code).toBe('timeout');
  });
});

describe('SerialScanner port failures', () => {
  it('fails clearly when the port does not exist', async () => {
    const scanner = new SerialScanner({ path: '/dev/pts/does-not-exist' });
    const error = await scannerError(scanner.open());
    expect(error.code).toBe('port');
    expect(scanner.state.state).toMatchObject({ kind: 'error', reason: expect.stringMatching(/does-not-exist/) });
  });

  it('goes to error when the port goes away, ends a pending wait, and can be reopened by the device manager', async () => {
    const lost = await createScannerRig('scanner-lost');
    try {
      await lost.scanner.open();
      const waiting = scannerError(lost.scanner.waitForScan({ timeoutMs: 5000 }));
      await lost.sim.stop();
      await lost.pair.close();
      const error = await waiting;
      expect(error.code).toBe('port');
      expect(lost.scanner.state.state).toMatchObject({ kind: 'error', reason: expect.stringMatching(/serial port/) });
      // The device manager's retry: the port is still gone, so the scanner stays in error.
      await scannerError(lost.scanner.open());
      expect(lost.scanner.state.state.kind).toBe('error');
    } finally {
      await lost.close();
    }
    expect(lost.scanner.state.state.kind).toBe('disconnected');
  });

  it('reopens after close and reads again', async () => {
    const again = await createScannerRig('scanner-reopen');
    try {
      await again.scanner.open();
      await again.scanner.close();
      expect(again.scanner.state.state.kind).toBe('disconnected');
      await again.scanner.open();
      await again.sim.scan('REOPENED');
      await outcomes(again, 1);
      expect(again.scans.map((s) => s.text)).toEqual(['REOPENED']);
    } finally {
      await again.close();
    }
  });
});
