/**
 * Renders the descriptor tree of form-model.ts: objects as fieldsets, enums as selects, arrays as
 * lists with add/remove, numbers with min/max, strings with their pattern, booleans as check
 * boxes. Every field shows who may change it (fleet-only or staff) and the server's problem for
 * it right beside it (aria-invalid + aria-describedby).
 */
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConfigIssue } from '../../../shared/api-types.ts';
import { dotted, emptyValue, getAt, itemAt, removeAt, setAt, type FormField, type Path } from './form-model.ts';

export interface SchemaFormProps {
  root: FormField;
  values: Record<string, unknown>;
  onChange: (values: Record<string, unknown>) => void;
  issues: readonly ConfigIssue[];
}

export function SchemaForm({ root, values, onChange, issues }: SchemaFormProps) {
  const byPath = new Map<string, string[]>();
  for (const issue of issues) byPath.set(issue.path, [...(byPath.get(issue.path) ?? []), issue.message]);
  const change = (path: Path, value: unknown) => onChange(setAt(values, path, value) as Record<string, unknown>);
  const remove = (listPath: Path, index: number) => onChange(removeAt(values, listPath, index) as Record<string, unknown>);
  if (root.kind !== 'group') return null;
  return (
    <div className="schema-form">
      {root.children.map((field) => (
        <Field key={dotted(field.path)} field={field} values={values} change={change} remove={remove} issues={byPath} />
      ))}
    </div>
  );
}

interface FieldProps {
  field: FormField;
  values: Record<string, unknown>;
  change: (path: Path, value: unknown) => void;
  remove: (listPath: Path, index: number) => void;
  issues: ReadonlyMap<string, string[]>;
}

function Field({ field, values, change, remove, issues }: FieldProps) {
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

  switch (field.kind) {
    case 'group':
      return (
        <fieldset className="config-group" data-path={key}>
          <legend>{label} {authority}</legend>
          {error}
          {field.children.map((child) => (
            <Field key={dotted(child.path)} field={child} values={values} change={change} remove={remove} issues={issues} />
          ))}
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
                <Field field={item} values={values} change={change} remove={remove} issues={issues} />
                <button type="button" onClick={() => remove(field.path, index)} aria-label={t('configForm.removeItem', { field: label, n: index + 1 })}>
                  {t('configForm.remove')}
                </button>
              </div>
            );
          })}
          <button type="button" disabled={full} onClick={() => change([...field.path, items.length], emptyValue(field.item))} aria-label={t('configForm.addItem', { field: label })}>
            {t('configForm.add')}
          </button>
        </fieldset>
      );
    }
    case 'boolean':
      return (
        <div className="config-field config-boolean">
          <input type="checkbox" {...common} checked={value === true} onChange={(e) => change(field.path, e.target.checked)} />
          <label htmlFor={id}>{label}</label> {authority}
          {error}
        </div>
      );
    case 'select': {
      const numeric = field.options.every((o) => typeof o === 'number');
      return (
        <div className="config-field">
          <label htmlFor={id}>{label}</label> {authority}
          <select {...common} value={value === null || value === undefined ? '' : String(value as string | number)} onChange={(e) => change(field.path, e.target.value === '' && field.nullable ? null : numeric ? Number(e.target.value) : e.target.value)}>
            {field.nullable && <option value="">{t('configForm.none')}</option>}
            {field.options.map((o) => (
              <option key={String(o)} value={String(o)}>
                {typeof o === 'string' ? t(`configOptions.${o}`, { defaultValue: o }) : o}
              </option>
            ))}
          </select>
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
            placeholder={field.nullable ? t('configForm.none') : undefined}
            value={typeof value === 'number' || typeof value === 'string' ? value : ''}
            onChange={(e) => change(field.path, numberFrom(e.target.value, field.nullable))}
          />
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
            value={typeof value === 'string' ? value : ''}
            onChange={(e) => change(field.path, e.target.value)}
          />
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
