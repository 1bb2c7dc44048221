import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TerminalConfig } from '../../../../../electron/core/config/config-schema.ts';
import { ConfigError, ConfigStore } from '../../../../../electron/core/config/load-config.ts';

const defaultsPath = join(import.meta.dirname, '../../../../../resources/config/default.json');

let dir: string;
let overridePath: string;
let lastGoodPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-config-store-'));
  overridePath = join(dir, 'config.json');
  lastGoodPath = join(dir, 'config.last-good.json');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const writeOverride = (value: unknown) => writeFileSync(overridePath, JSON.stringify(value));

function open(): { store: ConfigStore; changes: Array<[TerminalConfig, TerminalConfig]>; refusals: ConfigError[] } {
  const store = new ConfigStore({ defaultsPath, overridePath, lastGoodPath });
  const changes: Array<[TerminalConfig, TerminalConfig]> = [];
  const refusals: ConfigError[] = [];
  store.on('changed', (config, previous) => changes.push([config, previous]));
  store.on('refused', (error) => refusals.push(error));
  return { store, changes, refusals };
}

describe('ConfigStore', () => {
  it('loads at construction and reports where the config came from', () => {
    writeOverride({ terminalId: 'KM-0007' });
    const { store } = open();
    expect(store.source).toBe('override');
    expect(store.current.terminalId).toBe('KM-0007');
  });

  it('reload applies a valid override and emits changed with the previous config', () => {
    const { store, changes } = open();
    writeOverride({ locale: 'en-US', timeouts: { inactivitySeconds: 120 } });
    const result = store.reload();
    expect(result.ok).toBe(true);
    expect(result.ok && result.changed).toBe(true);
    expect(store.current.locale).toBe('en-US');
    expect(changes).toHaveLength(1);
    expect(changes[0]?.[0].timeouts.inactivitySeconds).toBe(120);
    expect(changes[0]?.[1].locale).toBe('zh-CN');
    expect(JSON.parse(readFileSync(lastGoodPath, 'utf8')).locale).toBe('en-US');
  });

  it('reload refuses a bad override, keeps the running config and returns the error', () => {
    writeOverride({ terminalId: 'KM-0007' });
    const { store, changes, refusals } = open();
    const before = store.current;
    const lastGoodBefore = readFileSync(lastGoodPath, 'utf8');

    writeOverride({ terminalId: 'KM-0008', upstream: { baseUrl: 'file:///etc/passwd' } });
    const result = store.reload();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(ConfigError);
    expect(result.error.field).toBe('upstream.baseUrl');
    expect(result.error.file).toBe(overridePath);
    expect(store.current).toBe(before);
    expect(store.current.terminalId).toBe('KM-0007');
    expect(changes).toHaveLength(0);
    expect(refusals).toEqual([result.error]);
    expect(readFileSync(lastGoodPath, 'utf8')).toBe(lastGoodBefore);
  });

  it('reload of an identical config reports no change and emits nothing', () => {
    writeOverride({ terminalId: 'KM-0007' });
    const { store, changes } = open();
    writeOverride({ terminalId: 'KM-0007' });
    const result = store.reload();
    expect(result).toMatchObject({ ok: true, changed: false });
    expect(changes).toHaveLength(0);
  });

  it('removing the override returns to the defaults', () => {
    writeOverride({ terminalId: 'KM-0007' });
    const { store, changes } = open();
    rmSync(overridePath);
    expect(store.reload()).toMatchObject({ ok: true, changed: true });
    expect(store.source).toBe('defaults');
    expect(store.current.terminalId).toBe('DEMO-0001');
    expect(changes).toHaveLength(1);
  });

  it('hands out a frozen config so listeners cannot change it for each other', () => {
    const { store } = open();
    expect(() => {
      (store.current.timeouts as { inactivitySeconds: number }).inactivitySeconds = 1;
    }).toThrow(TypeError);
    expect(store.current.timeouts.inactivitySeconds).toBe(60);
  });
});
