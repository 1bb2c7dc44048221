import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { FleetStore } from './fleet-store.ts';
import { migrateTo, migrateToLatest } from './migrations.ts';
import { NotificationStore } from './notification-store.ts';

afterAll(stopTestPostgres);

describe.each(DIALECTS)('alert notifications on %s', (dialect) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('carries the robot state kept on alerts before migration 008 over, so nothing is sent again', async () => {
    t = await openTestDatabase(dialect, { migrate: false });
    await migrateTo(t.db, dialect, '007-config-drafts');
    const db = t.db;
    const insert = (id: number, state: string, attempts: number, next: string | null, detail: string | null) =>
      sql`INSERT INTO alerts (id, terminal_id, rule, state, detail, opened_at, notify_state, notify_attempts, notify_next_at, notify_detail)
          VALUES (${id}, 'KM-0001', 'offline', 'open', 'offline since …', '2026-12-04T10:00:00.000Z', ${state}, ${attempts}, ${next}, ${detail})`.execute(db);
    await insert(1, 'sent', 1, null, null);
    await insert(2, 'pending', 3, '2026-12-04T10:05:00.000Z', 'HTTP 502');
    await insert(3, 'failed', 1, null, 'robot errcode 93000: invalid webhook url');
    await insert(4, 'none', 0, null, null);
    expect(await migrateToLatest(t.db, dialect)).toContain('008-alert-notifications');
    const rows = await new NotificationStore(t.db).forAlerts([1, 2, 3, 4]);
    expect(rows.map((r) => [r.alert_id, r.channel, r.event, r.state, r.attempts, r.next_at, r.detail])).toEqual([
      [1, 'webhook', 'raised', 'sent', 1, null, null],
      [2, 'webhook', 'raised', 'pending', 3, '2026-12-04T10:05:00.000Z', 'HTTP 502'],
      [3, 'webhook', 'raised', 'failed', 1, null, 'robot errcode 93000: invalid webhook url'],
    ]);
    expect(await new FleetStore(t.db).getAlert(2)).not.toHaveProperty('notify_state');
  });

  it('lets exactly one sender claim a due notification, and makes "resolved" rows only for channels that say so and were told', async () => {
    t = await openTestDatabase(dialect);
    const fleet = new FleetStore(t.db);
    const store = new NotificationStore(t.db);
    const at = '2026-12-04T10:00:00.000Z';
    const alert = await fleet.openAlert({ terminalId: 'KM-0001', rule: 'offline', detail: 'offline', at, notify: ['webhook', 'email'] });
    const due = await store.due(['webhook', 'email'], at);
    expect(due.map((d) => [d.channel, d.event, d.terminal_id, d.rule])).toEqual([
      ['email', 'raised', 'KM-0001', 'offline'],
      ['webhook', 'raised', 'KM-0001', 'offline'],
    ]);
    const until = '2026-12-04T10:05:00.000Z';
    const claims = await Promise.all([store.claim(due[0]!, until), store.claim(due[0]!, until), store.claim(due[0]!, until)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await store.due(['webhook', 'email'], at)).map((d) => d.channel)).toEqual(['webhook']);
    // Held until the claim runs out (a sender that died mid-send): due again then.
    expect((await store.due(['email'], until)).map((d) => d.channel)).toEqual(['email']);
    expect(await store.due([], at)).toEqual([]);

    expect(await fleet.resolveAlert(alert.id, 'ops', '2026-12-04T10:10:00.000Z')).toBe(true);
    expect(await fleet.resolveAlert(alert.id, 'ops', '2026-12-04T10:11:00.000Z')).toBe(false);
    const rows = await store.forAlerts([alert.id]);
    expect(rows.map((r) => [r.channel, r.event, r.state])).toEqual([
      ['email', 'raised', 'pending'],
      ['email', 'resolved', 'pending'],
      ['webhook', 'raised', 'pending'],
    ]);
    // The resolution waits while its channel's "raised" is still being retried (held by the claim here).
    const later = '2026-12-04T10:20:00.000Z';
    expect((await store.due(['email'], later)).map((d) => d.event)).toEqual(['raised']);
    await store.record(rows[0]!, { state: 'sent', attempts: 1, nextAt: null, detail: null, at: until });
    expect((await store.due(['email'], later)).map((d) => d.event)).toEqual(['resolved']);
    const quiet = await fleet.openAlert({ terminalId: 'KM-0002', rule: 'offline', detail: 'offline', at, notify: [] });
    await fleet.resolveAlert(quiet.id, 'system', at);
    expect(await store.forAlerts([quiet.id])).toEqual([]);

    await store.record(rows[2]!, { state: 'failed', attempts: 1, nextAt: null, detail: 'HTTP 400: bad key', at: '2026-12-04T10:12:00.000Z' });
    expect(await store.counts()).toEqual(expect.arrayContaining([{ channel: 'email', state: 'sent', count: 1 }, { channel: 'email', state: 'pending', count: 1 }, { channel: 'webhook', state: 'failed', count: 1 }]));
    expect((await store.recentFailures('webhook')).map((f) => [f.alert_id, f.detail])).toEqual([[alert.id, 'HTTP 400: bad key']]);
  });
});
