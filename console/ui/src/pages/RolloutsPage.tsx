import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api-types.ts';
import { api } from '../api.ts';
import { formatTime } from '../format.ts';
import { usePolling } from '../routes.ts';

const ids = (text: string) => text.split(/[\s,，]+/).filter(Boolean);

export function RolloutsPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const { data, error, reload } = usePolling(() => api.rollouts(), 3000, []);
  const [version, setVersion] = useState('');
  const [config, setConfig] = useState('{\n}');
  const [note, setNote] = useState('');
  const [canary, setCanary] = useState('');
  const [rest, setRest] = useState('');
  const [wait, setWait] = useState(10);
  const [message, setMessage] = useState<string>();
  const canPublish = session.role === 'publisher' || session.role === 'admin';
  const fail = (e: unknown) => setMessage(t('common.error', { message: e instanceof Error ? e.message : String(e) }));

  const propose = (event: FormEvent) => {
    event.preventDefault();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(config) as Record<string, unknown>;
    } catch {
      setMessage(t('rollouts.badJson'));
      return;
    }
    api.proposeRollout({ version, config: parsed, ...(note ? { note } : {}), canary: ids(canary), rest: ids(rest), canaryWaitMinutes: wait }).then((r) => {
      setMessage(t('rollouts.proposed', { version: r.version }));
      reload();
    }, fail);
  };
  const act = (id: number, verb: 'approve' | 'reject' | 'rollback') => api.rolloutAction(id, verb).then(() => { setMessage(undefined); reload(); }, fail);

  return (
    <section>
      <h1>{t('rollouts.title')}</h1>
      <p>{t('rollouts.rule')}</p>
      {canPublish && (
        <form className="rollout-form" onSubmit={propose}>
          <label>{t('rollouts.version')}<input value={version} onChange={(e) => setVersion(e.target.value)} placeholder="1.4.0" required /></label>
          <label>{t('rollouts.canary')}<input value={canary} onChange={(e) => setCanary(e.target.value)} placeholder="KM-0001" required /></label>
          <label>{t('rollouts.rest')}<input value={rest} onChange={(e) => setRest(e.target.value)} placeholder="KM-0002, KM-0003" /></label>
          <label>{t('rollouts.wait')}<input type="number" min={0} max={1440} value={wait} onChange={(e) => setWait(Number(e.target.value))} /></label>
          <label>{t('rollouts.note')}<input value={note} onChange={(e) => setNote(e.target.value)} /></label>
          <label>{t('rollouts.config')}<textarea rows={8} value={config} onChange={(e) => setConfig(e.target.value)} spellCheck={false} /></label>
          <button type="submit">{t('rollouts.propose')}</button>
        </form>
      )}
      {(error ?? message) && <p role="status">{error ? t('common.error', { message: error }) : message}</p>}
      <table aria-label={t('rollouts.title')}>
        <thead>
          <tr><th>{t('rollouts.version')}</th><th>{t('rollouts.state')}</th><th>{t('rollouts.canary')}</th><th>{t('rollouts.rest')}</th><th>{t('commands.people')}</th><th /></tr>
        </thead>
        <tbody>
          {data?.map((r) => (
            <tr key={r.id}>
              <td>{r.version}{r.note ? ` · ${r.note}` : ''}</td>
              <td>{t(`rollouts.states.${r.state}`)}{r.haltReason ? ` (${r.haltReason})` : ''}{r.rollbackVersion ? ` → ${r.rollbackVersion}` : ''}</td>
              <td>{r.canary.join(', ')}</td>
              <td>{r.rest.length}</td>
              <td>{t('commands.proposedBy', { user: r.proposedBy, at: formatTime(r.proposedAt) })}{r.approvedBy ? ` · ${t('commands.decidedBy', { user: r.approvedBy })}` : ''}</td>
              <td>
                {canPublish && r.state === 'proposed' && r.proposedBy !== session.username && <button type="button" onClick={() => void act(r.id, 'approve')}>{t('rollouts.approve')}</button>}
                {canPublish && r.state === 'proposed' && <button type="button" onClick={() => void act(r.id, 'reject')}>{t('commands.reject')}</button>}
                {canPublish && ['canary', 'rest', 'done', 'halted'].includes(r.state) && <button type="button" onClick={() => void act(r.id, 'rollback')}>{t('rollouts.rollback')}</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
