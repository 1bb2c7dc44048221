import type { ReactNode } from 'react';

/** A waiting screen whose message screen readers announce. */
export function BusyScreen({ message, testId, children }: { message: string; testId: string; children?: ReactNode }) {
  return (
    <section className="screen screen-center" data-testid={testId}>
      {children}
      <span className="spinner" aria-hidden="true" />
      <p className="status-text" role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
