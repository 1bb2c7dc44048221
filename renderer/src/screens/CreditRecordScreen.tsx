import { useTranslation } from 'react-i18next';
import type { CreditRecordView, IdCardView, PrintResult } from '../../../electron/contract/kiosk-api.ts';
import { CreditEntries, CreditStatusBadge } from '../components/CreditEntries.tsx';
import { IdentityPanel } from '../components/IdentityPanel.tsx';
import { EvaluationPanel } from '../services/shared/EvaluationPanel.tsx';

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
  const { t, i18n } = useTranslation();
  const printFailed = print.kind === 'done' && (print.result.status === 'waiting-for-paper' || print.result.status === 'failed');

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
              <dd>{new Date(record.queriedAt).toLocaleString(i18n.language)}</dd>
            </div>
          </dl>
        </div>
        <div className="panel">
          <h2 className="panel-title">{t('credit.result.entries')}</h2>
          <CreditEntries entries={record.entries} />
        </div>
      </div>
      <EvaluationPanel serviceId="credit-query" transactionId={record.reportNo} />
      <p
        className={`print-status${printFailed ? ' print-status-bad' : ''}`}
        data-testid="print-status"
        data-status={print.kind === 'done' ? print.result.status : print.kind}
        role="status"
        aria-live="polite"
      >
        {print.kind === 'printing' && t('credit.print.printing')}
        {print.kind === 'done' && t(`credit.print.${print.result.status}`)}
      </p>
      <div className="actions">
        {print.kind !== 'done' && (
          <button type="button" className="btn btn-primary" data-testid="print-button" disabled={print.kind === 'printing'} onClick={onPrint}>
            {print.kind === 'printing' ? t('credit.print.printing') : t('credit.print.button')}
          </button>
        )}
        {printFailed && (
          <button type="button" className="btn btn-primary" data-testid="print-button" onClick={onRetryPrint}>
            {t('credit.print.retry')}
          </button>
        )}
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
