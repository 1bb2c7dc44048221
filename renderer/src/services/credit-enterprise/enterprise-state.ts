/** 信用查询 · 企业: code on the keyboard → query → record (→ print, rate, finish). */
import type { EnterpriseCreditView, KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { go, guarded, type MachineModel } from '../../flow/machine.ts';
import { checkCreditCode, normaliseCreditCode, type CreditCodeProblem } from '../../../../electron/contract/rules/credit-code.ts';

export type EnterpriseState =
  | { phase: 'entry'; code: string; problem: CreditCodeProblem | null }
  | { phase: 'querying'; code: string }
  | { phase: 'result'; view: EnterpriseCreditView }
  | { phase: 'error'; code: KioskErrorCode; creditCode: string };

export type EnterpriseAction =
  | { type: 'submit'; code: string }
  | { type: 'loaded'; op: number; view: EnterpriseCreditView }
  | { type: 'failed'; op: number; code: KioskErrorCode }
  | { type: 'retry' }
  | { type: 'edit' };

export const enterpriseStart: EnterpriseState = { phase: 'entry', code: '', problem: null };

export const enterpriseReducer = guarded((model: MachineModel<EnterpriseState>, action: EnterpriseAction): MachineModel<EnterpriseState> => {
  const { state } = model;
  switch (action.type) {
    case 'submit': {
      if (state.phase !== 'entry') return model;
      const code = normaliseCreditCode(action.code);
      const check = checkCreditCode(code);
      return go(model, check.ok ? { phase: 'querying', code } : { phase: 'entry', code, problem: check.reason });
    }
    case 'loaded':
      return state.phase === 'querying' ? go(model, { phase: 'result', view: action.view }) : model;
    case 'failed':
      if (state.phase !== 'querying') return model;
      // The core's GB 32100 check disagrees with nothing we could fix by retrying: back to the code.
      return go(
        model,
        action.code === 'INVALID_CREDIT_CODE'
          ? { phase: 'entry', code: state.code, problem: 'check-character' }
          : { phase: 'error', code: action.code, creditCode: state.code },
      );
    case 'retry':
      return state.phase === 'error' ? go(model, { phase: 'querying', code: state.creditCode }) : model;
    case 'edit':
      return state.phase === 'error' || state.phase === 'result'
        ? go(model, { phase: 'entry', code: state.phase === 'error' ? state.creditCode : '', problem: null })
        : model;
  }
});
