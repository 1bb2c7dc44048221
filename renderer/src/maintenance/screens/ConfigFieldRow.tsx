/**
 * One field of the configuration editor, with the widget its kind calls for. A fleet-only field
 * (upstream, keys, fleet connection, staff policy…) is shown read-only: staff see what the fleet
 * set, and the core refuses a change to it anyway.
 */
import type { ConfigFieldView, JsonValue } from '../../../../electron/contract/kiosk-api.ts';
import { formatValue } from '../config-draft.ts';
import { useMaintenanceT } from '../maintenance-i18n.ts';

interface Props {
  field: ConfigFieldView;
  value: JsonValue | undefined;
  drafted: boolean;
  problem: string | undefined;
  onSet(value: JsonValue): void;
  onReset(): void;
  onEdit(): void;
}

export function ConfigFieldRow({ field, value, drafted, problem, onSet, onReset, onEdit }: Props) {
  const { t } = useMaintenanceT();
  if (field.authority === 'fleet') {
    return (
      <li className={`mt-field mt-field-readonly${problem ? ' mt-field-bad' : ''}`} data-testid={`mt-field-${field.path}`} data-readonly="true">
        <div className="mt-field-head">
          <code className="mt-field-path">{field.path}</code>
          <span className="mt-badge" data-testid="mt-field-fleet-only">
            {t('config.fleetOnly')}
          </span>
        </div>
        <div className="mt-field-control">
          <span className="mt-value mono" data-testid="mt-field-value">
            {value === undefined || value === '' ? t('config.empty') : value === null ? t('config.null') : formatValue(value)}
          </span>
        </div>
        {problem && (
          <p className="mt-error" data-testid="mt-field-problem" role="alert">
            {problem}
          </p>
        )}
      </li>
    );
  }
  return (
    <li className={`mt-field${problem ? ' mt-field-bad' : ''}`} data-testid={`mt-field-${field.path}`}>
      <div className="mt-field-head">
        <code className="mt-field-path">{field.path}</code>
        {drafted && <span className="mt-badge">{t('config.overridden')}</span>}
        {field.min !== undefined && field.kind !== 'enum-list' && <span className="mt-muted">{t('config.range', { min: field.min, max: field.max ?? '∞' })}</span>}
      </div>
      <div className="mt-field-control">
        <Control field={field} value={value} onSet={onSet} onEdit={onEdit} />
        {field.nullable && value !== null && (
          <button type="button" className="btn btn-secondary" onClick={() => onSet(null)}>
            {t('config.unset')}
          </button>
        )}
        {drafted && (
          <button type="button" className="btn btn-secondary" data-testid="mt-field-reset" onClick={onReset}>
            {t('config.useDefault')}
          </button>
        )}
      </div>
      {problem && (
        <p className="mt-error" data-testid="mt-field-problem" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

function Control({ field, value, onSet, onEdit }: Pick<Props, 'field' | 'value' | 'onSet' | 'onEdit'>) {
  const { t } = useMaintenanceT();
  switch (field.kind) {
    case 'boolean':
      return (
        <div className="mt-choices">
          {[true, false].map((choice) => (
            <button key={String(choice)} type="button" className="btn btn-secondary" aria-pressed={value === choice} onClick={() => onSet(choice)}>
              {choice ? t('config.on') : t('config.off')}
            </button>
          ))}
        </div>
      );
    case 'enum':
      return (
        <div className="mt-choices">
          {(field.options ?? []).map((option) => (
            <button key={String(option)} type="button" className="btn btn-secondary" aria-pressed={value === option} onClick={() => onSet(option)}>
              {String(option)}
            </button>
          ))}
        </div>
      );
    case 'enum-list': {
      const list = Array.isArray(value) ? value : [];
      const toggle = (option: string | number) =>
        onSet(list.includes(option) ? list.filter((v) => v !== option) : [...list, option]);
      return (
        <div className="mt-choices">
          {(field.options ?? []).map((option) => (
            <button key={String(option)} type="button" className="btn btn-secondary" aria-pressed={list.includes(option)} onClick={() => toggle(option)}>
              {String(option)}
            </button>
          ))}
          <span className="mt-muted mono">{formatValue(list)}</span>
        </div>
      );
    }
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : undefined;
      const step = (delta: number) => {
        const base = n ?? field.min ?? 0;
        const next = Math.min(field.max ?? Infinity, Math.max(field.min ?? -Infinity, base + delta));
        onSet(next);
      };
      return (
        <div className="mt-stepper">
          <button type="button" className="btn btn-secondary mt-step" aria-label={t('config.decrease')} onClick={() => step(-1)}>
            −
          </button>
          <button type="button" className="btn btn-secondary mt-value" data-testid="mt-field-edit" onClick={onEdit}>
            {value === null ? t('config.null') : formatValue(value)}
          </button>
          <button type="button" className="btn btn-secondary mt-step" aria-label={t('config.increase')} onClick={() => step(1)}>
            +
          </button>
        </div>
      );
    }
    default:
      return (
        <button type="button" className="btn btn-secondary mt-value mono" data-testid="mt-field-edit" onClick={onEdit}>
          {value === undefined || value === '' ? t('config.empty') : value === null ? t('config.null') : formatValue(value)}
        </button>
      );
  }
}
