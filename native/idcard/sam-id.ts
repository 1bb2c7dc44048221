/**
 * The SAM module number (12 FF answer, 16 data bytes) in the printed form vendors' tools show,
 * e.g. "05.01-20230101-0000000001-2023000001": two hex bytes, then three little-endian 32-bit numbers.
 */
import { IdCardError } from './idcard-error.ts';

export const SAM_ID_LENGTH = 16;

export function formatSamId(data: Uint8Array): string {
  if (data.length < SAM_ID_LENGTH) {
    throw new IdCardError('protocol', `SAM id answer has ${data.length} bytes, expected ${SAM_ID_LENGTH}`);
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const hex = (b: number) => b.toString(16).padStart(2, '0').toUpperCase();
  return [
    `${hex(data[0]!)}.${hex(data[2]!)}`,
    String(view.getUint32(4, true)),
    String(view.getUint32(8, true)).padStart(10, '0'),
    String(view.getUint32(12, true)).padStart(10, '0'),
  ].join('-');
}

/** Inverse of formatSamId, for the simulator. */
export function encodeSamId(samId: string): Uint8Array {
  const match = /^([0-9A-Fa-f]{2})\.([0-9A-Fa-f]{2})-(\d{1,10})-(\d{1,10})-(\d{1,10})$/.exec(samId);
  if (!match) throw new RangeError(`not a SAM id: ${samId}`);
  const out = new Uint8Array(SAM_ID_LENGTH);
  const view = new DataView(out.buffer);
  out[0] = parseInt(match[1]!, 16);
  out[2] = parseInt(match[2]!, 16);
  const numbers = [match[3]!, match[4]!, match[5]!].map(Number);
  numbers.forEach((n, i) => {
    if (n > 0xffffffff) throw new RangeError(`SAM id part out of range: ${n}`);
    view.setUint32(4 + i * 4, n, true);
  });
  return out;
}
