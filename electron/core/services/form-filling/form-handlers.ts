/**
 * 自助填表 / 一表通用: open a form prefilled from the ID card and verified e-licences, validate on
 * the core side (also as the citizen goes, keeping a draft), submit through the SubmissionSink and
 * issue a receipt with a progress QR. Verified e-licences travel with the form instead of paper.
 */
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import type { FormSchemaView, FormSummary } from '../../../contract/service-api.ts';
import { maskName } from '../../../contract/rules/person-name.ts';
import { prefillForm } from './form-prefill.ts';
import { FORM_KIND, FORM_STREAM, formFields, requiresIdCard, type FormResource } from './form-schema.ts';
import { normaliseFormValues, validateFormValues } from './form-validation.ts';
import { issueReceiptNo, progressUrl } from '../shared/receipt-number.ts';
import type { ServiceSessionState } from '../shared/service-session.ts';
import type { ActiveSession } from '../../session/session-store.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromSubmissionError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { zonedIsoDate } from '../../../contract/rules/zoned-time.ts';

type FormMethods = 'listForms' | 'startForm' | 'validateForm' | 'submitForm';

export function formHandlers(ctx: ServiceContext): Pick<KioskHandlers, FormMethods> {
  const forms = ctx.deps.content.forms;
  const form = (formId: string): FormResource => {
    const found = forms.get(formId);
    if (!found) throw new KioskError('NOT_FOUND', `no form ${formId}`);
    return found;
  };
  const prefillOf = (f: FormResource, session: ActiveSession, state: ServiceSessionState) =>
    prefillForm(f, { identity: session.identity, licences: new Map([...state.licences].map(([type, r]) => [type, r.fields])) });
  const lockedPrefill = (f: FormResource, session: ActiveSession, state: ServiceSessionState): Record<string, string> => {
    const { values } = prefillOf(f, session, state);
    const locked = new Set(formFields(f).filter((field) => field.lockedWhenPrefilled).map((field) => field.id));
    return Object.fromEntries(Object.entries(values).filter(([id]) => locked.has(id)));
  };
  const checkCard = (f: FormResource, session: ActiveSession) => {
    if (requiresIdCard(f)) ctx.requireIdentity(session);
  };

  return {
    listForms: () => {
      return [...forms.values()].map(toSummary);
    },

    startForm: ({ formId }, { session }) => {
      const state = ctx.stateOf(session);
      const f = form(formId);
      checkCard(f, session);
      const { values, prefilled } = prefillOf(f, session, state);
      // A draft kept from earlier in this session (e.g. before calling staff) wins over the prefill,
      // except for fields the card locks.
      const draft = state.formDrafts.get(formId) ?? {};
      const locked = lockedPrefill(f, session, state);
      return { form: toSchemaView(f, ctx.now(), ctx.config.hall.timeZone), values: { ...values, ...draft, ...locked }, prefilled };
    },

    validateForm: ({ formId, values }, { session }) => {
      const state = ctx.stateOf(session);
      const f = form(formId);
      checkCard(f, session);
      const errors = validateFormValues(f, values, { prefilled: lockedPrefill(f, session, state), today: ctx.now(), timeZone: ctx.config.hall.timeZone });
      state.formDrafts.set(formId, normaliseFormValues(f, values));
      return { valid: errors.length === 0, errors };
    },

    submitForm: async ({ submissionId, formId, values }, { session }) => {
      const state = ctx.stateOf(session);
      const f = form(formId);
      checkCard(f, session);
      const earlier = state.submitted.get(submissionId);
      const earlierReceipt = earlier === undefined ? undefined : state.receipts.get(earlier);
      if (earlierReceipt) return earlierReceipt.view;
      const errors = validateFormValues(f, values, { prefilled: lockedPrefill(f, session, state), today: ctx.now(), timeZone: ctx.config.hall.timeZone });
      if (errors.length > 0) {
        const summary = errors.slice(0, 5).map((e) => `${e.field}: ${e.code}`).join(', ');
        throw new KioskError('FORM_INVALID', `form ${formId} has ${errors.length} invalid field(s): ${summary}`);
      }
      const submittedAt = ctx.now();
      const { terminalId } = ctx.config;
      const receiptNo = issueReceiptNo(terminalId, submissionId, submittedAt);
      const identity = session.identity;
      const payload = {
        receiptNo,
        formId,
        formVersion: f.version,
        matterCode: f.matterCode,
        submittedAt: submittedAt.toISOString(),
        terminalId,
        values: normaliseFormValues(f, values),
        ...(identity
          ? { applicant: { name: identity.name || identity.nameEn || '', idNumber: identity.idNumber, cardType: identity.cardType } }
          : {}),
        // 免证办: verified e-licences replace the paper copies of those materials.
        eLicences: [...state.licences.values()].map((l) => ({ licenceType: l.licenceType, licenceNo: l.licenceNo })),
      };
      try {
        const outcome = await ctx.deps.sink.submit({
          stream: FORM_STREAM,
          kind: FORM_KIND,
          payload,
          personal: true,
          idempotencyKey: `form-${submissionId}`,
        });
        const view = {
          receiptNo,
          serviceId: 'form-filling' as const,
          title: f.title,
          delivery: outcome.delivery,
          submittedAt: submittedAt.toISOString(),
          progressUrl: progressUrl(ctx.publicBaseUrl, receiptNo),
        };
        if (ctx.deps.sessions.current() === session) {
          state.submitted.set(submissionId, receiptNo);
          state.formDrafts.delete(formId);
          const applicant = identity ? `${maskName(identity.name || identity.nameEn || '')} ${maskIdNumber(identity.idNumber)}` : '';
          state.receipts.set(receiptNo, { kind: 'form', view, applicantMasked: applicant });
        }
        ctx.logger.info('form submitted', { sessionId: session.id, formId, receiptNo, delivery: outcome.delivery });
        return view;
      } catch (error) {
        throw fromSubmissionError(error);
      }
    },
  };
}

const toSummary = (f: FormResource): FormSummary => ({
  formId: f.formId,
  version: f.version,
  title: f.title,
  ...(f.description ? { description: f.description } : {}),
  requiresIdCard: requiresIdCard(f),
});

function toSchemaView(f: FormResource, now: Date, timeZone: string): FormSchemaView {
  // 'today' is the hall's date, the one validateFormValues checks against.
  const today = zonedIsoDate(now, timeZone);
  const resolve = (bound: string | undefined) => (bound === 'today' ? today : bound);
  return {
    ...toSummary(f),
    sections: f.sections.map((section) => ({
      id: section.id,
      title: section.title,
      fields: section.fields.map((field) => {
        const minDate = resolve(field.minDate);
        const maxDate = resolve(field.maxDate);
        return {
          id: field.id,
          type: field.type,
          label: field.label,
          ...(field.hint ? { hint: field.hint } : {}),
          required: field.required,
          ...(field.minLength !== undefined ? { minLength: field.minLength } : {}),
          maxLength: field.maxLength,
          ...(field.pattern ? { pattern: field.pattern } : {}),
          ...(minDate ? { minDate } : {}),
          ...(maxDate ? { maxDate } : {}),
          ...(field.options ? { options: field.options } : {}),
          keyboard: field.keyboard,
          ...(field.prefill ? { prefill: field.prefill } : {}),
          sensitive: field.sensitive,
          lockedWhenPrefilled: field.lockedWhenPrefilled,
        };
      }),
    })),
  };
}
