/**
 * printServiceReceipt: the slip of a result obtained in this session, printed once per jobId
 * (the printer's job store makes a retry after a paper refill print nothing twice).
 */
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import type { ReceiptPrinter } from '../../../../native/printer/receipt-printer.ts';
import type { PrintDocument } from '../../../contract/schemas.ts';
import {
  buildEnterpriseCreditSlip,
  buildGuideSlip,
  buildIdPhotoSlip,
  buildProgressSlip,
  buildSubmissionSlip,
  buildTrafficSlip,
  type SlipContext,
} from './service-receipts.ts';
import { defaultGuideUrl } from '../service-guide/guides.ts';
import type { ServiceSessionState } from './service-session.ts';
import type { ActiveSession } from '../../session/session-store.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ServiceContext } from './service-context.ts';

export function printServiceHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'printServiceReceipt'> {
  const nothing = (what: string) => new KioskError('NOT_FOUND', `nothing to print: no ${what} in this session`);

  const render = (document: PrintDocument, session: ActiveSession, state: ServiceSessionState, slip: SlipContext): Uint8Array => {
    switch (document.kind) {
      case 'enterprise-credit':
        if (!state.enterpriseCredit) throw nothing('enterprise credit report');
        return buildEnterpriseCreditSlip(state.enterpriseCredit.record, state.enterpriseCredit.queriedAt, slip);
      case 'commitment':
      case 'form': {
        const receipt = state.receipts.get(document.receiptNo);
        if (!receipt || receipt.kind !== document.kind) throw nothing(`${document.kind} receipt ${document.receiptNo}`);
        return buildSubmissionSlip(receipt, slip);
      }
      case 'progress':
        if (!state.progress) throw nothing('progress query result');
        return buildProgressSlip(state.progress, slip);
      case 'traffic-violations':
        if (!state.traffic) throw nothing('traffic violation query result');
        return buildTrafficSlip(state.traffic.record, slip);
      case 'id-photo': {
        const identity = session.identity;
        if (!state.idPhoto || !identity) throw nothing('ID photo upload');
        return buildIdPhotoSlip(state.idPhoto.record, { name: identity.name || identity.nameEn || '', idNumberMasked: maskIdNumber(identity.idNumber) }, slip);
      }
      case 'guide': {
        const guide = ctx.deps.content.guides.guides.get(document.guideId);
        if (!guide) throw new KioskError('NOT_FOUND', `no guide ${document.guideId}`);
        return buildGuideSlip(guide, guide.phoneUrl ?? defaultGuideUrl(ctx.publicBaseUrl, guide.guideId), slip);
      }
    }
  };

  return {
    printServiceReceipt: async ({ jobId, document, locale }, { session }) => {
      const state = ctx.stateOf(session);
      const printer = ctx.deps.devices.get<ReceiptPrinter>('printer');
      if (!printer) throw new KioskError('DEVICE_UNAVAILABLE', 'no receipt printer configured');
      const config = ctx.config;
      let bytes: Uint8Array;
      try {
        bytes = render(document, session, state, { locale: locale ?? config.locale, terminalId: config.terminalId, printedAt: ctx.now() });
      } catch (error) {
        if (error instanceof KioskError) throw error;
        throw new KioskError('PRINTER_ERROR', `cannot lay out the slip: ${error instanceof Error ? error.message : String(error)}`);
      }
      try {
        const result = await printer.print(jobId, bytes);
        ctx.logger.info('service slip print', { sessionId: session.id, jobId, kind: document.kind, status: result.status });
        return { jobId, status: result.status, ...(result.reason ? { reason: result.reason } : {}) };
      } catch (error) {
        throw new KioskError('PRINTER_ERROR', `printing failed: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        bytes.fill(0);
      }
    },
  };
}
