/**
 * Configuration changes while the kiosk runs (maintenance screen, signed fleet bundle): validate
 * first, then record a version, write the override and reload the running ConfigStore. A refused
 * change leaves the file, the history and the running config exactly as they were.
 */
import { ConfigError } from './config-error.ts';
import type { TerminalConfig } from './config-schema.ts';
import { ConfigHistory, type ConfigChangeSource, type ConfigVersionEntry, type ConfigVersionMeta } from './config-history.ts';
import type { JsonObject } from './deep-merge.ts';
import type { ConfigStore } from './load-config.ts';
import { mergeAndValidate, readJsonObject } from './resolve-config.ts';
import { dropRetiredFields } from './retired-fields.ts';
import type { AuditSink } from '../audit/audit-sink.ts';

export interface ConfigVersionsOptions {
  store: ConfigStore;
  history: ConfigHistory;
  defaultsPath: string;
  audit?: AuditSink;
}

export type ApplyResult =
  | { ok: true; seq: number; config: TerminalConfig; changed: boolean }
  | { ok: false; error: ConfigError };

export type RestoreResult =
  | { ok: true; seq: number; restoredFrom: number; config: TerminalConfig }
  | { ok: false; reason: 'no-previous' }
  | { ok: false; reason: 'refused'; error: ConfigError };

export class ConfigVersions {
  readonly #options: ConfigVersionsOptions;

  constructor(options: ConfigVersionsOptions) {
    this.#options = options;
    options.history.syncExternal();
  }

  /** Defaults + override, validated; throws ConfigError naming `label` and the bad field. */
  validate(override: JsonObject, label: string): TerminalConfig {
    const defaults = readJsonObject(this.#options.defaultsPath);
    if (defaults === undefined) throw new ConfigError(this.#options.defaultsPath, '', ['defaults file not found']);
    return mergeAndValidate(defaults, override, label);
  }

  apply(
    override: JsonObject,
    meta: { source: Exclude<ConfigChangeSource, 'external' | 'restore'>; actor: string; note?: string; label?: string },
  ): ApplyResult {
    const { history, store, audit } = this.#options;
    let config: TerminalConfig;
    try {
      config = this.validate(override, meta.label ?? `${meta.source} change`);
    } catch (error) {
      const refusal = asConfigError(error, meta.label ?? meta.source);
      audit?.append(meta.actor, 'config.refused', { source: meta.source, problems: refusal.problems });
      return { ok: false, error: refusal };
    }
    const before = history.syncExternal();
    const entry = history.record(override, { source: meta.source, actor: meta.actor, configVersion: config.version, ...(meta.note ? { note: meta.note } : {}) });
    const reloaded = this.#reloadOrUndo(before);
    if (!reloaded.ok) {
      audit?.append(meta.actor, 'config.refused', { source: meta.source, problems: reloaded.error.problems });
      return reloaded;
    }
    audit?.append(meta.actor, 'config.applied', { seq: entry.meta.seq, source: meta.source, version: config.version });
    return { ok: true, seq: entry.meta.seq, config: store.current, changed: reloaded.changed };
  }

  /** One step back: the version that was live before the current one becomes live again. */
  restorePrevious(actor: string): RestoreResult {
    const { history, store, audit } = this.#options;
    const current = history.syncExternal();
    const parent = current.meta.parent === null ? undefined : history.entry(current.meta.parent);
    if (!parent) return { ok: false, reason: 'no-previous' };
    try {
      // The shipped defaults may have changed since (app update): check before switching.
      // Read as the store will read it once it is the live file again.
      this.validate(dropRetiredFields(parent.override).config, `config version ${parent.meta.seq}`);
    } catch (error) {
      const refusal = asConfigError(error, `config version ${parent.meta.seq}`);
      audit?.append(actor, 'config.restore-refused', { seq: parent.meta.seq, problems: refusal.problems });
      return { ok: false, reason: 'refused', error: refusal };
    }
    history.restoreParent();
    const reloaded = this.#reloadOrUndo(current);
    if (!reloaded.ok) return { ok: false, reason: 'refused', error: reloaded.error };
    audit?.append(actor, 'config.restored', { from: current.meta.seq, to: parent.meta.seq });
    return { ok: true, seq: parent.meta.seq, restoredFrom: current.meta.seq, config: store.current };
  }

  list(): Array<ConfigVersionMeta & { current: boolean; proven: boolean }> {
    return this.#options.history.list();
  }

  #reloadOrUndo(before: ConfigVersionEntry): { ok: true; changed: boolean } | { ok: false; error: ConfigError } {
    const result = this.#options.store.reload();
    if (result.ok) return { ok: true, changed: result.changed };
    // The file changed under us between validation and reload: put everything back.
    this.#options.history.resetHead(before.meta.seq, before.override);
    this.#options.store.reload();
    return { ok: false, error: result.error };
  }
}

function asConfigError(error: unknown, label: string): ConfigError {
  return error instanceof ConfigError ? error : new ConfigError(label, '', [String(error)], { cause: error });
}
