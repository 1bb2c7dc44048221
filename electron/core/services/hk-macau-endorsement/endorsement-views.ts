/** What the screen sees of the upstream's answer: the permit masked, nothing else personal. */
import { maskPermit } from '../../../contract/rules/hk-macau-permit.ts';
import type { EndorsementOptionsView } from '../../../contract/services/hk-macau-endorsement/hk-macau-endorsement.contract.ts';
import type { EndorsementOptionsRecord } from './endorsement-upstream.ts';

export function toOptionsView(record: EndorsementOptionsRecord, queriedAt: Date): EndorsementOptionsView {
  return {
    permitMasked: maskPermit(record.permitNumber),
    permitExpiresOn: record.expiresOn,
    options: record.options.map((o) => ({
      type: o.type,
      allowed: o.allowed,
      ...(o.refusal ? { refusal: o.refusal } : {}),
      validityMonths: o.validityMonths,
      times: o.times,
      feeYuan: o.feeYuan,
    })),
    queriedAt: queriedAt.toISOString(),
  };
}
