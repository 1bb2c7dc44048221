/** The payments section: fleet authority, no secret in it, money only over https (or to loopback). */
import { describe, expect, it } from 'vitest';
import { fieldAuthoritiesOf } from '../../../../../electron/core/config/config-authority.ts';
import { terminalConfigSchema } from '../../../../../electron/core/config/config-schema.ts';
import defaults from '../../../../../resources/config/default.json';

const withPayments = (payments: unknown) => terminalConfigSchema.safeParse({ ...defaults, payments });

describe('payments config', () => {
  it('is fleet-only, every field of it', () => {
    const fields = fieldAuthoritiesOf(terminalConfigSchema).filter((f) => f.path.startsWith('payments'));
    expect(fields.length).toBeGreaterThan(5);
    for (const f of fields) expect(f.authority, f.path).toBe('fleet');
  });

  it('is optional (no payments), and takes the merchant ids with defaults for the limits', () => {
    expect(terminalConfigSchema.parse(defaults).payments).toBeUndefined();
    const parsed = withPayments({ gatewayUrl: 'https://pay.example.gov.cn', wechatPay: { appId: 'wx8888888888888888', mchId: '1900000109' } });
    expect(parsed.success && parsed.data.payments).toMatchObject({ timeoutMs: 8000, micropaySettleSeconds: 60, nativeTtlSeconds: 300 });
  });

  it('refuses plain http to another host, a secret or a file path, and a malformed merchant id', () => {
    const paths = (r: ReturnType<typeof withPayments>) => (r.success ? [] : r.error.issues.map((i) => i.path.join('.')));
    expect(paths(withPayments({ gatewayUrl: 'http://pay.example.gov.cn' }))).toEqual(['payments.gatewayUrl']);
    expect(paths(withPayments({ gatewayUrl: 'https://pay.example.gov.cn', wechatPay: { appId: 'wx1', mchId: '1', apiKey: 'secret' } }))).toEqual(['payments.wechatPay']);
    expect(paths(withPayments({ gatewayUrl: 'https://pay.example.gov.cn', apiKeyFile: '/etc/passwd' }))).toEqual(['payments']);
    expect(paths(withPayments({ gatewayUrl: 'https://pay.example.gov.cn', alipay: { appId: 'a b' } }))).toEqual(['payments.alipay.appId']);
    expect(withPayments({ gatewayUrl: 'http://127.0.0.1:9000' }).success).toBe(true);
  });

  it('takes the console relay for notifications over https (plain http only to loopback), and none by default', () => {
    const paths = (r: ReturnType<typeof withPayments>) => (r.success ? [] : r.error.issues.map((i) => i.path.join('.')));
    const base = { gatewayUrl: 'https://pay.example.gov.cn' };
    expect(withPayments(base).success && withPayments(base).data?.payments?.notifyBaseUrl).toBeUndefined();
    const parsed = withPayments({ ...base, notifyBaseUrl: 'https://console.example.gov.cn' });
    expect(parsed.success && parsed.data.payments?.notifyBaseUrl).toBe('https://console.example.gov.cn');
    expect(paths(withPayments({ ...base, notifyBaseUrl: 'http://console.example.gov.cn' }))).toEqual(['payments.notifyBaseUrl']);
    expect(paths(withPayments({ ...base, notifyBaseUrl: 'ftp://console.example.gov.cn' }))).toEqual(['payments.notifyBaseUrl']);
    expect(withPayments({ ...base, notifyBaseUrl: 'http://127.0.0.1:8380' }).success).toBe(true);
  });

  it('takes the terminal’s notify relay tag only in the console’s form (22 base64url characters)', () => {
    const paths = (r: ReturnType<typeof withPayments>) => (r.success ? [] : r.error.issues.map((i) => i.path.join('.')));
    const base = { gatewayUrl: 'https://pay.example.gov.cn', notifyBaseUrl: 'https://console.example.gov.cn' };
    const tag = 'Ab-_'.repeat(5) + 'xy';
    const parsed = withPayments({ ...base, notifyTag: tag });
    expect(parsed.success && parsed.data.payments?.notifyTag).toBe(tag);
    for (const bad of ['', tag.slice(1), `${tag}A`, `${tag.slice(1)}/`, `${tag.slice(1)}=`]) expect(paths(withPayments({ ...base, notifyTag: bad })), bad).toEqual(['payments.notifyTag']);
    const refused = withPayments({ ...base, notifyTag: 'short' });
    expect(refused.success ? '' : refused.error.issues[0]?.message).toMatch(/22-character tag the console gives/);
  });
});
