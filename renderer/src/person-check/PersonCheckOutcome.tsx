/**
 * After a try: another try with guidance for it, or (tries used up) the staff call, made at once
 * so the citizen is never left alone with a refusal; or no usable camera.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import type { PersonCheckState } from './person-check-state.ts';

type OutcomeState = Extract<PersonCheckState, { phase: 'retry' | 'failed' | 'noCamera' }>;

interface PersonCheckOutcomeProps {
  api: KioskApi;
  purpose: string;
  state: OutcomeState;
  onRetry(): void;
  onCancel(): void;
}

export function PersonCheckOutcome({ api, purpose, state, onRetry, onCancel }: PersonCheckOutcomeProps) {
  const { t } = useTranslation();
  const [staff, setStaff] = useState<'calling' | 'called' | 'failed'>('calling');
  const failed = state.phase === 'failed';

  useEffect(() => {
    if (!failed) return undefined;
    let live = true;
    api
      .callStaff({ serviceId: purpose, screen: 'person-failed' })
      .then(() => live && setStaff('called'))
      .catch(() => live && setStaff('failed'));
    return () => {
      live = false;
    };
  }, [api, purpose, failed]);

  const message =
    state.phase === 'retry'
      ? t(`personCheck.retry.${state.reason}`)
      : state.phase === 'noCamera'
        ? t(`personCheck.noCamera.${state.reason}`)
        : t(`personCheck.failed.${staff}`);
  return (
    <section className="screen screen-center" data-testid={`person-${state.phase}`} aria-labelledby="person-outcome-title">
      <span className="error-mark" aria-hidden="true">
        !
      </span>
      <h1 id="person-outcome-title" className="screen-title">
        {state.phase === 'retry' ? t('personCheck.retry.title') : state.phase === 'noCamera' ? t('personCheck.noCamera.title') : t('personCheck.failed.title')}
      </h1>
      <p className="error-message" role="alert" data-testid="person-outcome-message" data-reason={state.phase === 'retry' ? state.reason : staff}>
        {message}
      </p>
      {state.phase === 'retry' && (
        <p className="status-text" data-testid="person-tries-left">
          {t('personCheck.triesLeft', { n: state.triesLeft })}
        </p>
      )}
      <div className="actions">
        {state.phase === 'retry' && (
          <button type="button" className="btn btn-primary" data-testid="person-retry-button" onClick={onRetry}>
            {t('actions.retry')}
          </button>
        )}
        <button type="button" className="btn btn-secondary" data-testid="person-home" onClick={onCancel}>
          {t('actions.home')}
        </button>
      </div>
    </section>
  );
}
