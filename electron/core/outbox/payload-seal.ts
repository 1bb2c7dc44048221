/**
 * Field-level encryption of outbox payloads: AES-256-GCM with a fresh 96-bit IV per row. The
 * additional authenticated data binds the ciphertext to its row (idempotency key, stream, kind),
 * so a payload copied onto another row, or a relabelled row, fails to open instead of being sent
 * under the wrong key.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { OutboxKey } from './outbox-key.ts';

const FORMAT_V1 = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

export interface SealContext {
  idempotencyKey: string;
  stream: string;
  kind: string;
}

const aadOf = (context: SealContext): Buffer =>
  Buffer.from(`bianmin-outbox-v1\0${context.idempotencyKey}\0${context.stream}\0${context.kind}`, 'utf8');

/** [0x01][iv 12][tag 16][ciphertext] */
export function sealPayload(key: OutboxKey, context: SealContext, plaintext: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key.material(), iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aadOf(context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT_V1), iv, cipher.getAuthTag(), body]);
}

/** Throws when the blob is malformed, was sealed with another key, or belongs to another row. */
export function openPayload(key: OutboxKey, context: SealContext, sealed: Buffer): Buffer {
  if (sealed.length < HEADER_BYTES || sealed[0] !== FORMAT_V1) {
    throw new Error(`sealed payload is malformed (${sealed.length} bytes)`);
  }
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key.material(), iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aadOf(context));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
}
