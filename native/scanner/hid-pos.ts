/**
 * Input reports of USB HID Point of Sale scanners (usage page 0x8C) in the layout Honeywell and
 * Access-IS document for their "HID POS" interface, and that recorded reports confirm:
 *
 *   byte 0        report ID 0x02
 *   byte 1        number of valid data bytes in this report
 *   bytes 2..4    AIM symbology identifier (']' + two characters, e.g. "]Q1"), zeros when off
 *   bytes 5..     decoded data (56 bytes in a 64-byte report), zero-padded after the valid ones
 *   last 3 bytes  vendor symbology id, reserved, flags: bit 0 = decoded data continues in the
 *                 next report
 *
 * A code longer than one report arrives as several reports, each repeating the AIM identifier,
 * the last with bit 0 clear. (Newland's HID POS layout puts data at byte 2 without an AIM
 * identifier; it fails the identifier check below rather than being misread.)
 */
import { DEFAULT_MAX_SCAN_BYTES } from './scan-payload.ts';

export const HID_POS_USAGE_PAGE = 0x8c;
export const HID_POS_SCAN_REPORT_ID = 0x02;

const LENGTH_OFFSET = 1;
const AIM_OFFSET = 2;
const DATA_OFFSET = 5;
const TRAILER_LENGTH = 3;
const MIN_REPORT_LENGTH = DATA_OFFSET + TRAILER_LENGTH;
const AIM_FLAG = 0x5d; // ']'
const DATA_CONTINUES = 0x01;

export type HidPosReportErrorCode =
  | 'wrong-report-id'
  | 'short-report'
  | 'length-overflow'
  | 'bad-symbology'
  | 'too-long';

export class HidPosReportError extends Error {
  override readonly name = 'HidPosReportError';
  readonly code: HidPosReportErrorCode;

  constructor(code: HidPosReportErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface HidPosPacket {
  data: Uint8Array;
  aimId: string | undefined;
  /** More data of the same code follows in the next report. */
  continues: boolean;
}

export interface HidPosPayload {
  bytes: Uint8Array;
  aimId: string | undefined;
  reports: number;
}

const hex = (byte: number) => `0x${byte.toString(16).padStart(2, '0')}`;
const isPrintableAscii = (byte: number) => byte >= 0x20 && byte <= 0x7e;

export function parseHidPosReport(report: Uint8Array): HidPosPacket {
  if (report.length === 0) throw new HidPosReportError('short-report', 'HID POS report is empty');
  if (report[0] !== HID_POS_SCAN_REPORT_ID) {
    throw new HidPosReportError(
      'wrong-report-id',
      `HID report ID ${hex(report[0]!)} is not the HID POS scanned-data report (${hex(HID_POS_SCAN_REPORT_ID)})`,
    );
  }
  if (report.length < MIN_REPORT_LENGTH) {
    throw new HidPosReportError(
      'short-report',
      `HID POS report is ${report.length} bytes; at least ${MIN_REPORT_LENGTH} are needed for header and trailer`,
    );
  }
  const length = report[LENGTH_OFFSET]!;
  const room = report.length - MIN_REPORT_LENGTH;
  if (length > room) {
    throw new HidPosReportError(
      'length-overflow',
      `HID POS report claims ${length} data bytes but a ${report.length}-byte report holds at most ${room}`,
    );
  }
  const aim = report.subarray(AIM_OFFSET, DATA_OFFSET);
  let aimId: string | undefined;
  if (aim[0] === AIM_FLAG && aim.every(isPrintableAscii)) {
    aimId = String.fromCharCode(...aim);
  } else if (!aim.every((byte) => byte === 0)) {
    throw new HidPosReportError(
      'bad-symbology',
      `HID POS report has no AIM identifier at bytes 2..4 (found ${[...aim].map(hex).join(' ')}); ` +
        'is the scanner set to another HID POS layout?',
    );
  }
  return {
    data: report.slice(DATA_OFFSET, DATA_OFFSET + length),
    aimId,
    continues: (report[report.length - 1]! & DATA_CONTINUES) !== 0,
  };
}

/**
 * Joins the reports of one code. A broken report throws and drops the code being assembled; when
 * the broken report still says more follows, the rest of that code is skipped up to its last
 * report, so its tail is never delivered as a code of its own. Reports of another ID are refused
 * without disturbing a code in progress: they are not part of it.
 */
export class HidPosAssembler {
  readonly maxBytes: number;
  #parts: Uint8Array[] = [];
  #length = 0;
  #aimId: string | undefined;
  #skipping = false;

  constructor(opts: { maxBytes?: number } = {}) {
    this.maxBytes = opts.maxBytes ?? DEFAULT_MAX_SCAN_BYTES;
  }

  /** A code has started (or is being skipped) and its last report has not arrived yet. */
  get inProgress(): boolean {
    return this.#parts.length > 0 || this.#skipping;
  }

  /** Part of a code is held (as opposed to skipping the rest of a refused one). */
  get assembling(): boolean {
    return this.#parts.length > 0;
  }

  /** Returns the code's bytes when its last report arrives. */
  push(report: Uint8Array): HidPosPayload | undefined {
    let packet: HidPosPacket;
    try {
      packet = parseHidPosReport(report);
    } catch (error) {
      const code = (error as HidPosReportError).code;
      if (code !== 'wrong-report-id') {
        const framed = code !== 'short-report';
        this.reset();
        this.#skipping = framed && (report[report.length - 1]! & DATA_CONTINUES) !== 0;
      }
      throw error;
    }
    if (this.#skipping) {
      this.#skipping = packet.continues;
      return undefined;
    }
    if (this.#length + packet.data.length > this.maxBytes) {
      this.reset();
      this.#skipping = packet.continues;
      throw new HidPosReportError('too-long', `scanned code runs past ${this.maxBytes} bytes; dropped`);
    }
    if (this.#parts.length === 0) this.#aimId = packet.aimId;
    this.#parts.push(packet.data);
    this.#length += packet.data.length;
    if (packet.continues) return undefined;
    const bytes = new Uint8Array(this.#length);
    let offset = 0;
    for (const part of this.#parts) {
      bytes.set(part, offset);
      offset += part.length;
    }
    const payload: HidPosPayload = { bytes, aimId: this.#aimId, reports: this.#parts.length };
    this.reset();
    return payload;
  }

  reset(): void {
    this.#parts = [];
    this.#length = 0;
    this.#aimId = undefined;
    this.#skipping = false;
  }
}
