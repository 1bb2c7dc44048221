/**
 * 往来港澳二次签注: the permit (typed, or read by the terminal's scanner) is checked with the shared
 * rule, the upstream lists what this verified holder may apply for on it (kept in the session), and
 * the application for an allowed type on that permit is queued through the outbox under one
 * idempotency key per submission id, so a double tap or a retry never applies twice.
 *
 * The fee: where the terminal takes payments (a wallet channel configured), the upstream's fee
 * for the chosen type is paid at the pay step first (endorsement-fee.ts) and the application
 * carries the order; it is queued between the engine's beginDelivery and delivered, so a crash in
 * between is settled by the delivery check (delivered once, or refunded). Elsewhere the fee is
 * due: the receipt carries the upstream's payment reference.
 */
import { checkPermitNumber, maskPermit, permitFromScan, type PermitCheck } from '../../../contract/rules/hk-macau-permit.ts';
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import type { EndorsementFeeView, EndorsementPaidView, EndorsementReceiptView, EndorsementType } from '../../../contract/services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromServiceUpstreamError, fromSubmissionError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { PaymentOrder } from '../../payments/payment-journal.ts';
import type { ActiveSession } from '../../session/session-store.ts';
import { errorMessage } from '../../util/error-message.ts';
import { issueReceiptNo, progressUrl } from '../shared/receipt-number.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { ENDORSEMENT_FEE_PURPOSE, endorsementDeliveryCheck, endorsementFeeQuote, feeFen, feePayableHere, pendingFees } from './endorsement-fee.ts';
import { endorsementReceipts, endorsementsInFlight, listedOptions } from './endorsement-session.ts';
import { ENDORSEMENT_KIND, ENDORSEMENT_STREAM, endorsementKey, endorsementOptions } from './endorsement-upstream.ts';
import { toOptionsView } from './endorsement-views.ts';

function permitOf(checked: PermitCheck): string {
  if (!checked.ok) throw new KioskError('INVALID_PERMIT_NUMBER', `invalid permit number: ${checked.reason}`);
  return checked.permit;
}

const PAID_STATES: readonly PaymentOrder['state'][] = ['paid', 'delivering', 'delivered'];

export function endorsementHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'listEndorsementOptions' | 'endorsementFee' | 'submitEndorsement'> {
  ctx.deps.payments?.registerPurpose(ENDORSEMENT_FEE_PURPOSE, endorsementFeeQuote(ctx), endorsementDeliveryCheck(ctx.deps.sink));

  /** The listed, allowed option of `type` in this session. */
  function allowedOption(session: ActiveSession, type: EndorsementType, method: string) {
    const listed = listedOptions.get(ctx.stateOf(session));
    if (!listed) throw new KioskError('INVALID_REQUEST', `${method}: list the endorsement options for a permit first`);
    const option = listed.record.options.find((o) => o.type === type);
    if (!option?.allowed) throw new KioskError('ENDORSEMENT_NOT_ALLOWED', `endorsement type ${type} is not allowed for this holder`);
    return { ...listed, option };
  }

  /** The paid order of this submission's fee, checked against what was offered; undefined when the fee is due at the counter. */
  function paidOrder(session: ActiveSession, request: { submissionId: string; type: EndorsementType; orderNo?: string | undefined }, permit: string, feeYuan: number): PaymentOrder | undefined {
    const payments = ctx.deps.payments;
    const atTerminal = feePayableHere(payments) && feeFen(feeYuan) !== undefined;
    if (request.orderNo === undefined) {
      if (atTerminal) throw new KioskError('INVALID_REQUEST', 'submitEndorsement: the fee is paid at the pay step first (endorsementFee)');
      return undefined;
    }
    if (!atTerminal) throw new KioskError('INVALID_REQUEST', 'submitEndorsement: this terminal does not take the fee');
    const pending = pendingFees.get(ctx.stateOf(session))?.get(request.submissionId);
    const order = payments.journal.get(request.orderNo);
    if (order === undefined || order.purpose !== ENDORSEMENT_FEE_PURPOSE || order.purchaseId !== request.submissionId || pending === undefined) {
      throw new KioskError('NOT_FOUND', 'no payment of this application in this session');
    }
    if (pending.type !== request.type || pending.permit !== permit || order.amountFen !== pending.amountFen) {
      throw new KioskError('INVALID_REQUEST', 'submitEndorsement: the order pays another application');
    }
    if (!PAID_STATES.includes(order.state) || order.transactionId === null) throw new KioskError('INVALID_REQUEST', `submitEndorsement: order ${order.orderNo} is ${order.state}, not paid`);
    return order;
  }

  async function submit(request: { submissionId: string; type: EndorsementType; orderNo?: string | undefined }, session: ActiveSession): Promise<EndorsementReceiptView> {
    const { submissionId, type } = request;
    const state = ctx.stateOf(session);
    const identity = ctx.requireIdentity(session);
    const { permit, record, option } = allowedOption(session, type, 'submitEndorsement');
    const order = paidOrder(session, request, permit, option.feeYuan);
    const submittedAt = ctx.now();
    const { terminalId } = ctx.config;
    const receiptNo = issueReceiptNo(terminalId, submissionId, submittedAt);
    const payment: EndorsementReceiptView['payment'] =
      order === undefined
        ? { status: 'due', reference: record.paymentReference }
        : ({ status: 'paid', orderNo: order.orderNo, channel: order.channel, transactionId: order.transactionId!, amountFen: order.paidFen ?? order.amountFen } satisfies EndorsementPaidView);
    const payload = {
      receiptNo,
      terminalId,
      appliedAt: submittedAt.toISOString(),
      applicant: { name: identity.name || identity.nameEn || '', idNumber: identity.idNumber, cardType: identity.cardType },
      permitNumber: permit,
      endorsement: { type, validityMonths: option.validityMonths, times: option.times, feeYuan: option.feeYuan },
      payment,
    };
    const enqueue = () => ctx.deps.sink.submit({ stream: ENDORSEMENT_STREAM, kind: ENDORSEMENT_KIND, payload, personal: true, idempotencyKey: endorsementKey(submissionId) });
    try {
      // Paid: between beginDelivery and delivered, so a crash is settled by the delivery check (the outbox key).
      const outcome = order === undefined ? await enqueue() : await ctx.deps.payments!.engine.deliverThrough(order, enqueue);
      const view: EndorsementReceiptView = {
        receiptNo,
        type,
        permitMasked: maskPermit(permit),
        validityMonths: option.validityMonths,
        times: option.times,
        feeYuan: option.feeYuan,
        payment,
        delivery: outcome.delivery,
        submittedAt: submittedAt.toISOString(),
        progressUrl: progressUrl(ctx.publicBaseUrl, receiptNo),
      };
      // The application is durable even if the citizen left meanwhile; only the receipt is theirs.
      if (ctx.deps.sessions.current() === session) {
        const receipts = endorsementReceipts.get(state) ?? new Map<string, EndorsementReceiptView>();
        receipts.set(submissionId, view);
        endorsementReceipts.set(state, receipts);
      }
      ctx.logger.info('endorsement submitted', { sessionId: session.id, type, receiptNo, applicant: maskIdNumber(identity.idNumber), delivery: outcome.delivery, orderNo: order?.orderNo });
      return view;
    } catch (error) {
      // A paid order stays "delivering": a retry delivers it, or the settle loop refunds it once the outbox is found without it.
      if (order !== undefined) ctx.logger.warn('a paid endorsement was not queued', { orderNo: order.orderNo, error: errorMessage(error) });
      throw fromSubmissionError(error);
    }
  }

  return {
    listEndorsementOptions: async (request, { session }) => {
      const state = ctx.stateOf(session);
      const identity = ctx.requireIdentity(session);
      const permit = permitOf(
        request.by === 'entry'
          ? checkPermitNumber(request.permitNumber)
          : // A misread machine-readable line is no permit: the scanner waits on; a readable wrong one is refused with its reason.
            await ctx.scanGate.next({
              timeoutMs: request.timeoutMs,
              session: state.abort.signal,
              accept: (text): PermitCheck | undefined => {
                const checked = permitFromScan(text);
                return !checked.ok && checked.reason === 'scan-unreadable' ? undefined : checked;
              },
              refusal: 'not-a-permit',
            }),
      );
      ctx.stillCurrent(session);
      try {
        const record = await endorsementOptions(
          ctx.upstream(),
          { idNumber: identity.idNumber, name: identity.name || identity.nameEn || '', permitNumber: permit },
          { signal: state.abort.signal },
        );
        ctx.stillCurrent(session);
        listedOptions.set(state, { permit, record });
        ctx.logger.info('endorsement options listed', {
          sessionId: session.id,
          by: request.by,
          permit: maskPermit(permit),
          allowed: record.options.filter((o) => o.allowed).map((o) => o.type).join(''),
        });
        return toOptionsView(record, ctx.now());
      } catch (error) {
        // A 4xx here refuses the permit itself (not this holder's, not endorsable): the screen asks to check it.
        throw fromServiceUpstreamError(error, 'INVALID_PERMIT_NUMBER');
      }
    },

    endorsementFee: ({ submissionId, type }, { session }): Promise<EndorsementFeeView> => {
      const { permit, option } = allowedOption(session, type, 'endorsementFee');
      const amountFen = feeFen(option.feeYuan);
      if (!feePayableHere(ctx.deps.payments) || amountFen === undefined) return Promise.resolve({ payAt: 'counter', feeYuan: option.feeYuan });
      const state = ctx.stateOf(session);
      const fees = pendingFees.get(state) ?? new Map();
      const earlier = fees.get(submissionId);
      // One submission id, one purchase: another type under it would let an order pay for the wrong application.
      if (earlier !== undefined && (earlier.type !== type || earlier.permit !== permit)) throw new KioskError('INVALID_REQUEST', 'endorsementFee: this submission id is for another application');
      fees.set(submissionId, { type, permit, amountFen });
      pendingFees.set(state, fees);
      return Promise.resolve({ payAt: 'terminal', purpose: ENDORSEMENT_FEE_PURPOSE, purchaseId: submissionId, amountFen });
    },

    submitEndorsement: async (request, { session }) => {
      const state = ctx.stateOf(session);
      const earlier = endorsementReceipts.get(state)?.get(request.submissionId);
      if (earlier) return earlier;
      const inFlight = endorsementsInFlight.get(state) ?? new Map<string, Promise<EndorsementReceiptView>>();
      endorsementsInFlight.set(state, inFlight);
      const pending = inFlight.get(request.submissionId);
      if (pending) return pending;
      const submitting = submit(request, session);
      inFlight.set(request.submissionId, submitting);
      try {
        return await submitting;
      } finally {
        inFlight.delete(request.submissionId);
      }
    },
  };
}
