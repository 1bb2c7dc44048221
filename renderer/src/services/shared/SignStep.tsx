/**
 * A journey's signature step (信用承诺, 交通违法处理): the pad, back, and the act the signature
 * confirms. A drawing too large to send is refused here with the journey's own words, so the
 * citizen signs again instead of meeting an error after the tap.
 */
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SignaturePad } from '../../components/SignaturePad.tsx';
import { StepIndicator } from '../../components/StepIndicator.tsx';

export interface SignStepProps {
  /** Test id of the screen; the title's id derives from it. */
  testId: string;
  kicker: string;
  steps: readonly string[];
  current: number;
  title: string;
  hint: string;
  tooComplex: string;
  submitLabel: string;
  submitTestId: string;
  onBack(): void;
  onSigned(png: string): void;
}

export function SignStep({ testId, kicker, steps, current, title, hint, tooComplex, submitLabel, submitTestId, onBack, onSigned }: SignStepProps) {
  const { t } = useTranslation();
  const [signed, setSigned] = useState(false);
  const [tooLarge, setTooLarge] = useState(false);
  const exportRef = useRef<(() => string | null) | null>(null);
  const titleId = `${testId}-title`;
  return (
    <section className="screen" data-testid={testId} aria-labelledby={titleId}>
      <p className="screen-kicker">{kicker}</p>
      <StepIndicator current={current} steps={steps} />
      <h1 id={titleId} className="screen-title">
        {title}
      </h1>
      <p className="muted">{hint}</p>
      <SignaturePad onChange={setSigned} exportRef={exportRef} />
      {tooLarge && (
        <p className="field-error" role="alert">
          {tooComplex}
        </p>
      )}
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
        <button
          type="button"
          className="btn btn-primary"
          data-testid={submitTestId}
          disabled={!signed}
          onClick={() => {
            const png = exportRef.current?.() ?? null;
            if (png === null) setTooLarge(true);
            else onSigned(png);
          }}
        >
          {submitLabel}
        </button>
      </div>
    </section>
  );
}
