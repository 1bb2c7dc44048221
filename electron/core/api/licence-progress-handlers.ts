/**
 * 扫码亮证 (e-licence) and 办件查询 (progress query). Both read codes: from the terminal's scanner
 * through the ScanGate, or from the renderer (camera, keyboard-wedge scanner, typed number).
 */
import type { ProgressView } from '../../contract/service-api.ts';
import { extractReceiptNo } from '../services/receipt-number.ts';
import type { ServiceSessionState } from '../services/service-session.ts';
import type { ActiveSession } from '../session/session-store.ts';
import type { KioskHandlers } from './dispatcher.ts';
import { fromServiceUpstreamError } from './error-mapping.ts';
import { KioskError } from './kiosk-error.ts';
import type { ServiceContext } from './service-context.ts';
import { ScanGate } from './scan-gate.ts';
import { licenceMatchesCard, maskedHolder, toELicenceView, toProgressItem } from './service-views.ts';

type Methods = 'scanELicence' | 'verifyELicence' | 'cancelScan' | 'queryProgress';

export function licenceProgressHandlers(ctx: ServiceContext): Pick<KioskHandlers, Methods> {
  const gate = new ScanGate(ctx);

  const verify = async (code: string, session: ActiveSession, state: ServiceSessionState) => {
    const text = code.trim();
    if (text === '' || text.length > 1024) throw new KioskError('LICENCE_INVALID', 'the code is empty or too long to be an e-licence code');
    try {
      const record = await ctx.upstream().verifyELicence(text, { signal: state.abort.signal });
      ctx.stillCurrent(session);
      const matches = licenceMatchesCard(record, session.identity);
      // Only a valid licence of this citizen may stand in for paper or fill their forms.
      const keep = record.status === 'valid' && matches !== false;
      if (keep) state.licences.set(record.licenceType, record);
      ctx.logger.info('e-licence verified', { sessionId: session.id, licenceType: record.licenceType, status: record.status, matches, kept: keep });
      return toELicenceView(record, matches, keep, ctx.now());
    } catch (error) {
      throw fromServiceUpstreamError(error, 'LICENCE_INVALID');
    }
  };

  const byReceipt = async (receiptNo: string, session: ActiveSession, state: ServiceSessionState): Promise<ProgressView> => {
    try {
      const record = await ctx.upstream().progressByReceipt(receiptNo, { signal: state.abort.signal });
      ctx.stillCurrent(session);
      return { holderNameMasked: '', items: [toProgressItem(record)], queriedAt: ctx.now().toISOString() };
    } catch (error) {
      throw fromServiceUpstreamError(error);
    }
  };

  return {
    scanELicence: async ({ timeoutMs }) => {
      ctx.requireService('e-licence', 'form-filling');
      const { session, state } = ctx.requireSession();
      const code = await gate.next({ timeoutMs, session: state.abort.signal, accept: (text) => text, refusal: 'undecodable' });
      ctx.stillCurrent(session);
      return verify(code, session, state);
    },

    verifyELicence: ({ code }) => {
      ctx.requireService('e-licence', 'form-filling');
      const { session, state } = ctx.requireSession();
      return verify(code, session, state);
    },

    cancelScan: () => ({ cancelled: gate.cancel() }),

    queryProgress: async (request) => {
      ctx.requireService('progress-query');
      const { session, state } = ctx.requireSession();
      let view: ProgressView;
      if (request.by === 'idCard') {
        const identity = ctx.requireIdentity(session);
        try {
          const name = identity.name || identity.nameEn || '';
          const list = await ctx.upstream().progressByHolder({ idNumber: identity.idNumber, name }, { signal: state.abort.signal });
          ctx.stillCurrent(session);
          view = { holderNameMasked: maskedHolder(list.holderName || name), items: list.items.map(toProgressItem), queriedAt: ctx.now().toISOString() };
        } catch (error) {
          throw fromServiceUpstreamError(error);
        }
      } else {
        const receiptNo =
          request.by === 'receipt'
            ? extractReceiptNo(request.receiptNo)
            : await gate.next({ timeoutMs: request.timeoutMs, session: state.abort.signal, accept: extractReceiptNo, refusal: 'not-a-receipt' });
        if (receiptNo === undefined) throw new KioskError('INVALID_REQUEST', 'queryProgress: receiptNo: not a receipt number or progress QR code');
        ctx.stillCurrent(session);
        view = await byReceipt(receiptNo, session, state);
      }
      state.progress = view;
      ctx.logger.info('progress queried', { sessionId: session.id, by: request.by, items: view.items.length });
      return view;
    },
  };
}
