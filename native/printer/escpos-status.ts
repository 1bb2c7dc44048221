/**
 * Real-time status (DLE EOT n, n = 1..4). Each reply is one byte whose bits 0, 1, 4 and 7 are fixed
 * (0, 1, 1, 0); checking them is how we tell a status byte from line noise or a stray data byte,
 * so a misread never turns into "paper OK" and a reprint.
 */
import { PrinterError } from './printer-errors.ts';

export type StatusKind = 1 | 2 | 3 | 4;

export const DLE_EOT = (n: StatusKind): Uint8Array => Uint8Array.of(0x10, 0x04, n);

/** All four requests in one write; the printer answers them in order, one byte each. */
export const STATUS_REQUEST_ALL: Uint8Array = Uint8Array.of(0x10, 0x04, 1, 0x10, 0x04, 2, 0x10, 0x04, 3, 0x10, 0x04, 4);

const FIXED_MASK = 0b1001_0011;
const FIXED_VALUE = 0b0001_0010;

export interface PrinterByteStatus {
  online: boolean;
  drawerPin3High: boolean;
  waitingForOnlineRecovery: boolean;
  feedButtonPressed: boolean;
}

export interface OfflineCause {
  coverOpen: boolean;
  paperFedByButton: boolean;
  stoppedByPaperEnd: boolean;
  errorOccurred: boolean;
}

export interface ErrorCause {
  /** Bit 2: mechanical / recoverable error on models that report it. */
  mechanicalError: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
}

export interface PaperSensor {
  paperNearEnd: boolean;
  paperEnd: boolean;
}

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  cutterError: boolean;
  unrecoverableError: boolean;
  autoRecoverableError: boolean;
  drawerPin3High: boolean;
  /** The four reply bytes as received, for diagnostics. */
  raw: readonly [number, number, number, number];
}

const bit = (byte: number, n: number): boolean => (byte & (1 << n)) !== 0;

const hex = (byte: number): string => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;

export function assertStatusByte(kind: StatusKind, byte: number | undefined): number {
  if (byte === undefined || !Number.isInteger(byte) || byte < 0 || byte > 0xff) {
    throw new PrinterError('status-garbage', `DLE EOT ${kind}: missing reply byte`);
  }
  if ((byte & FIXED_MASK) !== FIXED_VALUE) {
    throw new PrinterError(
      'status-garbage',
      `DLE EOT ${kind}: reply ${hex(byte)} is not a status byte (fixed bits 0,1,4,7 must read 0,1,1,0)`,
    );
  }
  return byte;
}

export function parsePrinterByte(byte: number): PrinterByteStatus {
  assertStatusByte(1, byte);
  return {
    drawerPin3High: bit(byte, 2),
    online: !bit(byte, 3),
    waitingForOnlineRecovery: bit(byte, 5),
    feedButtonPressed: bit(byte, 6),
  };
}

export function parseOfflineCause(byte: number): OfflineCause {
  assertStatusByte(2, byte);
  return {
    coverOpen: bit(byte, 2),
    paperFedByButton: bit(byte, 3),
    stoppedByPaperEnd: bit(byte, 5),
    errorOccurred: bit(byte, 6),
  };
}

export function parseErrorCause(byte: number): ErrorCause {
  assertStatusByte(3, byte);
  return {
    mechanicalError: bit(byte, 2),
    cutterError: bit(byte, 3),
    unrecoverableError: bit(byte, 5),
    autoRecoverableError: bit(byte, 6),
  };
}

/** Bits 2,3 (near end) and 5,6 (end) are pairs; some clones set only one bit of a pair. */
export function parsePaperSensor(byte: number): PaperSensor {
  assertStatusByte(4, byte);
  return {
    paperNearEnd: bit(byte, 2) || bit(byte, 3),
    paperEnd: bit(byte, 5) || bit(byte, 6),
  };
}

/** Parses the replies to STATUS_REQUEST_ALL (DLE EOT 1, 2, 3, 4 in that order). */
export function parseStatusReplies(reply: Uint8Array | readonly number[]): PrinterStatus {
  if (reply.length !== 4) {
    throw new PrinterError('status-garbage', `expected 4 status bytes (DLE EOT 1..4), got ${reply.length}`);
  }
  const [b1, b2, b3, b4] = [reply[0], reply[1], reply[2], reply[3]].map((b, i) =>
    assertStatusByte((i + 1) as StatusKind, b),
  ) as [number, number, number, number];
  const printer = parsePrinterByte(b1);
  const offline = parseOfflineCause(b2);
  const errors = parseErrorCause(b3);
  const paper = parsePaperSensor(b4);
  return {
    online: printer.online,
    coverOpen: offline.coverOpen,
    paperNearEnd: paper.paperNearEnd,
    paperOut: paper.paperEnd || offline.stoppedByPaperEnd,
    cutterError: errors.cutterError,
    unrecoverableError: errors.unrecoverableError,
    autoRecoverableError: errors.autoRecoverableError,
    drawerPin3High: printer.drawerPin3High,
    raw: [b1, b2, b3, b4],
  };
}

export type PrinterFlag =
  | 'offline'
  | 'cover-open'
  | 'paper-near-end'
  | 'paper-out'
  | 'cutter-error'
  | 'unrecoverable-error'
  | 'auto-recoverable-error';

/** UI flags, most severe first. */
export function flagsOf(status: PrinterStatus): PrinterFlag[] {
  const flags: PrinterFlag[] = [];
  if (status.unrecoverableError) flags.push('unrecoverable-error');
  if (status.cutterError) flags.push('cutter-error');
  if (status.autoRecoverableError) flags.push('auto-recoverable-error');
  if (status.paperOut) flags.push('paper-out');
  if (status.coverOpen) flags.push('cover-open');
  if (!status.online) flags.push('offline');
  if (status.paperNearEnd) flags.push('paper-near-end');
  return flags;
}

/**
 * Why the printer cannot print now, or undefined when it can. Paper-near-end alone never blocks:
 * the roll still holds several receipts.
 */
export function blockingReason(status: PrinterStatus): Exclude<PrinterFlag, 'paper-near-end'> | undefined {
  return flagsOf(status).find((f): f is Exclude<PrinterFlag, 'paper-near-end'> => f !== 'paper-near-end');
}
