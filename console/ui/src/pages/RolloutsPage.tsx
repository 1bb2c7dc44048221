import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigIssue, ConfigSchemaResponse, RolloutAck, RolloutPreview, RolloutView, SessionInfo, TargetDiff } from '../../../shared/api-types.ts';
import { api, ApiFailure } from '../api.ts';
import { formFields, overrideFrom, valuesFrom } from '../config-form/form-model.ts';
import { SchemaForm } from '../config-form/SchemaForm.tsx';
import { formatTime } from '../format.ts';
import { usePolling } from '../routes.ts';

const entries = (text: string) => text.split(/[\s,，]+/).filter(Boolean);

export function RolloutsPage({ session }: { session: SessionInfo }) {
  const { t } = useTranslation();
  const { data, error, reload } = usePolling(() => api.rollouts(), 3000, []);
  const [message, setMessage] = useState<string>();
  const [open, setOpen] = useState<number>();
  const canPublish = session.role === 'publisher' || session.role === 'admin';
  const fail = (e: unknown) => setMessage(t('common.error', { message: e instanceof Error ? e.message : String(e) }));
  const act = (id: number, verb: 'approve' | 'reject' | 'rollback') => api.rolloutAction(id, verb).then(() => { setMessage(undefined); reload(); }, fail);

  return (
    <section>
      <h1>{t('rollouts.title')}</h1>
      <p>{t('rollouts.rule')}</p>
      {canPublish && <RolloutForm rollouts={data ?? []} onProposed={(v) => { setMessage(t('rollouts.proposed', { version: v })); reload(); }} />}
      {canPublish && <UploadSignedForm onProposed={(v) => { setMessage(t('rollouts.proposed', { version: v })); reload(); }} />}
      {(error ?? message) && <p role="status">{error ? t('common.error', { message: error }) : message}</p>}
      <table aria-label={t('rollouts.list')}>
        <thead>
          <tr><th>{t('rollouts.version')}</th><th>{t('rollouts.state')}</th><th>{t('rollouts.canary')}</th><th>{t('rollouts.rest')}</th><th>{t('rollouts.acks')}</th><th>{t('commands.people')}</th><th /></tr>
        </thead>
        <tbody>
          {data?.map((r) => (
            <RolloutRow key={r.id} r={r} open={open === r.id} toggle={() => setOpen(open === r.id ? undefined : r.id)}>
              {canPublish && r.state === 'proposed' && r.proposedBy !== session.username && <button type="button" onClick={() => void act(r.id, 'approve')}>{t('rollouts.approve')}</button>}
              {canPublish && r.state === 'proposed' && <button type="button" onClick={() => void act(r.id, 'reject')}>{t('commands.reject')}</button>}
              {canPublish && ['canary', 'rest', 'done', 'halted'].includes(r.state) && <button type="button" onClick={() => void act(r.id, 'rollback')}>{t('rollouts.rollback')}</button>}
            </RolloutRow>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function RolloutRow({ r, open, toggle, children }: { r: RolloutView; open: boolean; toggle: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const [diff, setDiff] = useState<TargetDiff[]>();
  const [acks, setAcks] = useState<RolloutAck[]>();
  const progress = r.ackCounts.map((c) => `${c.stage}/${c.status}/${c.count}`).join();
  useEffect(() => {
    if (open) void api.rolloutDiff(r.id).then(setDiff, () => setDiff(undefined));
  }, [open, r.id]);
  // Each terminal's ack, refreshed as the counts in the list move.
  useEffect(() => {
    if (open) void api.rolloutAcks(r.id).then(setAcks, () => setAcks(undefined));
  }, [open, r.id, progress, r.state]);
  const groups = r.targetGroups ? [...r.targetGroups.canary, ...r.targetGroups.rest] : [];
  return (
    <>
      <tr data-rollout={r.version}>
        <td>{r.version}{r.note ? ` · ${r.note}` : ''}{r.signedOffline ? ` · ${t('rollouts.signedOffline')}` : ''}</td>
        <td data-state>{t(`rollouts.states.${r.state}`)}{r.haltReason ? ` (${r.haltReason})` : ''}{r.rollbackVersion ? ` → ${r.rollbackVersion}` : ''}</td>
        <td>{r.canary.join(', ')}</td>
        <td>{r.rest.length}{groups.length > 0 ? ` · ${groups.join(', ')}` : ''}</td>
        <td data-acks>
          {r.ackCounts.length === 0
            ? '—'
            : r.ackCounts.map((c) => (
                <div key={`${c.stage}/${c.status}`} data-ack-count={`${c.stage}/${c.status}`}>
                  {t('rollouts.ackCount', { stage: t(`rollouts.stages.${c.stage}`), status: t(`commands.ackStates.${c.status}`, { defaultValue: c.status }), count: c.count })}
                </div>
              ))}
        </td>
        <td>{t('commands.proposedBy', { user: r.proposedBy, at: formatTime(r.proposedAt) })}{r.approvedBy ? ` · ${t('commands.decidedBy', { user: r.approvedBy })}` : ''}</td>
        <td>
          <button type="button" aria-expanded={open} onClick={toggle}>{t('rollouts.details')}</button>
          {children}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={7}>
            <h3>{t('rollouts.acksTitle')}</h3>
            {acks ? <AckTable acks={acks} /> : t('common.loading')}
            <h3>{t('rollouts.diffTitle')}</h3>
            {diff ? <DiffTable diffs={diff} /> : t('common.loading')}
          </td>
        </tr>
      )}
    </>
  );
}

function RolloutForm({ rollouts, onProposed }: { rollouts: RolloutView[]; onProposed: (version: string) => void }) {
  const { t } = useTranslation();
  const [schema, setSchema] = useState<ConfigSchemaResponse>();
  const [schemaError, setSchemaError] = useState<string>();
  const [values, setValues] = useState<Record<string, unknown>>();
  const [version, setVersion] = useState('');
  const [note, setNote] = useState('');
  const [canary, setCanary] = useState('');
  const [rest, setRest] = useState('');
  const [wait, setWait] = useState(10);
  const [issues, setIssues] = useState<ConfigIssue[]>([]);
  const [preview, setPreview] = useState<RolloutPreview>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    api.configSchema().then(
      (s) => {
        setSchema(s);
        setValues(s.defaults);
      },
      (e: unknown) => setSchemaError(e instanceof Error ? e.message : String(e)),
    );
  }, []);
  const root = useMemo(() => (schema ? formFields(schema.schema) : undefined), [schema]);
  const bases = rollouts.filter((r) => !['proposed', 'rejected'].includes(r.state));

  if (schemaError) return <p role="alert">{t('common.error', { message: schemaError })}</p>;
  if (!schema || !root || !values) return <p>{t('common.loading')}</p>;
  const override = () => overrideFrom(values, schema.defaults);

  const check = () => {
    setFailure(undefined);
    api.previewRollout({ config: override(), canary: entries(canary), rest: entries(rest) }).then((p) => {
      setPreview(p);
      setIssues(p.issues);
    }, (e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
  };
  const propose = (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    api.proposeRollout({ version, config: override(), ...(note ? { note } : {}), canary: entries(canary), rest: entries(rest), canaryWaitMinutes: wait }).then(
      (r) => {
        setIssues([]);
        setPreview(undefined);
        onProposed(r.version);
      },
      (e: unknown) => {
        if (e instanceof ApiFailure && e.body.issues) setIssues(e.body.issues);
        setFailure(e instanceof Error ? e.message : String(e));
      },
    );
  };

  return (
    <form className="rollout-form" onSubmit={propose} aria-label={t('rollouts.prepare')}>
      <label>{t('rollouts.version')}<input value={version} onChange={(e) => setVersion(e.target.value)} placeholder="1.4.0" required /></label>
      <label>{t('rollouts.canary')}<input value={canary} onChange={(e) => setCanary(e.target.value)} placeholder="KM-0001 / hall:…" required /></label>
      <label>{t('rollouts.rest')}<input value={rest} onChange={(e) => setRest(e.target.value)} placeholder="KM-0002, region:…, tag:…" /></label>
      <p className="hint">{t('rollouts.groupsHint')}</p>
      <label>{t('rollouts.wait')}<input type="number" min={0} max={1440} value={wait} onChange={(e) => setWait(Number(e.target.value))} /></label>
      <label>{t('rollouts.note')}<input value={note} onChange={(e) => setNote(e.target.value)} /></label>
      <label>
        {t('rollouts.base')}
        <select onChange={(e) => {
          const chosen = bases.find((r) => String(r.id) === e.target.value);
          setValues(valuesFrom(chosen?.config ?? {}, schema.defaults));
          setIssues([]);
          setPreview(undefined);
        }}>
          <option value="">{t('rollouts.baseDefaults')}</option>
          {bases.map((r) => <option key={r.id} value={r.id}>{t('rollouts.baseOf', { version: r.version })}</option>)}
        </select>
      </label>
      <h2>{t('rollouts.config')}</h2>
      <p className="hint">{t('rollouts.configHint')}</p>
      {issues.length > 0 && (
        <div role="alert" className="issues">
          {t('rollouts.issues', { n: issues.length })}
          <ul>{issues.map((i) => <li key={`${i.path}:${i.message}`}>{i.path || t('rollouts.wholeConfig')}: {i.message}</li>)}</ul>
        </div>
      )}
      <SchemaForm root={root} values={values} onChange={(v) => { setValues(v); setPreview(undefined); }} issues={issues} defaults={schema.defaults} />
      <div className="toolbar">
        <button type="button" onClick={check}>{t('rollouts.check')}</button>
        <button type="submit">{t('rollouts.propose')}</button>
      </div>
      {failure && <p role="status">{t('common.error', { message: failure })}</p>}
      {preview && (
        <section aria-label={t('rollouts.previewTitle')}>
          <h3>{t('rollouts.previewTitle')}</h3>
          <p>{t('rollouts.resolved', { canary: preview.canary.join(', ') || '—', rest: preview.rest.join(', ') || '—' })}</p>
          {preview.groupProblems.map((p) => <p key={p} role="alert">{p}</p>)}
          {preview.unplaced.length > 0 && <p>{t('rollouts.unplaced', { count: preview.unplaced.length, ids: preview.unplaced.slice(0, 20).join(', ') })}</p>}
          {preview.issues.length === 0 && <DiffTable diffs={preview.targets} />}
        </section>
      )}
    </form>
  );
}

/** A bundle signed offline with `kiosk-staff sign`: uploaded as it is, checked by the server, sent unchanged after approval. */
function UploadSignedForm({ onProposed }: { onProposed: (version: string) => void }) {
  const { t } = useTranslation();
  const [bundle, setBundle] = useState('');
  const [canary, setCanary] = useState('');
  const [rest, setRest] = useState('');
  const [wait, setWait] = useState(10);
  const [failure, setFailure] = useState<string>();
  const upload = (event: FormEvent) => {
    event.preventDefault();
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(bundle) as Record<string, unknown>;
    } catch {
      setFailure(t('rollouts.badBundle'));
      return;
    }
    setFailure(undefined);
    api.uploadSignedRollout({ bundle: parsed, canary: entries(canary), rest: entries(rest), canaryWaitMinutes: wait }).then(
      (r) => {
        setBundle('');
        onProposed(r.version);
      },
      (e: unknown) => setFailure(e instanceof Error ? e.message : String(e)),
    );
  };
  return (
    <details className="upload-signed">
      <summary>{t('rollouts.uploadTitle')}</summary>
      <form className="rollout-form" onSubmit={upload} aria-label={t('rollouts.uploadTitle')}>
        <p className="hint">{t('rollouts.uploadHint')}</p>
        <label>{t('rollouts.bundle')}<textarea rows={6} value={bundle} onChange={(e) => setBundle(e.target.value)} spellCheck={false} required /></label>
        <label>{t('rollouts.canary')}<input value={canary} onChange={(e) => setCanary(e.target.value)} required /></label>
        <label>{t('rollouts.rest')}<input value={rest} onChange={(e) => setRest(e.target.value)} /></label>
        <label>{t('rollouts.wait')}<input type="number" min={0} max={1440} value={wait} onChange={(e) => setWait(Number(e.target.value))} /></label>
        <button type="submit">{t('rollouts.upload')}</button>
        {failure && <p role="alert">{t('common.error', { message: failure })}</p>}
      </form>
    </details>
  );
}

function AckTable({ acks }: { acks: RolloutAck[] }) {
  const { t } = useTranslation();
  if (acks.length === 0) return <p>{t('rollouts.noAcks')}</p>;
  return (
    <table aria-label={t('rollouts.acksTitle')}>
      <thead><tr><th>{t('rollouts.terminal')}</th><th>{t('rollouts.stage')}</th><th>{t('rollouts.state')}</th><th>{t('commands.at')}</th></tr></thead>
      <tbody>
        {acks.map((a) => (
          <tr key={`${a.stage}/${a.terminalId}`} data-ack={`${a.stage}/${a.terminalId}`}>
            <td>{a.terminalId}</td>
            <td>{t(`rollouts.stages.${a.stage}`)}</td>
            <td>{t(`commands.ackStates.${a.status}`, { defaultValue: a.status })}{a.detail ? ` (${a.detail})` : ''}</td>
            <td>{formatTime(a.at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function DiffTable({ diffs }: { diffs: TargetDiff[] }) {
  const { t } = useTranslation();
  const show = (v: unknown, notSet: boolean | undefined) => (notSet ? t('configForm.notSet') : v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
  return (
    <table aria-label={t('rollouts.diffTitle')} className="diff">
      <thead><tr><th>{t('rollouts.terminal')}</th><th>{t('rollouts.runs')}</th><th>{t('rollouts.changes')}</th></tr></thead>
      <tbody>
        {diffs.map((d) => (
          <tr key={d.terminalId} data-diff={d.terminalId}>
            <td>{d.terminalId}</td>
            <td>{d.runningVersion ?? '—'}</td>
            <td>
              {!d.known ? (
                <span data-unknown>{t('rollouts.unknown')}</span>
              ) : d.changes.length === 0 ? (
                t('rollouts.noChanges')
              ) : (
                <ul>
                  {d.changes.map((c) => (
                    <li key={c.path} data-change={c.path}>
                      <code>{c.path}</code> {c.authority === 'fleet' ? `(${t('configForm.fleetOnly')})` : ''}: {show(c.running, c.runningNotSet)} → {show(c.prepared, c.preparedNotSet)}
                    </li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
