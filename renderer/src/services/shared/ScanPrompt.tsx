/** "Show your code to the scanner", with the scanner's complaint when a code was unusable. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useService } from '../service-context.tsx';

interface ScanPromptProps {
  kicker: string;
  title: string;
  detail: string;
  testId: string;
  onBack(): void;
}

export function ScanPrompt({ kicker, title, detail, testId, onBack }: ScanPromptProps) {
  const { t } = useTranslation();
  const { api } = useService();
  const [rejected, setRejected] = useState(0);
  useEffect(() => api.on('scanRejected', () => setRejected((n) => n + 1)), [api]);
  return (
    <section className="screen screen-center" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <p className="screen-kicker">{kicker}</p>
      <h1 id={`${testId}-title`} className="screen-title">
        {title}
      </h1>
      <svg className="scan-illustration" viewBox="0 0 240 160" aria-hidden="true">
        <rect x="70" y="10" width="100" height="140" rx="14" className="phone-body" />
        <rect x="95" y="40" width="50" height="50" className="phone-code" />
        <path d="M20 130 h200" className="scan-beam" />
      </svg>
      <p className="status-text" role="status" aria-live="polite" data-testid="scan-status">
        {rejected > 0 ? t('scan.rejected') : detail}
      </p>
      <div className="actions">
        <button type="button" className="btn btn-secondary" data-testid="back-button" onClick={onBack}>
          {t('nav.back')}
        </button>
      </div>
    </section>
  );
}
