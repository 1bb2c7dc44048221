import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { TerminalRegistry } from '../registry/terminal-registry.ts';
import { FleetStore } from '../storage/fleet-store.ts';
import { NotificationStore } from '../storage/notification-store.ts';
import { PaymentRelayStore } from '../storage/payment-relay-store.ts';
import { RelayCountWriter } from '../payment-relay/relay-counts.ts';
import { AlertEngine } from './alert-engine.ts';
import { alertRulesConfigSchema, RULE_SEVERITY, SEVERITIES } from './alert-rules.ts';
import { webhookConfigSchema } from './webhook.ts';

/** A real HTTP server on loopback standing in for the robot, answering as told. */
interface Robot {
  url: string;
  received: Record<string, unknown>[];
  answer: { status: number; body: string };
  server: Server;
}

async function startRobot(): Promise<Robot> {
  const robot = { received: [], answer: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' } } as unknown as Robot;
  robot.server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      robot.received.push(JSON.parse(body) as Record<string, unknown>);
      // No keep-alive: a pooled connection the server closes at its idle timeout would fail the
      // next send at random (the engine rightly retries that as "unknown", but the test counts sends).
      res.writeHead(robot.answer.status, { 'content-type': 'application/json', connection: 'close' }).end(robot.answer.body);
    });
  });
  await new Promise<void>((r) => robot.server.listen(0, '127.0.0.1', r));
  robot.url = `http://127.0.0.1:${(robot.server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=test`;
  return robot;
}

const rules = alertRulesConfigSchema.parse({ offlineMinutes: 5, queueStuckMinutes: 30, clockSkewSeconds: 120, watchdogRestarts: { count: 3, windowMinutes: 60 } });

const hb = (at: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    terminalId: 'KM-0001',
    at,
    appVersion: '1.0.0',
    configVersion: '1',
    uptimeSeconds: 1,
    serviceMode: { mode: 'in-service', since: at },
    devices: [],
    queue: { pending: 0, failed: 0 },
    disk: { freeBytes: 1, totalBytes: 2 },
    lastError: null,
    ...over,
  });

let robot: Robot;
beforeAll(async () => {
  robot = await startRobot();
});
afterAll(async () => {
  await new Promise<void>((r) => robot.server.close(() => r()));
  await stopTestPostgres();
});

describe.each(DIALECTS)('alerts on %s', (dialect) => {
  let t: TestDatabase;
  let clock: Date;
  let registry: TerminalRegistry;
  let engine: AlertEngine;
  const id = 'KM-0001';
  const ingest = (kind: 'status' | 'heartbeat' | 'events', body: string) => registry.ingest({ terminalId: id, kind }, body);
  const at = (minutes: number) => new Date(Date.parse('2026-12-04T10:00:00.000Z') + minutes * 60_000);

  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    clock = at(0);
    const store = new FleetStore(t.db);
    registry = new TerminalRegistry(store, silentLogger, () => clock);
    const webhook = webhookConfigSchema.parse({ url: robot.url, robot: 'wecom', format: 'text' });
    engine = new AlertEngine({ store, rules, webhook, logger: silentLogger, now: () => clock, backoff: { baseMs: 1000, capMs: 1000 }, random: () => 1 });
    robot.received.length = 0;
    robot.answer = { status: 200, body: '{"errcode":0,"errmsg":"ok"}' };
  });
  afterEach(async () => t.close());

  it('opens "offline" only after N minutes, notifies the robot once, and resolves when the terminal is back', async () => {
    await ingest('status', JSON.stringify({ terminalId: id, state: 'offline', at: at(0).toISOString(), reason: 'connection-lost' }));
    clock = at(4);
    expect((await engine.tick()).opened).toEqual([]);
    clock = at(6);
    const { opened } = await engine.tick();
    expect(opened.map((a) => a.rule)).toEqual(['offline']);
    expect(robot.received).toEqual([{ msgtype: 'text', text: { content: expect.stringContaining('KM-0001 offline') } }]);
    clock = at(7);
    expect((await engine.tick()).opened).toEqual([]);
    expect(robot.received).toHaveLength(1);
    await ingest('status', JSON.stringify({ terminalId: id, state: 'online', at: at(7).toISOString() }));
    const { resolved } = await engine.tick();
    expect(resolved).toEqual([opened[0]?.id]);
    expect(await engine.evaluate().then(() => new FleetStore(t.db).getAlert(opened[0]?.id ?? 0))).toMatchObject({ state: 'resolved', resolved_by: 'system' });
    // The robot is told of new alerts only: no "resolved" notification is made for it.
    expect(await new NotificationStore(t.db).forAlerts([opened[0]?.id ?? 0])).toEqual([expect.objectContaining({ channel: 'webhook', event: 'raised', state: 'sent' })]);
  });

  it('raises paper out, a stuck queue, undecryptable items, clock skew and repeated watchdog restarts', async () => {
    await ingest('heartbeat', hb(at(0).toISOString(), { devices: [{ device: 'printer', state: 'error', reason: 'paper-out' }], queue: { pending: 4, failed: 0, undecryptable: 2 } }));
    clock = at(31);
    await ingest('heartbeat', hb(at(40).toISOString(), { devices: [{ device: 'printer', state: 'error', reason: 'paper-out' }], queue: { pending: 5, failed: 0, undecryptable: 2 } }));
    for (const minute of [20, 25, 30]) await ingest('events', JSON.stringify({ type: 'watchdog-restart', at: at(minute).toISOString() }));
    const { opened } = await engine.evaluate();
    expect(opened.map((a) => a.rule).sort()).toEqual(['clock-skew', 'paper-out', 'queue-stuck', 'undecryptable-items', 'watchdog-restarts']);
    expect(opened.find((a) => a.rule === 'clock-skew')?.detail).toContain('ahead by 540 s');
  });

  it('raises "paper low" (a notice, below paper out) while the printer reports its paper near the end, and resolves it when paper is back', async () => {
    const store = new FleetStore(t.db);
    const printer = (flags: string[], over: Record<string, unknown> = {}) => ({ devices: [{ device: 'printer', state: 'ready', flags, ...over }] });
    await ingest('heartbeat', hb(at(0).toISOString(), printer(['paper-near-end'])));
    const [low] = (await engine.evaluate()).opened;
    expect(low).toMatchObject({ rule: 'paper-low', detail: 'paper low: printer' });
    expect(RULE_SEVERITY['paper-low']).toBe('notice');
    expect(SEVERITIES.indexOf(RULE_SEVERITY['paper-low'])).toBeGreaterThan(SEVERITIES.indexOf(RULE_SEVERITY['paper-out']));
    clock = at(1);
    expect((await engine.evaluate()).opened).toEqual([]);
    // Out of paper: the printer reports both flags; "paper out" says it all and "paper low" clears.
    await ingest('heartbeat', hb(at(1).toISOString(), printer(['paper-out', 'paper-near-end'], { state: 'error', reason: 'paper-out' })));
    clock = at(2);
    const step = await engine.evaluate();
    expect(step.opened.map((a) => a.rule)).toEqual(['paper-out']);
    expect(step.resolved).toEqual([low?.id]);
    // A new roll: nothing left open.
    await ingest('heartbeat', hb(at(2).toISOString(), printer([])));
    clock = at(3);
    await engine.evaluate();
    expect(await store.activeAlerts()).toEqual([]);
    // Low again later: a new alert, resolved by itself when the flag goes.
    await ingest('heartbeat', hb(at(3).toISOString(), printer(['paper-near-end'])));
    clock = at(4);
    const [again] = (await engine.evaluate()).opened;
    expect(again?.rule).toBe('paper-low');
    await ingest('heartbeat', hb(at(4).toISOString(), printer([])));
    clock = at(5);
    expect((await engine.evaluate()).resolved).toEqual([again?.id]);
    expect(await store.getAlert(again?.id ?? 0)).toMatchObject({ state: 'resolved', resolved_by: 'system' });
  });

  it('keeps "database moved aside" until a person resolves it, and opens again only for new damage', async () => {
    const store = new FleetStore(t.db);
    await ingest('events', JSON.stringify({ type: 'database-moved-aside', at: at(0).toISOString(), file: 'outbox.sqlite' }));
    const [alert] = (await engine.evaluate()).opened;
    expect(alert?.rule).toBe('database-moved-aside');
    clock = at(10);
    await engine.evaluate();
    expect((await store.getAlert(alert?.id ?? 0))?.state).toBe('open');
    expect(await store.acknowledgeAlert(alert?.id ?? 0, 'ops', at(11).toISOString())).toBe(true);
    expect(await store.resolveAlert(alert?.id ?? 0, 'ops', at(12).toISOString())).toBe(true);
    clock = at(13);
    expect((await engine.evaluate()).opened).toEqual([]);
    await ingest('events', JSON.stringify({ type: 'database-moved-aside', at: at(14).toISOString(), file: 'outbox.sqlite' }));
    clock = at(15);
    expect((await engine.evaluate()).opened.map((a) => a.rule)).toEqual(['database-moved-aside']);
  });

  it('raises "payment relay failing" after 3 notifications not delivered in 15 min with none delivered; keeps it while failures go on; resolves when the window passes quiet or one is delivered', async () => {
    const store = new FleetStore(t.db);
    await ingest('status', JSON.stringify({ terminalId: id, state: 'online', at: at(0).toISOString() }));
    // The relay's own write path (per-minute counts in the real database), on the test's clock.
    const counts = new RelayCountWriter(new PaymentRelayStore(t.db), silentLogger, () => clock);
    const fail = async (times: number, channel = 'alipay') => {
      for (let i = 0; i < times; i++) counts.failed(id, channel);
      await counts.flush();
    };
    expect(rules.paymentRelayFailing).toEqual({ failures: 3, windowMinutes: 15 });
    expect(RULE_SEVERITY['payment-relay-failing']).toBe('warning');

    clock = at(1);
    await fail(2);
    expect((await engine.tick()).opened).toEqual([]);
    clock = at(2);
    await fail(1, 'wechat-pay');
    const [alert] = (await engine.tick()).opened;
    expect(alert).toMatchObject({ rule: 'payment-relay-failing', terminal_id: id, detail: expect.stringContaining('3 payment notifications not delivered to the terminal in the last 15 min') });
    expect(robot.received).toEqual([{ msgtype: 'text', text: { content: expect.stringContaining(id) } }]);
    // A failure now and then keeps it open though below the threshold: not resolved and reopened.
    clock = at(12);
    await fail(1);
    clock = at(20);
    expect(await engine.tick()).toEqual({ opened: [], resolved: [] });
    expect((await store.getAlert(alert?.id ?? 0))?.state).toBe('open');
    // Fifteen minutes without a failure: resolved by itself.
    clock = at(28);
    expect((await engine.tick()).resolved).toEqual([alert?.id]);
    expect(await store.getAlert(alert?.id ?? 0)).toMatchObject({ state: 'resolved', resolved_by: 'system' });

    // Failing again: a new alert, resolved as soon as a notification is delivered, failures or not.
    clock = at(30);
    await fail(3);
    const [again] = (await engine.evaluate()).opened;
    expect(again?.rule).toBe('payment-relay-failing');
    clock = at(31);
    counts.forwarded(id, 'alipay');
    await fail(1);
    expect((await engine.evaluate()).resolved).toEqual([again?.id]);
    // Delivered in the window: failures alone do not open it.
    clock = at(32);
    await fail(5);
    expect((await engine.evaluate()).opened).toEqual([]);
    await counts.close();
  });

  it('retries the robot after a 5xx (unknown) and marks a refused key as failed (definite)', async () => {
    await ingest('status', JSON.stringify({ terminalId: id, state: 'offline', at: at(0).toISOString() }));
    clock = at(10);
    robot.answer = { status: 502, body: 'bad gateway' };
    const [alert] = (await engine.tick()).opened;
    const webhookState = async () => (await new NotificationStore(t.db).forAlerts([alert?.id ?? 0])).find((n) => n.channel === 'webhook' && n.event === 'raised');
    expect(await webhookState()).toMatchObject({ state: 'pending', attempts: 1, detail: 'HTTP 502' });
    robot.answer = { status: 200, body: '{"errcode":93000,"errmsg":"invalid webhook url"}' };
    await engine.notifyDue();
    expect(robot.received).toHaveLength(1);
    clock = new Date(at(10).getTime() + 1000);
    await engine.notifyDue();
    expect(robot.received).toHaveLength(2);
    expect(await webhookState()).toMatchObject({ state: 'failed', attempts: 2, detail: expect.stringContaining('93000') });
  });
});
