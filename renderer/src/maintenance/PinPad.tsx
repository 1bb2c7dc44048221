/**
 * The staff PIN pad: large digit keys on screen, the PIN shown as dots, the core's answer below
 * (wrong PIN with attempts left, locked with a countdown, not provisioned). "Use staff card" waits
 * for the engineer's registered card on the ID-card reader, with a countdown and a cancel; a
 * recognised card brings the PIN pad back for the PIN (two factors: the card alone opens nothing).
 * During a long lockout the card stays usable, since card + PIN gets through it. It closes by itself when nobody touches it, so a citizen never finds it left open.
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { errorCodeOf } from '../api/call-error.ts';
import { useMaintenanceT } from './maintenance-i18n.ts';
import { canSubmit, INITIAL_PIN, PIN_MAX, pinReducer, type PinNotice } from './pin-entry.ts';
import { StaffCardWait } from './StaffCardWait.tsx';

const IDLE_CLOSE_MS = 60_000;
/** How long the core waits for a staff card (within the contract's 5–60 s). */
export const STAFF_CARD_WAIT_SECONDS = 30;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function PinPad({ api, onOpened, onCancel }: { api: KioskApi; onOpened(): void; onCancel(): void }) {
  const { t } = useMaintenanceT();
  const [state, dispatch] = useReducer(pinReducer, INITIAL_PIN);
  /** Seconds left of a wait for a staff card; null when not waiting. */
  const [cardSeconds, setCardSeconds] = useState<number | null>(null);
  const waitingForCard = cardSeconds !== null;
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;
  const waitingRef = useRef(false);
  waitingRef.current = waitingForCard;

  // Any change (a key, an answer, a second of a card wait) restarts the idle countdown.
  useEffect(() => {
    const timer = setTimeout(() => onCancelRef.current(), IDLE_CLOSE_MS);
    return () => clearTimeout(timer);
  }, [state, cardSeconds]);

  useEffect(() => {
    if (!waitingForCard) return undefined;
    const timer = setInterval(() => setCardSeconds((s) => (s === null ? null : Math.max(0, s - 1))), 1000);
    return () => clearInterval(timer);
  }, [waitingForCard]);

  // Leaving the PIN pad (cancel, idle) must not leave the reader waiting for a card.
  useEffect(
    () => () => {
      if (waitingRef.current) api.cancelStaffCardLogin({}).catch(() => undefined);
    },
    [api],
  );

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

  const startCardWait = () => {
    if (waitingForCard) return;
    setCardSeconds(STAFF_CARD_WAIT_SECONDS);
    api
      .staffCardLogin({ timeoutMs: STAFF_CARD_WAIT_SECONDS * 1000 })
      .then((result) => {
        setCardSeconds(null);
        dispatch({ type: 'card-answer', result });
      })
      .catch((error: unknown) => {
        setCardSeconds(null);
        const code = errorCodeOf(error);
        if (code === 'UNAUTHORIZED') onCancelRef.current();
        else dispatch({ type: 'card-failed', code });
      });
  };
  // The pending staffCardLogin answers READ_CANCELLED, which clears the wait.
  const cancelCard = () => void api.cancelStaffCardLogin({}).catch(() => undefined);

  const notice = state.notice;
  // While the card wait panel speaks, "enter the PIN" would contradict it; an earlier answer stays.
  const noticeText = waitingForCard && notice.kind === 'none' ? '' : pinNoticeText(t, notice, state.checking);
  const disabled = state.checking || locked || waitingForCard || notice.kind === 'not-provisioned';
  const shortWait = notice.kind === 'locked' && !notice.long;

  const digitKey = (digit: string) => (
    <button key={digit} type="button" className="mt-pin-key" data-testid={`pin-key-${digit}`} disabled={disabled} onClick={() => dispatch({ type: 'digit', digit })}>
      {digit}
    </button>
  );

  const keys = (
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
      {cardSeconds !== null ? <StaffCardWait secondsLeft={cardSeconds} onCancel={cancelCard} /> : keys}
      <button type="button" className="btn btn-secondary mt-pin-card" data-testid="pin-card" disabled={state.checking || shortWait || waitingForCard || notice.kind === 'card-pin'} onClick={startCardWait}>
        {t('card.use')}
      </button>
      <div className="mt-actions">
        <button type="button" className="btn btn-secondary" data-testid="pin-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="pin-submit" disabled={waitingForCard || !canSubmit(state)} onClick={submit}>
          {t('pin.submit')}
        </button>
      </div>
      <p className="mt-muted">{t('pin.length', { max: PIN_MAX })}</p>
    </section>
  );
}

function pinNoticeText(t: ReturnType<typeof useMaintenanceT>['t'], notice: PinNotice, checking: boolean): string {
  switch (notice.kind) {
    case 'wrong-pin':
      return t('pin.wrongPin', { count: notice.remainingAttempts });
    case 'locked':
      return notice.long ? t('pin.lockedLong', { seconds: notice.retryInSeconds }) : t('pin.locked', { seconds: notice.retryInSeconds });
    case 'card-pin':
      return t('card.pinRequired', { seconds: notice.seconds });
    case 'not-provisioned':
      return t('pin.notProvisioned');
    case 'card-not-registered':
      return t('card.notRegistered', { count: notice.remainingAttempts });
    case 'no-cards':
      return t('card.noCards');
    case 'card-timeout':
      return t('card.timeout');
    case 'card-unavailable':
      return t('card.unavailable');
    case 'card-unreadable':
      return t('card.unreadable');
    case 'error':
      return t('common.failed', { code: notice.code });
    case 'none':
      return checking ? t('pin.checking') : t('pin.hint');
  }
}
