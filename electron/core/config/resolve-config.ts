/**
 * The building blocks of loading a config, without any fallback: read a JSON file, merge the
 * override over the defaults, validate, remember the result as last good.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, configErrorFromIssues, configErrorFromJson } from './config-error.ts';
import { terminalConfigSchema, type TerminalConfig } from './config-schema.ts';
import { deepMerge, isPlainObject, type JsonObject } from './deep-merge.ts';
import { dropRetiredFields } from './retired-fields.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

export interface LoadConfigOptions {
  /** Shipped with the app (resources/config/default.json); must be valid on its own. */
  defaultsPath: string;
  /** Local override, partial; a missing file simply means "no override". */
  overridePath?: string;
  /** Where the last config that loaded cleanly is kept, to fall back on when an override is refused. */
  lastGoodPath?: string;
}

/** Validates a whole config object; throws ConfigError naming `file` and the first bad field. */
export function parseConfig(raw: unknown, file: string): TerminalConfig {
  const result = terminalConfigSchema.safeParse(raw);
  if (!result.success) throw configErrorFromIssues(file, result.error.issues, raw);
  return result.data;
}

/** Reads a JSON object file; undefined when it does not exist. Throws ConfigError otherwise. */
export function readJsonObject(path: string): JsonObject | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(path, '', [`cannot be read (${reason})`], { cause: error });
  }
  // Windows Notepad saves UTF-8 with a BOM, which JSON.parse rejects.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw configErrorFromJson(path, text, error);
  }
  if (!isPlainObject(value)) throw new ConfigError(path, '', ['must contain a JSON object']);
  return value;
}

/** Defaults merged with an override object, validated; errors name the override's file. */
export function mergeAndValidate(defaults: JsonObject, override: JsonObject, overrideFile: string): TerminalConfig {
  return parseConfig(deepMerge(defaults, override), overrideFile);
}

export interface ResolvedConfig {
  config: TerminalConfig;
  source: 'defaults' | 'override';
  /** Retired fields dropped from the override file (retired-fields.ts). */
  warnings: string[];
}

/** A config file already on disk, read as the current version reads it (retired fields dropped). */
export function readStoredConfig(path: string): { config: JsonObject; warnings: string[] } | undefined {
  const raw = readJsonObject(path);
  if (raw === undefined) return undefined;
  const { config, warnings } = dropRetiredFields(raw);
  return { config, warnings: warnings.map((w) => `${path}: ${w}`) };
}

/**
 * Defaults + override with no fallback: throws ConfigError if either is bad. Used by loadConfig
 * and by ConfigStore.reload (which keeps the running config instead of falling back).
 */
export function resolveConfig(options: LoadConfigOptions): ResolvedConfig {
  const defaults = readJsonObject(options.defaultsPath);
  if (defaults === undefined) throw new ConfigError(options.defaultsPath, '', ['defaults file not found']);
  const fromDefaults = parseConfig(defaults, options.defaultsPath);
  const override = options.overridePath === undefined ? undefined : readStoredConfig(options.overridePath);
  if (override === undefined || options.overridePath === undefined) return { config: fromDefaults, source: 'defaults', warnings: [] };
  return { config: mergeAndValidate(defaults, override.config, options.overridePath), source: 'override', warnings: override.warnings };
}

/** Remembers a config that loaded cleanly. Failing to write is reported, never fatal. */
export function saveLastGood(lastGoodPath: string | undefined, config: TerminalConfig, warnings: string[]): void {
  if (lastGoodPath === undefined) return;
  try {
    writeFileAtomic(lastGoodPath, `${JSON.stringify(config, null, 2)}\n`);
  } catch (error) {
    warnings.push(`could not save last good config to ${lastGoodPath}: ${(error as Error).message}`);
  }
}
