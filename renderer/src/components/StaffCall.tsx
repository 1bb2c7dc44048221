/** The call-staff button of the top bar and its notice; see staff-call-state.ts. */
import { useEffect, useReducer } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../api/call-error.ts';
import { Icon } from './Icon.tsx';
import { Label } from './KeepWords.tsx';
import { Modal } from './Modal.tsx';
import { screenSlug, staffCallReducer } from './staff-call-state.ts';

interface StaffCallProps {
  api: KioskApi;
  serviceId?: string;
  screen: string;
}

export function StaffCall({ api, serviceId, screen }: StaffCallProps) {
  const { t } = useTranslation();
  const [state, dispatch] = useReducer(staffCallReducer, { phase: 'idle' });

  useEffect(
    () =>
      api.on('staffCall', (event) => {
        if (event.state === 'cancelled') dispatch({ type: 'ended', callId: event.callId });
      }),
    [api],
  );

  const call = (): void => {
    if (state.phase === 'called') {
      dispatch({ type: 'openDialog' });
      return;
    }
    if (state.phase !== 'idle' && state.phase !== 'failed') return;
    dispatch({ type: 'call' });
    api
      .callStaff({ ...(serviceId ? { serviceId } : {}), screen: screenSlug(screen) })
      .then((view) => dispatch({ type: 'called', view }))
      .catch((error: unknown) => dispatch({ type: 'failed', code: errorCodeOf(error) }));
  };

  const cancel = (): void => {
    if (state.phase !== 'called') return;
    const { callId } = state;
    dispatch({ type: 'cancel' });
    api
      .cancelStaffCall({ callId })
      .then(() => dispatch({ type: 'ended', callId }))
      .catch((error: unknown) => dispatch({ type: 'failed', code: errorCodeOf(error) }));
  };

  const active = state.phase === 'called' || state.phase === 'cancelling';
  return (
    <>
      <button
        type="button"
        className="btn btn-ghost"
        data-testid="call-staff"
        data-state={state.phase}
        aria-pressed={active}
        disabled={state.phase === 'calling'}
        onClick={call}
      >
        <Icon name="staff" />
        <Label text={active ? t('staff.called') : t('staff.call')} />
      </button>
      {state.phase === 'called' && state.dialog && (
        <Modal testId="staff-dialog" title={t('staff.comingTitle')} onClose={() => dispatch({ type: 'closeDialog' })}>
          <p data-speak="">{state.alreadyCalled ? t('staff.alreadyCalled') : t('staff.coming')}</p>
          <p className="muted">{t('staff.progressKept')}</p>
          <div className="actions actions-plain">
            <button type="button" className="btn btn-primary" data-testid="staff-dialog-close" onClick={() => dispatch({ type: 'closeDialog' })}>
              {t('staff.continue')}
            </button>
            <button type="button" className="btn btn-secondary" data-testid="staff-cancel" onClick={cancel}>
              {t('staff.cancel')}
            </button>
          </div>
        </Modal>
      )}
      {state.phase === 'failed' && (
        <Modal testId="staff-dialog" title={t('staff.failedTitle')} onClose={() => dispatch({ type: 'closeDialog' })}>
          <p role="alert">{t('staff.failed')}</p>
          <div className="actions actions-plain">
            <button type="button" className="btn btn-primary" data-testid="staff-dialog-close" onClick={() => dispatch({ type: 'closeDialog' })}>
              {t('actions.ok')}
            </button>
          </div>
        </Modal>
      )}
    </>
  );
}
