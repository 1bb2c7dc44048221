/** 办件查询; the flow is in progress-state.ts. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../../i18n/format-date.ts';
import type { ProgressView } from '../../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../../api/call-error.ts';
import { machine, plain, useStepMachine, type MachineModel, type RunningStep } from '../../flow/machine.ts';
import { readTimeoutMs } from '../../flow/card-read.ts';
import { OnScreenKeyboard } from '../../keyboard/OnScreenKeyboard.tsx';
import { BusyScreen } from '../../screens/BusyScreen.tsx';
import { type ServiceContextValue, useService, useServiceScreen } from '../service-context.tsx';
import { ReadCardStep } from '../shared/ReadCardStep.tsx';
import { ResultActions } from '../shared/ResultActions.tsx';
import { progressPhoneLinks } from './progress-phone.ts';
import { ScanPrompt } from '../shared/ScanPrompt.tsx';
import { ServiceError } from '../shared/ServiceError.tsx';
import { useWedgeScan } from '../shared/use-wedge-scan.ts';
import { progressReducer, progressStart, type ProgressAction, type ProgressState } from './progress-state.ts';

const SCAN_WAIT_SECONDS = 60;
const STATUS_MARK: Record<string, string> = { approved: '✓', completed: '✓', 'ready-for-pickup': '✓', rejected: '✗', 'needs-materials': '!' };

const step = ({ api }: ServiceContextValue) => (model: MachineModel<ProgressState>): RunningStep<ProgressAction> | null => {
  const { state, op } = model;
  const fail = (error: unknown): ProgressAction => ({ type: 'failed', op, code: errorCodeOf(error) });
  const loaded = (view: ProgressView): ProgressAction => ({ type: 'loaded', op, view });
  if (state.phase === 'querying') return plain(api.queryProgress(state.query).then(loaded, fail));
  if (state.phase === 'scanning' && state.scanner) {
    let settled = false;
    const done = api
      .queryProgress({ by: 'scan', timeoutMs: readTimeoutMs(SCAN_WAIT_SECONDS) })
      .then(loaded, fail)
      .finally(() => {
        settled = true;
      });
    return { done, cancel: () => void (settled || api.cancelScan({}).catch(() => {})) };
  }
  return null;
};

export default function ProgressJourney() {
  const ctx = useService();
  const { t } = useTranslation();
  const [model, dispatch] = useStepMachine(progressReducer, machine(progressStart), step(ctx));
  const { state } = model;
  useServiceScreen(`progress-${state.phase}`, state.phase === 'querying');
  useWedgeScan(state.phase === 'scanning', (code) => dispatch({ type: 'wedge', code }));

  const title = t('progress.title');
  switch (state.phase) {
    case 'choose':
      return (
        <section className="screen" data-testid="progress-choose" aria-labelledby="progress-choose-title">
          <p className="screen-kicker">{title}</p>
          <h1 id="progress-choose-title" className="screen-title">
            {t('progress.how')}
          </h1>
          <ul className="choice-list">
            {(['scanning', 'typing', 'card'] as const).map((method) => (
              <li key={method}>
                <button type="button" className="choice" data-testid={`progress-by-${method}`} onClick={() => dispatch({ type: 'method', method })}>
                  <span className="choice-title">{t(`progress.by.${method}`)}</span>
                  <span className="choice-meta">{t(`progress.byHint.${method}`)}</span>
                </button>
              </li>
            ))}
          </ul>
          <div className="actions">
            <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={ctx.home}>
              {t('nav.back')}
            </button>
          </div>
        </section>
      );
    case 'typing':
      return <ReceiptEntry initial={state.receiptNo} onBack={() => dispatch({ type: 'back' })} onSubmit={(receiptNo) => dispatch({ type: 'typed', receiptNo })} />;
    case 'scanning':
      return <ScanPrompt kicker={title} title={t('progress.scanInstruction')} detail={t('progress.scanDetail')} testId="progress-scan" onBack={() => dispatch({ type: 'back' })} />;
    case 'card':
      return (
        <ReadCardStep
          key={model.op}
          kicker={title}
          onRead={() => dispatch({ type: 'cardRead' })}
          onFail={(code) => dispatch({ type: 'cardFailed', code })}
          onBack={() => dispatch({ type: 'back' })}
        />
      );
    case 'querying':
      return <BusyScreen testId="busy" title={title} message={t('progress.querying')} />;
    case 'error':
      return <ServiceError code={state.code} onRetry={() => dispatch({ type: 'retry' })} />;
    case 'result':
      return <ProgressResult view={state.view} onAnother={() => dispatch({ type: 'back' })} />;
  }
}

function ReceiptEntry({ initial, onBack, onSubmit }: { initial: string; onBack(): void; onSubmit(receiptNo: string): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  return (
    <section className="screen" data-testid="progress-typing" aria-labelledby="progress-typing-title">
      <p className="screen-kicker">{t('progress.title')}</p>
      <h1 id="progress-typing-title" className="screen-title">
        {t('progress.typeInstruction')}
      </h1>
      <OnScreenKeyboard label={t('progress.receiptNo')} layout="alphanumeric" extraKeys="-" initialValue={initial} maxLength={40} onChange={setValue} />
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="query-button" disabled={value.trim() === ''} onClick={() => onSubmit(value)}>
          {t('progress.query')}
        </button>
      </div>
    </section>
  );
}

function ProgressResult({ view, onAnother }: { view: ProgressView; onAnother(): void }) {
  const { t } = useTranslation();
  const { dateTime: when } = useDateFormat();
  return (
    <section className="screen" data-testid="progress-result" aria-labelledby="progress-result-title">
      <p className="screen-kicker">{t('progress.title')}</p>
      <h1 id="progress-result-title" className="screen-title">
        {t('progress.resultTitle', { count: view.items.length })}
      </h1>
      {view.holderNameMasked !== '' && (
        <p className="muted" data-private="">
          {t('progress.holder')}: {view.holderNameMasked}
        </p>
      )}
      {view.items.length === 0 && <p className="muted">{t('progress.none')}</p>}
      <ul className="progress-items">
        {view.items.map((item) => (
          <li key={item.receiptNo} className="panel" data-testid="progress-item" data-status={item.status}>
            <h2 className="panel-title">{item.matter}</h2>
            <p className={`status-badge progress-${item.status}`} data-testid="progress-status">
              <span aria-hidden="true">{STATUS_MARK[item.status] ?? '…'} </span>
              {t(`progress.status.${item.status}`)}
            </p>
            <dl className="record-meta">
              <div>
                <dt>{t('receipt.number')}</dt>
                <dd className="mono" data-testid="progress-receipt-no">
                  {item.receiptNo}
                </dd>
              </div>
              <div>
                <dt>{t('progress.updatedAt')}</dt>
                <dd>{when(item.updatedAt)}</dd>
              </div>
              {item.pickup && (
                <div>
                  <dt>{t('progress.pickup')}</dt>
                  <dd>{item.pickup}</dd>
                </div>
              )}
            </dl>
            {item.note !== '' && <p data-speak="">{item.note}</p>}
            <ol className="steps">
              {item.steps.map((s, index) => (
                <li key={index} className={s.done ? 'step-done' : 'step-todo'}>
                  <span aria-hidden="true">{s.done ? '✓ ' : '○ '}</span>
                  {s.name}
                  <span className="sr-only">{s.done ? t('progress.stepDone') : t('progress.stepTodo')}</span>
                  {s.at && <span className="muted"> · {when(s.at)}</span>}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
      <ResultActions
        print={{ kind: 'progress' }}
        {...progressPhoneLinks(view)}
        evaluation={view.items[0] ? { serviceId: 'progress-query', transactionId: `progress-${view.items[0].receiptNo}` } : undefined}
        extra={
          <button type="button" className="btn btn-secondary" data-testid="query-another" onClick={onAnother}>
            {t('progress.another')}
          </button>
        }
      />
    </section>
  );
}

