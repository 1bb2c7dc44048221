/**
 * 证件照上传: a JPEG from the camera, checked to be one, uploaded for the card holder; the
 * upstream checks it (face, background, size, exposure) and issues the photo receipt number.
 */
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromServiceUpstreamError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import { checkPublicResultUrl } from '../shared/public-result-url.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { idPhotoResult } from './id-photo-slip.ts';
import { uploadIdPhoto } from './id-photo-upstream.ts';

const JPEG_SOI = [0xff, 0xd8, 0xff];

export function idPhotoHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'uploadIdPhoto'> {
  return {
    uploadIdPhoto: async ({ submissionId, photoJpeg }, { session }) => {
      const state = ctx.stateOf(session);
      const identity = ctx.requireIdentity(session);
      const base64 = photoJpeg.slice(photoJpeg.indexOf(',') + 1);
      const head = Buffer.from(base64.slice(0, 8), 'base64');
      if (!JPEG_SOI.every((byte, i) => head[i] === byte)) throw new KioskError('INVALID_REQUEST', 'uploadIdPhoto: photoJpeg: not a JPEG image');
      try {
        const record = await uploadIdPhoto(
          ctx.upstream(),
          { idNumber: identity.idNumber, name: identity.name || identity.nameEn || '', photoJpegBase64: base64, idempotencyKey: `id-photo-${submissionId}` },
          { signal: state.abort.signal },
        );
        ctx.stillCurrent(session);
        const submittedAt = ctx.now();
        idPhotoResult.set(state, { record, submittedAt });
        ctx.logger.info('id photo uploaded', { sessionId: session.id, accepted: record.accepted });
        const page = record.accepted && record.resultUrl !== undefined ? checkPublicResultUrl(record.resultUrl, [identity.idNumber, identity.name, identity.nameEn ?? '', base64.slice(0, 64)]) : undefined;
        if (page && !page.ok) ctx.logger.warn('id photo: receipt page address refused, no QR offered', { sessionId: session.id, reason: page.reason });
        return {
          receiptNo: record.accepted ? record.receiptNo : '',
          accepted: record.accepted,
          checks: record.checks,
          submittedAt: submittedAt.toISOString(),
          ...(page?.ok ? { resultUrl: page.url } : {}),
        };
      } catch (error) {
        throw fromServiceUpstreamError(error);
      }
    },
  };
}
