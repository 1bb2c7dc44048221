import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { CommandStore } from './command-store.ts';
import { RolloutStore } from './rollout-store.ts';

afterAll(stopTestPostgres);

describe.each(DIALECTS)('rollout storage on %s', (dialect) => {
  let t: TestDatabase;
  let store: RolloutStore;
  const at = '2026-12-04T10:00:00.000Z';
  const propose = (version: string, config: Record<string, unknown>, targetGroups?: unknown) =>
    store.propose({ version, configJson: JSON.stringify(config), note: null, canary: ['KM-0001'], rest: ['KM-0002'], ...(targetGroups ? { targetGroups } : {}), waitMinutes: 0, timeoutMinutes: 30, by: 'pub1', at });

  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    store = new RolloutStore(t.db);
  });
  afterEach(() => t.close());

  it('records the groups a rollout was prepared for beside the terminals they resolved to', async () => {
    const withGroups = await propose('1.0.0', {}, { canary: ['hall:hall-3'], rest: ['region:kunming'] });
    const plain = await propose('1.0.1', {});
    expect(JSON.parse(withGroups?.target_groups_json ?? 'null')).toEqual({ canary: ['hall:hall-3'], rest: ['region:kunming'] });
    expect(plain?.target_groups_json).toBeNull();
  });

  it('keeps each handed-out config under its version, once, and finds approved rollouts without a record', async () => {
    const approved = await propose('1.1.0', { timeouts: { inactivitySeconds: 90 } });
    await store.transition(approved!.id, ['proposed'], { state: 'done', approved_by: 'pub2', approved_at: at });
    await propose('1.2.0', { locale: 'en-US' }); // still proposed: never handed out
    await store.recordBundle({ version: '1.2.1', configJson: '{"locale":"ug-CN"}', source: 'rollback', rolloutId: approved!.id, at });
    // A version names one config forever: a second record does not replace it.
    await store.recordBundle({ version: '1.2.1', configJson: '{"locale":"zh-CN"}', source: 'rollback', rolloutId: approved!.id, at });
    const held = await store.bundlesFor(['1.1.0', '1.2.0', '1.2.1', '9.9.9']);
    expect(Object.fromEntries(held)).toEqual({ '1.1.0': '{"timeouts":{"inactivitySeconds":90}}', '1.2.1': '{"locale":"ug-CN"}' });
    expect((await store.bundlesFor([])).size).toBe(0);
  });

  it('finds the nonces of a rollout\'s stage commands in one query, signed ones only', async () => {
    const commands = new CommandStore(t.db);
    const make = () => commands.propose({ name: 'reload-config', argsJson: '{}', targetsJson: '{"terminals":["KM-0001"]}', proposedBy: 'pub1', proposedAt: at });
    const [signed, unsigned] = [await make(), await make()];
    await commands.decide(signed.id, { state: 'signed', by: 'pub2', at, nonce: 'nonce-0000000000000001', signedJson: '{}', expiresAt: at });
    expect(Object.fromEntries(await commands.noncesOf([signed.id, unsigned.id, 999]))).toEqual({ [signed.id]: 'nonce-0000000000000001' });
    expect((await commands.noncesOf([])).size).toBe(0);
  });

  it('counts each terminal\'s latest acknowledgement per command and status, and lists them', async () => {
    const commands = new CommandStore(t.db);
    const ack = (terminal: string, nonce: string, status: string, second: number) =>
      t.db.insertInto('acks').values({ terminal_id: terminal, command_id: nonce, command_type: 'reload-config', status, at: `2026-12-04T10:00:0${second}.000Z`, detail: status === 'failed' ? 'schema: timeouts' : null, received_at: at }).execute();
    await ack('KM-0001', 'canary-nonce-000001', 'accepted', 1);
    await ack('KM-0001', 'canary-nonce-000001', 'done', 2);
    await ack('KM-0002', 'canary-nonce-000001', 'accepted', 1);
    await ack('KM-0003', 'canary-nonce-000001', 'accepted', 1);
    await ack('KM-0003', 'canary-nonce-000001', 'failed', 3);
    await ack('KM-0001', 'other-nonce-0000001', 'done', 4);
    const counts = await commands.latestAckCounts(['canary-nonce-000001']);
    expect(counts.sort((a, b) => a.status.localeCompare(b.status))).toEqual([
      { command_id: 'canary-nonce-000001', status: 'accepted', count: 1 },
      { command_id: 'canary-nonce-000001', status: 'done', count: 1 },
      { command_id: 'canary-nonce-000001', status: 'failed', count: 1 },
    ]);
    expect((await commands.latestAcks(['canary-nonce-000001'])).map((a) => [a.terminal_id, a.status, a.detail])).toEqual([
      ['KM-0001', 'done', null],
      ['KM-0002', 'accepted', null],
      ['KM-0003', 'failed', 'schema: timeouts'],
    ]);
    expect(await commands.latestAckCounts([])).toEqual([]);
  });
});
