/**
 * What every scanner driver (serial, HID POS) tells its listeners. A scan is always text that
 * passed decodeScanPayload; anything else becomes a 'reject' so the screen can ask the citizen to
 * scan again instead of filling a form with mojibake.
 */
import type { PayloadRejectReason, ScanEncoding } from './scan-payload.ts';

export type ScanSource = 'serial' | 'hid-pos';

export interface ScanResult {
  text: string;
  encoding: ScanEncoding;
  source: ScanSource;
  at: Date;
  /** AIM symbology identifier (e.g. "]Q1" for QR Code) when the transport carries one. */
  symbology?: string;
}

/** 'malformed-report': the HID POS report itself was broken, so no payload could be assembled. */
export type ScanRejectReason = PayloadRejectReason | 'malformed-report';

export interface ScanReject {
  reason: ScanRejectReason;
  message: string;
}

export interface ScannerEvents {
  scan: [scan: ScanResult];
  reject: [reject: ScanReject];
}
