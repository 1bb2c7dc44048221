/**
 * Renders the descriptor tree of form-model.ts: objects as fieldsets, enums as selects, arrays as
 * lists with add/remove, numbers with min/max, strings with their pattern, booleans as check
 * boxes. Every field shows who may change it (fleet-only or staff) and the server's problem for
 * it right beside it (aria-invalid + aria-describedby). An optional section or field can be set
 * and removed again ("not set"), which leaves it out of the override.
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigIssue } from '../../../shared/api-types.ts';
import { dotted, emptyValue, getAt, itemAt, removeAt, setAt, unsetAt, type FormField, type Path } from './form-model.ts';

export interface SchemaFormProps {
  root: FormField;
  values: Record<string, unknown>;
  onChange: (values: Record<string, unknown>) => void;
  issues: readonly ConfigIssue[];
  /** The shipped defaults: a field set back to "not set" where they hold a value takes it again. */
  defaults?: Record<string, unknown>;
}

export function SchemaForm({ root, values, onChange, issues, defaults = {} }: SchemaFormProps) {
  const byPath = new Map<string, string[]>();
  for (const issue of issues) byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue.message]);
  const change = (path: Path, value: unknown) => onChange(setAt(values, path, value) as Record<string, unknown>);
  const remove = (listPath: Path, index: number) => onChange(removeAt(values, listPath, index) as Record<string, unknown>);
  const unset = (path: Path) => onChange(unsetAt(values, path, defaults) as Record<string, unknown>);
  if (root.kind !== 'group') return null;
  return (
    <div className="schema-form">
      {root.children.map((field) => (
        <Field key={dotted(field.path)} field={field} values={values} change={change} remove={remove} unset={unset} issues={byPath} />
      ))}
    </div>
  );
}

interface FieldProps {
  field: FormField;
  values: Record<string, unknown>;
  change: (path: Path, value: unknown) => void;
  remove: (listPath: Path, index: number) => void;
  unset: (path: Path) => void;
  issues: ReadonlyMap<string, string[]>;
}

function Field({ field, values, change, remove, unset, issues }: FieldProps) {
  const { t } = useTranslation();
  const key = dotted(field.path);
  const id = `cfg-${key.replaceAll('.', '-')}`;
  const last = field.path.at(-1);
  const label = typeof last === 'number' ? t('configForm.item', { n: last + 1 }) : t(`configFields.${last ?? ''}`, { defaultValue: String(last) });
  const problems = issues.get(key) ?? [];
  const errorId = problems.length > 0 ? `${id}-error` : undefined;
  const authority = <span className={`authority authority-${field.authority}`}>{field.authority === 'fleet' ? t('configForm.fleetOnly') : t('configForm.staffEditable')}</span>;
  const error = problems.length > 0 && (
    <span className="field-error" id={errorId} role="alert">
      {problems.join('; ')}
    </span>
  );
  const common = { id, 'data-path': key, 'aria-invalid': problems.length > 0 || undefined, 'aria-describedby': errorId };
  const value = getAt(values, field.path);
  const isSet = value !== undefined;
  // Optional and set: one click leaves it out of the config again.
  const unsetButton = !field.required && isSet && (
    <button type="button" className="config-unset" data-unset={key} onClick={() => unset(field.path)} aria-label={t(field.kind === 'group' ? 'configForm.removeSection' : 'configForm.unsetField', { field: label })}>
      {field.kind === 'group' ? t('configForm.removeSection', { field: label }) : t('configForm.unset')}
    </button>
  );
  const sub = (child: FormField) => <Field key={dotted(child.path)} field={child} values={values} change={change} remove={remove} unset={unset} issues={issues} />;

  switch (field.kind) {
    case 'group':
      if (!field.required && !isSet) {
        return (
          <fieldset className="config-group config-not-set" data-path={key} data-not-set="">
            <legend>{label} {authority}</legend>
            {error}
            <p className="config-not-set-note">{t('configForm.notSetSection', { field: label })}</p>
            <button type="button" onClick={() => change(field.path, emptyValue(field))}>
              {t('configForm.addSection', { field: label })}
            </button>
          </fieldset>
        );
      }
      return (
        <fieldset className="config-group" data-path={key}>
          <legend>{label} {authority}</legend>
          {unsetButton}
          {error}
          {field.children.map(sub)}
          {field.perTerminal?.map((name) => {
            const notePath = `${key}.${name}`;
            const noteProblems = issues.get(notePath) ?? [];
            return (
              <p key={name} className="hint" data-per-terminal={notePath}>
                {t(`configForm.perTerminal.${name}`, { defaultValue: t('configForm.perTerminalOther', { field: notePath }) })}
                {noteProblems.length > 0 && <span className="field-error" role="alert"> {noteProblems.join('; ')}</span>}
              </p>
            );
          })}
        </fieldset>
      );
    case 'list': {
      const items = Array.isArray(value) ? (value as unknown[]) : [];
      const full = field.maxItems !== undefined && items.length >= field.maxItems;
      return (
        <fieldset className="config-list" data-path={key}>
          <legend>{label} {authority}</legend>
          {error}
          {items.map((_, index) => {
            const item = itemAt(field.item, field.path, index);
            return (
              <div className="config-list-item" key={index}>
                <Field field={item} values={values} change={change} remove={remove} unset={unset} issues={issues} />
                <button type="button" onClick={() => remove(field.path, index)} aria-label={t('configForm.removeItem', { field: label, n: index + 1 })}>
                  {t('configForm.remove')}
                </button>
              </div>
            );
          })}
          <button type="button" disabled={full} onClick={() => change([...field.path, items.length], emptyValue(field.item))} aria-label={t('configForm.addItem', { field: label })}>
            {t('configForm.add')}
          </button>
          {unsetButton}
        </fieldset>
      );
    }
    case 'boolean':
      return (
        <div className="config-field config-boolean">
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => change(field.path, e.target.checked)} />
          <label htmlFor={id}>{label}</label> {authority}
          {!field.required && !isSet && <span className="config-not-set-note">{t('configForm.notSet')}</span>}
          {unsetButton}
          {error}
        </div>
      );
    case 'select': {
      const numeric = field.options.every((o) => typeof o === 'number');
      return (
        <div className="config-field">
          <label htmlFor={id}>{label}</label> {authority}
          <select
            {...common}
            value={value === null || value === undefined ? '' : String(value as string | number)}
            onChange={(e) => {
              if (e.target.value === '' && !field.nullable) unset(field.path);
              else change(field.path, e.target.value === '' ? null : numeric ? Number(e.target.value) : e.target.value);
            }}
          >
            {field.nullable && <option value="">{t('configForm.none')}</option>}
            {/* An optional choice not made shows as such, not as its first option. */}
            {!field.nullable && !field.required && <option value="">{t('configForm.notSet')}</option>}
            {field.options.map((o) => (
              <option key={String(o)} value={String(o)}>
                {typeof o === 'string' ? t(`configOptions.${o}`, { defaultValue: o }) : o}
              </option>
            ))}
          </select>
          {unsetButton}
          {error}
        </div>
      );
    }
    case 'number':
      return (
        <div className="config-field">
          <label htmlFor={id}>{label}</label> {authority}
          <input
            type="number"
            {...common}
            step={field.integer ? 1 : 'any'}
            {...(field.min !== undefined ? { min: field.min } : {})}
            {...(field.max !== undefined ? { max: field.max } : {})}
            placeholder={field.nullable ? t('configForm.none') : !field.required ? t('configForm.notSet') : undefined}
            value={typeof value === 'number' || typeof value === 'string' ? value : ''}
            onChange={(e) => change(field.path, numberFrom(e.target.value, field.nullable))}
          />
          {unsetButton}
          {error}
        </div>
      );
    case 'text':
      return (
        <div className="config-field">
          <label htmlFor={id}>{label}</label> {authority}
          <input
            type="text"
            {...common}
            spellCheck={false}
            {...(field.maxLength !== undefined ? { maxLength: field.maxLength } : {})}
            placeholder={!field.required && !isSet ? t('configForm.notSet') : undefined}
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => change(field.path, e.target.value)}
          />
          {unsetButton}
          {error}
        </div>
      );
    case 'json':
      return <JsonField id={id} label={label} authority={authority} error={error} common={common} value={value} onValue={(v) => change(field.path, v)} />;
  }
}

/** An unparseable number stays text, so the server names the field rather than a default silently winning. */
function numberFrom(text: string, nullable: boolean): number | string | null {
  if (text.trim() === '') return nullable ? null : '';
  const n = Number(text);
  return Number.isFinite(n) ? n : text;
}

function JsonField(p: { id: string; label: string; authority: ReactNode; error: ReactNode; common: object; value: unknown; onValue: (v: unknown) => void }) {
  const [text, setText] = useState(() => JSON.stringify(p.value ?? {}, null, 2));
  return (
    <div className="config-field">
      <label htmlFor={p.id}>{p.label}</label> {p.authority}
      <textarea
        {...p.common}
        rows={4}
        spellCheck={false}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            p.onValue(JSON.parse(e.target.value));
          } catch {
            p.onValue(e.target.value);
          }
        }}
      />
      {p.error}
    </div>
  );
}
