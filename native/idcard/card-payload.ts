/**
 * Data of a successful 30 01 / 30 10 answer: big-endian lengths of the text, photo (and, for 30 10,
 * fingerprint) blocks, then the blocks themselves. Blocks are cut by these length fields; any
 * disagreement between the lengths and the bytes received is reported, never papered over.
 */
import { IdCardError } from './idcard-error.ts';
import { TEXT_BLOCK_LENGTH } from './id-text.ts';

export interface CardPayload {
  text: Uint8Array;
  photo: Uint8Array;
  fingerprint?: Uint8Array;
}

function invalid(message: string): IdCardError {
  return new IdCardError('invalid-card-data', message);
}

export function parseCardPayload(data: Uint8Array, withFingerprint: boolean): CardPayload {
  const headerLength = withFingerprint ? 6 : 4;
  if (data.length < headerLength) {
    throw invalid(`card data truncated: ${data.length} bytes, the length header alone needs ${headerLength}`);
  }
  const textLength = (data[0]! << 8) | data[1]!;
  const photoLength = (data[2]! << 8) | data[3]!;
  const fingerprintLength = withFingerprint ? (data[4]! << 8) | data[5]! : 0;
  if (textLength !== TEXT_BLOCK_LENGTH) {
    throw invalid(`text block length field says ${textLength} bytes, expected ${TEXT_BLOCK_LENGTH}`);
  }
  const expected = headerLength + textLength + photoLength + fingerprintLength;
  if (data.length < expected) {
    throw invalid(`card data truncated: length fields announce ${expected} bytes, received ${data.length}`);
  }
  if (data.length > expected) {
    throw invalid(`card data has ${data.length - expected} bytes beyond what the length fields announce`);
  }
  let offset = headerLength;
  const take = (n: number) => data.slice(offset, (offset += n));
  const payload: CardPayload = { text: take(textLength), photo: take(photoLength) };
  if (withFingerprint) payload.fingerprint = take(fingerprintLength);
  return payload;
}

export function encodeCardPayload(payload: CardPayload, withFingerprint: boolean): Uint8Array {
  const fingerprint = withFingerprint ? (payload.fingerprint ?? new Uint8Array(0)) : undefined;
  const headerLength = withFingerprint ? 6 : 4;
  const total = headerLength + payload.text.length + payload.photo.length + (fingerprint?.length ?? 0);
  const out = new Uint8Array(total);
  out[0] = payload.text.length >> 8;
  out[1] = payload.text.length & 0xff;
  out[2] = payload.photo.length >> 8;
  out[3] = payload.photo.length & 0xff;
  if (fingerprint) {
    out[4] = fingerprint.length >> 8;
    out[5] = fingerprint.length & 0xff;
  }
  let offset = headerLength;
  for (const block of [payload.text, payload.photo, fingerprint]) {
    if (!block) continue;
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}
