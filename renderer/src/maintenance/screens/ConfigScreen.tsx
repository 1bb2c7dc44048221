/**
 * The configuration editor: a form generated from the config's fields (every field of the zod
 * config), edited on screen into a draft override. "Check" asks the core to validate the draft and
 * shows each refused field with its path and reason; "Apply" saves it as a new config version.
 */
import { useEffect, useMemo, useState } from 'react';
import type {
  ConfigApplyResult,
  ConfigFieldView,
  ConfigProblem,
  ConfigValidation,
  JsonObject,
  JsonValue,
  KioskErrorCode,
} from '../../../../electron/contract/kiosk-api.ts';
import { AsciiKeyboard } from '../AsciiKeyboard.tsx';
import { changedPaths, formatValue, isDrafted, parseFieldInput, removeAt, setAt, shownValue, splitPath } from '../config-draft.ts';
import { useMaintenanceCall, useMaintenanceLoad } from '../maintenance-context.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';
import { ConfigFieldRow } from './ConfigFieldRow.tsx';
import { ErrorNote, ScreenHeader } from './parts.tsx';

type Status =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'checked'; result: ConfigValidation }
  | { kind: 'applied'; result: Extract<ConfigApplyResult, { applied: true }> }
  | { kind: 'refused'; problems: ConfigProblem[] };

export function ConfigScreen() {
  const { t } = useMaintenanceT();
  const call = useMaintenanceCall();
  const view = useMaintenanceLoad((api) => api.getConfig({}));
  const [draft, setDraft] = useState<JsonObject>({});
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [error, setError] = useState<KioskErrorCode | null>(null);
  const [editing, setEditing] = useState<ConfigFieldView | null>(null);

  const loaded = view.data;
  useEffect(() => {
    if (loaded) setDraft(loaded.override);
  }, [loaded]);

  const fields = loaded?.fields ?? [];
  const changes = loaded ? changedPaths(fields, loaded.override, draft) : [];
  const problems = status.kind === 'refused' ? status.problems : status.kind === 'checked' && !status.result.valid ? status.result.problems : [];
  const problemAt = useMemo(() => new Map(problems.map((p) => [p.path, problemText(p, t)])), [problems, t]);
  const sections = useMemo(() => groupBySection(fields), [fields]);

  const update = (next: JsonObject) => {
    setDraft(next);
    setStatus({ kind: 'idle' });
  };

  const check = async () => {
    setStatus({ kind: 'busy' });
    setError(null);
    const outcome = await call((api) => api.validateConfig({ override: draft }));
    if (outcome.ok) setStatus({ kind: 'checked', result: outcome.value });
    else {
      setStatus({ kind: 'idle' });
      setError(outcome.code);
    }
  };

  const apply = async () => {
    setStatus({ kind: 'busy' });
    setError(null);
    const outcome = await call((api) => api.applyConfig({ override: draft }));
    if (!outcome.ok) {
      setStatus({ kind: 'idle' });
      setError(outcome.code);
      return;
    }
    const result = outcome.value;
    setStatus(result.applied ? { kind: 'applied', result } : { kind: 'refused', problems: result.problems });
    if (result.applied) view.reload();
  };

  return (
    <section className="mt-screen" data-testid="mt-config">
      <ScreenHeader title={t('config.title')} onRefresh={view.reload} busy={view.loading} />
      <ErrorNote code={view.error ?? error} />
      <div className="mt-toolbar">
        <span className="mt-muted">{t('config.changes', { count: changes.length })}</span>
        <button type="button" className="btn btn-secondary" data-testid="mt-config-discard" disabled={changes.length === 0} onClick={() => loaded && update(loaded.override)}>
          {t('config.discard')}
        </button>
        <button type="button" className="btn btn-secondary" data-testid="mt-config-validate" disabled={status.kind === 'busy'} onClick={() => void check()}>
          {t('config.validate')}
        </button>
        <button type="button" className="btn btn-primary" data-testid="mt-config-apply" disabled={status.kind === 'busy' || changes.length === 0} onClick={() => void apply()}>
          {t('config.apply')}
        </button>
      </div>
      <StatusNote status={status} />
      {sections.map(([section, sectionFields]) => (
        <fieldset key={section || 'general'} className="mt-section">
          <legend>{section === '' ? t('config.general') : section}</legend>
          <ul className="mt-fields">
            {sectionFields.map((field) => (
              <ConfigFieldRow
                key={field.path}
                field={field}
                value={shownValue(field, draft)}
                drafted={isDrafted(field, draft)}
                problem={problemAt.get(field.path)}
                onSet={(value) => update(setAt(draft, splitPath(field.path), value))}
                onReset={() => update(removeAt(draft, splitPath(field.path)))}
                onEdit={() => setEditing(field)}
              />
            ))}
          </ul>
        </fieldset>
      ))}
      {editing && (
        <FieldKeyboard
          field={editing}
          initial={formatValue(shownValue(editing, draft))}
          onDone={(value) => {
            update(setAt(draft, splitPath(editing.path), value));
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      )}
    </section>
  );
}

function StatusNote({ status }: { status: Status }) {
  const { t } = useMaintenanceT();
  const problems = status.kind === 'refused' ? status.problems : status.kind === 'checked' && !status.result.valid ? status.result.problems : null;
  if (problems) {
    return (
      <div className="mt-panel mt-outcome-failed" data-testid="mt-config-problems" role="alert">
        <p className="mt-big">{t('config.invalid', { count: problems.length })}</p>
        <ul>
          {problems.map((p) => (
            <li key={`${p.path}:${p.reason}`}>
              <code>{p.path}</code>: {problemText(p, t)}
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (status.kind === 'checked' && status.result.valid) {
    return (
      <p className="mt-panel mt-outcome-passed" data-testid="mt-config-status" role="status">
        {t('config.valid', { version: status.result.version })} {status.result.restartRecommended ? t('config.restartRecommended') : ''}
      </p>
    );
  }
  if (status.kind === 'applied') {
    return (
      <p className="mt-panel mt-outcome-passed" data-testid="mt-config-status" role="status">
        {status.result.changed ? t('config.applied', { seq: status.result.seq }) : t('config.unchanged')}{' '}
        {status.result.restartRecommended ? t('config.restartRecommended') : ''}
      </p>
    );
  }
  return null;
}

function FieldKeyboard({ field, initial, onDone, onCancel }: { field: ConfigFieldView; initial: string; onDone(value: JsonValue): void; onCancel(): void }) {
  const { t } = useMaintenanceT();
  const [text, setText] = useState(initial);
  const [invalid, setInvalid] = useState<'number' | 'json' | null>(null);
  const done = () => {
    const parsed = parseFieldInput(field, text);
    if (parsed.ok) onDone(parsed.value);
    else setInvalid(parsed.reason);
  };
  return (
    <div className="mt-modal" role="dialog" aria-modal="true" aria-label={field.path} data-testid="mt-field-keyboard">
      <div className="mt-modal-body">
        {field.pattern && <p className="mt-muted mono">{t('config.pattern', { pattern: field.pattern })}</p>}
        <AsciiKeyboard label={field.path} initialValue={initial} mode={field.kind === 'integer' || field.kind === 'number' ? 'number' : 'text'} onChange={setText} />
        {invalid && (
          <p className="mt-error" role="alert">
            {t(`config.notA.${invalid}`)}
          </p>
        )}
        <div className="mt-actions">
          <button type="button" className="btn btn-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-primary" data-testid="mt-keyboard-done" onClick={done}>
            {t('common.done')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** The core's reasons are English schema messages; a refusal with a code is said in the screen's language. */
function problemText(problem: ConfigProblem, t: ReturnType<typeof useMaintenanceT>['t']): string {
  return problem.code === 'fleet-only' ? t('config.fleetOnlyRefused') : problem.reason;
}

function groupBySection(fields: readonly ConfigFieldView[]): Array<[string, ConfigFieldView[]]> {
  const groups = new Map<string, ConfigFieldView[]>();
  for (const field of fields) {
    const section = field.path.includes('.') ? (splitPath(field.path)[0] ?? '') : '';
    groups.set(section, [...(groups.get(section) ?? []), field]);
  }
  return [...groups.entries()];
}
