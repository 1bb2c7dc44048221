import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TerminalView } from '../../../shared/api-types.ts';
import { api } from '../api.ts';
import { VirtualRows } from '../components/VirtualRows.tsx';
import { filterFleet, groupRows, prepareFleet, sortFleet, type GroupBy, type PreparedTerminal, type SortKey } from '../fleet-list.ts';
import { useFleetFeed } from '../fleet-feed.ts';
import { formatTime } from '../format.ts';

const ROW = 36;
/**
 * Beyond this many terminals the list is polled every 10 s instead of 2. The page gets only what
 * changed (fleet-feed.ts), but each poll still has the console read and compare the whole registry
 * (terminal-changes.ts), which a large fleet should not pay every 2 s per open page. A terminal's
 * own page still refreshes every 2 s.
 */
const LARGE_FLEET = 2000;
const LARGE_FLEET_POLL_MS = 10_000;
/** Columns whose header sorts the table (the same orders as the sort menu). */
const SORTABLE: Partial<Record<string, SortKey>> = { id: 'id', status: 'status', heartbeat: 'heartbeat', version: 'version', alerts: 'alerts' };

/** Pending count, then what needs a look: how old the oldest is, held streams, items no key opens. */
function queueCell(queue: TerminalView['queue'], t: TFunction): string {
  if (!queue || !('pending' in queue)) return '—';
  return [
    String(queue.pending),
    queue.oldestPendingAt ? t('fleet.queueOldest', { at: formatTime(queue.oldestPendingAt) }) : '',
    queue.held ? t('fleet.queueHeld', { count: queue.held }) : '',
    queue.undecryptable ? t('fleet.queueUndecryptable', { count: queue.undecryptable }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * One terminal's row, rendered again only when its terminal object or `open` changes: a keystroke
 * in the search box mostly leaves the rows in view as they were (the same objects, fleet-list.ts),
 * and at 4× CPU throttling re-rendering ~30 rows of translated cells is a good part of 100 ms.
 */
const TerminalRow = memo(function TerminalRow({ terminal, open }: { terminal: TerminalView; open: (id: string) => void }) {
  const { t } = useTranslation();
  return (
    <div className="row clickable" role="row" data-terminal={terminal.id} onClick={() => open(terminal.id)}>
      <span role="cell"><a href={`/terminals/${terminal.id}`} onClick={(e) => { e.preventDefault(); open(terminal.id); }}>{terminal.id}</a></span>
      <span role="cell" className={terminal.online ? 'ok' : 'bad'} data-status={terminal.online ? 'online' : 'offline'}>
        {terminal.online ? t('status.online') : t('status.offline')}
      </span>
      <span role="cell">{[terminal.region, terminal.hall].filter(Boolean).join(' · ') || '—'}</span>
      <span role="cell">{formatTime(terminal.lastHeartbeatAt)}</span>
      <span role="cell">{terminal.appVersion ?? '—'} / {terminal.configVersion ?? '—'}</span>
      <span role="cell">{terminal.devices.filter((d) => d.state !== 'ready' && d.state !== 'busy').map((d) => d.device).join(', ') || t('fleet.devicesOk')}</span>
      <span role="cell" data-field="queue">{queueCell(terminal.queue, t)}</span>
      <span role="cell" className={terminal.activeAlerts > 0 ? 'bad' : ''}>{terminal.activeAlerts}</span>
    </div>
  );
});

export function FleetPage({ open }: { open: (id: string) => void }) {
  const { t } = useTranslation();
  // The same function for the page's life, so the rows' memo holds while the app re-renders around it.
  const openRef = useRef(open);
  openRef.current = open;
  const openTerminal = useCallback((id: string) => openRef.current(id), []);
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortKey>('status');
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const [large, setLarge] = useState(false);
  const { data, error } = useFleetFeed(api.terminalChanges, large ? LARGE_FLEET_POLL_MS : 2000);
  if ((data?.length ?? 0) > LARGE_FLEET !== large) setLarge(!large);
  // One step per dependency: a keystroke only filters the list already sorted (fleet-list.ts).
  const lastPrepared = useRef<PreparedTerminal[]>([]);
  const prepared = useMemo(() => (lastPrepared.current = prepareFleet(data ?? [], lastPrepared.current)), [data]);
  const sorted = useMemo(() => sortFleet(prepared, sort), [prepared, sort]);
  const rows = useMemo(() => groupRows(filterFleet(sorted, query), groupBy, t('fleet.ungrouped')), [sorted, query, groupBy, t]);
  const online = useMemo(() => data?.filter((d) => d.online).length ?? 0, [data]);

  return (
    <section>
      <h1>{t('fleet.title')}</h1>
      <p className="summary">{t('fleet.summary', { total: data?.length ?? 0, online, offline: (data?.length ?? 0) - online })}</p>
      <div className="toolbar">
        <input type="search" aria-label={t('fleet.search')} placeholder={t('fleet.search')} value={query} onChange={(e) => setQuery(e.target.value)} />
        <label>
          {t('fleet.sortBy')}
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            {(['status', 'id', 'heartbeat', 'alerts', 'version'] as const).map((k) => (
              <option key={k} value={k}>{t(`fleet.sort.${k}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('fleet.groupBy')}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as GroupBy)}>
            {(['none', 'region', 'hall', 'tag'] as const).map((k) => (
              <option key={k} value={k}>{t(`fleet.group.${k}`)}</option>
            ))}
          </select>
        </label>
      </div>
      {error && <p role="alert" className="error">{t('common.error', { message: error })}</p>}
      <div className="fleet-table" role="table" aria-label={t('fleet.title')}>
        <div className="row head" role="row">
          {(['id', 'status', 'site', 'heartbeat', 'version', 'devices', 'queue', 'alerts'] as const).map((c) => {
            const key = SORTABLE[c];
            return key ? (
              <span key={c} role="columnheader" aria-sort={sort === key ? (key === 'alerts' ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="sort" onClick={() => setSort(key)}>{t(`fleet.col.${c}`)}</button>
              </span>
            ) : (
              <span key={c} role="columnheader">{t(`fleet.col.${c}`)}</span>
            );
          })}
        </div>
        <VirtualRows
          items={rows}
          rowHeight={ROW}
          height={Math.min(640, Math.max(ROW * 3, rows.length * ROW))}
          label={t('fleet.title')}
          render={(row) =>
            row.kind === 'group' ? (
              <div className="row group" role="row">
                <span role="cell">{t('fleet.groupRow', { name: row.name, count: row.count, offline: row.offline })}</span>
              </div>
            ) : (
              <TerminalRow terminal={row.terminal} open={openTerminal} />
            )
          }
        />
      </div>
    </section>
  );
}
