/**
 * "Place your ID card": one readIdCard call per mount (remount with a new key to retry), the
 * reader's card-present flag switches the screen to "reading" and back, and leaving cancels the read.
 * Services that need the card holder use this instead of restating the credit journey's steps.
 */
import { useEffect, useRef, useState } from 'react';
import type { IdCardView, KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { cardPresence, startCardRead } from '../../flow/card-read.ts';
import { PlaceCardScreen } from '../../screens/PlaceCardScreen.tsx';
import { useService } from '../service-context.tsx';

interface ReadCardStepProps {
  kicker: string;
  onRead(card: IdCardView): void;
  onFail(code: KioskErrorCode): void;
  onBack(): void;
  alternative?: { label: string; testId: string; onSelect(): void };
  /** The journey's step names and the card's place among them. */
  steps?: { current: number; names: readonly string[] };
}

export function ReadCardStep({ kicker, onRead, onFail, onBack, alternative, steps }: ReadCardStepProps) {
  const { api, timeouts, setWaiting, setScreen } = useService();
  const [reading, setReading] = useState(false);
  const handlers = useRef({ onRead, onFail });
  handlers.current = { onRead, onFail };

  useEffect(() => setScreen('place-card'), [setScreen]);

  useEffect(() => {
    const leave = startCardRead(api, timeouts.idCardReadSeconds, () => handlers.current);
    const off = api.on('deviceStatus', (status) => {
      // The reader is 'busy' while merely polling; only the flag says a card is actually there, and
      // its clearing (a card lifted) returns the screen to "place your card", countdown and idle timer included.
      const present = cardPresence(status);
      if (present !== null) setReading(present);
    });
    return () => {
      off();
      leave();
    };
  }, [api, timeouts.idCardReadSeconds]);

  // The citizen is waiting on the reader once the card is down: no inactivity warning then.
  useEffect(() => {
    setWaiting(reading);
    return () => setWaiting(false);
  }, [reading, setWaiting]);

  return (
    <PlaceCardScreen
      kicker={kicker}
      reading={reading}
      timeoutSeconds={timeouts.idCardReadSeconds}
      attempt={0}
      onBack={onBack}
      {...(alternative ? { alternative } : {})}
      {...(steps ? { steps } : {})}
    />
  );
}
