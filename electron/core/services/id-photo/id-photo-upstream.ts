/** 证件照片's upstream call (the 合格性检测 answers at once) and the result it answers. */
import { z } from 'zod';
import { postJson, type Subject } from '../../upstream/json-calls.ts';
import type { CallOptions, UpstreamClient } from '../../upstream/upstream-client.ts';

export const idPhotoResultSchema = z.object({
  accepted: z.boolean(),
  receiptNo: z.string().max(64).default(''),
  checks: z.array(z.object({ check: z.enum(['face', 'background', 'size', 'exposure', 'format']), passed: z.boolean() })).max(10),
  /** The receipt's public page; checked before it is shown (public-result-url.ts). */
  resultUrl: z.string().optional(),
});
export type IdPhotoRecord = z.output<typeof idPhotoResultSchema>;

/** A direct call, not an outbox item: the citizen waits for the verdict to retake the photo. */
export function uploadIdPhoto(
  client: UpstreamClient,
  request: Subject & { photoJpegBase64: string; idempotencyKey: string },
  options: CallOptions = {},
): Promise<IdPhotoRecord> {
  const { idempotencyKey, ...body } = request;
  return postJson(client, '/api/v1/police/id-photo', body, idPhotoResultSchema, {
    ...options,
    headers: { 'idempotency-key': idempotencyKey },
    secrets: [request.idNumber],
  });
}
