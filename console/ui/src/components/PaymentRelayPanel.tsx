/**
 * The payment notification relay on the terminal page: whether this console relays, what it
 * forwarded, failed to forward and refused for this terminal per channel (last 24 h and since
 * the first), and for administrators the terminal's notify tag for its provisioning config (the
 * server refuses it to other roles; the button is only not offered to them).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotifyTagView, RelayCountsView, SessionInfo } from '../../../shared/api-types.ts';
import { api } from '../api.ts';
import { formatTime } from '../format.ts';
import { usePolling } from '../routes.ts';

const KNOWN_CHANNELS = new Set(['wechat-pay', 'alipay', 'unionpay-qr', 'non-tax']);

export function PaymentRelayPanel({ id, session }: { id: string; session: SessionInfo }) {
  const { t } = useTranslation();
  const { data, error } = usePolling(() => api.paymentRelay(id), 5000, [id]);
  const [tag, setTag] = useState<NotifyTagView | { error: string }>();
  const showTag = () =>
    api.revealNotifyTag(id).then(
      (v) => setTag(v),
      (e: unknown) => setTag({ error: e instanceof Error ? e.message : String(e) }),
    );
  const pair = (recent: RelayCountsView, total: RelayCountsView, key: keyof RelayCountsView) => t('paymentRelay.pair', { recent: recent[key], total: total[key] });
  const unattributed = (reason: string) => data?.unattributed.find((u) => u.reason === reason) ?? { recent: 0, total: 0 };
  return (
    <section aria-labelledby="payment-relay-title" data-testid="payment-relay">
      <h2 id="payment-relay-title">{t('paymentRelay.title')}</h2>
      {error && <p role="alert" className="error">{t('common.error', { message: error })}</p>}
      {data && (
        <>
          <dl className="facts">
            <dt>{t('paymentRelay.state')}</dt>
            <dd className={data.relay === 'on' ? 'ok' : 'bad'} data-field="relay-state">{t(`paymentRelay.states.${data.relay}`)}</dd>
            <dt>{t('paymentRelay.lastForwarded')}</dt>
            <dd data-field="last-forwarded">{data.lastForwardedAt ? formatTime(data.lastForwardedAt) : t('paymentRelay.never')}</dd>
            <dt>{t('paymentRelay.unattributed')}</dt>
            <dd data-field="unattributed">
              {t('paymentRelay.unattributedLine', { wrongTag: unattributed('wrong-tag').recent, wrongTagTotal: unattributed('wrong-tag').total, limited: unattributed('refusals-limited').recent })}
            </dd>
          </dl>
          {!data.terminalKnown && <p>{t('paymentRelay.unknownTerminal', { id })}</p>}
          {data.channels.length === 0 ? (
            <p>{t('paymentRelay.none')}</p>
          ) : (
            <table aria-labelledby="payment-relay-title">
              <caption>{t('paymentRelay.caption', { since: formatTime(data.recentSince) })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('paymentRelay.channel')}</th>
                  <th scope="col">{t('paymentRelay.forwarded')}</th>
                  <th scope="col">{t('paymentRelay.failed')}</th>
                  <th scope="col">{t('paymentRelay.refused')}</th>
                  <th scope="col">{t('paymentRelay.countedSince')}</th>
                  <th scope="col">{t('paymentRelay.lastForwarded')}</th>
                </tr>
              </thead>
              <tbody>
                {data.channels.map((c) => (
                  <tr key={c.channel} data-channel={c.channel}>
                    <th scope="row">{KNOWN_CHANNELS.has(c.channel) ? t(`paymentRelay.channels.${c.channel}`) : t('paymentRelay.channels.unknown')}</th>
                    <td data-count="forwarded">{pair(c.recent, c.total, 'forwarded')}</td>
                    <td data-count="failed" className={c.recent.failed > 0 ? 'bad' : ''}>{pair(c.recent, c.total, 'failed')}</td>
                    <td data-count="refused">{pair(c.recent, c.total, 'refused')}</td>
                    <td>{formatTime(c.firstAt)}</td>
                    <td>{c.lastForwardedAt ? formatTime(c.lastForwardedAt) : t('paymentRelay.never')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {session.role === 'admin' && data.tagAvailable && data.terminalKnown && (
            <p>
              <button type="button" onClick={() => void showTag()}>{t('paymentRelay.showTag')}</button>
            </p>
          )}
          {tag && 'error' in tag && <p role="alert" className="error">{t('common.error', { message: tag.error })}</p>}
          {tag && 'tag' in tag && (
            <div role="status">
              <p>{t('paymentRelay.tagNote')}</p>
              <pre data-testid="notify-tag">{JSON.stringify({ payments: { notifyTag: tag.tag } }, null, 2)}</pre>
              <p>{t('paymentRelay.tagPath', { path: tag.path })}</p>
            </div>
          )}
        </>
      )}
    </section>
  );
}
