/**
 * The errors of a page in one place, at its top: how many, and one button per error that takes the
 * citizen to the field (scrolled to the middle of the screen, its control focused). When the page
 * is refused (`jumpKey` changes while there are errors) the summary itself comes into view and
 * takes focus, so a screen reader reads it and the first button is one tap away.
 */
import { useEffect, useRef } from 'react';

export interface SummaryItem {
  /** The field's id; its container carries data-testid="field-<id>". */
  id: string;
  label: string;
  message: string;
}

interface ErrorSummaryProps {
  title: string;
  items: readonly SummaryItem[];
  /** Changes each time the page is refused; null while no refusal is pending. */
  jumpKey: number | null;
}

/** Scrolls the field to the middle of the screen and focuses its first enabled control. */
export function goToField(id: string): void {
  const field = document.querySelector<HTMLElement>(`[data-testid="field-${CSS.escape(id)}"]`);
  if (field === null) return;
  field.scrollIntoView({ block: 'center' });
  field.querySelector<HTMLElement>('button:not(:disabled)')?.focus({ preventScroll: true });
}

export function ErrorSummary({ title, items, jumpKey }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  const count = items.length;
  // Only when a refusal happens: fixing fields one by one must not pull the screen back up.
  useEffect(() => {
    if (jumpKey === null) return;
    ref.current?.scrollIntoView({ block: 'start' });
    ref.current?.focus({ preventScroll: true });
  }, [jumpKey]);
  if (count === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} data-testid="form-errors">
      <p className="error-summary-title">
        <span aria-hidden="true">! </span>
        {title}
      </p>
      <ul className="error-summary-list">
        {items.map((item) => (
          <li key={item.id}>
            <button type="button" className="btn btn-secondary error-link" data-testid={`error-link-${item.id}`} onClick={() => goToField(item.id)}>
              <span className="error-link-label">{item.label}</span>
              <span className="error-link-message">{item.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
