import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { ConsoleAudit } from '../audit/console-audit.ts';
import { CommandStore } from './command-store.ts';
import { PeopleStore } from './people-store.ts';
import { RolloutStore } from './rollout-store.ts';

afterAll(stopTestPostgres);

describe.each(DIALECTS)('people, audit, commands and rollouts storage on %s', (dialect) => {
  let t: TestDatabase;
  let people: PeopleStore;
  const at = '2026-12-04T10:00:00.000Z';

  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    people = new PeopleStore(t.db);
  });
  afterEach(async () => t.close());

  it('keeps one account per name, and sessions only while valid and the account enabled', async () => {
    expect(await people.addUser({ username: 'ops', role: 'operator', passwordHash: 'h', totpSecret: null, createdAt: at })).toBe(true);
    expect(await people.addUser({ username: 'ops', role: 'admin', passwordHash: 'x', totpSecret: null, createdAt: at })).toBe(false);
    expect((await people.getUser('ops'))?.role).toBe('operator');
    await people.createSession({ token: 'tok-1', username: 'ops', csrfToken: 'c', createdAt: at, expiresAt: '2026-12-04T22:00:00.000Z' });
    expect(await people.session('tok-1', '2026-12-04T12:00:00.000Z')).toMatchObject({ username: 'ops', role: 'operator', csrf_token: 'c' });
    expect(await people.session('tok-1', '2026-12-04T23:00:00.000Z')).toBeUndefined();
    expect(await people.session('tok-2', '2026-12-04T12:00:00.000Z')).toBeUndefined();
    // Stored hashed: the token itself is nowhere in the table.
    expect(JSON.stringify(await t.db.selectFrom('sessions').selectAll().execute())).not.toContain('tok-1');
    await people.updateUser('ops', { disabled: true });
    expect(await people.session('tok-1', '2026-12-04T12:00:00.000Z')).toBeUndefined();
  });

  it('counts login failures in a window', async () => {
    for (const minute of [1, 2, 3]) await people.recordLoginFailure('ops', `2026-12-04T10:0${minute}:00.000Z`);
    expect(await people.loginFailures('ops', '2026-12-04T10:02:00.000Z')).toEqual({ count: 2, latest: '2026-12-04T10:03:00.000Z' });
    await people.clearLoginFailures('ops');
    expect((await people.loginFailures('ops', at)).count).toBe(0);
  });

  it('appends from two console instances at once without losing or forking the chain', async () => {
    const a = new ConsoleAudit(people);
    const b = new ConsoleAudit(new PeopleStore(t.db));
    await Promise.all(Array.from({ length: 6 }, (_v, i) => (i % 2 ? a : b).append(`user:u${i}`, 'test.action', { i })));
    const verification = await a.verify();
    expect(verification).toMatchObject({ ok: true, entries: 6 });
    expect((await a.recent()).map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
  });

  it('decides a command and moves a rollout only once, and takes each rollout version once', async () => {
    const commands = new CommandStore(t.db);
    const row = await commands.propose({ name: 'restart', argsJson: '{}', targetsJson: '{"terminals":["KM-1"]}', proposedBy: 'a', proposedAt: at });
    expect(await commands.decide(row.id, { state: 'rejected', by: 'b', at })).toBe(true);
    expect(await commands.decide(row.id, { state: 'signed', by: 'c', at, nonce: 'n'.repeat(22) })).toBe(false);
    const rollouts = new RolloutStore(t.db);
    const input = { version: '1.0.0', configJson: '{}', note: null, canary: ['KM-1'], rest: [], waitMinutes: 0, timeoutMinutes: 30, by: 'a', at };
    const r = await rollouts.propose(input);
    expect(r?.state).toBe('proposed');
    expect(await rollouts.propose(input)).toBeUndefined();
    expect(await rollouts.transition(r?.id ?? 0, ['canary'], { state: 'done', updated_at: at })).toBe(false);
    expect(await rollouts.transition(r?.id ?? 0, ['proposed'], { state: 'canary', updated_at: at })).toBe(true);
    expect((await rollouts.inFlight()).map((x) => x.version)).toEqual(['1.0.0']);
    expect(await rollouts.versions()).toEqual(['1.0.0']);
  });
});
