import { describe, expect, it } from 'vitest';
import {
  blockingReason,
  DLE_EOT,
  flagsOf,
  parseErrorCause,
  parseOfflineCause,
  parsePaperSensor,
  parsePrinterByte,
  parseStatusReplies,
  STATUS_REQUEST_ALL,
} from '../../../../native/printer/escpos-status.ts';
import { isPrinterError } from '../../../../native/printer/printer-errors.ts';
import { statusBytesFor } from '../../../../native/simulators/printer-simulator.ts';

const OK = 0x12; // fixed bits only: bit 1 and bit 4 set

describe('DLE EOT requests', () => {
  it('are 10 04 n, and the combined request asks 1..4 in order', () => {
    expect([...DLE_EOT(1)]).toEqual([0x10, 0x04, 0x01]);
    expect([...DLE_EOT(4)]).toEqual([0x10, 0x04, 0x04]);
    expect([...STATUS_REQUEST_ALL]).toEqual([0x10, 4, 1, 0x10, 4, 2, 0x10, 4, 3, 0x10, 4, 4]);
  });
});

describe('status byte parsers', () => {
  it('n=1 printer status: online and drawer', () => {
    expect(parsePrinterByte(OK)).toMatchObject({ online: true, drawerPin3High: false });
    expect(parsePrinterByte(OK | 0x08).online).toBe(false);
    expect(parsePrinterByte(OK | 0x04).drawerPin3High).toBe(true);
    expect(parsePrinterByte(OK | 0x40).feedButtonPressed).toBe(true);
  });

  it('n=2 offline cause: cover, feed button, paper-end stop, error', () => {
    expect(parseOfflineCause(OK)).toEqual({ coverOpen: false, paperFedByButton: false, stoppedByPaperEnd: false, errorOccurred: false });
    expect(parseOfflineCause(OK | 0x04).coverOpen).toBe(true);
    expect(parseOfflineCause(OK | 0x08).paperFedByButton).toBe(true);
    expect(parseOfflineCause(OK | 0x20).stoppedByPaperEnd).toBe(true);
    expect(parseOfflineCause(OK | 0x40).errorOccurred).toBe(true);
  });

  it('n=3 error cause: cutter, unrecoverable, auto-recoverable', () => {
    expect(parseErrorCause(OK)).toEqual({ mechanicalError: false, cutterError: false, unrecoverableError: false, autoRecoverableError: false });
    expect(parseErrorCause(OK | 0x08).cutterError).toBe(true);
    expect(parseErrorCause(OK | 0x20).unrecoverableError).toBe(true);
    expect(parseErrorCause(OK | 0x40).autoRecoverableError).toBe(true);
  });

  it('n=4 paper sensor: near end on bits 2,3 and end on bits 5,6 (either bit of a pair)', () => {
    expect(parsePaperSensor(OK)).toEqual({ paperNearEnd: false, paperEnd: false });
    expect(parsePaperSensor(OK | 0x0c)).toEqual({ paperNearEnd: true, paperEnd: false });
    expect(parsePaperSensor(OK | 0x04).paperNearEnd).toBe(true);
    expect(parsePaperSensor(OK | 0x60)).toEqual({ paperNearEnd: false, paperEnd: true });
    expect(parsePaperSensor(OK | 0x40).paperEnd).toBe(true);
  });

  it.each([
    ['0xFF (bits 0 and 7 set)', 0xff],
    ['0x00 (bit 1 clear)', 0x00],
    ['0x02 (bit 4 clear)', 0x02],
    ['0x13 (bit 0 set)', 0x13],
    ['0x92 (bit 7 set)', 0x92],
  ])('rejects garbage byte %s with a clear status-garbage error', (_label, byte) => {
    for (const parse of [parsePrinterByte, parseOfflineCause, parseErrorCause, parsePaperSensor]) {
      let caught: unknown;
      try {
        parse(byte);
      } catch (error) {
        caught = error;
      }
      expect(isPrinterError(caught, 'status-garbage')).toBe(true);
      expect((caught as Error).message).toMatch(/is not a status byte \(fixed bits 0,1,4,7 must read 0,1,1,0\)/);
    }
  });

  it('rejects a reply of the wrong length and names the bad byte position', () => {
    expect(() => parseStatusReplies([OK, OK, OK])).toThrow(/expected 4 status bytes \(DLE EOT 1\.\.4\), got 3/);
    expect(() => parseStatusReplies([OK, OK, 0x41, OK])).toThrow(/DLE EOT 3: reply 0x41 is not a status byte/);
  });
});

describe('PrinterStatus and flags', () => {
  it('a healthy printer has no flags and nothing blocks printing', () => {
    const status = parseStatusReplies([OK, OK, OK, OK]);
    expect(status).toMatchObject({ online: true, coverOpen: false, paperNearEnd: false, paperOut: false, cutterError: false });
    expect(flagsOf(status)).toEqual([]);
    expect(blockingReason(status)).toBeUndefined();
  });

  it('paper near end is a flag but does not block', () => {
    const status = parseStatusReplies([OK, OK, OK, OK | 0x0c]);
    expect(flagsOf(status)).toEqual(['paper-near-end']);
    expect(blockingReason(status)).toBeUndefined();
  });

  it('paper out (sensor or paper-end stop) blocks with paper-out', () => {
    const bySensor = parseStatusReplies([OK | 0x08, OK | 0x20, OK, OK | 0x60]);
    expect(flagsOf(bySensor)).toEqual(['paper-out', 'offline']);
    expect(blockingReason(bySensor)).toBe('paper-out');
    const byStop = parseStatusReplies([OK | 0x08, OK | 0x20, OK, OK]);
    expect(byStop.paperOut).toBe(true);
  });

  it('cover open, cutter error, unrecoverable and auto-recoverable errors each surface', () => {
    expect(flagsOf(parseStatusReplies([OK | 0x08, OK | 0x04, OK, OK]))).toEqual(['cover-open', 'offline']);
    const cutter = parseStatusReplies([OK | 0x08, OK | 0x40, OK | 0x08, OK]);
    expect(blockingReason(cutter)).toBe('cutter-error');
    expect(flagsOf(parseStatusReplies([OK | 0x08, OK | 0x40, OK | 0x20, OK]))).toContain('unrecoverable-error');
    expect(flagsOf(parseStatusReplies([OK | 0x08, OK | 0x40, OK | 0x40, OK]))).toContain('auto-recoverable-error');
    expect(blockingReason(parseStatusReplies([OK | 0x08, OK, OK, OK]))).toBe('offline');
  });

  it('the simulator condition bytes parse back to the same condition', () => {
    const conditions = [
      {},
      { paperOut: true },
      { paperNearEnd: true },
      { coverOpen: true },
      { cutterError: true },
      { offline: true },
      { paperOut: true, coverOpen: true, paperNearEnd: true },
    ];
    for (const c of conditions) {
      const status = parseStatusReplies(statusBytesFor(c));
      expect(status.paperOut).toBe(Boolean(c.paperOut));
      expect(status.paperNearEnd).toBe(Boolean('paperNearEnd' in c && c.paperNearEnd));
      expect(status.coverOpen).toBe(Boolean('coverOpen' in c && c.coverOpen));
      expect(status.cutterError).toBe(Boolean('cutterError' in c && c.cutterError));
      // Paper near end still prints; every other condition takes the printer offline.
      const { paperNearEnd: _nearEnd, ...blocking } = c as Record<string, boolean>;
      expect(status.online).toBe(Object.values(blocking).every((v) => !v));
    }
  });
});
