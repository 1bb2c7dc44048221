import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api-types.ts';
import { REPORT_GROUPINGS, type ReportGrouping, type ReportNames, type ReportRow } from '../../../shared/report-types.ts';
import { api, reportFileUrl, saveFile } from '../api.ts';
import { BarChart } from '../components/BarChart.tsx';
import { formatTime } from '../format.ts';
import { usePolling } from '../routes.ts';

const LEVELS = ['very-dissatisfied', 'dissatisfied', 'basically-satisfied', 'satisfied', 'very-satisfied'] as const;
const CAN_REQUEST = new Set(['operator', 'publisher', 'admin']);
type NameLang = 'zh-CN' | 'en-US';

/** The month before this one in the viewer's calendar: the latest complete month. */
function lastMonth(now = new Date()): string {
  const d = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
}

export function ReportsPage({ session }: { session: SessionInfo }) {
  const { t, i18n } = useTranslation();
  const [month, setMonth] = useState<string>();
  const [groupBy, setGroupBy] = useState<ReportGrouping>('service');
  const [hall, setHall] = useState<string>();
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();
  const months = usePolling(() => api.reportMonths(), 30_000, []);
  useEffect(() => {
    if (month === undefined && months.data) setMonth(months.data[0]?.month ?? lastMonth());
  }, [months.data, month]);
  const { data, error, reload } = usePolling(() => (month ? api.report(month, groupBy, hall) : Promise.resolve(undefined)), 10_000, [month, groupBy, hall]);
  const percent = (rate: number | null) => (rate === null ? '—' : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 2 }).format(rate));
  const lang: NameLang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const names: ReportNames = data?.names ?? { services: {}, reasons: {} };
  // Names from the terminal's catalogue and reasons; an id this console does not know (a newer terminal's) shows marked.
  const serviceLabel = (id: string) => names.services[id]?.[lang] ?? t('reports.unknownService', { id });
  const reasonLabel = (id: string) => names.reasons[id]?.[lang] ?? t('reports.unknownReason', { id });
  const reasonsText = (reasons: Record<string, number>) => Object.entries(reasons).map(([reason, n]) => `${reasonLabel(reason)} ${n}`).join(lang === 'zh-CN' ? '，' : ', ');
  const rowLabel = (row: ReportRow) => {
    if (groupBy === 'hall') return row.hall === null ? t('reports.noHall') : [row.region, row.hall].filter(Boolean).join(' · ');
    if (groupBy === 'service') return serviceLabel(row.key);
    return row.key;
  };
  const unknownIn = (row: ReportRow) => (groupBy === 'service' && !names.services[row.key]) || Object.keys(row.badReasons).some((r) => !names.reasons[r]);
  const hallEntry = data?.halls.find((h) => h.key === hall);
  const request = () => {
    if (!month) return;
    api.propose({ name: 'send-monthly-report', args: { month }, targets: { groups: ['*'] } }).then(
      (c) => {
        setNotice({ ok: true, text: t('reports.requested', { id: c.id, month }) });
        reload();
      },
      (e: unknown) => setNotice({ ok: false, text: t('common.error', { message: e instanceof Error ? e.message : String(e) }) }),
    );
  };
  const partial = data?.terminals.filter((x) => x.partial) ?? [];
  const save = (url: string) =>
    saveFile(url).then(
      () => setNotice(undefined),
      (e: unknown) => setNotice({ ok: false, text: t('common.error', { message: e instanceof Error ? e.message : String(e) }) }),
    );

  return (
    <section>
      <h1>{t('reports.title')}</h1>
      <p className="summary">{t('reports.explain')}</p>
      <div className="toolbar wrap">
        <label>
          {t('reports.month')}{' '}
          <input type="month" value={month ?? ''} required onChange={(e) => e.target.value && setMonth(e.target.value)} />
        </label>
        <label>
          {t('reports.groupBy')}{' '}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value as ReportGrouping)}>
            {REPORT_GROUPINGS.map((g) => (
              <option key={g} value={g}>{t(`reports.grouping.${g}`)}</option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.hall')}{' '}
          <select value={hall ?? '*'} onChange={(e) => setHall(e.target.value === '*' ? undefined : e.target.value)}>
            <option value="*">{t('reports.allHalls')}</option>
            {data?.halls.map((h) => (
              <option key={h.key} value={h.key}>{h.hall === null ? t('reports.noHall') : [h.region, h.hall].filter(Boolean).join(' · ')}</option>
            ))}
          </select>
        </label>
        {month && (
          <>
            <button type="button" onClick={() => void save(reportFileUrl(month, 'csv', { groupBy, hall, lang: i18n.language }))}>{t('reports.exportCsv')}</button>
            <button type="button" onClick={() => void save(reportFileUrl(month, 'xlsx', { groupBy, hall, lang: i18n.language }))}>{t('reports.exportXlsx')}</button>
            {hallEntry?.hall && <button type="button" onClick={() => void save(reportFileUrl(month, 'hall-upload', { hall: hallEntry.key }))}>{t('reports.exportHall')}</button>}
          </>
        )}
        {CAN_REQUEST.has(session.role) && month && <button type="button" onClick={request}>{t('reports.request')}</button>}
      </div>
      {(error ?? months.error) && <p role="alert" className="error">{t('common.error', { message: error ?? months.error })}</p>}
      {notice && <p role={notice.ok ? 'status' : 'alert'} className={notice.ok ? 'ok' : 'error'}>{notice.text}</p>}
      {data && (
        <>
          <p className="summary" data-report-totals>
            {t('reports.totals', { terminals: data.totals.terminals, transactions: data.totals.transactions, evaluations: data.totals.evaluations, satisfaction: percent(data.totals.satisfactionRate) })}
          </p>
          {data.utcOffsets.length > 1 && <p role="alert" className="bad">{t('reports.mixedZones', { zones: data.utcOffsets.join(', ') })}</p>}
          {partial.length > 0 && <p className="bad">{t('reports.partial', { terminals: partial.map((x) => x.terminalId).join(', ') })}</p>}
          {data.missing.length > 0 && <p>{t('reports.missing', { count: data.missing.length, terminals: data.missing.slice(0, 20).join(', ') })}</p>}
          {data.rows.length === 0 ? (
            <p>{t('reports.none', { month: data.month })}</p>
          ) : (
            <>
              <BarChart label={t('reports.chart', { month: data.month })} bars={data.rows.map((r) => ({ key: r.key, label: rowLabel(r), value: r.transactions, inner: r.evaluations }))} />
              <p className="legend">{t('reports.legend')}</p>
              <p className="legend">{t('reports.reportSite')}</p>
              <table aria-label={t('reports.table', { month: data.month })}>
                <thead>
                  <tr>
                    <th>{t(`reports.grouping.${groupBy}`)}</th>
                    <th>{t('reports.terminals')}</th>
                    <th>{t('reports.transactions')}</th>
                    <th>{t('reports.evaluations')}</th>
                    {LEVELS.map((l) => <th key={l}>{t(`reports.levels.${l}`)}</th>)}
                    <th>{t('reports.satisfactionRate')}</th>
                    <th>{t('reports.evaluationRate')}</th>
                    <th>{t('reports.badReasons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((r) => (
                    <tr key={r.key} data-report-row={r.key} {...(unknownIn(r) ? { 'data-unknown-ids': '', title: t('reports.unknownHint') } : {})}>
                      <td>
                        {rowLabel(r)}
                        {groupBy === 'service' && names.services[r.key] && <small className="report-id"> {r.key}</small>}
                      </td>
                      <td>{r.terminals}</td>
                      <td>{r.transactions}</td>
                      <td>{r.evaluations}</td>
                      {LEVELS.map((l) => <td key={l}>{r.ratings[l]}</td>)}
                      <td>{percent(r.satisfactionRate)}</td>
                      <td>{percent(r.evaluationRate)}</td>
                      <td>{reasonsText(r.badReasons)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-report-row="*">
                    <th>{t('reports.total')}</th>
                    <td>{data.totals.terminals}</td>
                    <td>{data.totals.transactions}</td>
                    <td>{data.totals.evaluations}</td>
                    {LEVELS.map((l) => <td key={l}>{data.totals.ratings[l]}</td>)}
                    <td>{percent(data.totals.satisfactionRate)}</td>
                    <td>{percent(data.totals.evaluationRate)}</td>
                    <td>{reasonsText(data.totals.badReasons)}</td>
                  </tr>
                </tfoot>
              </table>
              <details>
                <summary>{t('reports.received', { count: data.terminals.length })}</summary>
                <ul>
                  {data.terminals.map((x) => (
                    <li key={x.terminalId}>{t('reports.receivedLine', { terminal: x.terminalId, generated: formatTime(x.generatedAt), received: formatTime(x.receivedAt), transactions: x.transactions })}</li>
                  ))}
                </ul>
              </details>
            </>
          )}
        </>
      )}
    </section>
  );
}
