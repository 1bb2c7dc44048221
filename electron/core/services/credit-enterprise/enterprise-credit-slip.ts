/** The slip of an enterprise credit query: the record kept in the session, the legal representative masked. */
import { maskName } from '../../../contract/rules/person-name.ts';
import { SessionSlot } from '../shared/service-session.ts';
import { finishSlip, formatTime, startSlip, type SlipContext } from '../shared/slip-frame.ts';
import { nothingToPrint, type SlipRenderer } from '../shared/slip-renderers.ts';
import type { EnterpriseCreditRecord } from './enterprise-credit-upstream.ts';

/** The session's last enterprise credit result, which the slip prints. */
export const enterpriseCreditResult = new SessionSlot<{ record: EnterpriseCreditRecord; queriedAt: Date }>('enterprise-credit');

export function buildEnterpriseCreditSlip(record: EnterpriseCreditRecord, queriedAt: Date, ctx: SlipContext): Uint8Array {
  const s = ctx.texts;
  const b = startSlip(s.enterpriseTitle);
  b.line(`${s.reportNo}: ${record.reportNo}`);
  b.line(`${s.entityName}: ${record.entityName}`);
  b.line(`${s.creditCode}: ${record.creditCode}`);
  b.line(`${s.entityType}: ${record.entityType}`);
  b.line(`${s.legalRepresentative}: ${maskName(record.legalRepresentative)}`);
  b.bold(true).line(`${s.status}: ${record.status}`).bold(false);
  for (const entry of record.entries) b.line(`- ${entry.title}`).line(`  ${entry.authority} ${entry.date}`);
  b.line(`${s.submittedAt}: ${formatTime(queriedAt, ctx.timeZone)}`);
  return finishSlip(b, ctx, { url: record.verifyUrl, caption: s.scanVerify });
}

export const enterpriseCreditSlip: SlipRenderer<'enterprise-credit'> = ({ state, slip }) => {
  const result = enterpriseCreditResult.get(state);
  if (!result) throw nothingToPrint('enterprise credit report');
  return buildEnterpriseCreditSlip(result.record, result.queriedAt, slip);
};
