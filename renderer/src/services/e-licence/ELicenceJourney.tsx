/** 扫码亮证; the flow is in licence-state.ts. */
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../../i18n/format-date.ts';
import type { ELicenceView } from '../../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { useLocalized } from '../../i18n/localized.ts';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { readTimeoutMs } from '../../flow/card-read.ts';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService, useServiceScreen } from '../service-context.tsx';
import { ResultActions } from '../shared/ResultActions.tsx';
import { ScanPrompt } from '../shared/ScanPrompt.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { useWedgeScan } from '../shared/use-wedge-scan.ts';
import { licenceReducer, licenceStart, type LicenceAction, type LicenceState } from './licence-state.ts';

/** How long one scanner wait lasts; the citizen's inactivity timer runs meanwhile. */
const SCAN_WAIT_SECONDS = 60;

const step = ({ api }: ServiceContextValue) => (model: MachineModel<LicenceState>): RunningStep<LicenceAction> | null => {
  const { state, op } = model;
  const fail = (error: unknown): LicenceAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  if (state.phase === 'waiting' && state.scanner) {
    let settled = false;
    const done = api
      .scanELicence({ timeoutMs: readTimeoutMs(SCAN_WAIT_SECONDS) })
      .then((view): LicenceAction => ({ type: 'scanned', op, view }), fail)
      .finally(() => {
        settled = true;
      });
    return { done, cancel: () => void (settled || api.cancelScan({}).catch(() => {})) };
  }
  if (state.phase === 'verifying') {
    return plain(api.verifyELicence({ code: state.code, source: 'keyboard' }).then((view): LicenceAction => ({ type: 'verified', op, view }), fail));
  }
  return null;
};

export default function ELicenceJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const [model, dispatch] = useStepMachine(licenceReducer, machine(licenceStart), step(ctx));
  const { state } = model;
  useServiceScreen(`licence-${state.phase}`, state.phase === 'verifying');
  useWedgeScan(state.phase === 'waiting', (code) => dispatch({ type: 'wedge', code }));

  const title = t('licence.title');
  switch (state.phase) {
    case 'waiting':
      return <ScanPrompt kicker={title} title={t('licence.instruction')} detail={t('licence.detail')} testId="licence-scan" onBack={ctx.home} />;
    case 'verifying':
      return <BusyScreen testId="busy" title={title} message={t('licence.verifying')} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={() => dispatch({ type: 'again' })} />;
    case 'result':
      return <LicenceResult view={state.view} onAgain={() => dispatch({ type: 'again' })} />;
  }
}

function LicenceResult({ view, onAgain }: { view: ELicenceView; onAgain(): void }) {
  const { t } = useTranslation();
  const when = useDateFormat();
  const lt = useLocalized();
  const { switchService, services } = useService();
  const usable = view.status === 'valid' && view.matchesCardHolder !== false;
  const formsOffered = services.some((s) => s.id === 'form-filling' && s.available);
  return (
    <section className="screen" data-testid="licence-result" aria-labelledby="licence-title">
      <p className="screen-kicker">{t('licence.title')}</p>
      <h1 id="licence-title" className="screen-title" data-testid="licence-name">
        {lt(view.licenceName)}
      </h1>
      <div className="panel">
        <p className={`status-badge ${usable ? 'status-good' : 'status-dishonest'}`} data-testid="licence-status" data-status={view.status}>
          <span aria-hidden="true">{usable ? '✓ ' : '! '}</span>
          {t(`licence.status.${view.status}`)}
        </p>
        <dl className="record-meta" data-private="">
          <div>
            <dt>{t('licence.holder')}</dt>
            <dd data-testid="licence-holder">{view.holderName}</dd>
          </div>
          <div>
            <dt>{t('licence.number')}</dt>
            <dd className="mono">{view.licenceNoMasked}</dd>
          </div>
          <div>
            <dt>{t('licence.issuer')}</dt>
            <dd>{view.issuer}</dd>
          </div>
          <div>
            <dt>{t('licence.validUntil')}</dt>
            <dd>{view.validUntil === 'long-term' ? t('licence.longTerm') : view.validUntil}</dd>
          </div>
          <div>
            <dt>{t('licence.verifiedAt')}</dt>
            <dd>{when.dateTime(view.verifiedAt)}</dd>
          </div>
        </dl>
        {view.matchesCardHolder === false && (
          <p className="field-error" role="alert" data-testid="licence-mismatch">
            <span aria-hidden="true">! </span>
            {t('licence.notYours')}
          </p>
        )}
        {usable && <p data-speak="">{t('licence.usable')}</p>}
      </div>
      <ResultActions
        evaluation={{ serviceId: 'e-licence', transactionId: `${view.licenceType}-${view.verifiedAt}` }}
        extra={
          <>
            <button type="button" className="btn btn-secondary" data-testid="scan-again" onClick={onAgain}>
              {t('licence.again')}
            </button>
            {usable && formsOffered && view.prefillKeys.length > 0 && (
              <button type="button" className="btn btn-primary" data-testid="use-for-form" onClick={() => switchService('form-filling')}>
                {t('licence.useForForm')}
              </button>
            )}
          </>
        }
      />
    </section>
  );
}
