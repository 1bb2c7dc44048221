import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerminalChanges, TerminalView } from '../../shared/api-types.ts';
import { ADMIN, apiClient, startConsoleFixture, type ConsoleFixture } from '../../test-support/console-fixture.ts';
import { TerminalChangeLog } from './terminal-changes.ts';

const heartbeat = (id: string, at: string, pending = 0) =>
  JSON.stringify({
    terminalId: id,
    at,
    appVersion: '1.2.0',
    configVersion: '7',
    uptimeSeconds: 60,
    serviceMode: { mode: 'in-service', since: '2026-12-04T09:00:00.000Z' },
    devices: [],
    queue: { pending, failed: 0 },
    disk: { freeBytes: 1e9, totalBytes: 4e9 },
    lastError: null,
  });

describe('GET /api/terminals?since=: change-only fleet polls over the real console (SQLite)', () => {
  let f: ConsoleFixture;
  let admin: ReturnType<typeof apiClient>;
  const changes = async (since: string) => {
    const answer = await admin.call('GET', `/api/terminals?since=${encodeURIComponent(since)}`);
    expect(answer.status).toBe(200);
    return answer.body as unknown as TerminalChanges;
  };
  const ids = (c: TerminalChanges) => c.terminals.map((t) => t.id).sort();

  beforeAll(async () => {
    f = await startConsoleFixture();
    admin = apiClient(f.server.url);
    await admin.login(ADMIN.username, ADMIN.password);
    for (const id of ['KM-0001', 'KM-0002', 'KM-0003']) await f.server.registry.ingest({ terminalId: id, kind: 'heartbeat' }, heartbeat(id, '2026-12-04T10:00:00.000Z'));
  });
  afterAll(async () => f.close());

  it('answers the whole fleet first, then only what changed, then nothing', async () => {
    const first = await changes('');
    expect(first).toMatchObject({ full: true, removed: [] });
    expect(ids(first)).toEqual(['KM-0001', 'KM-0002', 'KM-0003']);

    expect(await changes(first.cursor)).toEqual({ cursor: first.cursor, full: false, terminals: [], removed: [] });

    await f.server.registry.ingest({ terminalId: 'KM-0002', kind: 'heartbeat' }, heartbeat('KM-0002', '2026-12-04T10:00:30.000Z', 4));
    await f.server.registry.ingest({ terminalId: 'KM-0004', kind: 'heartbeat' }, heartbeat('KM-0004', '2026-12-04T10:00:30.000Z'));
    const second = await changes(first.cursor);
    expect(second.full).toBe(false);
    expect(second.cursor).not.toBe(first.cursor);
    expect(ids(second)).toEqual(['KM-0002', 'KM-0004']);
    expect(second.terminals.find((t) => t.id === 'KM-0002')).toMatchObject({ lastHeartbeatAt: '2026-12-04T10:00:30.000Z', queue: { pending: 4 } });
    // An older cursor of this process still gets everything since it.
    expect(ids(await changes(first.cursor))).toEqual(['KM-0002', 'KM-0004']);
    expect(ids(await changes(second.cursor))).toEqual([]);
  });

  it('counts an alert opened or resolved as a change of its terminal', async () => {
    const before = await changes('');
    const alert = await f.server.fleet.openAlert({ terminalId: 'KM-0003', rule: 'paper-out', detail: 'paper out: printer', at: new Date().toISOString(), notify: [] });
    const opened = await changes(before.cursor);
    expect(opened.terminals).toEqual([expect.objectContaining({ id: 'KM-0003', activeAlerts: 1 })]);
    await f.server.fleet.resolveAlert(alert.id, 'test', new Date().toISOString());
    expect((await changes(opened.cursor)).terminals).toEqual([expect.objectContaining({ id: 'KM-0003', activeAlerts: 0 })]);
  });

  it('lists a terminal gone from the registry as removed', async () => {
    const before = await changes('');
    await f.server.fleet.db.deleteFrom('terminals').where('id', '=', 'KM-0004').execute();
    const after = await changes(before.cursor);
    expect(after).toMatchObject({ full: false, terminals: [], removed: ['KM-0004'] });
    expect(ids(await changes(''))).not.toContain('KM-0004');
  });

  it('answers a cursor of another process (a restart, another instance) with the whole fleet', async () => {
    const current = await changes('');
    const foreign = await changes(`000000000000.${current.cursor.split('.')[1] ?? '0'}`);
    expect(foreign.full).toBe(true);
    expect(ids(foreign)).toEqual(ids(current));
    // A generation this process never reached is not trusted either.
    const future = await changes(`${current.cursor.split('.')[0] ?? ''}.999999`);
    expect(future.full).toBe(true);
  });

  it('refuses a malformed cursor with a clear 400', async () => {
    for (const bad of ['abc', '1.2.3', 'x'.repeat(40) + '.1', 'ABC.1']) {
      const answer = await admin.call('GET', `/api/terminals?since=${encodeURIComponent(bad)}`);
      expect(answer).toMatchObject({ status: 400, body: { error: 'invalid', message: expect.stringContaining('since') } });
    }
  });

  it('still answers the plain list as an array, and asks for a session', async () => {
    const list = (await admin.call('GET', '/api/terminals')).body as unknown as TerminalView[];
    expect(list.map((t) => t.id)).toEqual(['KM-0001', 'KM-0002', 'KM-0003']);
    expect((await apiClient(f.server.url).call('GET', '/api/terminals?since=')).status).toBe(401);
  });
});

describe('TerminalChangeLog', () => {
  it('runs one read at a time, and a poll arriving during a read gets a read begun after it', async () => {
    let reads = 0;
    let running = 0;
    let overlapped = false;
    const views: TerminalView[] = [];
    const log = new TerminalChangeLog(async () => {
      reads++;
      running++;
      overlapped ||= running > 1;
      const snapshot = [...views];
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return snapshot;
    });
    const first = log.refresh();
    views.push({ id: 'KM-0009' } as TerminalView);
    // Both arrive after the first read began: they share one later read, which sees KM-0009.
    await Promise.all([first, log.refresh(), log.refresh()]);
    expect(reads).toBe(2);
    expect(overlapped).toBe(false);
    expect(log.all().map((t) => t.id)).toEqual(['KM-0009']);
  });
});
