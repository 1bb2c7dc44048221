import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { TerminalRegistry } from '../registry/terminal-registry.ts';
import { FleetStore } from './fleet-store.ts';
import { MIGRATION_NAMES, migrateToLatest } from './migrations.ts';

afterAll(stopTestPostgres);

const heartbeat = (over: Record<string, unknown> = {}) => ({
  terminalId: 'KM-0001',
  at: '2026-12-04T10:00:00.000Z',
  appVersion: '1.2.0',
  configVersion: '7',
  uptimeSeconds: 60,
  serviceMode: { mode: 'in-service', since: '2026-12-04T09:00:00.000Z' },
  devices: [{ device: 'printer', state: 'error', reason: 'paper-out', flags: [] }],
  queue: { pending: 2, failed: 0 },
  disk: { freeBytes: 1e9, totalBytes: 4e9 },
  lastError: null,
  site: { region: '五华区', hall: '政务中心一楼', tags: ['credit'] },
  ...over,
});

describe.each(DIALECTS)('console storage on %s', (dialect) => {
  let t: TestDatabase;
  let store: FleetStore;
  let clock = new Date('2026-12-04T10:00:01.000Z');
  let registry: TerminalRegistry;

  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    store = new FleetStore(t.db);
    clock = new Date('2026-12-04T10:00:01.000Z');
    registry = new TerminalRegistry(store, silentLogger, () => clock);
  });
  afterEach(async () => t.close());

  it('runs every migration once; running again changes nothing', async () => {
    expect(await migrateToLatest(t.db, dialect)).toEqual([]);
    expect(MIGRATION_NAMES.length).toBeGreaterThanOrEqual(3);
  });

  it('keeps live status from retained status and last will, with history stored once', async () => {
    const online = { terminalId: 'KM-0001', state: 'online', at: '2026-12-04T10:00:00.000Z', appVersion: '1.2.0' };
    await registry.ingest({ terminalId: 'KM-0001', kind: 'status' }, JSON.stringify(online));
    // The same retained status read again (a console restart, a second instance) is not a new change.
    await registry.ingest({ terminalId: 'KM-0001', kind: 'status' }, JSON.stringify(online));
    expect((await store.getTerminal('KM-0001'))?.online).toBe(1);
    // A last will carries the time the terminal connected: older than the "online" it follows.
    clock = new Date('2026-12-04T10:05:00.000Z');
    const will = { terminalId: 'KM-0001', state: 'offline', at: '2026-12-04T09:59:59.000Z', reason: 'connection-lost' };
    await registry.ingest({ terminalId: 'KM-0001', kind: 'status' }, JSON.stringify(will));
    expect(await store.getTerminal('KM-0001')).toMatchObject({ online: 0, status_reason: 'connection-lost', app_version: '1.2.0', status_at: '2026-12-04T10:05:00.000Z' });
    // The same retained will read again later (a console restart) keeps "offline since".
    clock = new Date('2026-12-04T10:30:00.000Z');
    await registry.ingest({ terminalId: 'KM-0001', kind: 'status' }, JSON.stringify(will));
    expect((await store.getTerminal('KM-0001'))?.status_at).toBe('2026-12-04T10:05:00.000Z');
    const history = await store.statusHistory('KM-0001');
    expect(history.map((h) => h.state)).toEqual(['offline', 'online']);
  });

  it('stores heartbeats with site, versions, skew and how long the queue has made no progress', async () => {
    await registry.ingest({ terminalId: 'KM-0001', kind: 'heartbeat' }, JSON.stringify(heartbeat()));
    const row = await store.getTerminal('KM-0001');
    expect(row).toMatchObject({ app_version: '1.2.0', config_version: '7', region: '五华区', hall: '政务中心一楼', service_mode: 'in-service', queue_pending: 2, clock_skew_ms: -1000 });
    expect(JSON.parse(row?.tags ?? '[]')).toEqual(['credit']);
    const stuckSince = row?.queue_stuck_since;
    expect(stuckSince).toBe('2026-12-04T10:00:01.000Z');
    clock = new Date('2026-12-04T10:10:01.000Z');
    await registry.ingest({ terminalId: 'KM-0001', kind: 'heartbeat' }, JSON.stringify(heartbeat({ at: '2026-12-04T10:10:00.000Z', queue: { pending: 3, failed: 0 } })));
    expect((await store.getTerminal('KM-0001'))?.queue_stuck_since).toBe(stuckSince);
    clock = new Date('2026-12-04T10:20:01.000Z');
    await registry.ingest({ terminalId: 'KM-0001', kind: 'heartbeat' }, JSON.stringify(heartbeat({ at: '2026-12-04T10:20:00.000Z', queue: { pending: 1, failed: 0 } })));
    expect((await store.getTerminal('KM-0001'))?.queue_stuck_since).toBe('2026-12-04T10:20:01.000Z');
    await registry.ingest({ terminalId: 'KM-0001', kind: 'heartbeat' }, JSON.stringify(heartbeat({ at: '2026-12-04T10:21:00.000Z', queue: { pending: 0, failed: 0 } })));
    expect((await store.getTerminal('KM-0001'))?.queue_stuck_since).toBeNull();
  });

  it('follows a terminal whose clock was corrected backwards', async () => {
    clock = new Date('2026-12-04T10:00:00.000Z');
    await registry.ingest({ terminalId: 'KM-0001', kind: 'heartbeat' }, JSON.stringify(heartbeat({ at: '2026-12-04T11:00:00.000Z' })));
    expect((await store.getTerminal('KM-0001'))?.clock_skew_ms).toBe(3_600_000);
    clock = new Date('2026-12-04T10:01:00.000Z');
    await registry.ingest({ terminalId: 'KM-0001', kind: 'heartbeat' }, JSON.stringify(heartbeat({ at: '2026-12-04T10:01:00.000Z', configVersion: '8' })));
    expect(await store.getTerminal('KM-0001')).toMatchObject({ clock_skew_ms: 0, config_version: '8', last_heartbeat_at: '2026-12-04T10:01:00.000Z' });
  });

  it('counts and drops malformed messages without storing anything or stopping later ones', async () => {
    const bad = [
      ['heartbeat', 'not json {'],
      ['heartbeat', JSON.stringify(heartbeat({ queue: { pending: -1, failed: 0 } }))],
      ['heartbeat', JSON.stringify(heartbeat({ terminalId: 'KM-9999' }))],
      ['events', JSON.stringify({ type: 'BAD TYPE', at: '2026-12-04T10:00:00Z' })],
      ['acks', JSON.stringify({ id: 'c1', status: 'maybe', at: '2026-12-04T10:00:00Z' })],
      ['status', JSON.stringify({ terminalId: 'KM-0001', state: 'sleeping', at: '2026-12-04T10:00:00Z' })],
    ] as const;
    for (const [kind, payload] of bad) {
      const outcome = await registry.ingest({ terminalId: 'KM-0001', kind }, payload);
      expect(outcome.ok).toBe(false);
    }
    expect(registry.counters.malformed).toMatchObject({ heartbeat: 3, events: 1, acks: 1, status: 1 });
    expect(await store.getTerminal('KM-0001')).toBeUndefined();
    await registry.ingest({ terminalId: 'KM-0001', kind: 'heartbeat' }, JSON.stringify(heartbeat()));
    expect(registry.counters.stored.heartbeat).toBe(1);
    expect((await store.getTerminal('KM-0001'))?.config_version).toBe('7');
  });

  it('keeps events, acks and log parts as history', async () => {
    await registry.ingest({ terminalId: 'KM-0001', kind: 'events' }, JSON.stringify({ type: 'service-mode', at: '2026-12-04T10:00:00.000Z', mode: 'out-of-service' }));
    await registry.ingest({ terminalId: 'KM-0001', kind: 'acks' }, JSON.stringify({ id: 'cmd-1', type: 'restart', status: 'done', at: '2026-12-04T10:01:00.000Z' }));
    const text = '日志 line one\nline two\n';
    const bytes = Buffer.from(text, 'utf8');
    const half = 7;
    for (const [part, slice] of [[2, bytes.subarray(half)], [1, bytes.subarray(0, half)]] as const) {
      await registry.ingest({ terminalId: 'KM-0001', kind: 'logs', requestId: 'req-1' }, JSON.stringify({ requestId: 'req-1', part, parts: 2, encoding: 'base64', data: slice.toString('base64') }));
    }
    expect(await store.events('KM-0001')).toEqual([expect.objectContaining({ type: 'service-mode', data_json: JSON.stringify({ mode: 'out-of-service' }) })]);
    expect(await store.acks('KM-0001')).toEqual([expect.objectContaining({ command_id: 'cmd-1', status: 'done', command_type: 'restart' })]);
    expect(await store.logs('KM-0001')).toEqual([expect.objectContaining({ requestId: 'req-1', complete: true, text })]);
    expect(await store.eventCounts(['service-mode'], '2026-12-04T00:00:00.000Z')).toEqual([{ terminalId: 'KM-0001', type: 'service-mode', count: 1, latestAt: '2026-12-04T10:00:00.000Z' }]);
  });
});
