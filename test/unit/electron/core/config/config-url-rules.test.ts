/**
 * Citizen data and fleet traffic leave the terminal encrypted: https and mqtts/wss, with plain
 * http / mqtt / ws only to the terminal itself (issue 10).
 */
import { describe, expect, it } from 'vitest';
import { terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import defaults from '../../../../../resources/config/default.json';

const withUpstream = (baseUrl: string) => terminalConfigSchema.safeParse({ ...defaults, upstream: { ...defaults.upstream, baseUrl } });
const withBroker = (brokerUrl: string) => terminalConfigSchema.safeParse({ ...defaults, fleet: { ...defaults.fleet, enabled: true, brokerUrl } });
const messages = (result: { error?: { issues: Array<{ path: PropertyKey[]; message: string }> } }) =>
  (result.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('upstream address', () => {
  it.each(['https://credit.example.gov.cn/api', 'https://10.0.0.5:8443', 'http://127.0.0.1:8787', 'http://[::1]:8787', 'http://localhost:8787/x'])(
    'accepts %s',
    (url) => expect(withUpstream(url).success).toBe(true),
  );

  it.each(['http://credit.example.gov.cn', 'http://10.0.0.5:8787', 'http://127.0.0.2', 'http://localhost.evil.example', 'ftp://127.0.0.1'])(
    'refuses %s, naming upstream.baseUrl',
    (url) => {
      const result = withUpstream(url);
      expect(result.success).toBe(false);
      expect(messages(result).join('\n')).toMatch(/^upstream\.baseUrl: /);
    },
  );

  it('says why plain http is refused', () => {
    expect(messages(withUpstream('http://upstream.example.org'))).toEqual(['upstream.baseUrl: must be https:// (plain http only to 127.0.0.1, ::1 or localhost)']);
  });
});

describe('fleet broker address', () => {
  it.each(['mqtts://fleet.example.org:8883', 'wss://fleet.example.org/mqtt', 'mqtt://127.0.0.1:1883', 'ws://localhost:9001', 'mqtt://[::1]:1883'])(
    'accepts %s',
    (url) => expect(withBroker(url).success).toBe(true),
  );

  it.each(['mqtt://fleet.example.org:1883', 'ws://fleet.example.org/mqtt', 'mqtt://192.168.1.10'])('refuses %s, naming fleet.brokerUrl', (url) => {
    const result = withBroker(url);
    expect(result.success).toBe(false);
    expect(messages(result).some((m) => m.startsWith('fleet.brokerUrl: ') && m.includes('mqtts://'))).toBe(true);
  });

  it('still allows an unconfigured broker while the fleet is off', () => {
    expect(terminalConfigSchema.safeParse({ ...defaults, fleet: { ...defaults.fleet, brokerUrl: '' } }).success).toBe(true);
  });
});
