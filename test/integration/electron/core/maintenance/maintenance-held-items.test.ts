/**
 * Issue 10's loose ends on the real core (demo stack: real SQLite, drivers on PTYs, the reference
 * upstream on loopback) with a real mosquitto broker: items sealed with a key this terminal lacks
 * hold their stream until staff (or the signed `retry-held-items` command, aimed at one of this
 * terminal's fleet groups) look again, or staff, having confirmed, set them aside: kept, counted,
 * listed. A gap in the outbox sequence is shown until staff acknowledge it (its record stays), and
 * a damaged fleet nonce file is on the alert board. Every staff action is in the audit log.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import type { HeldRetryResult, MaintenanceOverview, QueueListView, SequenceGapView, SetAsideResult } from '../../../../../electron/contract/kiosk-api.ts';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { signCommand } from '../../../../../electron/core/fleet/signed-command.ts';
import { Outbox } from '../../../../../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../../../../../electron/core/outbox/outbox-key.ts';
import { observe, startMosquitto, type Broker } from '../../../../support/mosquitto-broker.ts';
import { makeKey } from '../../../../support/signed-bundles.ts';
import { DEFAULT_CORNER_SEQUENCE, provisionStaffPin } from '../../../../support/staff-pin.ts';

const ctx = { shell: 'browser' as const, connectionId: 'held-items-test' };
const PIN = '258046';
const TERMINAL = 'KM-0931';
const GROUP = 'kunming-hall-3';
const fleetKey = makeKey('fleet-2026');
/** The key the seeded items were sealed with: this terminal never gets it. */
const lostKey = new OutboxKey(Buffer.alloc(32, 0x5c));

let broker: Broker;
let stack: DemoStack;
let dataDir: string;
let fleet: Awaited<ReturnType<typeof observe>>;

const call = (method: string, payload: unknown = {}) => stack.core.apiHost.dispatch(method, payload, ctx);
async function value<T>(method: string, payload: unknown = {}): Promise<T> {
  const res = await call(method, payload);
  if (!res.ok) throw new Error(`${method}: ${res.error.code} ${res.error.message}`);
  return res.value as T;
}
const errorCode = async (method: string, payload: unknown = {}) => {
  const res = await call(method, payload);
  return res.ok ? 'ok' : res.error.code;
};
const audit = () => stack.core.maintenance.audit.tail(500);
const queue = (status: 'pending' | 'failed' | 'acknowledged' = 'failed') => value<QueueListView>('listQueue', { status });

async function login(): Promise<void> {
  for (const corner of DEFAULT_CORNER_SEQUENCE) await value('staffCornerTap', { corner });
  expect(await value('staffLogin', { pin: PIN })).toMatchObject({ status: 'ok' });
}

/** Signs a command for a group and sends it on the broadcast topic, as the console does for a hall. */
async function sendToGroup(name: string, groups: string[]): Promise<string> {
  const command = signCommand({ keyId: fleetKey.id, privateKey: fleetKey.privateKey, command: { name, args: {} }, targets: { groups } });
  await fleet.client.publishAsync('bianmin/v1/broadcast/commands', JSON.stringify(command), { qos: 1 });
  return command.nonce;
}
const terminalTopic = (leaf: string) => `bianmin/v1/terminals/${TERMINAL}/${leaf}`;

beforeAll(async () => {
  broker = await startMosquitto();
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-held-'));
  // Two submissions sealed with a key that is then lost, in a database later replaced by an
  // older copy: the ledger beside it says four were acknowledged to citizens.
  const db = openDatabase(join(dataDir, 'kiosk.db'), { migrations });
  const seeded = new Outbox(db, { keys: lostKey });
  for (const n of [1, 2]) seeded.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n } });
  closeDatabase(db);
  writeFileSync(join(dataDir, 'outbox-sequence.json'), JSON.stringify({ acknowledged: 4, delivered: 0, gaps: [] }));
  writeFileSync(join(dataDir, 'fleet-nonces.json'), '{"version":1,"entr');
  await provisionStaffPin(dataDir, PIN);
  fleet = await observe(broker.url, `bianmin/v1/terminals/${TERMINAL}/#`);
  stack = await startDemoStack({
    dataDir,
    scanner: false,
    configOverride: {
      terminalId: TERMINAL,
      publicKeys: [{ id: fleetKey.id, key: fleetKey.publicKey }],
      fleet: { enabled: true, brokerUrl: broker.url, groups: [GROUP] },
    },
  });
  await fleet.waitFor((m) => m.topic === terminalTopic('status') && m.json().state === 'online', 10_000);
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await fleet?.client.endAsync();
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('held and unreadable outbox items, gaps and fleet alerts on the real core', () => {
  it('refuses the new staff methods without a staff session, and changes nothing', async () => {
    for (const [method, payload] of [
      ['retryHeldItems', {}],
      ['setAsideUnreadable', { acknowledged: true }],
      ['acknowledgeSequenceGap', { from: 3, to: 4 }],
    ] as const) {
      expect(await errorCode(method, payload), method).toBe('UNAUTHORIZED');
    }
    expect(stack.core.outbox.outbox.count('pending')).toBe(2);
    expect(stack.core.outbox.alerts.get('outbox-lost:3-4')).toBeDefined();
  });

  it('shows the gap and the damaged nonce file on the overview', async () => {
    await login();
    const { alerts } = await value<MaintenanceOverview>('getMaintenanceOverview');
    expect(alerts.map((a) => [a.id, a.kind, a.severity])).toEqual(
      expect.arrayContaining([
        ['outbox-lost:3-4', 'database-behind-ledger', 'critical'],
        ['fleet-nonce-ledger-damaged', 'fleet-nonce-ledger-damaged', 'warning'],
        ['outbox-undecryptable', 'outbox-undecryptable', 'critical'],
      ]),
    );
  });

  it('holds the stream; the signed retry-held-items command for this terminal\'s group looks again, one for another group is refused', async () => {
    await expect.poll(async () => (await queue('pending')).heldStreams, { timeout: 10_000 }).toEqual(['forms']);
    const other = await sendToGroup('retry-held-items', ['another-hall']);
    const refused = await fleet.waitFor((m) => m.topic === terminalTopic('events') && m.json().type === 'command-refused' && m.json().nonce === other);
    expect(refused.json()).toMatchObject({ reason: 'not-for-this-terminal' });

    const nonce = await sendToGroup('retry-held-items', [GROUP]);
    const done = await fleet.waitFor((m) => m.topic === terminalTopic('acks') && m.json().id === nonce && m.json().status === 'done');
    expect(done.json()).toMatchObject({ detail: 'looked again at forms', result: { retried: ['forms'], undecryptable: 2 } });
    expect(audit().filter((e) => e.action === 'queue.held-retried').map((e) => [e.actor, e.details])).toEqual([['fleet', { streams: 'forms', undecryptable: 2 }]]);
    // The key is still missing: the worker holds the stream again when it reaches the items.
    await expect.poll(async () => (await queue('pending')).heldStreams, { timeout: 10_000 }).toEqual(['forms']);
  });

  it('staff look again at one stream, audited', async () => {
    expect(await value<HeldRetryResult>('retryHeldItems', { stream: 'forms' })).toEqual({ retried: ['forms'], undecryptable: 2 });
    expect(await value<HeldRetryResult>('retryHeldItems', { stream: 'evaluations' })).toEqual({ retried: [], undecryptable: 2 });
    expect(await errorCode('retryHeldItems', { stream: 'Not A Stream' })).toBe('INVALID_REQUEST');
    expect(audit().filter((e) => e.action === 'queue.held-retried' && e.actor === 'staff').map((e) => e.details)).toEqual([
      { stream: 'forms', streams: 'forms', undecryptable: 2 },
      { stream: 'evaluations', streams: '', undecryptable: 2 },
    ]);
  });

  it('sets unreadable items aside only when staff confirmed: kept, counted, listed, the stream moves on', async () => {
    expect(await errorCode('setAsideUnreadable', {})).toBe('INVALID_REQUEST');
    expect(await errorCode('setAsideUnreadable', { acknowledged: false })).toBe('INVALID_REQUEST');
    expect(stack.core.outbox.outbox.count('pending')).toBe(2);

    expect(await value<SetAsideResult>('setAsideUnreadable', { acknowledged: true })).toEqual({ setAside: 2, totalSetAside: 2 });
    const failed = await queue('failed');
    expect(failed.items.map((item) => [item.stream, item.status, item.setAside])).toEqual([
      ['forms', 'failed', true],
      ['forms', 'failed', true],
    ]);
    expect(failed.counts).toMatchObject({ pending: 0, failed: 2, undecryptable: 0, setAside: 2 });
    expect(failed.heldStreams).toEqual([]);
    expect(failed.items[0]?.upstreamMessage).toMatch(new RegExp(`^sealed with key ${lostKey.id}, which this terminal does not hold; set aside by staff$`));

    // Acknowledged, they leave the "needs attention" list but stay counted and in the database.
    await value('acknowledgeQueueItem', { id: failed.items[0]!.id });
    const after = await queue('acknowledged');
    expect(after.counts).toMatchObject({ failed: 1, acknowledged: 1, setAside: 2 });
    expect(after.items.map((item) => item.setAside)).toEqual([true]);
    expect(audit().filter((e) => e.action === 'queue.unreadable-set-aside').map((e) => [e.actor, e.details])).toEqual([['staff', { items: 2, total: 2 }]]);
    expect(await value<SetAsideResult>('setAsideUnreadable', { acknowledged: true })).toEqual({ setAside: 0, totalSetAside: 2 });

    const { alerts } = await value<MaintenanceOverview>('getMaintenanceOverview');
    expect(alerts.map((a) => a.id)).not.toContain('outbox-undecryptable');
  });

  it('clears a gap alert when staff acknowledge it; the gap stays recorded in the ledger', async () => {
    expect(await errorCode('acknowledgeSequenceGap', { from: 4, to: 3 })).toBe('INVALID_REQUEST');
    expect(await errorCode('acknowledgeSequenceGap', { from: 1, to: 4 })).toBe('NOT_FOUND');
    const gap = await value<SequenceGapView>('acknowledgeSequenceGap', { from: 3, to: 4 });
    expect(gap).toMatchObject({ from: 3, to: 4, undelivered: 2, acknowledgedBy: 'staff', acknowledgedAt: expect.any(String) });
    const { alerts } = await value<MaintenanceOverview>('getMaintenanceOverview');
    expect(alerts.map((a) => a.id)).not.toContain('outbox-lost:3-4');
    expect(alerts.map((a) => a.id)).toContain('fleet-nonce-ledger-damaged');
    expect(JSON.parse(readFileSync(join(dataDir, 'outbox-sequence.json'), 'utf8')).gaps).toEqual([gap]);
    expect(audit().filter((e) => e.action === 'outbox.sequence-gap-acknowledged').map((e) => [e.actor, e.details])).toEqual([
      ['staff', { from: 3, to: 4, undelivered: 2, detectedAt: gap.detectedAt }],
    ]);
  });
});
