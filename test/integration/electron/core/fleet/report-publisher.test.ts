/**
 * The terminal sends its monthly 好差评 reports to the fleet over a real mosquitto: last month's
 * once online, the next one at the month turn, and any month on a signed `send-monthly-report`
 * command. The reports are built from a real tally in a real kiosk database.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildMonthlyReport, type MonthlyReport } from '../../../../../electron/core/evaluation/monthly-report.ts';
import { ServiceTally } from '../../../../../electron/core/evaluation/service-tally.ts';
import { FleetAgent } from '../../../../../electron/core/fleet/fleet-agent.ts';
import type { SiteSummary } from '../../../../../electron/core/fleet/heartbeat.ts';
import { monthlyReportFor, ReportPublisher, type FleetMonthlyReport } from '../../../../../electron/core/fleet/report-publisher.ts';
import { signCommand } from '../../../../../electron/core/fleet/signed-command.ts';
import { observe, startMosquitto, type Broker } from '../../../../support/mosquitto-broker.ts';
import { manualClock, useOutboxDb } from '../../../../support/outbox-test-db.ts';
import { makeKey } from '../../../../support/signed-bundles.ts';

let broker: Broker;
const cleanups: Array<() => Promise<void> | void> = [];
const fleetKey = makeKey('fleet-reports');
const db = useOutboxDb('fleet-reports');

beforeAll(async () => {
  broker = await startMosquitto();
});
afterAll(async () => broker.stop());
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function terminal(terminalId: string, start: string, site?: SiteSummary) {
  const clock = manualClock(start);
  const tally = new ServiceTally(db.db(), { now: clock.now });
  const agent = new FleetAgent({
    brokerUrl: broker.url,
    terminalId,
    topicPrefix: 'kiosk',
    heartbeatMs: 60_000,
    trustedKeys: () => [{ id: fleetKey.id, key: fleetKey.publicKey }],
    mqtt: { reconnectPeriod: 200, keepalive: 5 },
    now: clock.now,
    sources: { appVersion: 't', configVersion: () => '1', devices: () => [], queueDepth: () => ({ pending: 0, failed: 0 }), serviceMode: () => ({ mode: 'in-service', since: start }), lastError: () => null, diskPath: db.dir() },
    handlers: {
      reloadConfig: () => ({ ok: false, detail: 'not here' }),
      restart: () => undefined,
      setOutOfService: () => ({ ok: true }),
      collectLogs: () => '',
      monthlyReport: (month) => monthlyReportFor(tally, terminalId, month, clock.now(), site),
    },
  });
  const errors: string[] = [];
  const publisher = new ReportPublisher({ agent, tally, terminalId: () => terminalId, ...(site ? { site: () => site } : {}), now: clock.now, checkMs: 20, onError: (m, f) => errors.push(`${m} ${JSON.stringify(f)}`) });
  const fleet = await observe(broker.url, `kiosk/terminals/${terminalId}/#`);
  cleanups.push(async () => {
    publisher.stop();
    await agent.stop();
    await fleet.client.endAsync();
  });
  const topic = (leaf: string) => `kiosk/terminals/${terminalId}/${leaf}`;
  const report = async (month: string) => (await fleet.waitFor((m) => m.topic === topic('reports') && m.json().month === month)).json() as unknown as MonthlyReport;
  const command = async (args: Record<string, unknown>) => {
    const signed = signCommand({ keyId: fleetKey.id, privateKey: fleetKey.privateKey, command: { name: 'send-monthly-report', args }, targets: { terminals: [terminalId] }, issuedAt: clock.now() });
    await fleet.client.publishAsync(topic('commands'), JSON.stringify(signed), { qos: 1 });
    return signed.nonce;
  };
  const ack = async (id: string, status: string) => (await fleet.waitFor((m) => m.topic === topic('acks') && m.json().id === id && m.json().status === status)).json();
  return { agent, tally, clock, publisher, fleet, topic, report, command, ack, errors };
}

describe('monthly reports to the fleet', () => {
  it("sends last month's report once online, and the next at the month turn", async () => {
    const t = await terminal('KM-REP-01', '2026-11-10T02:00:00.000Z');
    t.tally.recordTransaction('credit-query', new Date('2026-11-10T02:00:00Z'));
    t.tally.recordTransaction('credit-query', new Date('2026-11-11T02:00:00Z'));
    t.tally.recordRating('credit-query', 1, ['slow'], new Date('2026-11-11T02:01:00Z'));
    t.tally.recordRating('credit-query', 5, [], new Date('2026-11-11T03:00:00Z'));
    t.tally.recordTransaction('social-security', new Date('2026-11-30T15:59:00Z')); // 23:59 CST, still November
    t.clock.set('2026-12-01T01:00:00.000Z'); // 09:00 on 1 December in China Standard Time
    t.publisher.start();
    t.agent.start();
    const november = await t.report('2026-11');
    expect(november).toEqual(buildMonthlyReport(t.tally, { terminalId: 'KM-REP-01', month: '2026-11', generatedAt: new Date('2026-12-01T01:00:00.000Z') }));
    expect(november.totals).toMatchObject({ transactions: 3, evaluations: 2, badReasons: { slow: 1 }, satisfactionRate: 0.5 });

    t.tally.recordTransaction('credit-query', new Date('2026-12-05T02:00:00Z'));
    t.clock.set('2026-12-31T16:00:00.000Z'); // midnight, 1 January 2027 CST
    const december = await t.report('2026-12');
    expect(december.totals.transactions).toBe(1);
    // Sent once per month since the start, not at every check.
    expect(t.fleet.messages.filter((m) => m.topic === t.topic('reports'))).toHaveLength(2);
    expect(t.errors).toEqual([]);
  });

  it('sends a month on a signed request, and refuses a month that has not begun', async () => {
    const t = await terminal('KM-REP-02', '2026-12-04T02:00:00.000Z');
    t.tally.recordTransaction('credit-query', new Date('2026-09-03T02:00:00Z'));
    t.agent.start();
    await t.fleet.waitFor((m) => m.topic === t.topic('status') && m.json().state === 'online');

    const asked = await t.command({ month: '2026-09' });
    expect((await t.ack(asked, 'done')).result).toEqual({ month: '2026-09', transactions: 1, topic: t.topic('reports') });
    expect((await t.report('2026-09')).services).toEqual([expect.objectContaining({ serviceId: 'credit-query', transactions: 1, evaluations: 0 })]);

    // The month so far may be asked for (the console marks it partial); the next one has not begun.
    const future = await t.command({ month: '2027-01' });
    expect((await t.ack(future, 'failed')).detail).toBe('month 2027-01 has not begun (it is 2026-12 here)');
    // Not a month: the fleet cannot even sign it (the terminal checks the same schema after the signature).
    await expect(t.command({ month: '2026-13' })).rejects.toThrow('cannot sign: command.args.month: use YYYY-MM');
    expect(t.fleet.messages.filter((m) => m.topic === t.topic('reports')).map((m) => m.json().month)).toEqual(['2026-09']);
  });

  it('carries the site the report was made under, at the month turn and on request', async () => {
    const site = { region: '五华区', hall: '政务中心一楼', tags: ['north'] };
    const t = await terminal('KM-REP-04', '2026-12-02T02:00:00.000Z', site);
    t.tally.recordTransaction('credit-query', new Date('2026-10-03T02:00:00Z'));
    t.publisher.start();
    t.agent.start();
    const november = (await t.report('2026-11')) as FleetMonthlyReport;
    expect(november.site).toEqual(site);
    // The month's document itself is what the hall uploads, unchanged: the site rides beside it.
    const { site: _site, ...document } = november;
    expect(document).toEqual(buildMonthlyReport(t.tally, { terminalId: 'KM-REP-04', month: '2026-11', generatedAt: new Date('2026-12-02T02:00:00.000Z') }));
    const asked = await t.command({ month: '2026-10' });
    await t.ack(asked, 'done');
    expect(((await t.report('2026-10')) as FleetMonthlyReport).site).toEqual(site);
  });

  it('retries a report the broker did not take: offline at the month turn, sent on reconnect', async () => {
    const t = await terminal('KM-REP-03', '2026-12-02T02:00:00.000Z');
    t.publisher.start();
    await t.publisher.sendPreviousMonth(); // not started: nothing sent, nothing lost
    expect(t.fleet.messages.filter((m) => m.topic === t.topic('reports'))).toEqual([]);
    t.agent.start();
    expect((await t.report('2026-11')).totals.transactions).toBe(0);
  });
});
