/**
 * The screen a journey reports (voice prompt, idle timer): its own, except while 人证核验 runs,
 * when it is the one PersonCheckStep reports through `onScreen` (consent, camera, retry...).
 * Returns that `onScreen` callback.
 */
import { useCallback, useState } from 'react';
import { useServiceScreen } from '../service-context.tsx';

export function usePersonCheckScreen(verifying: boolean, screen: string, waiting: boolean): (screen: string, waiting: boolean) => void {
  const [person, setPerson] = useState({ screen: 'person-checking', waiting: true });
  useServiceScreen(verifying ? person.screen : screen, verifying ? person.waiting : waiting);
  return useCallback((next: string, nextWaiting: boolean) => setPerson({ screen: next, waiting: nextWaiting }), []);
}
