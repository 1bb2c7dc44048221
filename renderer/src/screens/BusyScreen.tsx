import type { ReactNode } from 'react';

interface BusyScreenProps {
  /** Heading of the screen (for screen readers; the message is what is shown). */
  title: string;
  message: string;
  testId: string;
  children?: ReactNode;
}

/** A waiting screen whose message screen readers announce. */
export function BusyScreen({ title, message, testId, children }: BusyScreenProps) {
  return (
    <section className="screen screen-center" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <h1 id={`${testId}-title`} className="sr-only">
        {title}
      </h1>
      {children}
      <span className="spinner" aria-hidden="true" />
      <p className="status-text" role="status" aria-live="polite">
        {message}
      </p>
    </section>
  );
}
