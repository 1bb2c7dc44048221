import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api-types.ts';
import { api } from '../api.ts';
import { targetsFrom } from '../command-targets.ts';
import { formatTime } from '../format.ts';
import { usePolling } from '../routes.ts';

const NAMES = ['out-of-service', 'back-in-service', 'restart', 'request-logs', 'print-test-receipt', 'clear-staff-lockout', 'retry-held-items'] as const;

export function CommandsPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const { data, error, reload } = usePolling(() => api.commands(), 3000, []);
  const refusals = usePolling(() => api.refusals(), 3000, []);
  const [name, setName] = useState<(typeof NAMES)[number]>('out-of-service');
  const [targets, setTargets] = useState('');
  const [zh, setZh] = useState('');
  const [en, setEn] = useState('');
  const [reason, setReason] = useState('');
  const [message, setMessage] = useState<string>();
  const canAct = session.role !== 'viewer';

  const fail = (e: unknown) => setMessage(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
  const propose = (event: FormEvent) => {
    event.preventDefault();
    const args = name === 'out-of-service' ? { message: { 'zh-CN': zh, 'en-US': en } } : name === 'restart' && reason ? { reason } : {};
    api.propose({ name, args, targets: targetsFrom(targets) }).then((c) => {
      setMessage(t('commands.proposed', { id: c.id, state: t(`commands.states.${c.state}`) }));
      reload();
    }, fail);
  };
  const act = (id: number, verb: 'approve' | 'reject' | 'resend') => api.commandAction(id, verb).then(() => { setMessage(undefined); reload(); }, fail);

  return (
    <section>
      <h1>{t('commands.title')}</h1>
      <p>{t('commands.rule')}</p>
      {canAct && (
        <form className="toolbar wrap" onSubmit={propose}>
          <label>
            {t('commands.name')}
            <select value={name} onChange={(e) => setName(e.target.value as (typeof NAMES)[number])}>
              {NAMES.map((n) => <option key={n} value={n}>{t(`commands.names.${n}`)}</option>)}
            </select>
          </label>
          <label>
            {t('commands.targets')}
            <input value={targets} onChange={(e) => setTargets(e.target.value)} placeholder="KM-0001, KM-0002 / * / group:… / hall:…" required />
          </label>
          <span className="hint">{t('commands.targetsHint')}</span>
          {name === 'out-of-service' && (
            <>
              <label>{t('commands.messageZh')}<input value={zh} onChange={(e) => setZh(e.target.value)} required /></label>
              <label>{t('commands.messageEn')}<input value={en} onChange={(e) => setEn(e.target.value)} required /></label>
            </>
          )}
          {name === 'restart' && <label>{t('commands.reason')}<input value={reason} onChange={(e) => setReason(e.target.value)} /></label>}
          <button type="submit">{t('commands.propose')}</button>
        </form>
      )}
      {(error ?? message) && <p role="status">{error ? t('common.error', { message: error }) : message}</p>}
      <table aria-label={t('commands.title')}>
        <thead>
          <tr><th>#</th><th>{t('commands.name')}</th><th>{t('commands.targets')}</th><th>{t('commands.state')}</th><th>{t('commands.people')}</th><th>{t('commands.acks')}</th><th /></tr>
        </thead>
        <tbody>
          {data?.map((c) => (
            <tr key={c.id}>
              <td>{c.id}</td>
              <td>{t(`commands.names.${c.name}`, { defaultValue: c.name })}</td>
              <td>{[...(c.targets.terminals ?? []), ...(c.targets.groups ?? []).map((g) => (g === '*' ? t('commands.allTerminals') : g))].join(', ')}</td>
              <td>{t(`commands.states.${c.state}`)}{c.sendError ? ` (${c.sendError})` : ''}</td>
              <td>{t('commands.proposedBy', { user: c.proposedBy, at: formatTime(c.proposedAt) })}{c.decidedBy ? ` · ${t('commands.decidedBy', { user: c.decidedBy })}` : ''}</td>
              <td>{c.acks.map((a) => `${a.terminalId}: ${t(`commands.ackStates.${a.status}`, { defaultValue: a.status })}${a.detail ? ` (${a.detail})` : ''}`).join('; ') || '—'}</td>
              <td>
                {canAct && c.state === 'proposed' && c.proposedBy !== session.username && <button type="button" onClick={() => void act(c.id, 'approve')}>{t('commands.approve')}</button>}
                {canAct && c.state === 'proposed' && <button type="button" onClick={() => void act(c.id, 'reject')}>{t('commands.reject')}</button>}
                {canAct && c.state === 'unsent' && <button type="button" onClick={() => void act(c.id, 'resend')}>{t('commands.resend')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('commands.refusalsTitle')}</h2>
      {refusals.data?.length === 0 ? (
        <p>{t('commands.refusalsNone')}</p>
      ) : (
        <table aria-label={t('commands.refusalsTitle')}>
          <thead>
            <tr><th>{t('rollouts.terminal')}</th><th>{t('commands.at')}</th><th>{t('commands.refusalReason')}</th><th>{t('commands.keyId')}</th><th>{t('commands.name')}</th></tr>
          </thead>
          <tbody>
            {refusals.data?.map((r) => (
              <tr key={`${r.terminalId}/${r.at}/${r.reason}`} data-refusal={r.reason}>
                <td>{r.terminalId}</td>
                <td>{formatTime(r.at)}</td>
                <td>{t(`commands.refusalReasons.${r.reason}`, { defaultValue: r.reason })}{r.detail ? ` (${r.detail})` : ''}</td>
                <td>{r.keyId ?? '—'}</td>
                <td>{r.name ? t(`commands.names.${r.name}`, { defaultValue: r.name }) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
