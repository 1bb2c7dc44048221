import { useTranslation } from 'react-i18next';
import type { CreditRecordView, IdCardView, PrintResult } from '../../../electron/contract/kiosk-api.ts';
import { IdentityPanel } from '../components/IdentityPanel.tsx';

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
  const formatDate = (iso: string): string => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString(i18n.language);
  };
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
                <span className={`status-badge status-${record.status}`} data-testid="credit-status" data-status={record.status}>
                  {t(`credit.status.${record.status}`)}
                </span>
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
          {record.entries.length === 0 ? (
            <p className="muted">{t('credit.result.noEntries')}</p>
          ) : (
            <ul className="entries">
              {record.entries.map((entry, index) => (
                <li key={`${entry.date}-${index}`} className={`entry entry-${entry.category}`} data-testid="credit-entry">
                  <span className="entry-category">{t(`credit.category.${entry.category}`)}</span>
                  <span className="entry-title">{entry.title}</span>
                  <span className="entry-meta">
                    {entry.authority} · {formatDate(entry.date)}
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
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
