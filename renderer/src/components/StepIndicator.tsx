/**
 * Where the citizen is in a multi-step journey: 第 2 步 / 共 4 步 and the steps' names, the
 * current one marked (aria-current) in text and shape, never by colour alone. A journey passes its
 * step names and the current step (1-based); the total is the number of names.
 */
import { useTranslation } from 'react-i18next';

interface StepIndicatorProps {
  /** 1-based; clamped into 1..steps.length. */
  current: number;
  /** The steps' names, already translated. */
  steps: readonly string[];
}

export function StepIndicator({ current, steps }: StepIndicatorProps) {
  const { t } = useTranslation();
  const total = steps.length;
  if (total < 2) return null;
  const at = Math.min(Math.max(1, Math.round(current)), total);
  return (
    <nav className="step-indicator" aria-label={t('steps.label')} data-testid="step-indicator" data-current={at} data-total={total}>
      <p className="step-count" data-testid="step-count">
        {t('steps.count', { current: at, total })}
      </p>
      <ol className="stepper-list">
        {steps.map((name, index) => {
          const n = index + 1;
          const state = n < at ? 'done' : n === at ? 'current' : 'todo';
          return (
            <li key={n} className={`stepper-item stepper-${state}`} {...(n === at ? { 'aria-current': 'step' as const } : {})}>
              <span className="stepper-mark" aria-hidden="true">
                {n < at ? '✓' : n}
              </span>
              {name}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
