/**
 * Payments for staff: 日对账 of a day on demand (the terminal also runs it nightly for the day
 * before), and the orders that need a person, each re-queried on demand. Order numbers arrive
 * masked; an order is named to the core by an opaque reference. A wrong paid amount is closed by
 * staff once the channel has confirmed its refund.
 */
import { useState } from 'react';
import type { KioskErrorCode, PaymentNeedingStaffView, PaymentReconciliationView } from '../../../../electron/contract/kiosk-api.ts';
import { chinaDay } from '../../../../electron/contract/rules/zoned-time.ts';
import { formatDuration, formatFen, shiftDay } from '../format.ts';
import { useMaintenanceCall, useMaintenanceLoad } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ErrorNote, Facts, ScreenHeader } from './parts.tsx';

export function PaymentsScreen() {
  const { t } = useMaintenanceT();
  const list = useMaintenanceLoad((api) => api.listPaymentsNeedingStaff({}));
  return (
    <section className="mt-screen" data-testid="mt-payments">
      <ScreenHeader title={t('payments.title')} onRefresh={list.reload} busy={list.loading} />
      <ErrorNote code={list.error} />
      {list.data && !list.data.configured ? (
        <p className="mt-muted" data-testid="mt-payments-not-configured">
          {t('payments.notConfigured')}
        </p>
      ) : (
        <>
          <ReconcilePanel />
          <NeedingStaff orders={list.data?.orders ?? null} reload={list.reload} />
        </>
      )}
    </section>
  );
}

function ReconcilePanel() {
  const { t, i18n } = useMaintenanceT();
  const call = useMaintenanceCall();
  const today = chinaDay(new Date());
  const [day, setDay] = useState(shiftDay(today, -1));
  const [running, setRunning] = useState(false);
  const [report, setReport] = useState<PaymentReconciliationView | null>(null);
  const [error, setError] = useState<KioskErrorCode | null>(null);

  const run = async () => {
    setRunning(true);
    setError(null);
    setReport(null);
    const outcome = await call((api) => api.reconcilePayments({ day }));
    setRunning(false);
    if (outcome.ok) setReport(outcome.value);
    else setError(outcome.code);
  };
  const locale = i18n.language;

  return (
    <div className="mt-section" data-testid="mt-reconcile">
      <h2>{t('payments.reconcile.title')}</h2>
      <p className="mt-muted">{t('payments.reconcile.explain')}</p>
      <div className="mt-stepper">
        <button type="button" className="btn btn-secondary" data-testid="mt-reconcile-earlier" disabled={running} onClick={() => setDay((d) => shiftDay(d, -1))}>
          {t('payments.reconcile.earlier')}
        </button>
        <p className="mt-big" data-testid="mt-reconcile-day" aria-live="polite">
          {t('payments.reconcile.day', { day })}
        </p>
        <button type="button" className="btn btn-secondary" data-testid="mt-reconcile-later" disabled={running || day >= today} onClick={() => setDay((d) => shiftDay(d, 1))}>
          {t('payments.reconcile.later')}
        </button>
      </div>
      <button type="button" className="btn btn-primary" data-testid="mt-reconcile-run" disabled={running} onClick={() => void run()}>
        {running ? t('payments.reconcile.running') : t('payments.reconcile.run', { day })}
      </button>
      <ErrorNote code={error} />
      {report && (
        <div
          className={`mt-panel ${report.differences.length > 0 || report.unavailable.length > 0 ? 'mt-outcome-failed' : 'mt-outcome-passed'}`}
          role="status"
          data-testid="mt-reconcile-result"
          data-day={report.day}
          data-differences={report.differences.length}
        >
          <Facts
            rows={[
              [t('payments.reconcile.checked'), report.ordersChecked, 'mt-reconcile-checked'],
              [t('payments.reconcile.lines'), report.statementLines],
            ]}
          />
          {report.differences.length === 0 && report.unavailable.length === 0 && <p className="mt-big">{t('payments.reconcile.clean')}</p>}
          {report.differences.length > 0 && (
            <>
              <p className="mt-big">{t('payments.reconcile.differences', { count: report.differences.length })}</p>
              <table className="mt-table" data-testid="mt-reconcile-differences">
                <thead>
                  <tr>
                    <th scope="col">{t('payments.reconcile.columns.channel')}</th>
                    <th scope="col">{t('payments.reconcile.columns.order')}</th>
                    <th scope="col">{t('payments.reconcile.columns.kind')}</th>
                    <th scope="col">{t('payments.reconcile.columns.terminal')}</th>
                    <th scope="col">{t('payments.reconcile.columns.statement')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.differences.map((d) => (
                    <tr key={`${d.channel}:${d.orderNoMasked}:${d.kind}`} data-kind={d.kind}>
                      <td>{t(`payments.channels.${d.channel}`, { defaultValue: d.channel })}</td>
                      <td className="mono">{d.orderNoMasked}</td>
                      <td>{t(`payments.reconcile.kinds.${d.kind}`)}</td>
                      <td>{formatFen(d.terminalFen, locale)}</td>
                      <td>{formatFen(d.statementFen, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {report.unavailable.length > 0 && (
            <p className="mt-warn" data-testid="mt-reconcile-unavailable">
              {t('payments.reconcile.unavailable', { channels: report.unavailable.map((c) => t(`payments.channels.${c}`, { defaultValue: c })).join(', ') })}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

function NeedingStaff({ orders, reload }: { orders: PaymentNeedingStaffView[] | null; reload(): void }) {
  const { t, i18n } = useMaintenanceT();
  const call = useMaintenanceCall();
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const locale = i18n.language;
  const state = (s: string) => t(`payments.states.${s}`, { defaultValue: s });

  const requery = async (order: PaymentNeedingStaffView) => {
    setBusy(`requery:${order.ref}`);
    setError(null);
    setNotice(null);
    const outcome = await call((api) => api.requeryPayment({ ref: order.ref }));
    setBusy(null);
    if (outcome.ok) {
      const after = outcome.value.order;
      setNotice(
        'settled' in after
          ? t('payments.attention.settled', { order: after.orderNoMasked, state: state(after.state) })
          : t('payments.attention.requeried', { order: after.orderNoMasked, before: state(outcome.value.before), after: state(after.state) }),
      );
    } else setError(outcome.code);
    reload();
  };

  const acknowledge = async (order: PaymentNeedingStaffView) => {
    setBusy(`acknowledge:${order.ref}`);
    setError(null);
    setNotice(null);
    const outcome = await call((api) => api.acknowledgePaymentMismatch({ ref: order.ref }));
    setBusy(null);
    if (outcome.ok) {
      const done = outcome.value;
      setNotice(
        done.acknowledged
          ? t('payments.attention.acknowledged', { order: done.orderNoMasked })
          : t('payments.attention.acknowledgeRefused', { order: done.orderNoMasked, state: state(done.state) }),
      );
    } else setError(outcome.code);
    reload();
  };

  return (
    <div className="mt-section" data-testid="mt-payments-attention">
      <h2>{t('payments.attention.title')}</h2>
      <ErrorNote code={error} />
      {notice && (
        <p className="mt-muted" role="status" data-testid="mt-payments-notice">
          {notice}
        </p>
      )}
      {orders?.length === 0 && <p className="mt-muted">{t('payments.attention.empty')}</p>}
      <ul className="mt-list">
        {(orders ?? []).map((order) => (
          <li key={order.ref} className="mt-list-item" data-testid={`mt-payment-${order.ref}`} data-reason={order.reason}>
            <div className="mt-list-main">
              <p className="mt-big">
                <span className="mono">{order.orderNoMasked}</span> · {formatFen(order.amountFen, locale)}
                {order.paidFen !== undefined ? ` (${t('payments.attention.paid', { amount: formatFen(order.paidFen, locale) })})` : ''}
              </p>
              <p>
                {t(`payments.attention.reasons.${order.reason}`)} · {t(`payments.channels.${order.channel}`, { defaultValue: order.channel })} · {state(order.state)}
              </p>
              <p className="mt-muted">{t('payments.attention.age', { age: formatDuration(order.ageSeconds) })}</p>
              {order.reason === 'amount-mismatch' && <p className="mt-muted">{t('payments.attention.acknowledgeExplain')}</p>}
            </div>
            <div className="mt-list-actions">
              <button type="button" className="btn btn-secondary" data-testid="mt-payment-requery" disabled={busy !== null} onClick={() => void requery(order)}>
                {busy === `requery:${order.ref}` ? t('payments.attention.requerying') : t('payments.attention.requery')}
              </button>
              {order.reason === 'amount-mismatch' && (
                <button type="button" className="btn btn-primary" data-testid="mt-payment-acknowledge" disabled={busy !== null} onClick={() => void acknowledge(order)}>
                  {busy === `acknowledge:${order.ref}` ? t('payments.attention.acknowledging') : t('payments.attention.acknowledge')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
