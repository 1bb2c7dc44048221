/**
 * The staff PIN pad: large digit keys on screen, the PIN shown as dots, the core's answer below
 * (wrong PIN with attempts left, locked with a countdown, not provisioned). It closes by itself
 * when nobody touches it, so a citizen never finds it left open.
 */
import { useEffect, useReducer, useRef } from 'react';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../api/call-error.ts';
import { useMaintenanceT } from './maintenance-i18n.ts';
import { canSubmit, INITIAL_PIN, PIN_MAX, pinReducer } from './pin-entry.ts';

const IDLE_CLOSE_MS = 60_000;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function PinPad({ api, onOpened, onCancel }: { api: KioskApi; onOpened(): void; onCancel(): void }) {
  const { t } = useMaintenanceT();
  const [state, dispatch] = useReducer(pinReducer, INITIAL_PIN);
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;

  // Any change (a key, an answer) restarts the idle countdown.
  useEffect(() => {
    const timer = setTimeout(() => onCancelRef.current(), IDLE_CLOSE_MS);
    return () => clearTimeout(timer);
  }, [state]);

  const locked = state.notice.kind === 'locked';
  useEffect(() => {
    if (!locked) return undefined;
    const timer = setInterval(() => dispatch({ type: 'tick' }), 1000);
    return () => clearInterval(timer);
  }, [locked]);

  const submit = () => {
    if (!canSubmit(state)) return;
    const pin = state.digits;
    dispatch({ type: 'submit' });
    api
      .staffLogin({ pin })
      .then((result) => {
        dispatch({ type: 'answer', result });
        if (result.status === 'ok') onOpened();
      })
      .catch((error: unknown) => {
        const code = errorCodeOf(error);
        // The corner sequence's window for the PIN closed: start again from the corners.
        if (code === 'UNAUTHORIZED') onCancelRef.current();
        else dispatch({ type: 'failed', code });
      });
  };

  const notice = state.notice;
  const noticeText =
    notice.kind === 'wrong-pin'
      ? t('pin.wrongPin', { count: notice.remainingAttempts })
      : notice.kind === 'locked'
        ? t('pin.locked', { seconds: notice.retryInSeconds })
        : notice.kind === 'not-provisioned'
          ? t('pin.notProvisioned')
          : notice.kind === 'error'
            ? t('common.failed', { code: notice.code })
            : state.checking
              ? t('pin.checking')
              : t('pin.hint');
  const disabled = state.checking || locked || notice.kind === 'not-provisioned';

  const digitKey = (digit: string) => (
    <button key={digit} type="button" className="mt-pin-key" data-testid={`pin-key-${digit}`} disabled={disabled} onClick={() => dispatch({ type: 'digit', digit })}>
      {digit}
    </button>
  );

  return (
    <section className="mt-pin" data-testid="mt-pin" aria-labelledby="mt-pin-title">
      <h1 id="mt-pin-title">{t('pin.title')}</h1>
      <output className="mt-pin-dots" data-testid="pin-dots" aria-label={t('pin.entered', { count: state.digits.length })}>
        {Array.from({ length: Math.max(state.digits.length, 6) }, (_, i) => (
          <span key={i} className={i < state.digits.length ? 'mt-dot mt-dot-on' : 'mt-dot'} aria-hidden="true" />
        ))}
      </output>
      <p className={`mt-pin-notice${notice.kind === 'none' ? '' : ' mt-warn'}`} data-testid="pin-notice" role="status">
        {noticeText}
      </p>
      <div className="mt-pin-keys">
        {KEYS.map(digitKey)}
        <button type="button" className="mt-pin-key mt-pin-aux" data-testid="pin-clear" disabled={disabled} onClick={() => dispatch({ type: 'clear' })}>
          {t('pin.clear')}
        </button>
        {digitKey('0')}
        <button type="button" className="mt-pin-key mt-pin-aux" data-testid="pin-backspace" aria-label={t('pin.backspace')} disabled={disabled} onClick={() => dispatch({ type: 'backspace' })}>
          ⌫
        </button>
      </div>
      <div className="mt-actions">
        <button type="button" className="btn btn-secondary" data-testid="pin-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="pin-submit" disabled={!canSubmit(state)} onClick={submit}>
          {t('pin.submit')}
        </button>
      </div>
      <p className="mt-muted">{t('pin.length', { max: PIN_MAX })}</p>
    </section>
  );
}
