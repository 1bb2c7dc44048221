/**
 * The outbox, for staff: what waits, what the upstream refused (with its message), and the two
 * things staff may do with a refused item: send it again, or acknowledge it. Summaries only: a
 * submission's content (personal data) never reaches this screen.
 */
import { useState } from 'react';
import type { KioskErrorCode, QueueItemView, QueueStatus } from '../../../../electron/contract/kiosk-api.ts';
import { formatTime } from '../format.ts';
import { useMaintenanceCall, useMaintenanceLoad } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, ScreenHeader } from './parts.tsx';

const TABS: readonly QueueStatus[] = ['failed', 'pending', 'acknowledged', 'delivered'];

export function QueueScreen() {
  const { t } = useMaintenanceT();
  const call = useMaintenanceCall();
  const [status, setStatus] = useState<QueueStatus>('failed');
  const list = useMaintenanceLoad((api) => api.listQueue({ status, limit: 50 }));
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const choose = (next: QueueStatus) => {
    // Both updates land in one render; the loader then runs with the new status.
    setStatus(next);
    list.reload();
  };

  const act = async (item: QueueItemView, action: 'retry' | 'acknowledge') => {
    setBusy(item.id);
    setError(null);
    const outcome = await call((api) => (action === 'retry' ? api.retryQueueItem({ id: item.id }) : api.acknowledgeQueueItem({ id: item.id })));
    setBusy(null);
    if (!outcome.ok) setError(outcome.code);
    list.reload();
  };

  const data = list.data;
  const counts = data?.counts;
  return (
    <section className="mt-screen" data-testid="mt-queue">
      <ScreenHeader title={t('queue.title')} onRefresh={list.reload} busy={list.loading} />
      <div className="mt-tabs" role="tablist">
        {TABS.map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            className="btn btn-secondary"
            aria-selected={status === tab}
            aria-pressed={status === tab}
            data-testid={`mt-queue-tab-${tab}`}
            onClick={() => choose(tab)}
          >
            {t(`queue.tabs.${tab}`)} {counts ? `(${counts[tab]})` : ''}
          </button>
        ))}
      </div>
      <ErrorNote code={list.error ?? error} />
      {counts && counts.undecryptable > 0 && <p className="mt-warn">{t('queue.undecryptable', { count: counts.undecryptable })}</p>}
      {data && data.heldStreams.length > 0 && <p className="mt-warn">{t('queue.held', { streams: data.heldStreams.join(', ') })}</p>}
      {data && data.status === status && data.items.length === 0 && <p className="mt-muted">{t('queue.empty')}</p>}
      <ul className="mt-list">
        {data?.status === status &&
          data.items.map((item) => (
            <QueueRow key={item.id} item={item} busy={busy === item.id} onAct={(action) => void act(item, action)} />
          ))}
      </ul>
    </section>
  );
}

function QueueRow({ item, busy, onAct }: { item: QueueItemView; busy: boolean; onAct(action: 'retry' | 'acknowledge'): void }) {
  const { t, i18n } = useMaintenanceT();
  const locale = i18n.language;
  return (
    <li className="mt-list-item" data-testid={`mt-queue-item-${item.id}`}>
      <div className="mt-list-main">
        <p className="mt-big">
          {item.stream} · {item.kind} <span className="mt-muted mono">…{item.reference}</span>
        </p>
        <p className="mt-muted">
          {t('queue.created', { time: formatTime(item.createdAt, locale) })} · {t('queue.attempts', { count: item.attempts })}
          {item.purged ? ` · ${t('queue.purged')}` : ''}
        </p>
        {item.upstreamMessage && (
          <p className="mt-upstream-message" data-testid="mt-queue-message">
            {t('queue.upstreamMessage', { message: item.upstreamMessage })}
          </p>
        )}
        {item.acknowledgedBy && <p className="mt-muted">{t('queue.acknowledgedBy', { by: item.acknowledgedBy, time: formatTime(item.acknowledgedAt ?? '', locale) })}</p>}
      </div>
      <div className="mt-list-actions">
        {(item.status === 'failed' || item.status === 'pending') && (
          <button type="button" className="btn btn-secondary" data-testid="mt-queue-retry" disabled={busy || item.purged} onClick={() => onAct('retry')}>
            {t('queue.retry')}
          </button>
        )}
        {item.status === 'failed' && (
          <button type="button" className="btn btn-secondary" data-testid="mt-queue-acknowledge" disabled={busy} onClick={() => onAct('acknowledge')}>
            {t('queue.acknowledge')}
          </button>
        )}
      </div>
    </li>
  );
}
