/** 信用查询 · 企业: the unified social credit code on the keyboard, then the public record. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../../i18n/format-date.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { CreditEntries, CreditStatusBadge } from '../../components/CreditEntries.tsx';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { OnScreenKeyboard } from '../../keyboard/OnScreenKeyboard.tsx';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService, useServiceScreen } from '../service-context.tsx';
import { ResultActions } from '../shared/ResultActions.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { CREDIT_CODE_CHARSET } from '../../../../electron/contract/rules/credit-code.ts';
import { enterpriseReducer, enterpriseStart, type EnterpriseAction, type EnterpriseState } from './enterprise-state.ts';

const step = (ctx: ServiceContextValue) => (model: MachineModel<EnterpriseState>): RunningStep<EnterpriseAction> | null => {
  const { state, op } = model;
  if (state.phase !== 'querying') return null;
  return plain(
    ctx.api.queryEnterpriseCredit({ creditCode: state.code }).then(
      (view): EnterpriseAction => ({ type: 'loaded', op, view }),
      (error: unknown): EnterpriseAction => ({ type: 'failed', op, code: errorCodeOf(error) }),
    ),
  );
};

export default function EnterpriseCreditJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const when = useDateFormat();
  const [model, dispatch] = useStepMachine(enterpriseReducer, machine(enterpriseStart), step(ctx));
  const { state } = model;
  useServiceScreen(`enterprise-${state.phase}`, state.phase === 'querying');

  switch (state.phase) {
    case 'entry':
      return <CodeEntry key={model.op} initial={state.code} problem={state.problem} onSubmit={(code) => dispatch({ type: 'submit', code })} />;
    case 'querying':
      return <BusyScreen testId="querying" title={t('enterprise.title')} message={t('enterprise.querying')} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={() => dispatch({ type: 'retry' })} />;
    case 'result': {
      const { view } = state;
      return (
        <section className="screen" data-testid="enterprise-result" aria-labelledby="enterprise-title">
          <p className="screen-kicker">{t('enterprise.title')}</p>
          <h1 id="enterprise-title" className="screen-title" data-testid="entity-name">
            {view.entityName}
          </h1>
          <div className="record-layout">
            <div className="panel">
              <dl className="record-meta">
                <Row label={t('enterprise.creditCode')} value={view.creditCode} mono testId="credit-code" />
                <Row label={t('enterprise.entityType')} value={view.entityType} />
                <Row label={t('enterprise.legalRepresentative')} value={view.legalRepresentative} />
                <Row label={t('enterprise.registeredAt')} value={view.registeredAt} />
                <div>
                  <dt>{t('credit.result.status')}</dt>
                  <dd>
                    <CreditStatusBadge status={view.status} />
                  </dd>
                </div>
                <Row label={t('credit.result.reportNo')} value={view.reportNo} mono testId="report-no" />
                <Row label={t('credit.result.queriedAt')} value={when.dateTime(view.queriedAt)} />
              </dl>
            </div>
            <div className="panel">
              <h2 className="panel-title">{t('credit.result.entries')}</h2>
              <CreditEntries entries={view.entries} />
            </div>
          </div>
          <ResultActions
            print={{ kind: 'enterprise-credit' }}
            phoneUrl={view.verifyUrl}
            evaluation={{ serviceId: 'credit-query', transactionId: view.reportNo }}
            extra={
              <button type="button" className="btn btn-secondary" data-testid="query-another" onClick={() => dispatch({ type: 'edit' })}>
                {t('enterprise.another')}
              </button>
            }
          />
        </section>
      );
    }
  }
}

function Row({ label, value, mono = false, testId }: { label: string; value: string; mono?: boolean; testId?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={mono ? 'mono' : undefined} data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

function CodeEntry({ initial, problem, onSubmit }: { initial: string; problem: string | null; onSubmit(code: string): void }) {
  const { t } = useTranslation();
  const { switchService, home } = useService();
  const [code, setCode] = useState(initial);
  return (
    <section className="screen" data-testid="enterprise-entry" aria-labelledby="enterprise-entry-title">
      <p className="screen-kicker">{t('enterprise.title')}</p>
      <h1 id="enterprise-entry-title" className="screen-title">
        {t('enterprise.instruction')}
      </h1>
      <p className="muted" data-speak="">
        {t('enterprise.hint')}
      </p>
      <OnScreenKeyboard
        label={t('enterprise.creditCode')}
        layout="alphanumeric"
        charset={CREDIT_CODE_CHARSET}
        initialValue={initial}
        maxLength={18}
        onChange={setCode}
      />
      {problem !== null && (
        <p className="field-error" role="alert" data-testid="code-error">
          <span aria-hidden="true">! </span>
          {t(`enterprise.problem.${problem}`)}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="personal-switch" onClick={() => switchService('credit-query')}>
          {t('enterprise.personal')}
        </button>
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={home}>
          {t('nav.back')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="query-button" disabled={code.length === 0} onClick={() => onSubmit(code)}>
          {t('enterprise.query')}
        </button>
      </div>
    </section>
  );
}
