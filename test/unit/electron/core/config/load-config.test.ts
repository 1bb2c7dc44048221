import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, type LoadConfigOptions } from '../../../../../electron/core/config/load-config.ts';

const shippedDefaults = join(import.meta.dirname, '../../../../../resources/config/default.json');

let dir: string;
let options: Required<LoadConfigOptions>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));
  options = {
    defaultsPath: shippedDefaults,
    overridePath: join(dir, 'config.json'),
    lastGoodPath: join(dir, 'state', 'config.last-good.json'),
  };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeOverride = (value: unknown) => writeFileSync(options.overridePath, JSON.stringify(value));
const lastGood = () => JSON.parse(readFileSync(options.lastGoodPath, 'utf8'));

describe('loadConfig', () => {
  it('uses the defaults when there is no override and remembers them as last good', () => {
    const loaded = loadConfig(options);
    expect(loaded.source).toBe('defaults');
    expect(loaded.warnings).toEqual([]);
    expect(loaded.config.terminalId).toBe('DEMO-0001');
    expect(lastGood()).toEqual(loaded.config);
  });

  it('deep-merges the override: nested fields replaced one by one, arrays replaced whole', () => {
    writeOverride({
      terminalId: 'KM-0001',
      timeouts: { inactivitySeconds: 90 },
      services: { enabled: ['service-guide'] },
      devices: { printer: { path: '/dev/ttyUSB1' } },
    });
    const loaded = loadConfig(options);
    expect(loaded.source).toBe('override');
    expect(loaded.config.terminalId).toBe('KM-0001');
    expect(loaded.config.timeouts).toEqual({ inactivitySeconds: 90, warningSeconds: 20, elderWarningSeconds: 30, idCardReadSeconds: 30 });
    expect(loaded.config.services.enabled).toEqual(['service-guide']);
    expect(loaded.config.devices.printer).toEqual({ enabled: true, path: '/dev/ttyUSB1', baudRate: 9600 });
    expect(lastGood()).toEqual(loaded.config);
    // Atomic write: no temp file left beside it.
    expect(readdirSync(join(dir, 'state'))).toEqual(['config.last-good.json']);
  });

  it('refuses an out-of-range override, names field and file, and keeps the last good config', () => {
    writeOverride({ terminalId: 'KM-0042' });
    expect(loadConfig(options).source).toBe('override');
    const goodBytes = readFileSync(options.lastGoodPath, 'utf8');

    writeOverride({ terminalId: 'KM-0043', timeouts: { inactivitySeconds: 3 } });
    const loaded = loadConfig(options);
    expect(loaded.source).toBe('last-good');
    expect(loaded.config.terminalId).toBe('KM-0042');
    expect(loaded.refused).toBeInstanceOf(ConfigError);
    expect(loaded.refused?.field).toBe('timeouts.inactivitySeconds');
    expect(loaded.refused?.file).toBe(options.overridePath);
    expect(loaded.refused?.message).toBe(`${options.overridePath}: timeouts.inactivitySeconds: must be ≥ 15 (got 3)`);
    expect(loaded.warnings[0]).toContain('override refused');
    expect(loaded.warnings[1]).toContain('running the last good config');
    // The refused config never becomes "last good".
    expect(readFileSync(options.lastGoodPath, 'utf8')).toBe(goodBytes);
  });

  it('refuses malformed JSON with its line and column and falls back to the defaults when no last good exists', () => {
    writeFileSync(options.overridePath, '{\n  "terminalId": "KM-0001",\n  "locale": en-US\n}');
    const loaded = loadConfig(options);
    expect(loaded.source).toBe('defaults');
    expect(loaded.config.terminalId).toBe('DEMO-0001');
    expect(loaded.refused?.message).toMatch(/config\.json: not valid JSON/);
    expect(loaded.refused?.field).toBe('');
    expect(loaded.warnings.at(-1)).toContain('running the shipped defaults');
    expect(existsSync(options.lastGoodPath)).toBe(false);
  });

  it('gives a line and column when the parser reports a position', () => {
    writeFileSync(options.overridePath, '{\n  "terminalId": "KM-0001"\n  "locale": "en-US"\n}');
    expect(loadConfig(options).refused?.message).toMatch(/not valid JSON at line 3, column 3/);
  });

  it('refuses an override that is not an object', () => {
    writeFileSync(options.overridePath, '["credit-query"]');
    const loaded = loadConfig(options);
    expect(loaded.refused?.message).toBe(`${options.overridePath}: must contain a JSON object`);
    expect(loaded.source).toBe('defaults');
  });

  it('falls back to the defaults when the last good file is itself damaged', () => {
    loadConfig(options);
    writeFileSync(options.lastGoodPath, '{"half": ');
    writeOverride({ upstream: { timeoutMs: 1 } });
    const loaded = loadConfig(options);
    expect(loaded.source).toBe('defaults');
    expect(loaded.refused?.field).toBe('upstream.timeoutMs');
    expect(loaded.warnings.some((w) => w.startsWith('last good config unusable'))).toBe(true);
  });

  it('accepts an override saved with a UTF-8 byte order mark', () => {
    writeFileSync(options.overridePath, `\uFEFF${JSON.stringify({ locale: 'en-US' })}`);
    expect(loadConfig(options).config.locale).toBe('en-US');
  });

  it('treats a "__proto__" key as an unknown field, not a prototype', () => {
    writeFileSync(options.overridePath, '{"__proto__": {"polluted": true}}');
    const loaded = loadConfig(options);
    expect(loaded.refused?.field).toBe('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('throws when the shipped defaults are broken: a packaging bug must not pass silently', () => {
    const defaultsPath = join(dir, 'default.json');
    writeFileSync(defaultsPath, JSON.stringify({ version: '1.0.0' }));
    expect(() => loadConfig({ ...options, defaultsPath })).toThrow(ConfigError);
    expect(() => loadConfig({ ...options, defaultsPath: join(dir, 'missing.json') })).toThrow(/defaults file not found/);
  });

  it('reports an unreadable override as refused and keeps running', () => {
    // A directory in place of the file: unreadable as a file even for root (tests may run as root).
    mkdirSync(options.overridePath);
    const loaded = loadConfig(options);
    expect(loaded.refused?.message).toBe(`${options.overridePath}: cannot be read (EISDIR)`);
    expect(loaded.config.terminalId).toBe('DEMO-0001');
  });

  it('reports a last good file it cannot write as a warning, not a failure', () => {
    writeFileSync(join(dir, 'blocker'), 'a file where a directory should be');
    const loaded = loadConfig({ ...options, lastGoodPath: join(dir, 'blocker', 'last-good.json') });
    expect(loaded.source).toBe('defaults');
    expect(loaded.warnings[0]).toMatch(/could not save last good config/);
  });
});

