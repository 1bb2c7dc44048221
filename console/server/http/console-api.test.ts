import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, apiClient, startConsoleFixture, type ConsoleFixture } from '../../test-support/console-fixture.ts';
import { base32Decode, totp } from '../auth/totp.ts';
import { MAX_FAILURES } from './auth-service.ts';

describe('console HTTP API: people, sessions, audit', () => {
  let f: ConsoleFixture;
  let admin: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    f = await startConsoleFixture();
    admin = apiClient(f.server.url);
    expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
  });
  afterAll(async () => f.close());

  it('logs in with an HttpOnly SameSite=Strict session cookie and refuses state changes without the CSRF token', async () => {
    const client = apiClient(f.server.url);
    expect((await client.call('GET', '/api/terminals')).status).toBe(401);
    const login = await client.login(ADMIN.username, ADMIN.password);
    expect(login.headers.get('set-cookie')).toMatch(/^console_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(login.body).toMatchObject({ username: 'admin', role: 'admin', csrfToken: expect.any(String) });
    expect((await client.call('GET', '/api/session')).body).toMatchObject({ username: 'admin' });
    client.dropCsrf();
    const refused = await client.call('POST', '/api/logout', {});
    expect(refused).toMatchObject({ status: 403, body: { error: 'csrf' } });
    expect((await client.call('GET', '/api/session')).status).toBe(200);
  });

  it('answers bad bodies with a clear 400 and changes nothing', async () => {
    const notJson = await admin.call('POST', '/api/users', '{"username":');
    expect(notJson).toMatchObject({ status: 400, body: { error: 'bad-json' } });
    const extra = await admin.call('POST', '/api/users', { username: 'ops', role: 'operator', password: 'long enough password', shell: '/bin/sh' });
    expect(extra.status).toBe(400);
    const badRole = await admin.call('POST', '/api/users', { username: 'ops', role: 'root', password: 'long enough password' });
    expect(badRole).toMatchObject({ status: 400, body: { message: expect.stringContaining('role') } });
    const weak = await admin.call('POST', '/api/users', { username: 'ops', role: 'operator', password: 'short' });
    expect(weak).toMatchObject({ status: 400, body: { error: 'weak-password' } });
    expect(((await admin.call('GET', '/api/users')).body as unknown as unknown[]).length).toBe(1);
  });

  it('enforces roles: a viewer reads, only an operator acknowledges', async () => {
    expect((await admin.call('POST', '/api/users', { username: 'watcher', role: 'viewer', password: 'viewer passphrase 1' })).status).toBe(201);
    expect((await admin.call('POST', '/api/users', { username: 'ops', role: 'operator', password: 'operator passphrase 1' })).status).toBe(201);
    const alert = await f.server.fleet.openAlert({ terminalId: 'KM-0001', rule: 'paper-out', detail: 'paper out: printer', at: new Date().toISOString(), notify: [] });
    const viewer = apiClient(f.server.url);
    await viewer.login('watcher', 'viewer passphrase 1');
    expect((await viewer.call('GET', '/api/alerts')).status).toBe(200);
    expect((await viewer.call('POST', `/api/alerts/${alert.id}/acknowledge`, {})).body).toMatchObject({ error: 'forbidden' });
    const ops = apiClient(f.server.url);
    await ops.login('ops', 'operator passphrase 1');
    expect((await ops.call('POST', `/api/alerts/${alert.id}/acknowledge`, {})).body).toMatchObject({ state: 'acknowledged', acknowledgedBy: 'ops' });
    expect((await ops.call('POST', `/api/alerts/${alert.id}/acknowledge`, {})).status).toBe(409);
    expect((await ops.call('POST', `/api/alerts/${alert.id}/resolve`, {})).body).toMatchObject({ state: 'resolved', resolvedBy: 'ops' });
    expect((await ops.call('GET', '/api/users')).status).toBe(403);
  });

  it('asks for the TOTP code of an account that has one, and checks it', async () => {
    const created = await admin.call('POST', '/api/users', { username: 'publisher', role: 'publisher', password: 'publisher passphrase', totp: true });
    const secret = String(created.body.totpSecret);
    expect(created.body.otpauth).toMatch(/^otpauth:\/\/totp\//);
    const client = apiClient(f.server.url);
    expect((await client.login('publisher', 'publisher passphrase')).body).toMatchObject({ error: 'totp-required' });
    expect((await client.login('publisher', 'publisher passphrase', '000000')).status).toBe(401);
    const code = totp(base32Decode(secret), Math.floor(Date.now() / 1000));
    expect((await client.login('publisher', 'publisher passphrase', code)).status).toBe(200);
  });

  it(`throttles an account after ${MAX_FAILURES} failed log-ins, even with the right password`, async () => {
    expect((await admin.call('POST', '/api/users', { username: 'target', role: 'viewer', password: 'target passphrase 1' })).status).toBe(201);
    const client = apiClient(f.server.url);
    for (let i = 0; i < MAX_FAILURES; i++) expect((await client.login('target', `wrong ${i}`)).status).toBe(401);
    const blocked = await client.login('target', 'target passphrase 1');
    expect(blocked).toMatchObject({ status: 429, body: { error: 'throttled' } });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(800);
    // Other accounts are not affected.
    expect((await apiClient(f.server.url).login('watcher', 'viewer passphrase 1')).status).toBe(200);
  });

  it('writes every action to a hash chain that detects an altered line', async () => {
    const audit = await admin.call('GET', '/api/audit');
    expect(audit.body.verification).toMatchObject({ ok: true });
    const actions = (audit.body.entries as { action: string }[]).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'login.failed', 'login.throttled', 'user.created', 'alert.acknowledge', 'alert.resolve']));
    const row = await f.server.db.selectFrom('audit_log').select(['seq', 'line']).where('action', '=', 'alert.resolve').executeTakeFirstOrThrow();
    await f.server.db.updateTable('audit_log').set({ line: row.line.replace('"actor":"user:ops"', '"actor":"user:admin"') }).where('seq', '=', row.seq).execute();
    const after = await admin.call('GET', '/api/audit');
    expect(after.body.verification).toMatchObject({ ok: false, line: row.seq, reason: expect.stringContaining('altered') });
  });
});
