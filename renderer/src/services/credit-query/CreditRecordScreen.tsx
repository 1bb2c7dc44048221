import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../../i18n/format-date.ts';
import type { CreditRecordView, IdCardView, PrintResult } from '../../../../electron/contract/kiosk-api.ts';
import { useKioskApi } from '../../api/api-context.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { printerBlockedReason, useDeviceStatus } from '../../api/use-device-status.ts';
import { newJobId } from '../../flow/job-id.ts';
import { CreditEntries, CreditStatusBadge } from '../../components/CreditEntries.tsx';
import { IdentityPanel } from '../../components/IdentityPanel.tsx';
import { EvaluationPanel } from '../shared/EvaluationPanel.tsx';
import { PhoneInstead, blockedKey } from '../shared/PhoneInstead.tsx';

/** Where printing stands: not started, in flight, or the core's answer. */
export type PrintPhase = { kind: 'idle' } | { kind: 'printing' } | { kind: 'done'; result: PrintResult };

interface CreditRecordScreenProps {
  card: IdCardView;
  record: CreditRecordView;
  print: PrintPhase;
  onPrint(): void;
  onRetryPrint(): void;
  onFinish(): void;
}

export function CreditRecordScreen({ card, record, print, onPrint, onRetryPrint, onFinish }: CreditRecordScreenProps) {
  const { t } = useTranslation();
  const when = useDateFormat();
  const printFailed = print.kind === 'done' && (print.result.status === 'waiting-for-paper' || print.result.status === 'failed');
  // A printer that cannot print says so before the citizen tries, and the report goes to the phone instead.
  const api = useKioskApi();
  const blocked = printerBlockedReason(useDeviceStatus(api, 'printer'));
  const blockedNow = blocked !== null && (print.kind === 'idle' || printFailed);

  return (
    <section className="screen" data-testid="credit-result" aria-labelledby="credit-title">
      <p className="screen-kicker">{t('credit.title')}</p>
      <h1 id="credit-title" className="screen-title">
        {t('credit.result.title')}
      </h1>
      <div className="record-layout">
        <div className="panel">
          <IdentityPanel card={card} />
          <dl className="record-meta">
            <div>
              <dt>{t('credit.result.status')}</dt>
              <dd>
                <CreditStatusBadge status={record.status} />
              </dd>
            </div>
            <div>
              <dt>{t('credit.result.reportNo')}</dt>
              <dd className="mono" data-testid="report-no">
                {record.reportNo}
              </dd>
            </div>
            <div>
              <dt>{t('credit.result.queriedAt')}</dt>
              <dd>{when.dateTime(record.queriedAt)}</dd>
            </div>
          </dl>
        </div>
        <div className="panel">
          <h2 className="panel-title">{t('credit.result.entries')}</h2>
          <CreditEntries entries={record.entries} />
        </div>
      </div>
      {/* Printing acts on the record above: it sits with it, not in the bar that ends the journey. */}
      <div className="panel print-panel">
        <p
          className={`print-status${printFailed || blockedNow ? ' print-status-bad' : ''}`}
          data-testid="print-status"
          data-status={blockedNow ? 'blocked' : print.kind === 'done' ? print.result.status : print.kind}
          role="status"
          aria-live="polite"
        >
          {blockedNow && t(blockedKey(blocked))}
          {!blockedNow && print.kind === 'printing' && t('credit.print.printing')}
          {!blockedNow && print.kind === 'done' && t(`credit.print.${print.result.status}`)}
        </p>
        {print.kind !== 'done' && (
          <button type="button" className="btn btn-primary" data-testid="print-button" disabled={print.kind === 'printing' || blockedNow} onClick={onPrint}>
            {print.kind === 'printing' ? t('credit.print.printing') : t('credit.print.button')}
          </button>
        )}
        {printFailed && (
          <button type="button" className="btn btn-primary" data-testid="print-button" disabled={blockedNow} onClick={onRetryPrint}>
            {t('credit.print.retry')}
          </button>
        )}
        {blockedNow && <PhoneInstead url={record.verifyUrl} testId="print" />}
        <A4ReportPrint />
      </div>
      <EvaluationPanel serviceId="credit-query" transactionId={record.reportNo} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-secondary"
          data-testid="finish-button"
          disabled={print.kind === 'printing'}
          onClick={onFinish}
        >
          {t('credit.finish')}
        </button>
      </div>
    </section>
  );
}

type A4Phase = { kind: 'idle' | 'printing' } | { kind: 'done'; status: PrintResult['status'] } | { kind: 'error'; code: string };

/** The A4 report through the OS printer: offered only where the terminal says it can print A4. */
function A4ReportPrint() {
  const { t } = useTranslation();
  const api = useKioskApi();
  const [available, setAvailable] = useState(false);
  const [phase, setPhase] = useState<A4Phase>({ kind: 'idle' });
  // One job id for this screen: a retry after a failure is the same job, so it never prints twice.
  const jobId = useRef(newJobId());
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    api.getTerminalInfo({}).then(
      (info) => live.current && setAvailable(info.a4Printing === true),
      () => undefined,
    );
    return () => {
      live.current = false;
    };
  }, [api]);
  if (!available) return null;

  const printed = phase.kind === 'done' && (phase.status === 'printed' || phase.status === 'already-printed');
  // It may be on paper already: no retry button, and no alarm, just where to go for help.
  const unknown = phase.kind === 'done' && phase.status === 'unknown';
  const bad = phase.kind === 'error' || (phase.kind === 'done' && !printed && !unknown);
  const status = phase.kind === 'done' ? phase.status : phase.kind === 'error' ? 'failed' : phase.kind;
  const print = () => {
    setPhase({ kind: 'printing' });
    api.printCreditReport({ jobId: jobId.current }).then(
      (result) => live.current && setPhase({ kind: 'done', status: result.status }),
      (error: unknown) => live.current && setPhase({ kind: 'error', code: errorCodeOf(error) }),
    );
  };
  return (
    <div className="print-control">
      <p className={`print-status${bad ? ' print-status-bad' : ''}`} data-testid="print-a4-status" data-status={status} role="status" aria-live="polite">
        {phase.kind === 'printing' && t('credit.a4.printing')}
        {printed && t(`credit.a4.${phase.status}`)}
        {unknown && t('credit.a4.unknown')}
        {bad && (phase.kind === 'error' ? t(`errors.${phase.code}`, { defaultValue: t('credit.a4.failed') }) : t('credit.a4.failed'))}
      </p>
      {!printed && !unknown && (
        <button type="button" className="btn btn-secondary" data-testid="print-a4-button" disabled={phase.kind === 'printing'} onClick={print}>
          {phase.kind === 'printing' ? t('credit.a4.printing') : t('credit.a4.button')}
        </button>
      )}
    </div>
  );
}
