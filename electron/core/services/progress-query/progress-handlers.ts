/**
 * 办件查询 (progress query): by the receipt number (typed, or the receipt's QR code from the
 * camera or the terminal's scanner) or by the ID card read in this session.
 */
import type { ProgressView } from '../../../contract/service-api.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromServiceUpstreamError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ActiveSession } from '../../session/session-store.ts';
import { extractReceiptNo } from '../shared/receipt-number.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { progressResult } from './progress-slip.ts';
import { progressByHolder, progressByReceipt, type ProgressRecord } from './progress-upstream.ts';
import { maskedHolder, toProgressItem } from './progress-views.ts';

export function progressHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'queryProgress'> {
  const item = (session: ActiveSession, personal: readonly string[]) => (record: ProgressRecord) =>
    toProgressItem(record, personal, (reason) =>
      // The receipt number is not personal; the address itself may be (that is one reason to refuse it).
      ctx.logger.warn('progress: result page address refused, no QR offered', { sessionId: session.id, receiptNo: record.receiptNo, reason }),
    );

  const byReceipt = async (receiptNo: string, session: ActiveSession): Promise<ProgressView> => {
    try {
      const record = await progressByReceipt(ctx.upstream(), receiptNo, { signal: ctx.stateOf(session).abort.signal });
      ctx.stillCurrent(session);
      const identity = session.identity;
      const personal = identity ? [identity.idNumber, identity.name, identity.nameEn ?? ''] : [];
      return { holderNameMasked: '', items: [item(session, personal)(record)], queriedAt: ctx.now().toISOString() };
    } catch (error) {
      throw fromServiceUpstreamError(error);
    }
  };

  const byHolder = async (session: ActiveSession): Promise<ProgressView> => {
    const identity = ctx.requireIdentity(session);
    try {
      const name = identity.name || identity.nameEn || '';
      const list = await progressByHolder(ctx.upstream(), { idNumber: identity.idNumber, name }, { signal: ctx.stateOf(session).abort.signal });
      ctx.stillCurrent(session);
      const personal = [identity.idNumber, name, list.holderName];
      return { holderNameMasked: maskedHolder(list.holderName || name), items: list.items.map(item(session, personal)), queriedAt: ctx.now().toISOString() };
    } catch (error) {
      throw fromServiceUpstreamError(error);
    }
  };

  return {
    queryProgress: async (request, { session }) => {
      const state = ctx.stateOf(session);
      let view: ProgressView;
      if (request.by === 'idCard') {
        view = await byHolder(session);
      } else {
        const receiptNo =
          request.by === 'receipt'
            ? extractReceiptNo(request.receiptNo)
            : await ctx.scanGate.next({ timeoutMs: request.timeoutMs, session: state.abort.signal, accept: extractReceiptNo, refusal: 'not-a-receipt' });
        if (receiptNo === undefined) throw new KioskError('INVALID_REQUEST', 'queryProgress: receiptNo: not a receipt number or progress QR code');
        ctx.stillCurrent(session);
        view = await byReceipt(receiptNo, session);
      }
      progressResult.set(state, view);
      ctx.logger.info('progress queried', { sessionId: session.id, by: request.by, items: view.items.length });
      return view;
    },
  };
}
