/**
 * The outbox, for staff: what waits, what the upstream refused (with its message), and the two
 * things staff may do with a refused item: send it again, or acknowledge it. Items sealed with a
 * key this terminal lacks hold their streams: staff look again once the key is back, or, after
 * reading what it means, set them aside (kept and counted, never deleted). Summaries only: a
 * submission's content (personal data) never reaches this screen.
 */
import { useState } from 'react';
import type { KioskErrorCode, QueueItemView, QueueStatus } from '../../../../electron/contract/kiosk-api.ts';
import { useDateFormat } from '../../i18n/format-date.ts';
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
  const [notice, setNotice] = useState<string | null>(null);

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

  const retryHeld = async () => {
    setError(null);
    const outcome = await call((api) => api.retryHeldItems({}));
    if (outcome.ok) {
      const { retried, undecryptable } = outcome.value;
      setNotice(retried.length === 0 ? t('queue.heldNone') : t('queue.heldRetried', { streams: retried.join(', '), count: undecryptable }));
    } else setError(outcome.code);
    list.reload();
  };

  const setAside = async () => {
    setError(null);
    const outcome = await call((api) => api.setAsideUnreadable({ acknowledged: true }));
    if (outcome.ok) setNotice(t('queue.setAsideDone', { count: outcome.value.setAside, total: outcome.value.totalSetAside }));
    else setError(outcome.code);
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
      {notice && (
        <p className="mt-muted" role="status" data-testid="mt-queue-notice">
          {notice}
        </p>
      )}
      {counts && counts.undecryptable > 0 && (
        <SetAsidePanel count={counts.undecryptable} onConfirm={() => void setAside()} />
      )}
      {data && data.heldStreams.length > 0 && (
        <div className="mt-warn" data-testid="mt-queue-held">
          <p>{t('queue.held', { streams: data.heldStreams.join(', ') })}</p>
          <button type="button" className="btn btn-secondary" data-testid="mt-queue-retry-held" onClick={() => void retryHeld()}>
            {t('queue.retryHeld')}
          </button>
        </div>
      )}
      {counts && counts.setAside > 0 && (
        <p className="mt-muted" data-testid="mt-queue-set-aside-count">
          {t('queue.setAsideCount', { count: counts.setAside })}
        </p>
      )}
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

/** Setting aside is asked twice: staff read what it means before the button that does it appears. */
function SetAsidePanel({ count, onConfirm }: { count: number; onConfirm(): void }) {
  const { t } = useMaintenanceT();
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="mt-warn" data-testid="mt-queue-undecryptable">
      <p>{t('queue.undecryptable', { count })}</p>
      {confirming ? (
        <>
          <p data-testid="mt-queue-set-aside-explain">{t('queue.setAsideExplain')}</p>
          <button
            type="button"
            className="btn btn-secondary"
            data-testid="mt-queue-set-aside-confirm"
            onClick={() => {
              setConfirming(false);
              onConfirm();
            }}
          >
            {t('queue.setAsideConfirm')}
          </button>
          <button type="button" className="btn btn-secondary" onClick={() => setConfirming(false)}>
            {t('queue.setAsideCancel')}
          </button>
        </>
      ) : (
        <button type="button" className="btn btn-secondary" data-testid="mt-queue-set-aside" onClick={() => setConfirming(true)}>
          {t('queue.setAsideTitle')}
        </button>
      )}
    </div>
  );
}

function QueueRow({ item, busy, onAct }: { item: QueueItemView; busy: boolean; onAct(action: 'retry' | 'acknowledge'): void }) {
  const { t, i18n } = useMaintenanceT();
  const locale = i18n.language;
  const when = useDateFormat(locale);
  return (
    <li className="mt-list-item" data-testid={`mt-queue-item-${item.id}`}>
      <div className="mt-list-main">
        <p className="mt-big">
          {item.stream} · {item.kind} <span className="mt-muted mono">…{item.reference}</span>
        </p>
        <p className="mt-muted">
          {t('queue.created', { time: when.dateTimeSeconds(item.createdAt) })} · {t('queue.attempts', { count: item.attempts })}
          {item.purged ? ` · ${t('queue.purged')}` : ''}
          {item.setAside ? ` · ${t('queue.setAsideTag')}` : ''}
        </p>
        {item.upstreamMessage && (
          <p className="mt-upstream-message" data-testid="mt-queue-message">
            {t('queue.upstreamMessage', { message: item.upstreamMessage })}
          </p>
        )}
        {item.acknowledgedBy && <p className="mt-muted">{t('queue.acknowledgedBy', { by: item.acknowledgedBy, time: when.dateTimeSeconds(item.acknowledgedAt ?? '') })}</p>}
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
