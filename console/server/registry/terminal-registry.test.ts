import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { FleetStore } from '../storage/fleet-store.ts';
import { MAX_BATCH, TerminalRegistry } from './terminal-registry.ts';

afterAll(stopTestPostgres);

const heartbeat = (id: string, pending: number) =>
  JSON.stringify({
    terminalId: id,
    at: '2026-12-04T10:00:00.000Z',
    appVersion: '1.2.0',
    configVersion: '7',
    uptimeSeconds: 60,
    serviceMode: { mode: 'in-service', since: '2026-12-04T09:00:00.000Z' },
    devices: [],
    queue: { pending, failed: 0 },
    disk: { freeBytes: 1e9, totalBytes: 4e9 },
    lastError: null,
  });
const status = (id: string, state: 'online' | 'offline', at: string) => JSON.stringify({ terminalId: id, state, at });

/** A real database refusal for one kind of message: a trigger, as a constraint the console does not expect would. */
async function refuseEventsOfType(t: TestDatabase, dialect: string, type: string): Promise<void> {
  if (dialect === 'sqlite') {
    await sql.raw(`CREATE TRIGGER refuse_event BEFORE INSERT ON events WHEN NEW.type = '${type}' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`).execute(t.db);
    return;
  }
  await sql.raw(`CREATE FUNCTION refuse_event() RETURNS trigger AS $$ BEGIN IF NEW.type = '${type}' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`).execute(t.db);
  await sql.raw('CREATE TRIGGER refuse_event BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION refuse_event()').execute(t.db);
}

describe.each(DIALECTS)('terminal registry batches on %s', (dialect) => {
  let t: TestDatabase;
  let store: FleetStore;
  let registry: TerminalRegistry;

  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    store = new FleetStore(t.db);
    let tick = Date.parse('2026-12-04T10:00:01.000Z');
    // Every arrival a millisecond later: "received" follows arrival order.
    registry = new TerminalRegistry(store, silentLogger, () => new Date(tick++));
  });
  afterEach(async () => t.close());

  it('stores a burst larger than one batch, keeping each terminal in arrival order and counting the malformed', async () => {
    const ids = Array.from({ length: 400 }, (_v, i) => `KM-${String(i).padStart(4, '0')}`);
    const burst: Promise<unknown>[] = [];
    for (const id of ids) {
      burst.push(registry.ingest({ terminalId: id, kind: 'status' }, status(id, 'online', '2026-12-04T10:00:00.000Z')));
      burst.push(registry.ingest({ terminalId: id, kind: 'heartbeat' }, heartbeat(id, 5)));
      // The will after the online, then online again: arrival order decides, not `at`.
      burst.push(registry.ingest({ terminalId: id, kind: 'status' }, status(id, 'offline', '2026-12-04T09:59:00.000Z')));
      burst.push(registry.ingest({ terminalId: id, kind: 'heartbeat' }, heartbeat(id, 3)));
    }
    burst.push(registry.ingest({ terminalId: 'KM-0001', kind: 'heartbeat' }, '{ not json'));
    burst.push(registry.ingest({ terminalId: 'KM-0002', kind: 'status' }, status('KM-0002', 'online', '2026-12-04T10:00:00.000Z')));
    expect(burst.length).toBeGreaterThan(3 * MAX_BATCH);
    const outcomes = await Promise.all(burst);
    expect(outcomes.filter((o) => (o as { ok: boolean }).ok === false)).toEqual([{ ok: false, reason: 'not JSON' }]);
    expect(registry.counters).toMatchObject({ stored: { status: 801, heartbeat: 800 }, malformed: { heartbeat: 1 }, storeErrors: 0 });
    expect(registry.queued).toBe(0);

    const rows = await store.listTerminals();
    expect(rows).toHaveLength(400);
    expect(rows.filter((r) => r.queue_pending !== 3)).toEqual([]);
    expect(rows.filter((r) => r.online !== (r.id === 'KM-0002' ? 1 : 0)).map((r) => r.id)).toEqual([]);
    expect((await store.statusHistory('KM-0002')).map((h) => h.state)).toEqual(['offline', 'online']);
  });

  it('stores the rest of a batch the database refuses one message of, and reports only that one', async () => {
    await refuseEventsOfType(t, dialect, 'poison');
    const ids = ['KM-0001', 'KM-0002', 'KM-0003'];
    const before = ids.map((id) => registry.ingest({ terminalId: id, kind: 'heartbeat' }, heartbeat(id, 1)));
    const poison = registry.ingest({ terminalId: 'KM-0002', kind: 'events' }, JSON.stringify({ type: 'poison', at: '2026-12-04T10:00:00.000Z' }));
    const after = ids.map((id) => registry.ingest({ terminalId: id, kind: 'events' }, JSON.stringify({ type: 'service-mode', at: '2026-12-04T10:00:01.000Z', mode: 'in-service' })));
    await expect(poison).rejects.toThrow(/refused by the test/);
    expect(await Promise.all([...before, ...after])).toEqual(Array.from({ length: 6 }, () => ({ ok: true })));
    expect(registry.counters).toMatchObject({ stored: { heartbeat: 3, events: 3 }, storeErrors: 1 });
    for (const id of ids) expect((await store.events(id)).map((e) => e.type)).toEqual(['service-mode']);
    expect((await store.listTerminals()).map((r) => r.queue_pending)).toEqual([1, 1, 1]);
  });
});
