/**
 * 信用承诺: show the text of a matter, take the citizen's confirmation and signature, queue the
 * signed commitment through the SubmissionSink and issue an acceptance receipt.
 */
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import { maskName } from '../../../contract/rules/person-name.ts';
import { checkSignaturePng, COMMITMENT_KIND, COMMITMENT_STREAM, toCommitmentSummary, toCommitmentView } from './commitments.ts';
import { issueReceiptNo, progressUrl } from '../shared/receipt-number.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromSubmissionError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ServiceContext } from '../shared/service-context.ts';

type CommitmentMethods = 'listCommitmentMatters' | 'getCommitmentMatter' | 'submitCommitment';

export function commitmentHandlers(ctx: ServiceContext): Pick<KioskHandlers, CommitmentMethods> {
  const matters = ctx.deps.content.commitments;
  const matter = (matterId: string) => {
    const found = matters.get(matterId);
    if (!found) throw new KioskError('NOT_FOUND', `no commitment matter ${matterId}`);
    return found;
  };

  return {
    listCommitmentMatters: () => {
      return [...matters.values()].map(toCommitmentSummary);
    },

    getCommitmentMatter: ({ matterId }) => {
      return toCommitmentView(matter(matterId));
    },

    submitCommitment: async ({ submissionId, matterId, matterVersion, signaturePng }, { session }) => {
      const state = ctx.stateOf(session);
      const identity = ctx.requireIdentity(session);
      const text = matter(matterId);
      const earlier = state.submitted.get(submissionId);
      const earlierReceipt = earlier === undefined ? undefined : state.receipts.get(earlier);
      if (earlierReceipt) return earlierReceipt.view;
      if (text.version !== matterVersion) {
        throw new KioskError('CONTENT_CHANGED', `commitment ${matterId} is now version ${text.version}; the screen showed ${matterVersion}`);
      }
      if (text.signatureRequired && !signaturePng) throw new KioskError('INVALID_REQUEST', 'submitCommitment: signaturePng: a signature is required');
      if (signaturePng) {
        const image = checkSignaturePng(signaturePng);
        if (!image.ok) throw new KioskError('INVALID_REQUEST', `submitCommitment: signaturePng: ${image.reason}`);
      }
      const submittedAt = ctx.now();
      const { terminalId } = ctx.config;
      const receiptNo = issueReceiptNo(terminalId, submissionId, submittedAt);
      const payload = {
        receiptNo,
        matterId,
        matterCode: text.matterCode,
        matterVersion: text.version,
        committedAt: submittedAt.toISOString(),
        terminalId,
        committer: { name: identity.name || identity.nameEn || '', idNumber: identity.idNumber, cardType: identity.cardType },
        ...(signaturePng ? { signaturePng } : {}),
      };
      try {
        const outcome = await ctx.deps.sink.submit({
          stream: COMMITMENT_STREAM,
          kind: COMMITMENT_KIND,
          payload,
          personal: true,
          idempotencyKey: `commitment-${submissionId}`,
        });
        const view = {
          receiptNo,
          serviceId: 'credit-commitment' as const,
          title: text.title,
          delivery: outcome.delivery,
          submittedAt: submittedAt.toISOString(),
          progressUrl: progressUrl(ctx.publicBaseUrl, receiptNo),
        };
        // The submission is durable even if the citizen left meanwhile; only the receipt is theirs.
        if (ctx.deps.sessions.current() === session) {
          state.submitted.set(submissionId, receiptNo);
          state.receipts.set(receiptNo, {
            kind: 'commitment',
            view,
            applicantMasked: `${maskName(identity.name || identity.nameEn || '')} ${maskIdNumber(identity.idNumber)}`,
          });
        }
        ctx.logger.info('commitment submitted', { sessionId: session.id, matterId, receiptNo, delivery: outcome.delivery });
        return view;
      } catch (error) {
        throw fromSubmissionError(error);
      }
    },
  };
}
