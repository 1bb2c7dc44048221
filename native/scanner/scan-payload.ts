/**
 * Bytes from a scanner → text. Chinese government QR codes come as UTF-8 or, from older issuing
 * systems and scanners set to "GBK output", as GB18030; nothing in the bytes says which. Strict
 * UTF-8 wins because random GB18030 text is almost never valid UTF-8, while the reverse is common.
 * GB18030 is only accepted when it round-trips, since iconv-lite quietly maps bytes it cannot
 * decode to U+FFFD or to look-alikes. A payload that fails is rejected with a reason, never thrown:
 * a scanner that mangles a code must not take the driver down with it.
 * Messages never quote the payload: a code can carry an ID number or a name.
 */
import iconv from 'iconv-lite';

export type ScanEncoding = 'utf-8' | 'gb18030';
export type PayloadRejectReason = 'empty' | 'too-long' | 'binary' | 'undecodable';

export type DecodedPayload =
  | { ok: true; text: string; encoding: ScanEncoding }
  | { ok: false; reason: PayloadRejectReason; message: string };

export const DEFAULT_MAX_SCAN_BYTES = 4096;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// C0 controls other than tab, and DEL. Checked on the bytes: in both UTF-8 and GB18030 a byte below
// 0x80 is always a character of its own, never part of a multi-byte sequence.
function isControlByte(byte: number): boolean {
  return (byte < 0x20 && byte !== 0x09) || byte === 0x7f;
}

// C1 controls only exist after decoding (C2 80..C2 9F in UTF-8, 81 30 81 30.. in GB18030).
const C1_CONTROL = /[\u0080-\u009f]/;

function hex(byte: number): string {
  return `0x${byte.toString(16).padStart(2, '0')}`;
}

function decodeGb18030(bytes: Uint8Array): string | undefined {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = iconv.decode(buffer, 'gb18030');
  return iconv.encode(text, 'gb18030').equals(buffer) ? text : undefined;
}

export function decodeScanPayload(bytes: Uint8Array, opts: { maxBytes?: number } = {}): DecodedPayload {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_SCAN_BYTES;
  if (bytes.length === 0) return { ok: false, reason: 'empty', message: 'scan carried no data' };
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      reason: 'too-long',
      message: `scan carried ${bytes.length} bytes, more than the ${maxBytes} allowed`,
    };
  }
  const control = bytes.findIndex(isControlByte);
  if (control >= 0) {
    return {
      ok: false,
      reason: 'binary',
      message: `scan data holds control byte ${hex(bytes[control]!)} at offset ${control}: not text`,
    };
  }
  let decoded: { text: string; encoding: ScanEncoding } | undefined;
  try {
    decoded = { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    try {
      const text = decodeGb18030(bytes);
      if (text !== undefined) decoded = { text, encoding: 'gb18030' };
    } catch {
      // iconv-lite failing outright is just one more way of being undecodable.
    }
  }
  if (!decoded) {
    return {
      ok: false,
      reason: 'undecodable',
      message: `scan data (${bytes.length} bytes) is neither valid UTF-8 nor valid GB18030`,
    };
  }
  if (C1_CONTROL.test(decoded.text)) {
    return {
      ok: false,
      reason: 'binary',
      message: `scan data decoded as ${decoded.encoding} holds C1 control characters: not text`,
    };
  }
  return { ok: true, ...decoded };
}
