/**
 * The payment relay on the terminal page, over HTTP with a whole console (real mosquitto, SQLite):
 * the counts for any role, an unknown terminal's empty view, and the notify tag shown to
 * administrators only (CSRF, audit line without the tag), 404 for a terminal the console does not know.
 */
import { connectAsync } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyTagView, PaymentRelayView } from '../../shared/api-types.ts';
import { waitFor } from '../../../test/support/wait.ts';
import { ADMIN, apiClient, startConsoleFixture, TEST_RELAY_KEY, type ConsoleFixture } from '../../test-support/console-fixture.ts';
import { notifyTagFor } from '../payment-relay/relay-tag.ts';

describe('payment relay in the console API', () => {
  let f: ConsoleFixture;
  let admin: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    f = await startConsoleFixture({ config: { paymentRelay: { enabled: true, maxBodyBytes: 16384, perTerminalPerMinute: 60, refusedPerMinute: 600, publishTimeoutMs: 2000, countsRetentionDays: 90 } } });
    const terminal = await connectAsync(f.broker.url, { protocolVersion: 5, reconnectPeriod: 0 });
    await terminal.publishAsync('kiosk/terminals/KM-0001/status', JSON.stringify({ terminalId: 'KM-0001', state: 'online', at: new Date().toISOString() }), { qos: 1, retain: true });
    await waitFor(async () => (await f.server.fleet.getTerminal('KM-0001')) !== undefined, 5000, 'KM-0001 known');
    await terminal.endAsync(true);
    admin = apiClient(f.server.url);
    expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
    for (const [username, role] of [['duty', 'operator'], ['watcher', 'viewer']] as const) {
      expect((await admin.call('POST', '/api/users', { username, role, password: `${role} passphrase 12` })).status).toBe(201);
    }
  });
  afterAll(async () => f?.close());

  const as = async (username: string, role: string) => {
    const c = apiClient(f.server.url);
    expect((await c.login(username, `${role} passphrase 12`)).status).toBe(200);
    return c;
  };

  it('shows the relay state and (no) counts to every role, a terminal the console does not know included', async () => {
    const viewer = await as('watcher', 'viewer');
    const known = await viewer.call('GET', '/api/terminals/KM-0001/payment-relay');
    expect(known.status).toBe(200);
    expect(known.body as unknown as PaymentRelayView).toMatchObject({ relay: 'on', terminalKnown: true, channels: [], lastForwardedAt: null, tagAvailable: true });
    const unknown = await viewer.call('GET', '/api/terminals/KM-4040/payment-relay');
    expect(unknown).toMatchObject({ status: 200, body: { terminalKnown: false, channels: [], lastForwardedAt: null } });
    expect((await viewer.call('GET', '/api/terminals/KM%2F1/payment-relay')).status).toBe(404);
    expect((await apiClient(f.server.url).call('GET', '/api/terminals/KM-0001/payment-relay')).status).toBe(401);
  });

  it('shows an administrator the terminal’s tag and writes who saw which terminal’s tag to the audit log (not the tag)', async () => {
    const r = await admin.call('POST', '/api/terminals/KM-0001/payment-relay/notify-tag', {});
    expect(r.status).toBe(200);
    const tag = notifyTagFor(TEST_RELAY_KEY, 'KM-0001');
    expect(r.body as unknown as NotifyTagView).toEqual({ terminalId: 'KM-0001', tag, path: `/pay/notify/<channel>/KM-0001/${tag}` });
    const audit = await admin.call('GET', '/api/audit');
    const entries = (audit.body as { entries: { actor: string; action: string; details: Record<string, unknown> }[]; verification: { ok: boolean } }).entries;
    expect(entries.filter((e) => e.action === 'payment-relay.tag-shown').map((e) => [e.actor, e.details])).toEqual([['user:admin', { terminalId: 'KM-0001' }]]);
    expect(JSON.stringify(entries)).not.toContain(tag);
    expect((audit.body as { verification: { ok: boolean } }).verification.ok).toBe(true);
  });

  it('refuses the tag to operators and viewers (403 from the server), without the CSRF token, with a body, and for an unknown terminal', async () => {
    const auditCount = async () => ((await admin.call('GET', '/api/audit')).body as { entries: { action: string }[] }).entries.filter((e) => e.action === 'payment-relay.tag-shown').length;
    const before = await auditCount();
    const operator = await as('duty', 'operator');
    expect(await operator.call('POST', '/api/terminals/KM-0001/payment-relay/notify-tag', {})).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const viewer = await as('watcher', 'viewer');
    expect(await viewer.call('POST', '/api/terminals/KM-0001/payment-relay/notify-tag', {})).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    const noCsrf = apiClient(f.server.url);
    await noCsrf.login(ADMIN.username, ADMIN.password);
    noCsrf.dropCsrf();
    expect(await noCsrf.call('POST', '/api/terminals/KM-0001/payment-relay/notify-tag', {})).toMatchObject({ status: 403, body: { error: 'csrf' } });
    expect(await admin.call('POST', '/api/terminals/KM-0001/payment-relay/notify-tag', { terminalId: 'KM-0002' })).toMatchObject({ status: 400 });
    expect(await admin.call('POST', '/api/terminals/KM-4040/payment-relay/notify-tag', {})).toMatchObject({ status: 404, body: { error: 'not-found' } });
    expect(await auditCount()).toBe(before);
  });
});

describe('payment relay in the console API without the relay key', () => {
  it('says the relay is off and has no tag to show (409)', async () => {
    const f = await startConsoleFixture({ withoutRelayKey: true });
    try {
      const admin = apiClient(f.server.url);
      await admin.login(ADMIN.username, ADMIN.password);
      expect(await admin.call('GET', '/api/terminals/KM-0001/payment-relay')).toMatchObject({ status: 200, body: { relay: 'no-key', tagAvailable: false, channels: [] } });
      expect(await admin.call('POST', '/api/terminals/KM-0001/payment-relay/notify-tag', {})).toMatchObject({ status: 409, body: { error: 'relay-off' } });
    } finally {
      await f.close();
    }
  });
});
