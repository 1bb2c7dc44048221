import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { VirtualRows } from '../components/VirtualRows.tsx';
import { fleetRows, type GroupBy, type SortKey } from '../fleet-list.ts';
import { usePolling } from '../routes.ts';
import { formatTime } from '../format.ts';

const ROW = 36;

export function FleetPage({ open }: { open: (id: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortKey>('status');
  const [groupBy, setGroupBy] = useState<GroupBy>('none');
  const { data, error } = usePolling(() => api.terminals(), 2000, []);
  const rows = useMemo(() => fleetRows(data ?? [], { query, sort, groupBy, ungrouped: t('fleet.ungrouped') }), [data, query, sort, groupBy, t]);
  const online = data?.filter((d) => d.online).length ?? 0;

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
          {(['id', 'status', 'site', 'heartbeat', 'version', 'devices', 'queue', 'alerts'] as const).map((c) => (
            <span key={c} role="columnheader">{t(`fleet.col.${c}`)}</span>
          ))}
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
              <div className="row clickable" role="row" data-terminal={row.terminal.id} onClick={() => open(row.terminal.id)}>
                <span role="cell"><a href={`/terminals/${row.terminal.id}`} onClick={(e) => { e.preventDefault(); open(row.terminal.id); }}>{row.terminal.id}</a></span>
                <span role="cell" className={row.terminal.online ? 'ok' : 'bad'} data-status={row.terminal.online ? 'online' : 'offline'}>
                  {row.terminal.online ? t('status.online') : t('status.offline')}
                </span>
                <span role="cell">{[row.terminal.region, row.terminal.hall].filter(Boolean).join(' · ') || '—'}</span>
                <span role="cell">{formatTime(row.terminal.lastHeartbeatAt)}</span>
                <span role="cell">{row.terminal.appVersion ?? '—'} / {row.terminal.configVersion ?? '—'}</span>
                <span role="cell">{row.terminal.devices.filter((d) => d.state !== 'ready' && d.state !== 'busy').map((d) => d.device).join(', ') || t('fleet.devicesOk')}</span>
                <span role="cell">{row.terminal.queue && 'pending' in row.terminal.queue ? row.terminal.queue.pending : '—'}</span>
                <span role="cell" className={row.terminal.activeAlerts > 0 ? 'bad' : ''}>{row.terminal.activeAlerts}</span>
              </div>
            )
          }
        />
      </div>
    </section>
  );
}
