/**
 * Loads the handwriting pad's chunk when handwriting is switched on. A chunk that fails to arrive
 * (a flaky link to the shell) says so and can be tried again; it must not reach the app's error
 * boundary, which reloads the page and would throw away the form the citizen is filling in.
 */
import { Component, lazy, Suspense, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface HandwritingPadLoaderProps {
  testId: string;
  onPick(character: string): void;
}

export function HandwritingPadLoader({ testId, onPick }: HandwritingPadLoaderProps) {
  const { t } = useTranslation();
  const [attempt, setAttempt] = useState(0);
  // A rejected lazy() stays rejected: each retry gets a fresh one.
  const Pad = useMemo(() => lazy(() => import('./handwriting/HandwritingPad.tsx')), [attempt]);
  const failed = (
    <div className="candidates">
      <span className="muted" role="alert" data-testid={`${testId}-handwriting-load-failed`}>
        {t('keyboard.handwritingLoadFailed')}
      </span>
      <button type="button" className="key key-wide" data-testid={`${testId}-handwriting-reload`} onClick={() => setAttempt((n) => n + 1)}>
        {t('keyboard.handwritingRetry')}
      </button>
    </div>
  );
  return (
    <LoadBoundary key={attempt} fallback={failed}>
      <Suspense
        fallback={
          <span className="muted" data-testid={`${testId}-handwriting-loading`}>
            {t('keyboard.handwritingLoading')}
          </span>
        }
      >
        <Pad testId={testId} onPick={onPick} />
      </Suspense>
    </LoadBoundary>
  );
}

class LoadBoundary extends Component<{ children: ReactNode; fallback: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
