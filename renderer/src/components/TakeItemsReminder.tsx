/**
 * 请取走您的身份证 / 请取走您的凭条, shown and spoken when a session ends while the card is still on
 * the reader or a receipt was printed. The card reminder repeats until the reader reports the card
 * gone (its card-present flag cleared). Not modal: the next citizen or staff may still use the
 * screen, the banner stays on top of whatever comes. Spoken from the voice packs like every other
 * prompt (`takeItems.*`), so a platform without a speech voice still says it, in the language and at
 * the pace of the citizen who is walking away.
 */
import { useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KioskApi } from '../../../electron/contract/kiosk-api.ts';
import { takeReceiptPrinted } from './receipt-printed.ts';
import { takeItemsPrompt } from '../voice/prompt-keys.ts';
import { leftBehind, nextWakeAt, noReminder, speechDue, takeItemsReducer } from './take-items-state.ts';

interface TakeItemsReminderProps {
  api: KioskApi;
  /** The journey's session id: its change to null is the end of a session, whatever ended it. */
  sessionId: string | null;
  /**
   * Speaks a prompt of the voice packs (`takeItems.card` …) in the given language, like every other
   * spoken prompt; false when it could not (no pack yet, muted): the banner still shows.
   */
  say(key: string, locale: string, slow: boolean): boolean;
  /** The citizen's elder mode: the slow voice for them, kept after the attract screen resets it. */
  elder: boolean;
  now?: () => number;
}

const CARD_PRESENT = 'card-present';

export function TakeItemsReminder({ api, sessionId, say, elder, now = Date.now }: TakeItemsReminderProps) {
  const { i18n } = useTranslation();
  const [state, dispatch] = useReducer(takeItemsReducer, noReminder);
  // The citizen's language at the end of their session: the attract screen returns to the
  // terminal's own, but the one walking away is asked in theirs.
  const [lang, setLang] = useState(i18n.language);
  const clock = useRef(now);
  clock.current = now;

  // Read at render time: by the time the end is handled, the attract screen may have switched back.
  const language = useRef(i18n.language);
  language.current = i18n.language;
  const elderNow = useRef(elder);
  elderNow.current = elder;
  const [slow, setSlow] = useState(elder);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const previous = useRef(sessionId);
  useEffect(() => {
    const was = previous.current;
    previous.current = sessionId;
    if (was === null || sessionId !== null) return;
    const receiptPrinted = takeReceiptPrinted();
    const endedIn = language.current;
    const endedSlow = elderNow.current;
    // Not cancelled when this effect re-runs: the end of a session is handled once, whatever follows.
    const ended = (cardPresent: boolean): void => {
      if (!mounted.current) return;
      setLang(endedIn);
      setSlow(endedSlow);
      dispatch({ type: 'sessionEnded', cardPresent, receiptPrinted, now: clock.current() });
    };
    api.getDeviceStatus({}).then(
      (statuses) => ended(statuses.some((s) => s.device === 'idCard' && s.flags.includes(CARD_PRESENT))),
      // The reader's state is unknown: remind of the receipt at least.
      () => ended(false),
    );
  }, [api, sessionId]);

  useEffect(
    () =>
      api.on('deviceStatus', (status) => {
        if (status.device === 'idCard' && !status.flags.includes(CARD_PRESENT)) dispatch({ type: 'cardRemoved', now: clock.current() });
      }),
    [api],
  );

  const what = leftBehind(state);
  const t = i18n.getFixedT(lang);
  const message = what === null ? null : t(`takeItems.${what}`);

  // Speaks when due, then sleeps until the next repeat or the end of the receipt reminder. `beat`
  // re-arms the timer even when a wake-up changed nothing (a timer that fired a little early).
  const speak = useRef(say);
  speak.current = say;
  const [beat, setBeat] = useState(0);
  useEffect(() => {
    const wake = nextWakeAt(state);
    if (wake === null || what === null) return undefined;
    const id = window.setTimeout(
      () => {
        const at = clock.current();
        if (speechDue(state, at)) {
          speak.current(takeItemsPrompt(what), lang, slow);
          dispatch({ type: 'spoken', now: at });
        } else {
          dispatch({ type: 'tick', now: at });
        }
        setBeat((n) => n + 1);
      },
      Math.max(0, wake - clock.current()),
    );
    return () => window.clearTimeout(id);
  }, [state, what, lang, slow, beat]);

  if (message === null || what === null) return null;
  return (
    <div className="take-items" role="alert" lang={lang} data-testid="take-items" data-left={what}>
      <p className="take-items-title">{message}</p>
      <p className="take-items-detail">{t('takeItems.detail')}</p>
    </div>
  );
}
