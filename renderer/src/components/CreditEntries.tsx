/** The entries of a credit record (personal or enterprise); the category is always spelled out. */
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../i18n/format-date.ts';
import type { CreditEntry } from '../../../electron/contract/kiosk-api.ts';

export function CreditEntries({ entries }: { entries: readonly CreditEntry[] }) {
  const { t } = useTranslation();
  const when = useDateFormat();
  if (entries.length === 0) return <p className="muted">{t('credit.result.noEntries')}</p>;
  return (
    <ul className="entries">
      {entries.map((entry, index) => (
        <li key={`${entry.date}-${index}`} className={`entry entry-${entry.category}`} data-testid="credit-entry">
          <span className="entry-category">{t(`credit.category.${entry.category}`)}</span>
          <span className="entry-title">{entry.title}</span>
          <span className="entry-meta">
            {entry.authority} · {when.date(entry.date)}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function CreditStatusBadge({ status }: { status: 'good' | 'warning' | 'dishonest' }) {
  const { t } = useTranslation();
  const mark = status === 'good' ? '✓' : '!';
  return (
    <span className={`status-badge status-${status}`} data-testid="credit-status" data-status={status}>
      <span aria-hidden="true">{mark} </span>
      {t(`credit.status.${status}`)}
    </span>
  );
}
