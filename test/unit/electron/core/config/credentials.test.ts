/**
 * Secrets come from fixed names in the credentials folder, never from a path in the config
 * (issue 10): the fleet password and CA, the upstream's pinned CA and client certificate.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import { credentialsDir, upstreamTlsFrom } from '../../../../../electron/core/config/credentials.ts';
import { fleetConnectionFrom } from '../../../../../electron/core/fleet/fleet-config.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';
import defaults from '../../../../../resources/config/default.json';

const tmp = useTempDir('credentials');
const fleetOn = terminalConfigSchema.parse({ ...defaults, fleet: { ...defaults.fleet, enabled: true, brokerUrl: 'mqtts://fleet.example.org:8883', username: 'km-0001' } });

function folder(files: Record<string, string>): string {
  const dir = tmp.path('credentials');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o600 });
  return dir;
}

describe('credentials folder', () => {
  it('is systemd\'s $CREDENTIALS_DIRECTORY when set, else credentials/ beside the data directory', () => {
    expect(credentialsDir('/var/lib/kiosk/data', { CREDENTIALS_DIRECTORY: '/run/credentials/kiosk.service' })).toBe('/run/credentials/kiosk.service');
    expect(credentialsDir('/var/lib/kiosk/data', {})).toBe('/var/lib/kiosk/credentials');
  });

  it('gives the fleet agent the password and CA from their fixed files', () => {
    const dir = folder({ 'fleet-password': 's3cret\n', 'fleet-ca.pem': '-----BEGIN CERTIFICATE-----\n' });
    expect(fleetConnectionFrom(fleetOn, dir)).toEqual({
      brokerUrl: 'mqtts://fleet.example.org:8883',
      topicPrefix: 'bianmin/v1',
      heartbeatMs: 60_000,
      username: 'km-0001',
      password: 's3cret',
      ca: '-----BEGIN CERTIFICATE-----\n',
    });
  });

  it('connects without a password or CA when the files are absent', () => {
    expect(fleetConnectionFrom(fleetOn, folder({}))).not.toHaveProperty('password');
    expect(fleetConnectionFrom(terminalConfigSchema.parse(defaults), folder({}))).toBeUndefined();
  });

  it('refuses a credential that exists but cannot be read, naming it', () => {
    const dir = folder({});
    mkdirSync(join(dir, 'fleet-password')); // a folder in its place: EISDIR, even as root
    expect(() => fleetConnectionFrom(fleetOn, dir)).toThrow(/fleet-password cannot be read/);
  });

  it('reads the upstream CA and client pair; half a pair is an error', () => {
    expect(upstreamTlsFrom(folder({}))).toBeUndefined();
    expect(upstreamTlsFrom(folder({ 'upstream-ca.pem': 'CA' }))).toEqual({ ca: 'CA' });
    expect(upstreamTlsFrom(folder({ 'upstream-client.crt': 'CERT', 'upstream-client.key': 'KEY' }))).toEqual({ ca: 'CA', cert: 'CERT', key: 'KEY' });
    const half = tmp.path('half');
    mkdirSync(half);
    writeFileSync(join(half, 'upstream-client.crt'), 'CERT');
    chmodSync(join(half, 'upstream-client.crt'), 0o600);
    expect(() => upstreamTlsFrom(half)).toThrow(/must both be present/);
  });
});
