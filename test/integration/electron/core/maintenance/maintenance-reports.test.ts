/**
 * The monthly 好差评 report reaches the fleet from the real core (demo stack: real SQLite, the
 * tally the evaluations feed, a real mosquitto): last month's report once the agent is online,
 * and an earlier month on the signed `send-monthly-report` command, acknowledged `done`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoStack, type DemoStack } from '../../../../../electron/shells/browser/demo/demo-stack.ts';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { previousMonth, type MonthlyReport } from '../../../../../electron/core/evaluation/monthly-report.ts';
import { ServiceTally } from '../../../../../electron/core/evaluation/service-tally.ts';
import { signCommand } from '../../../../../electron/core/fleet/signed-command.ts';
import { observe, startMosquitto, type Broker } from '../../../../support/mosquitto-broker.ts';
import { makeKey } from '../../../../support/signed-bundles.ts';

const TERMINAL = 'KM-0932';
const fleetKey = makeKey('fleet-2026');
const topic = (leaf: string) => `bianmin/v1/terminals/${TERMINAL}/${leaf}`;

let broker: Broker;
let stack: DemoStack;
let dataDir: string;
let fleet: Awaited<ReturnType<typeof observe>>;
let lastMonth = '';
let monthBefore = '';

/** A day in the middle of a month, as an instant. */
const midMonth = (month: string) => new Date(`${month}-15T04:00:00.000Z`);

beforeAll(async () => {
  broker = await startMosquitto();
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-reports-'));
  // What the terminal counted before this start: two months of transactions and ratings.
  const db = openDatabase(join(dataDir, 'kiosk.db'), { migrations });
  const tally = new ServiceTally(db);
  lastMonth = previousMonth(tally.monthOf(new Date()));
  monthBefore = previousMonth(lastMonth);
  for (let i = 0; i < 3; i++) tally.recordTransaction('credit-query', midMonth(lastMonth));
  tally.recordRating('credit-query', 2, ['slow'], midMonth(lastMonth));
  tally.recordTransaction('social-security', midMonth(monthBefore));
  closeDatabase(db);
  fleet = await observe(broker.url, `bianmin/v1/terminals/${TERMINAL}/#`);
  stack = await startDemoStack({
    dataDir,
    scanner: false,
    configOverride: { terminalId: TERMINAL, publicKeys: [{ id: fleetKey.id, key: fleetKey.publicKey }], fleet: { enabled: true, brokerUrl: broker.url } },
  });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await fleet?.client.endAsync();
  await broker?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('monthly reports from the real core to the fleet', () => {
  it("publishes last month's report once online", async () => {
    const message = await fleet.waitFor((m) => m.topic === topic('reports') && m.json().month === lastMonth, 10_000);
    const report = message.json() as unknown as MonthlyReport;
    expect(report).toMatchObject({ format: 'bianmin-kiosk/evaluation-report/v1', terminalId: TERMINAL, utcOffset: '+08:00' });
    expect(report.services).toEqual([expect.objectContaining({ serviceId: 'credit-query', transactions: 3, evaluations: 1, badReasons: { slow: 1 } })]);
  });

  it('sends an earlier month on a signed request and acknowledges it done', async () => {
    const command = signCommand({ keyId: fleetKey.id, privateKey: fleetKey.privateKey, command: { name: 'send-monthly-report', args: { month: monthBefore } }, targets: { terminals: [TERMINAL] } });
    await fleet.client.publishAsync(topic('commands'), JSON.stringify(command), { qos: 1 });
    const ack = await fleet.waitFor((m) => m.topic === topic('acks') && m.json().id === command.nonce && m.json().status !== 'accepted', 10_000);
    expect(ack.json()).toMatchObject({ status: 'done', type: 'send-monthly-report', result: { month: monthBefore, transactions: 1 } });
    const report = (await fleet.waitFor((m) => m.topic === topic('reports') && m.json().month === monthBefore)).json() as unknown as MonthlyReport;
    expect(report.totals.transactions).toBe(1);
    // Audited once the command has ended, just after its final ack went out.
    await expect.poll(() => stack.core.maintenance.audit.tail(50).filter((e) => e.action === 'fleet.command').map((e) => e.details)).toEqual([
      { type: 'send-monthly-report', id: command.nonce, keyId: fleetKey.id, ack: 'done' },
    ]);
  });
});
