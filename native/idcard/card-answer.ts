/**
 * Turning SAM answers into card data, without I/O: the reader calls these on what came off the
 * line, and the fuzz tests call them on mutated frames. Whatever the bytes, the outcome is card
 * data or an IdCardError, never another kind of exception.
 */
import type { IdCardData } from './id-card-data.ts';
import { IdCardError } from './idcard-error.ts';
import type { SamResponse } from './sam-frame.ts';
import { SW3, samStatus } from './sam-status.ts';
import { parseCardPayload } from './card-payload.ts';
import { parseIdText } from './id-text.ts';
import { maskIdNumber, validateCardNumber } from '../../electron/contract/rules/id-number.ts';
import { toHex } from './sam-frame.ts';

/** The 30 03 answer: the latest address endorsed on the card, 70 bytes of UCS-2LE like the text block's. */
export const ADDITIONAL_ADDRESS_MAX_BYTES = 70;

export function statusError(step: string, sw3: number): IdCardError {
  const status = samStatus(sw3);
  return new IdCardError('sam-status', `${step} failed: ${status.message} (SW3 0x${toHex(Uint8Array.of(sw3))})`, {
    samStatus: status,
  });
}

/** A 30 01 / 30 10 answer → checked card data. */
export function interpretCardAnswer(response: SamResponse, withFingerprint: boolean): IdCardData {
  if (response.sw3 === SW3.FIND_CARD_FAILED) {
    throw new IdCardError('no-card', 'the card left the reader before it could be read');
  }
  if (response.sw3 !== SW3.SUCCESS) throw statusError('card read', response.sw3);
  const payload = parseCardPayload(response.data, withFingerprint);
  const text = parseIdText(payload.text);
  const check = validateCardNumber(text.cardType, text.idNumber);
  if (!check.ok) {
    throw new IdCardError(
      'invalid-id-number',
      `identity number ${maskIdNumber(text.idNumber)} on the ${text.cardType} card is invalid: ${check.reason}`,
    );
  }
  const card: IdCardData = { ...text, photoWlt: payload.photo };
  if (payload.fingerprint) card.fingerprint = payload.fingerprint;
  return card;
}

/** A 30 03 answer → the additional address, or undefined when the card has none (SW3 0x91). */
export function interpretAdditionalAddress(response: SamResponse): string | undefined {
  if (response.sw3 === SW3.NO_CONTENT) return undefined;
  if (response.sw3 !== SW3.SUCCESS) throw statusError('additional address read', response.sw3);
  const { data } = response;
  if (data.length === 0 || data.length % 2 !== 0 || data.length > ADDITIONAL_ADDRESS_MAX_BYTES) {
    throw new IdCardError(
      'invalid-card-data',
      `additional address is ${data.length} bytes; expected an even count of 2..${ADDITIONAL_ADDRESS_MAX_BYTES}`,
    );
  }
  const address = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    .toString('utf16le')
    .replace(/[\s\u0000]+$/u, '');
  return address === '' ? undefined : address;
}

/** Inverse of interpretAdditionalAddress, for the simulator: space padded to 70 bytes. */
export function encodeAdditionalAddress(address: string): Uint8Array {
  const bytes = Buffer.from(address, 'utf16le');
  if (bytes.length > ADDITIONAL_ADDRESS_MAX_BYTES) {
    throw new RangeError(`additional address longer than ${ADDITIONAL_ADDRESS_MAX_BYTES / 2} characters`);
  }
  const out = new Uint8Array(ADDITIONAL_ADDRESS_MAX_BYTES);
  out.set(Buffer.from(' '.repeat(ADDITIONAL_ADDRESS_MAX_BYTES / 2), 'utf16le'));
  out.set(bytes);
  return out;
}
