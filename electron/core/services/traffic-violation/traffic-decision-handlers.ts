/**
 * 交通违法处理 by 简易程序: the decision draft for a violation the platform allows, the holder's
 * acceptance with their signature (journalled, idempotent by the screen's key, synchronous since
 * the decision number is what is paid), the fine's delivery after the pay step, and the
 * 处罚决定书 on A4. Eligibility, points and fines are the platform's; the terminal only refuses
 * early what the platform already said it would refuse.
 */
import { createHash } from 'node:crypto';
import { maskPlate } from '../../../contract/rules/plate-number.ts';
import type { TrafficDecisionView } from '../../../contract/service-api.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromServiceUpstreamError, fromSubmissionError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import { DocumentPrinterUnavailableError, DocumentPrintOutcomeUnknownError } from '../../documents/document-printer.ts';
import type { PaymentOrder } from '../../payments/payment-journal.ts';
import { printLocale } from '../../printing/print-locale.ts';
import { UpstreamError } from '../../upstream/upstream-client.ts';
import { errorMessage } from '../../util/error-message.ts';
import { SessionSlot } from '../shared/service-session.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { checkPublicResultUrl } from '../shared/public-result-url.ts';
import { checkSignaturePng } from '../shared/signature-png.ts';
import type { SubmissionOutcome } from '../shared/submission-sink.ts';
import { buildDecisionHtml, holderMasked, paidDecisions, type DecisionDocument } from './traffic-decision-document.ts';
import { deliverFine, registerFinePurpose, type FineDeps } from './traffic-fine.ts';
import { TrafficJournal, type DecisionRow } from './traffic-journal.ts';
import { trafficResult } from './traffic-slip.ts';
import { acceptDecision, decisionDraft, type DecisionDraftRecord, type TrafficViolationRecord } from './traffic-upstream.ts';

type DecisionMethods = 'draftTrafficDecision' | 'acceptTrafficDecision' | 'completeTrafficFine' | 'printTrafficDecision';

/** The drafts shown in this session, by violation: the acceptance must name the one the holder read. */
const drafts = new SessionSlot<Map<string, DecisionDraftRecord>>('traffic-drafts');

const viewOf = (row: DecisionRow, paid: boolean): TrafficDecisionView => ({
  decisionNo: row.decisionNo!,
  noticeNo: row.noticeNo!,
  amountFen: row.amountFen!,
  points: row.points!,
  decidedAt: row.decidedAt!,
  resultUrl: row.resultUrl!,
  paid,
});

export function trafficDecisionHandlers(ctx: ServiceContext): Pick<KioskHandlers, DecisionMethods> {
  const db = ctx.deps.db;
  const journal = db === undefined ? undefined : new TrafficJournal(db, ctx.now);
  const fineDeps = (j: TrafficJournal): FineDeps => ({ journal: j, sink: ctx.deps.sink, logger: ctx.logger, terminalId: () => ctx.config.terminalId });
  const payments = ctx.deps.payments;
  /** One delivery per decision at a time; a second caller waits for the first. */
  const deliveries = new Map<string, Promise<SubmissionOutcome>>();
  const inFlightAccepts = new Map<string, Promise<TrafficDecisionView>>();

  const deliver = (order: PaymentOrder): Promise<SubmissionOutcome> => {
    const running = deliveries.get(order.purchaseId);
    if (running) return running;
    const job = deliverFine(fineDeps(journal!), payments!, order).finally(() => deliveries.delete(order.purchaseId));
    deliveries.set(order.purchaseId, job);
    return job;
  };

  if (journal && payments) {
    registerFinePurpose(fineDeps(journal), payments);
    // A fine paid is delivered by the core itself, so a citizen who walks away after paying still
    // has it marked paid. Next turn: an amount mismatch has moved the order to refunding by then.
    payments.engine.on('changed', (order) => {
      if (order.purpose !== 'traffic-fine' || order.state !== 'paid') return;
      setImmediate(() => {
        const now = payments.engine.get(order.orderNo);
        if (now?.state !== 'paid' || now.paidFen !== now.amountFen) return;
        deliver(now).catch((error: unknown) => ctx.logger.warn('traffic fine delivery deferred to the settle loop', { orderNo: now.orderNo, error: errorMessage(error) }));
      });
    });
  }

  const needJournal = (): TrafficJournal => {
    if (!journal) throw new KioskError('SERVICE_DISABLED', 'traffic decisions need the terminal database');
    return journal;
  };

  const violationOf = (violations: readonly TrafficViolationRecord[] | undefined, violationId: string): TrafficViolationRecord => {
    const found = violations?.find((v) => v.violationId === violationId);
    if (!found) throw new KioskError('NOT_FOUND', 'no such violation in the last query of this session');
    return found;
  };

  const refusal = (error: unknown): KioskError => {
    if (error instanceof UpstreamError && error.kind === 'rejected' && error.status === 409) return new KioskError('VIOLATION_ALREADY_HANDLED', error.message);
    if (error instanceof UpstreamError && error.kind === 'rejected' && error.status === 422) return new KioskError('VIOLATION_NOT_ELIGIBLE', error.message);
    return fromServiceUpstreamError(error);
  };

  return {
    draftTrafficDecision: async ({ violationId }, { session }) => {
      const state = ctx.stateOf(session);
      const identity = ctx.requireIdentity(session);
      const last = trafficResult.get(state);
      const violation = violationOf(last?.record.items, violationId);
      if (violation.handled) throw new KioskError('VIOLATION_ALREADY_HANDLED', 'the violation is already handled');
      if (!violation.simpleProcedure.eligible) throw new KioskError('VIOLATION_NOT_ELIGIBLE', violation.simpleProcedure.reason ?? 'not eligible for the simple procedure');
      try {
        const draft = await decisionDraft(
          ctx.upstream(),
          { idNumber: identity.idNumber, name: identity.name || identity.nameEn || '', plateNumber: last!.record.plateNumber, violationId },
          { signal: state.abort.signal },
        );
        ctx.stillCurrent(session);
        const kept = drafts.get(state) ?? new Map<string, DecisionDraftRecord>();
        kept.set(violationId, draft);
        drafts.set(state, kept);
        return { ...draft };
      } catch (error) {
        throw refusal(error);
      }
    },

    acceptTrafficDecision: async ({ acceptId, violationId, draftNo, signaturePng }, { session }) => {
      const j = needJournal();
      const state = ctx.stateOf(session);
      const identity = ctx.requireIdentity(session);
      const paidAlready = (row: DecisionRow): boolean => paidDecisions.get(state)?.has(row.decisionNo!) === true || row.paidOrderNo !== null;
      const earlier = j.get(acceptId);
      if (earlier?.state === 'accepted') return viewOf(earlier, paidAlready(earlier));
      const running = inFlightAccepts.get(acceptId);
      if (running) return running;
      const last = trafficResult.get(state);
      violationOf(last?.record.items, violationId);
      // This terminal already obtained the decision (another tap, an earlier visit): pay that one.
      const decided = j.acceptedFor(violationId);
      if (decided) return viewOf(decided, paidAlready(decided));
      const draft = drafts.get(state)?.get(violationId);
      if (!draft || draft.draftNo !== draftNo) throw new KioskError('CONTENT_CHANGED', 'the decision text shown is not the current draft');
      const image = checkSignaturePng(signaturePng);
      if (!image.ok) throw new KioskError('INVALID_REQUEST', `acceptTrafficDecision: signaturePng: ${image.reason}`);
      const signatureSha256 = createHash('sha256').update(signaturePng).digest('hex');
      const job = (async (): Promise<TrafficDecisionView> => {
        if (!earlier) j.begin(acceptId, violationId, draftNo);
        try {
          const decision = await acceptDecision(
            ctx.upstream(),
            { idNumber: identity.idNumber, name: identity.name || identity.nameEn || '', plateNumber: last!.record.plateNumber, violationId, draftNo, signatureSha256 },
            `traffic-accept-${acceptId}`,
            { signal: state.abort.signal },
          );
          const row = j.accepted(acceptId, decision);
          ctx.logger.info('traffic decision accepted', { sessionId: session.id, decisionNo: decision.decisionNo, plate: maskPlate(last!.record.plateNumber), amountFen: decision.amountFen });
          return viewOf(row, false);
        } catch (error) {
          const mapped = refusal(error);
          // A definite no is recorded; an unknown answer leaves the row 'accepting' for a retry with the same key.
          if (mapped.code === 'VIOLATION_ALREADY_HANDLED' || mapped.code === 'VIOLATION_NOT_ELIGIBLE' || mapped.code === 'UPSTREAM_REJECTED') j.refused(acceptId, mapped.code);
          throw mapped;
        }
      })();
      inFlightAccepts.set(acceptId, job);
      try {
        return await job;
      } finally {
        inFlightAccepts.delete(acceptId);
      }
    },

    completeTrafficFine: async ({ decisionNo, orderNo }, { session }) => {
      const j = needJournal();
      if (!payments) throw new KioskError('SERVICE_DISABLED', 'payments are not configured on this terminal');
      const state = ctx.stateOf(session);
      const identity = ctx.requireIdentity(session);
      const row = j.byDecision(decisionNo);
      const order = payments.engine.get(orderNo);
      if (!row || order?.purpose !== 'traffic-fine' || order.purchaseId !== decisionNo) throw new KioskError('NOT_FOUND', 'no such paid fine');
      if (!['paid', 'delivering', 'delivered'].includes(order.state)) throw new KioskError('INVALID_REQUEST', `the fine's order is ${order.state}, not paid`);
      let outcome: SubmissionOutcome;
      try {
        outcome = await deliver(order);
      } catch (error) {
        throw fromSubmissionError(error);
      }
      const violation = trafficResult.get(state)?.record.items.find((v) => v.violationId === row.violationId);
      const plate = trafficResult.get(state)?.record.plateNumber ?? '';
      const paidOrder = payments.engine.get(orderNo)!;
      const page = checkPublicResultUrl(row.resultUrl!, [identity.idNumber, identity.name, identity.nameEn ?? '', plate]);
      if (!page.ok) ctx.logger.warn('the decision page address was not offered', { decisionNo, reason: page.reason });
      const resultUrl = page.ok ? { resultUrl: page.url } : {};
      const document: DecisionDocument = {
        decisionNo,
        noticeNo: row.noticeNo!,
        holderMasked: holderMasked(identity.name || identity.nameEn || '', identity.idNumber),
        plateMasked: maskPlate(plate),
        occurredAt: violation?.occurredAt ?? row.decidedAt!,
        location: violation?.location ?? '',
        behaviour: violation?.behaviour ?? '',
        legalBasis: violation?.legalBasis ?? '',
        authority: violation?.authority ?? '',
        points: row.points!,
        amountFen: paidOrder.paidFen ?? paidOrder.amountFen,
        decidedAt: row.decidedAt!,
        orderNo,
        transactionId: paidOrder.transactionId ?? '',
        ...resultUrl,
      };
      const kept = paidDecisions.get(state) ?? new Map<string, DecisionDocument>();
      kept.set(decisionNo, document);
      paidDecisions.set(state, kept);
      const config = ctx.config;
      return { decisionNo, delivery: outcome.delivery, ...resultUrl, a4: ctx.deps.documentPrinter !== undefined && config.devices.a4Printer.enabled };
    },

    printTrafficDecision: async ({ jobId, decisionNo }, { session }) => {
      const document = paidDecisions.get(ctx.stateOf(session))?.get(decisionNo);
      if (!document) throw new KioskError('NOT_FOUND', 'nothing to print: no paid traffic decision in this session');
      const config = ctx.config;
      const printer = ctx.deps.documentPrinter;
      if (!printer || !config.devices.a4Printer.enabled) throw new KioskError('DEVICE_UNAVAILABLE', 'no A4 printer on this terminal');
      const html = buildDecisionHtml(document, ctx.deps.content.print.slip(printLocale(config.locale)), config.terminalId, ctx.now(), config.hall.timeZone);
      const { printerName } = config.devices.a4Printer;
      try {
        await printer.print(html, { jobId, ...(printerName ? { printerName } : {}) });
        ctx.logger.info('traffic decision printed on A4', { sessionId: session.id, jobId, decisionNo });
        return { jobId, status: 'printed' };
      } catch (error) {
        if (error instanceof DocumentPrinterUnavailableError) throw new KioskError('DEVICE_UNAVAILABLE', 'A4 printer unavailable');
        // Never "failed" when it may be on paper: a second copy of a personal document is worse.
        if (error instanceof DocumentPrintOutcomeUnknownError) return { jobId, status: 'unknown' };
        ctx.logger.warn('traffic decision A4 print refused', { sessionId: session.id, jobId, error: errorMessage(error).replace(/\d{17}[\dXx]/g, '[id]').slice(0, 200) });
        return { jobId, status: 'failed', reason: 'the printer refused the job' };
      }
    },
  };
}
