/**
 * The configuration editor's operations over ConfigVersions: show, validate, apply, list and step
 * back. A refused change is answered with every problem (field path and reason) and changes
 * nothing; an applied one is a new config version, audited by ConfigVersions.
 *
 * Staff at the terminal change only staff fields (config-authority.ts): a change that would move
 * a fleet-only field (upstream, keys, fleet connection, staff policy, identity) is refused naming
 * each such field, and the attempt is audited, whether it is applied or only validated.
 */
import { isDeepStrictEqual } from 'node:util';
import type {
  ConfigApplyResult,
  ConfigProblem,
  ConfigRestoreResult,
  ConfigValidation,
  ConfigVersionView,
  ConfigView,
  JsonObject,
} from '../../contract/maintenance-api.ts';
import type { AuditSink } from '../audit/audit-sink.ts';
import { fleetOnlyChanges } from '../config/config-authority.ts';
import { ConfigError } from '../config/config-error.ts';
import type { ConfigHistory } from '../config/config-history.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import type { ConfigVersions } from '../config/config-versions.ts';
import { isPlainObject } from '../config/deep-merge.ts';
import { findForbiddenKey } from '../config/forbidden-keys.ts';
import type { ConfigStore } from '../config/load-config.ts';
import { configFieldAuthorities, configFields, problemsOf } from './config-fields.ts';

/** Sections read only at start: a change to them takes effect after a restart. */
const START_ONLY: ReadonlyArray<keyof TerminalConfig> = ['devices', 'fleet'];

export class ConfigEditor {
  readonly #store: ConfigStore;
  readonly #versions: ConfigVersions;
  readonly #history: ConfigHistory;
  readonly #startConfig: TerminalConfig;
  readonly #audit: AuditSink | undefined;

  constructor(options: { store: ConfigStore; versions: ConfigVersions; history: ConfigHistory; audit?: AuditSink }) {
    this.#store = options.store;
    this.#versions = options.versions;
    this.#history = options.history;
    this.#startConfig = options.store.current;
    this.#audit = options.audit;
  }

  view(): ConfigView {
    const config = toJson(this.#store.current);
    const override = this.#history.syncExternal().override as JsonObject;
    return {
      config,
      override,
      fields: configFields(config, override),
      version: this.#store.current.version,
      seq: this.#history.head()?.meta.seq ?? null,
    };
  }

  validate(override: Record<string, unknown>, actor: string): ConfigValidation {
    const checked = this.#check(override, actor, 'validate');
    if (!checked.ok) return { valid: false, problems: checked.problems };
    return { valid: true, version: checked.config.version, restartRecommended: this.#needsRestart(checked.config) };
  }

  apply(override: Record<string, unknown>, actor: string, note?: string): ConfigApplyResult {
    const checked = this.#check(override, actor, 'apply');
    if (!checked.ok) return { applied: false, problems: checked.problems };
    // ConfigVersions validates again and audits the refusal or the new version.
    const result = this.#versions.apply(checked.json, { source: 'local', actor, label: 'maintenance change', ...(note ? { note } : {}) });
    if (!result.ok) return { applied: false, problems: problemsOf(result.error) };
    return { applied: true, seq: result.seq, version: result.config.version, changed: result.changed, restartRecommended: this.#needsRestart(result.config) };
  }

  versions(): ConfigVersionView[] {
    return this.#versions.list().map((v) => ({ ...v }));
  }

  restorePrevious(actor: string): ConfigRestoreResult {
    const result = this.#versions.restorePrevious(actor);
    if (result.ok) return { restored: true, seq: result.seq, restoredFrom: result.restoredFrom, version: result.config.version };
    if (result.reason === 'no-previous') return { restored: false, reason: 'no-previous' };
    return { restored: false, reason: 'refused', problems: problemsOf(result.error) };
  }

  #check(
    override: Record<string, unknown>,
    actor: string,
    step: 'validate' | 'apply',
  ): { ok: true; json: JsonObject; config: TerminalConfig } | { ok: false; problems: ConfigProblem[] } {
    const json = plainJson(override);
    if (!json) return { ok: false, problems: [NOT_PLAIN_JSON] };
    const forbidden = findForbiddenKey(json);
    if (forbidden !== undefined) {
      const problems = [{ path: forbidden, reason: 'a key named like this is not allowed' }];
      this.#audit?.append(actor, 'config.refused', { source: 'local', step, problems: problems.map((p) => `${p.path}: ${p.reason}`) });
      return { ok: false, problems };
    }
    let config: TerminalConfig;
    try {
      config = this.#versions.validate(json, 'maintenance change');
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // A refused apply is audited as ConfigVersions would; a check that finds a typo is not an event.
      if (step === 'apply') this.#audit?.append(actor, 'config.refused', { source: 'local', problems: error.problems });
      return { ok: false, problems: problemsOf(error) };
    }
    // Compared with the running config after defaults: leaving out a field the override set is a change too.
    const fleetOnly = fleetOnlyChanges(configFieldAuthorities(), this.#store.current, config);
    if (fleetOnly.length > 0) {
      this.#audit?.append(actor, 'config.refused', { source: 'local', step, fleetOnly });
      return { ok: false, problems: fleetOnly.map((path) => ({ path, reason: FLEET_ONLY_REASON, code: 'fleet-only' })) };
    }
    return { ok: true, json, config };
  }

  /** Compared with what the core started with: devices and fleet connections are made at start. */
  #needsRestart(next: TerminalConfig): boolean {
    return START_ONLY.some((key) => !isDeepStrictEqual(toJson(next[key]), toJson(this.#startConfig[key])));
  }
}

const NOT_PLAIN_JSON: ConfigProblem = { path: '(root)', reason: 'must be plain JSON (no NaN or Infinity)' };
const FLEET_ONLY_REASON = 'only the fleet authority may change this field (through a signed configuration bundle)';

/** The transport gave us parsed JSON already (IPC may carry more); refuse what JSON cannot hold. */
function plainJson(override: Record<string, unknown>): JsonObject | undefined {
  const json: unknown = JSON.parse(JSON.stringify(override));
  return isPlainObject(json) && isDeepStrictEqual(json, override) ? (json as JsonObject) : undefined;
}

function toJson<T>(value: T): JsonObject {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonObject;
}
