/**
 * The person's registered photo from the upstream (the photo on record with the issuing
 * authority), for 人证核验 on a terminal that cannot read the card's own photo: no licensed WLT
 * decoder, or one that cannot decode this card. Same conventions as every personal query: the
 * Subject (ID number and name, which the upstream checks against each other) in a POST body over
 * the upstream's TLS, never in a path or a log line. The bytes are checked to be the picture the
 * answer says they are; the caller zeroes them once it has encoded them for the screen.
 */
import { z } from 'zod';
import { postJson, type Subject } from '../upstream/json-calls.ts';
import { UpstreamError, type CallOptions, type UpstreamClient } from '../upstream/upstream-client.ts';
import type { DecodedPhoto } from './wlt-decoder.ts';

export const REGISTERED_PHOTO_PATH = '/api/v1/person-check/registered-photo';
/** A registered photo is a small portrait (the card's is 102×126); 256 KiB is far above any. */
export const MAX_REGISTERED_PHOTO_BYTES = 256 * 1024;

const registeredPhotoSchema = z.object({
  mime: z.enum(['image/png', 'image/jpeg']),
  photoBase64: z
    .string()
    .min(8)
    .max(Math.ceil(MAX_REGISTERED_PHOTO_BYTES / 3) * 4)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/),
});

const SIGNATURES: Record<DecodedPhoto['mime'], readonly number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/bmp': [0x42, 0x4d],
};

/** Rejects with UpstreamError: 'rejected' 404 when no photo is on record, 'bad-response' when the bytes are not the picture announced. */
export async function fetchRegisteredPhoto(client: UpstreamClient, subject: Subject, options: CallOptions = {}): Promise<DecodedPhoto> {
  const answer = await postJson(client, REGISTERED_PHOTO_PATH, subject, registeredPhotoSchema, { ...options, secrets: [subject.idNumber] });
  const bytes = new Uint8Array(Buffer.from(answer.photoBase64, 'base64'));
  if (!SIGNATURES[answer.mime].every((byte, i) => bytes[i] === byte)) {
    bytes.fill(0);
    throw new UpstreamError('bad-response', `POST ${REGISTERED_PHOTO_PATH}: the photo is not the ${answer.mime} it claims to be`, { status: 200 });
  }
  return { mime: answer.mime, bytes };
}
