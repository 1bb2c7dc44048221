/**
 * Startup configuration: the defaults shipped with the app, deep-merged with the local override
 * file maintenance staff edit. A bad override never stops the kiosk: it is refused with a message
 * naming the field, and the last configuration that loaded cleanly keeps running.
 *
 * ConfigStore holds the running config. A reload that fails keeps what is running (unlike startup,
 * which falls back to last-good): the kiosk is already serving citizens with a config that works.
 */
import { EventEmitter } from 'node:events';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError } from './config-error.ts';
import type { TerminalConfig } from './config-schema.ts';
import {
  parseConfig,
  readJsonObject,
  readStoredConfig,
  resolveConfig,
  saveLastGood,
  type LoadConfigOptions,
  type ResolvedConfig,
} from './resolve-config.ts';

export { ConfigError } from './config-error.ts';
export {
  mergeAndValidate,
  parseConfig,
  readJsonObject,
  resolveConfig,
  type LoadConfigOptions,
  type ResolvedConfig,
} from './resolve-config.ts';

export type ConfigSource = 'defaults' | 'override' | 'last-good';

export interface LoadedConfig {
  config: TerminalConfig;
  source: ConfigSource;
  /** Human-readable notes for the maintenance log (refusals, fallbacks, failed last-good writes). */
  warnings: string[];
  /** Set when the override was refused; the config then comes from last-good or defaults. */
  refused?: ConfigError;
}

/**
 * Loads the terminal config. Throws only when the shipped defaults themselves are unusable (a
 * packaging bug); a bad override or last-good file becomes a warning and a fallback.
 */
export function loadConfig(options: LoadConfigOptions): LoadedConfig {
  const warnings: string[] = [];
  let resolved: ResolvedConfig;
  try {
    resolved = resolveConfig(options);
  } catch (error) {
    if (!(error instanceof ConfigError) || error.file === options.defaultsPath) throw error;
    warnings.push(`override refused: ${error.message}`);
    return { ...fallBack(options, warnings), warnings, refused: error };
  }
  warnings.push(...resolved.warnings);
  saveLastGood(options.lastGoodPath, resolved.config, warnings);
  return { config: resolved.config, source: resolved.source, warnings };
}

function fallBack(options: LoadConfigOptions, warnings: string[]): Pick<LoadedConfig, 'config' | 'source'> {
  const { lastGoodPath } = options;
  if (lastGoodPath !== undefined) {
    try {
      const stored = readStoredConfig(lastGoodPath);
      if (stored !== undefined) {
        warnings.push(...stored.warnings);
        const config = parseConfig(stored.config, lastGoodPath);
        warnings.push(`running the last good config from ${lastGoodPath}`);
        return { config, source: 'last-good' };
      }
    } catch (error) {
      warnings.push(`last good config unusable: ${(error as Error).message}`);
    }
  }
  warnings.push(`running the shipped defaults from ${options.defaultsPath}`);
  // resolveConfig already proved the defaults valid; parse again rather than thread them through.
  const defaults = readJsonObject(options.defaultsPath) ?? {};
  return { config: parseConfig(defaults, options.defaultsPath), source: 'defaults' };
}

export type ReloadResult =
  | { ok: true; changed: boolean; config: TerminalConfig; warnings: string[] }
  | { ok: false; error: ConfigError };

export interface ConfigStoreEvents {
  changed: [config: TerminalConfig, previous: TerminalConfig];
  /** A reload was refused; the current config stays. */
  refused: [error: ConfigError];
}

export class ConfigStore extends EventEmitter<ConfigStoreEvents> {
  readonly #options: LoadConfigOptions;
  #current: TerminalConfig;
  #source: ConfigSource;
  #warnings: string[];

  /** Loads at once (see loadConfig); pass `initial` to adopt a result already loaded. */
  constructor(options: LoadConfigOptions, initial: LoadedConfig = loadConfig(options)) {
    super();
    this.#options = options;
    this.#current = deepFreeze(initial.config);
    this.#source = initial.source;
    this.#warnings = initial.warnings;
  }

  /** The running config; replaced (never mutated) on a successful reload. */
  get current(): TerminalConfig {
    return this.#current;
  }

  get source(): ConfigSource {
    return this.#source;
  }

  /** Warnings from the most recent load or successful reload. */
  get warnings(): readonly string[] {
    return this.#warnings;
  }

  /** Re-reads defaults and override. Never throws for a bad file: returns the refusal instead. */
  reload(): ReloadResult {
    let next: ResolvedConfig;
    try {
      next = resolveConfig(this.#options);
    } catch (error) {
      const refusal =
        error instanceof ConfigError
          ? error
          : new ConfigError(this.#options.overridePath ?? this.#options.defaultsPath, '', [String(error)], {
              cause: error,
            });
      this.emit('refused', refusal);
      return { ok: false, error: refusal };
    }
    const warnings: string[] = [...next.warnings];
    saveLastGood(this.#options.lastGoodPath, next.config, warnings);
    const previous = this.#current;
    const changed = !isDeepStrictEqual(previous, next.config);
    this.#current = deepFreeze(next.config);
    this.#source = next.source;
    this.#warnings = warnings;
    if (changed) this.emit('changed', next.config, previous);
    return { ok: true, changed, config: next.config, warnings };
  }
}

/** Listeners share one config object; freezing it turns an accidental mutation into an error. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
