/**
 * Who may change what (issue 10): the schema marks staff fields, everything else is fleet-only,
 * and the comparison that the maintenance editor uses names each fleet-only field that changed.
 */
import { describe, expect, it } from 'vitest';
import { fieldAuthoritiesOf, fleetOnlyChanges, STAFF_EDITABLE } from '../../../../../electron/core/config/config-authority.ts';
import { terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import { z } from 'zod';
import defaults from '../../../../../resources/config/default.json';

const fields = fieldAuthoritiesOf(terminalConfigSchema);
const authorityOf = (path: string) => fields.find((f) => f.path === path)?.authority;

describe('config authority', () => {
  it('gives on-site staff the hall settings: devices, paper, timeouts, services, locale', () => {
    for (const path of [
      'locale',
      'services.enabled',
      'devices.idCard.path',
      'devices.printer.baudRate',
      'devices.scanner.enabled',
      'devices.a4Printer.printerName',
      'timeouts.inactivitySeconds',
      'upstream.timeoutMs',
      'privacy.endSessionOnCardRemoval',
    ]) {
      expect(authorityOf(path), path).toBe('staff');
    }
  });

  it('keeps where data goes, trusted keys, the fleet connection, staff policy and identity for the fleet', () => {
    for (const path of ['upstream.baseUrl', 'publicKeys', 'fleet.brokerUrl', 'fleet.username', 'fleet.enabled', 'staff.maxPinAttempts', 'staff.cornerSequence', 'terminalId', 'version', 'watchdog.maxRestarts', 'demo']) {
      expect(authorityOf(path), path).toBe('fleet');
    }
  });

  it('treats an unmarked field as fleet-only, and a mark on a section as covering its fields', () => {
    const schema = z.object({ open: z.object({ a: z.number(), b: z.string() }).strict().meta(STAFF_EDITABLE), added: z.string() }).strict();
    expect(fieldAuthoritiesOf(schema)).toEqual([
      { path: 'open.a', authority: 'staff' },
      { path: 'open.b', authority: 'staff' },
      { path: 'added', authority: 'fleet' },
    ]);
  });

  it('names each fleet-only field that differs, and none for staff changes', () => {
    const current = terminalConfigSchema.parse(defaults);
    const staffOnly = terminalConfigSchema.parse({ ...defaults, locale: 'en-US', timeouts: { ...defaults.timeouts, inactivitySeconds: 90 } });
    expect(fleetOnlyChanges(fields, current, staffOnly)).toEqual([]);
    const both = terminalConfigSchema.parse({
      ...defaults,
      locale: 'en-US',
      upstream: { ...defaults.upstream, baseUrl: 'https://evil.example.org' },
      fleet: { ...defaults.fleet, username: 'x' },
    });
    expect(fleetOnlyChanges(fields, current, both)).toEqual(['upstream.baseUrl', 'fleet.username']);
  });
});
