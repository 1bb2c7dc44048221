/** 好差评 on the last screen of a transaction; see evaluation-state.ts. */
import { useEffect, useReducer, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCodeOf } from '../../api/call-error.ts';
import { useKioskApi } from '../../api/api-context.ts';
import { submitEvaluation } from './evaluation-api.ts';
import { BAD_RATING_REASONS, RATINGS, RATING_LEVEL, evaluationReducer, evaluationStart, needsReasons } from './evaluation-state.ts';

interface EvaluationPanelProps {
  /** The service rated (the catalogue id). */
  serviceId: string;
  /** The transaction rated (report or receipt number): one evaluation each. */
  transactionId: string;
}

export function EvaluationPanel({ serviceId, transactionId }: EvaluationPanelProps) {
  const { t } = useTranslation();
  const api = useKioskApi();
  const [state, dispatch] = useReducer(evaluationReducer, evaluationStart);
  const live = useRef(true);
  useEffect(
    () => () => {
      live.current = false;
    },
    [],
  );

  const sending = state.phase === 'sending';
  // Choosing a rating may open the reasons and the message below it: bring the whole panel clear
  // of the sticky bar of actions (its scroll-margin keeps that bar's height free).
  const panel = useRef<HTMLElement>(null);
  const rated = state.phase === 'sent' ? 'sent' : `${state.rating ?? 'none'}:${state.phase}:${state.phase === 'choosing' && state.missingReasons}`;
  useEffect(() => {
    if (rated !== 'none:choosing:false') panel.current?.scrollIntoView({ block: 'nearest' });
  }, [rated]);
  useEffect(() => {
    if (state.phase !== 'sending') return;
    // One evaluation per transaction: the core keys it by the transaction id, so a retry after a
    // network error can never rate twice.
    submitEvaluation(api, { serviceId, transactionId, rating: state.rating, reasons: state.reasons }).then(
      (receipt) => live.current && dispatch({ type: 'sent', alreadyRated: receipt.alreadyRated }),
      (error: unknown) => live.current && dispatch({ type: 'failed', code: errorCodeOf(error) }),
    );
    // A sending phase starts exactly one call: the effect runs when `sending` turns true.
  }, [sending]);

  if (state.phase === 'sent') {
    return (
      <section className="panel evaluation" data-testid="evaluation" data-state="sent" aria-labelledby="evaluation-title" ref={panel}>
        <h2 id="evaluation-title" className="panel-title">
          {t('evaluation.title')}
        </h2>
        <p role="status" data-testid="evaluation-thanks">
          <span aria-hidden="true">✓ </span>
          {state.alreadyRated ? t('evaluation.alreadyRated') : t('evaluation.thanks')}
        </p>
      </section>
    );
  }

  const rating = state.rating;
  const reasons = state.reasons;
  return (
    <section className="panel evaluation" data-testid="evaluation" data-state={state.phase} aria-labelledby="evaluation-title" ref={panel}>
      <h2 id="evaluation-title" className="panel-title">
        {t('evaluation.title')}
      </h2>
      <p className="muted">{t('evaluation.optional')}</p>
      <div className="rating-row" role="group" aria-label={t('evaluation.title')}>
        {RATINGS.map((value) => (
          <button
            key={value}
            type="button"
            className={`btn rating rating-${value}`}
            aria-pressed={rating === value}
            data-testid={`rating-${RATING_LEVEL[value]}`}
            disabled={state.phase !== 'choosing'}
            onClick={() => dispatch({ type: 'rate', rating: value })}
          >
            <span className="rating-stars" aria-hidden="true">
              {'★'.repeat(value)}
            </span>
            {t(`evaluation.level.${RATING_LEVEL[value]}`)}
          </button>
        ))}
      </div>
      {rating !== null && needsReasons(rating) && (
        <fieldset className="reasons" data-testid="evaluation-reasons">
          <legend>{t('evaluation.reasonsTitle')}</legend>
          {BAD_RATING_REASONS.map((reason) => (
            <button
              key={reason}
              type="button"
              className="btn btn-secondary reason"
              aria-pressed={reasons.includes(reason)}
              data-testid={`reason-${reason}`}
              disabled={state.phase !== 'choosing'}
              onClick={() => dispatch({ type: 'toggleReason', reason })}
            >
              <span className="toggle-mark" aria-hidden="true">
                {reasons.includes(reason) ? '✓' : ''}
              </span>
              {t(`evaluation.reason.${reason}`)}
            </button>
          ))}
        </fieldset>
      )}
      {state.phase === 'choosing' && state.missingReasons && (
        <p className="field-error" role="alert" data-testid="evaluation-error">
          <span aria-hidden="true">! </span>
          {t('evaluation.reasonsRequired')}
        </p>
      )}
      {state.phase === 'failed' && (
        <p className="field-error" role="alert" data-testid="evaluation-error">
          <span aria-hidden="true">! </span>
          {t('evaluation.failed')}
        </p>
      )}
      <div className="evaluation-actions">
        <button
          type="button"
          className="btn btn-primary"
          data-testid="evaluation-submit"
          disabled={rating === null || sending}
          onClick={() => dispatch({ type: 'submit' })}
        >
          {sending ? t('evaluation.sending') : state.phase === 'failed' ? t('actions.retry') : t('evaluation.submit')}
        </button>
      </div>
    </section>
  );
}
