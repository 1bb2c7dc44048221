/**
 * Fields that named a file or a program are gone from the schema. A terminal upgraded with one
 * still in its override or last-good file keeps running (the field is dropped with a warning
 * saying where the setting lives now); a change arriving now that carries one is refused.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, mergeAndValidate } from '../../../../../electron/core/config/load-config.ts';
import { dropRetiredFields } from '../../../../../electron/core/config/retired-fields.ts';
import { defaultsPath } from '../../../../support/signed-bundles.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';
import defaults from '../../../../../resources/config/default.json';

const tmp = useTempDir('retired-fields');

describe('retired config fields', () => {
  it('drops them from an override on disk, keeping the rest, with a warning naming each', () => {
    writeFileSync(
      tmp.path('config.json'),
      JSON.stringify({
        locale: 'en-US',
        fleet: { passwordFile: '/etc/kiosk/mqtt.pass', caFile: '' },
        devices: { a4Printer: { enabled: true, chromiumPath: '/usr/bin/chromium' } },
      }),
    );
    const loaded = loadConfig({ defaultsPath, overridePath: tmp.path('config.json') });
    expect(loaded.source).toBe('override');
    expect(loaded.config.locale).toBe('en-US');
    expect(loaded.config.devices.a4Printer).toEqual({ enabled: true });
    expect(loaded.config.fleet).not.toHaveProperty('passwordFile');
    expect(loaded.warnings).toEqual([
      expect.stringContaining('fleet.passwordFile is no longer read'),
      expect.stringContaining('fleet.caFile is no longer read'),
      expect.stringContaining('devices.a4Printer.chromiumPath is no longer read'),
    ]);
  });

  it('drops them from the last good config too, when the override is refused', () => {
    writeFileSync(tmp.path('config.json'), JSON.stringify({ timeouts: { inactivitySeconds: 3 } }));
    writeFileSync(tmp.path('last-good.json'), JSON.stringify({ ...defaults, locale: 'en-US', fleet: { ...defaults.fleet, passwordFile: '' } }));
    const loaded = loadConfig({ defaultsPath, overridePath: tmp.path('config.json'), lastGoodPath: tmp.path('last-good.json') });
    expect(loaded.source).toBe('last-good');
    expect(loaded.config.locale).toBe('en-US');
  });

  it('refuses them in a change made now (maintenance screen, bundle)', () => {
    expect(() => mergeAndValidate(defaults, { fleet: { passwordFile: '/var/lib/kiosk/outbox.key' } }, 'change')).toThrow(/fleet\.passwordFile: unknown field/);
    expect(() => mergeAndValidate(defaults, { devices: { a4Printer: { chromiumPath: '/tmp/x' } } }, 'change')).toThrow(/chromiumPath: unknown field/);
  });

  it('leaves a config without them as it was (the same object)', () => {
    const config = { locale: 'zh-CN', fleet: { enabled: false } };
    expect(dropRetiredFields(config)).toEqual({ config, warnings: [] });
    expect(dropRetiredFields(config).config).toBe(config);
  });
});
