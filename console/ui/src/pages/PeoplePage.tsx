import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../../shared/api-types.ts';
import { api } from '../api.ts';
import { formatTime } from '../format.ts';
import { usePolling } from '../routes.ts';

const ROLES = ['viewer', 'operator', 'publisher', 'admin'] as const;

export function PeoplePage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const users = usePolling(() => api.users(), 10_000, []);
  const audit = usePolling(() => api.audit(), 10_000, []);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('viewer');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState(true);
  const [message, setMessage] = useState<string>();
  const fail = (e: unknown) => setMessage(t('common.error', { message: e instanceof Error ? e.message : String(e) }));

  const add = (event: FormEvent) => {
    event.preventDefault();
    api.addUser({ username, role, password, totp }).then((created) => {
      setMessage(created.otpauth ? t('people.createdWithTotp', { user: created.username, secret: created.totpSecret, uri: created.otpauth }) : t('people.created', { user: created.username }));
      setPassword('');
      users.reload();
    }, fail);
  };
  const change = (name: string, c: { role?: string; disabled?: boolean }) => api.changeUser(name, c).then(() => users.reload(), fail);
  const verification = audit.data?.verification;

  return (
    <section>
      <h1>{t('people.title')}</h1>
      <form className="toolbar wrap" onSubmit={add}>
        <label>{t('login.username')}<input value={username} onChange={(e) => setUsername(e.target.value)} pattern="[a-z0-9][a-z0-9._\-]{1,31}" required /></label>
        <label>{t('people.role')}<select value={role} onChange={(e) => setRole(e.target.value as (typeof ROLES)[number])}>{ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}</select></label>
        <label>{t('login.password')}<input type="password" autoComplete="new-password" minLength={12} value={password} onChange={(e) => setPassword(e.target.value)} required /></label>
        <label><input type="checkbox" checked={totp} onChange={(e) => setTotp(e.target.checked)} /> {t('people.totp')}</label>
        <button type="submit">{t('people.add')}</button>
      </form>
      {(users.error ?? message) && <p role="status" className="break">{users.error ? t('common.error', { message: users.error }) : message}</p>}
      <table aria-label={t('people.title')}>
        <thead><tr><th>{t('login.username')}</th><th>{t('people.role')}</th><th>{t('people.totp')}</th><th>{t('people.since')}</th><th /></tr></thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.username}>
              <td>{u.username}{u.disabled ? ` (${t('people.disabled')})` : ''}</td>
              <td>
                <select value={u.role} disabled={u.username === session.username} onChange={(e) => void change(u.username, { role: e.target.value })}>
                  {ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
                </select>
              </td>
              <td>{u.totp ? '✓' : '—'}</td>
              <td>{formatTime(u.createdAt)}</td>
              <td>{u.username !== session.username && <button type="button" onClick={() => void change(u.username, { disabled: !u.disabled })}>{u.disabled ? t('people.enable') : t('people.disable')}</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('people.audit')}</h2>
      {verification && (
        <p className={verification.ok ? 'ok' : 'bad'} role="status">
          {verification.ok ? t('people.chainOk', { entries: verification.entries }) : t('people.chainBroken', { line: verification.line, reason: verification.reason })}
        </p>
      )}
      <table aria-label={t('people.audit')}>
        <thead><tr><th>#</th><th>{t('terminal.time')}</th><th>{t('people.actor')}</th><th>{t('people.action')}</th><th>{t('terminal.data')}</th></tr></thead>
        <tbody>
          {audit.data?.entries.map((e) => (
            <tr key={e.seq}><td>{e.seq}</td><td>{formatTime(e.time)}</td><td>{e.actor}</td><td>{e.action}</td><td><code>{JSON.stringify(e.details)}</code></td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
