import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_IDS, terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import { ConfigError } from '../../../../../electron/core/config/config-error.ts';
import { parseConfig } from '../../../../../electron/core/config/load-config.ts';

const defaultsPath = join(import.meta.dirname, '../../../../../resources/config/default.json');
const shipped = (): Record<string, any> => JSON.parse(readFileSync(defaultsPath, 'utf8'));

function refusal(raw: unknown): ConfigError {
  try {
    parseConfig(raw, 'override.json');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('terminalConfigSchema', () => {
  it('accepts the shipped default config', () => {
    const config = parseConfig(shipped(), defaultsPath);
    expect(config.terminalId).toBe('DEMO-0001');
    expect(config.upstream.baseUrl).toBe('http://127.0.0.1:8787');
    expect(config.services.enabled).toContain('credit-query');
    expect(config.services.enabled.every((id) => (SERVICE_IDS as readonly string[]).includes(id))).toBe(true);
  });

  it('takes any locale pack tag as the default language, so a hall can make a minority language the default', () => {
    for (const tag of ['ug-CN', 'bo-CN', 'zh-Hant-HK', 'en-US']) expect(parseConfig({ ...shipped(), locale: tag }, 'override.json').locale).toBe(tag);
    for (const bad of ['zh_CN', 'ZH-cn', 'zh-CN; rm -rf /', '']) expect(refusal({ ...shipped(), locale: bad }).field).toBe('locale');
  });

  it('fills defaults for locale, upstream timeout, timeouts and privacy', () => {
    const raw = shipped();
    delete raw.locale;
    delete raw.upstream.timeoutMs;
    delete raw.timeouts;
    delete raw.privacy;
    const config = terminalConfigSchema.parse(raw);
    expect(config.locale).toBe('zh-CN');
    expect(config.upstream.timeoutMs).toBe(8000);
    expect(config.timeouts).toEqual({ inactivitySeconds: 60, warningSeconds: 20, elderWarningSeconds: 30, idCardReadSeconds: 30 });
    expect(config.privacy).toEqual({ endSessionOnCardRemoval: false });
  });

  it('names the field and the value for an out-of-range number', () => {
    const raw = shipped();
    raw.timeouts.inactivitySeconds = 3;
    const error = refusal(raw);
    expect(error.field).toBe('timeouts.inactivitySeconds');
    expect(error.file).toBe('override.json');
    expect(error.message).toContain('timeouts.inactivitySeconds: must be ≥ 15 (got 3)');
    expect(error.message.startsWith('override.json: ')).toBe(true);
  });

  it('refuses warnings too short for elderly citizens: < 20 s, or < 30 s in elder mode', () => {
    const raw = shipped();
    raw.timeouts = { inactivitySeconds: 60, warningSeconds: 19, idCardReadSeconds: 30 };
    expect(refusal(raw).message).toContain('timeouts.warningSeconds: must be ≥ 20 (got 19)');
    raw.timeouts = { inactivitySeconds: 60, warningSeconds: 20, elderWarningSeconds: 29, idCardReadSeconds: 30 };
    expect(refusal(raw).message).toContain('timeouts.elderWarningSeconds: must be ≥ 30 (got 29)');
  });

  it('refuses a warning that is not shorter than the inactivity period', () => {
    const raw = shipped();
    raw.timeouts = { inactivitySeconds: 30, warningSeconds: 30, idCardReadSeconds: 30 };
    const error = refusal(raw);
    expect(error.field).toBe('timeouts.warningSeconds');
    expect(error.message).toContain('must be less than timeouts.inactivitySeconds');
  });

  it.each([
    ['terminalId', (c: Record<string, any>) => (c.terminalId = ''), 'terminalId'],
    ['terminalId pattern', (c: Record<string, any>) => (c.terminalId = 'km 1'), 'terminalId'],
    ['version', (c: Record<string, any>) => (c.version = 'latest'), 'version'],
    ['locale', (c: Record<string, any>) => (c.locale = 'chinese'), 'locale'],
    ['baseUrl scheme', (c: Record<string, any>) => (c.upstream.baseUrl = 'ftp://127.0.0.1'), 'upstream.baseUrl'],
    ['baseUrl garbage', (c: Record<string, any>) => (c.upstream.baseUrl = 'not a url'), 'upstream.baseUrl'],
    ['timeoutMs too big', (c: Record<string, any>) => (c.upstream.timeoutMs = 120_000), 'upstream.timeoutMs'],
    ['timeoutMs fraction', (c: Record<string, any>) => (c.upstream.timeoutMs = 1000.5), 'upstream.timeoutMs'],
    ['unknown service', (c: Record<string, any>) => (c.services.enabled = ['credit-query', 'lottery']), 'services.enabled.1'],
    ['duplicate service', (c: Record<string, any>) => (c.services.enabled = ['credit-query', 'credit-query']), 'services.enabled'],
    ['baud rate', (c: Record<string, any>) => (c.devices.printer.baudRate = 4800), 'devices.printer.baudRate'],
    ['missing device', (c: Record<string, any>) => delete c.devices.scanner, 'devices.scanner'],
    ['idCardReadSeconds', (c: Record<string, any>) => (c.timeouts.idCardReadSeconds = 121), 'timeouts.idCardReadSeconds'],
    ['privacy flag type', (c: Record<string, any>) => (c.privacy.endSessionOnCardRemoval = 'yes'), 'privacy.endSessionOnCardRemoval'],
    ['misspelt key', (c: Record<string, any>) => (c.timeouts.inactivitySecond = 60), 'timeouts.inactivitySecond'],
  ])('refuses a bad %s and names %s', (_label, mutate, field) => {
    const raw = shipped();
    mutate(raw);
    const error = refusal(raw);
    expect(error.field).toBe(field);
    expect(error.message).toContain(`${field}: `);
  });

  it('lists every problem, not only the first', () => {
    const raw = shipped();
    raw.timeouts = { inactivitySeconds: 10, warningSeconds: 20, idCardReadSeconds: 30 };
    raw.devices.idCard.baudRate = 1;
    const error = refusal(raw);
    expect(error.problems).toEqual([
      'devices.idCard.baudRate: must be one of 9600, 19200, 38400, 57600, 115200 (got 1)',
      'timeouts.inactivitySeconds: must be ≥ 15 (got 10)',
    ]);
    expect(error.field).toBe('devices.idCard.baudRate');
  });

  it('says a missing required field is required', () => {
    const raw = shipped();
    delete raw.terminalId;
    expect(refusal(raw).message).toContain('terminalId: is required');
  });

  it('keeps optional demo switches', () => {
    const raw = shipped();
    raw.demo = { simulateDevices: true, extra: 'kept' };
    expect(parseConfig(raw, 'x').demo).toEqual({ simulateDevices: true, extra: 'kept' });
  });
});
