/**
 * A failed step inside a service. NO_SESSION cannot be handled here (the core has dropped the
 * session and everything in it): it goes straight to the shell, which wipes and restarts.
 */
import { useEffect } from 'react';
import type { KioskErrorCode } from '../../../../electron/contract/kiosk-api.ts';
import { ErrorScreen } from '../../screens/ErrorScreen.tsx';
import { useService } from '../service-context.tsx';

/** Errors after which repeating the same call cannot help. */
const FINAL: ReadonlySet<KioskErrorCode> = new Set(['NO_SESSION', 'UNAUTHORIZED', 'INVALID_REQUEST', 'SERVICE_DISABLED']);

export const isRetryable = (code: KioskErrorCode): boolean => !FINAL.has(code);

interface ServiceErrorProps {
  code: KioskErrorCode;
  onRetry?: (() => void) | null;
}

export function ServiceError({ code, onRetry }: ServiceErrorProps) {
  const { home, sessionLost, setScreen } = useService();
  useEffect(() => {
    if (code === 'NO_SESSION') sessionLost(code);
    else setScreen('error');
  }, [code, sessionLost, setScreen]);
  return <ErrorScreen code={code} onRetry={onRetry && isRetryable(code) ? onRetry : null} onHome={home} />;
}
