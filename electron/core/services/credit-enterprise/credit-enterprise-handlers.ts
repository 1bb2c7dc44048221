/** 信用查询 · 企业: a unified social credit code checked here (GB 32100), then the upstream. */
import { checkCreditCode } from '../../../contract/rules/credit-code.ts';
import type { KioskHandlers } from '../../api/dispatcher.ts';
import { fromServiceUpstreamError } from '../../api/error-mapping.ts';
import { KioskError } from '../../api/kiosk-error.ts';
import type { ServiceContext } from '../shared/service-context.ts';
import { toEnterpriseCreditView } from './credit-enterprise-views.ts';
import { enterpriseCreditResult } from './enterprise-credit-slip.ts';
import { enterpriseCredit } from './enterprise-credit-upstream.ts';

export function enterpriseCreditHandlers(ctx: ServiceContext): Pick<KioskHandlers, 'queryEnterpriseCredit'> {
  return {
    queryEnterpriseCredit: async ({ creditCode }, { session }) => {
      const state = ctx.stateOf(session);
      const check = checkCreditCode(creditCode);
      if (!check.ok) throw new KioskError('INVALID_CREDIT_CODE', `invalid unified social credit code (${check.reason}): ${check.message}`);
      try {
        const record = await enterpriseCredit(ctx.upstream(), check.code, { signal: state.abort.signal });
        ctx.stillCurrent(session);
        const queriedAt = ctx.now();
        enterpriseCreditResult.set(state, { record, queriedAt });
        ctx.logger.info('enterprise credit queried', { sessionId: session.id, reportNo: record.reportNo });
        return toEnterpriseCreditView(record, queriedAt);
      } catch (error) {
        throw fromServiceUpstreamError(error);
      }
    },
  };
}
