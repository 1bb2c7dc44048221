/**
 * Police self-service tiles (交通违法查询, 证件照上传): configurable services whose calls go through
 * the same upstream adapter as the rest. Both need the ID card: the upstream checks the citizen.
 */
import { checkPlateNumber, maskPlate } from '../../contract/rules/plate-number.ts';
import type { KioskHandlers } from './dispatcher.ts';
import { fromServiceUpstreamError } from './error-mapping.ts';
import { KioskError } from './kiosk-error.ts';
import type { ServiceContext } from './service-context.ts';
import { toTrafficView } from './service-views.ts';

const JPEG_SOI = [0xff, 0xd8, 0xff];

export function policeHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'queryTrafficViolations' | 'uploadIdPhoto'> {
  return {
    queryTrafficViolations: async ({ plateNumber }) => {
      ctx.requireService('traffic-violation');
      const { session, state } = ctx.requireSession();
      const identity = ctx.requireIdentity(session);
      const plate = checkPlateNumber(plateNumber);
      if (!plate.ok) throw new KioskError('INVALID_PLATE_NUMBER', `invalid plate number: ${plate.message}`);
      try {
        const record = await ctx
          .upstream()
          .trafficViolations({ idNumber: identity.idNumber, name: identity.name || identity.nameEn || '', plateNumber: plate.plate }, { signal: state.abort.signal });
        ctx.stillCurrent(session);
        const queriedAt = ctx.now();
        state.traffic = { record, queriedAt };
        ctx.logger.info('traffic violations queried', { sessionId: session.id, plate: maskPlate(plate.plate), items: record.items.length });
        return toTrafficView(record, queriedAt);
      } catch (error) {
        throw fromServiceUpstreamError(error);
      }
    },

    uploadIdPhoto: async ({ submissionId, photoJpeg }) => {
      ctx.requireService('id-photo');
      const { session, state } = ctx.requireSession();
      const identity = ctx.requireIdentity(session);
      const base64 = photoJpeg.slice(photoJpeg.indexOf(',') + 1);
      const head = Buffer.from(base64.slice(0, 8), 'base64');
      if (!JPEG_SOI.every((byte, i) => head[i] === byte)) throw new KioskError('INVALID_REQUEST', 'uploadIdPhoto: photoJpeg: not a JPEG image');
      try {
        const record = await ctx.upstream().uploadIdPhoto(
          { idNumber: identity.idNumber, name: identity.name || identity.nameEn || '', photoJpegBase64: base64, idempotencyKey: `id-photo-${submissionId}` },
          { signal: state.abort.signal },
        );
        ctx.stillCurrent(session);
        const submittedAt = ctx.now();
        state.idPhoto = { record, submittedAt };
        ctx.logger.info('id photo uploaded', { sessionId: session.id, accepted: record.accepted });
        return { receiptNo: record.accepted ? record.receiptNo : '', accepted: record.accepted, checks: record.checks, submittedAt: submittedAt.toISOString() };
      } catch (error) {
        throw fromServiceUpstreamError(error);
      }
    },
  };
}
