/**
 * Reports end to end on the server side: real terminal fleet agents answer a signed
 * `send-monthly-report` (one person: it changes nothing) over a real mosquitto; the console
 * stores their reports and serves the month's summary and its files to a viewer, each export
 * audited. Bad queries get a clear 400/409; a malformed report on the wire is counted and dropped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, privateKeyFromPem } from '../../../electron/core/config-bundle/ed25519-keys.ts';
import type { MonthlyReport } from '../../../electron/core/evaluation/monthly-report.ts';
import { connectAsync, type MqttClient } from 'mqtt';
import { ADMIN, apiClient, startConsoleFixture, type ConsoleFixture } from '../../test-support/console-fixture.ts';
import { parseCsv, readXlsx } from '../../test-support/report-files.ts';
import { eventually, startTestTerminal, type TestTerminal } from '../../test-support/terminal-agent.ts';
import { sampleFleetReports, terminalReport } from '../../test-support/terminal-reports.ts';
import type { ReportSummary } from '../../shared/report-types.ts';

describe('report API over a real fleet', () => {
  const keys = generateSigningKeyPair();
  const november = new Map(sampleFleetReports().map((r) => [r.terminalId, r]));
  const fleetIds = ['KM-A1', 'KM-A2', 'KM-C1'];
  let f: ConsoleFixture;
  let terminals: TestTerminal[] = [];
  let wire: MqttClient;
  const viewer = () => apiClient(f.server.url);

  const heartbeatWithSite = (terminalId: string, site: { region: string; hall: string }) =>
    JSON.stringify({ terminalId, at: new Date().toISOString(), appVersion: '0.1.0-test', configVersion: 'test-1', uptimeSeconds: 1, serviceMode: { mode: 'in-service', since: '2026-12-01T00:00:00.000Z' }, devices: [], queue: { pending: 0, failed: 0 }, disk: { freeBytes: 1, totalBytes: 2 }, lastError: null, site });

  beforeAll(async () => {
    f = await startConsoleFixture({ signing: { keyId: 'fleet-test', privateKey: privateKeyFromPem(keys.privateKeyPem) } });
    terminals = await Promise.all(
      fleetIds.map((terminalId) =>
        startTestTerminal({
          brokerUrl: f.broker.url,
          terminalId,
          topicPrefix: 'kiosk',
          trustedKeys: [{ id: 'fleet-test', key: keys.publicKey }],
          monthlyReport: (month): MonthlyReport => (month === '2026-11' ? november.get(terminalId)! : terminalReport(terminalId, month, [])),
        }),
      ),
    );
    wire = await connectAsync(f.broker.url, { protocolVersion: 5 });
    // Where the terminals stand, as their heartbeat's `site` says (KM-C1 says nothing: 未分组).
    await wire.publishAsync('kiosk/terminals/KM-A1/heartbeat', heartbeatWithSite('KM-A1', { region: '五华区', hall: '政务中心一楼' }), { qos: 1 });
    await wire.publishAsync('kiosk/terminals/KM-A2/heartbeat', heartbeatWithSite('KM-A2', { region: '五华区', hall: '政务中心一楼' }), { qos: 1 });
    const admin = apiClient(f.server.url);
    await admin.login(ADMIN.username, ADMIN.password);
    expect((await admin.call('POST', '/api/users', { username: 'olga', role: 'operator', password: 'olga passphrase 123' })).status).toBe(201);
    expect((await admin.call('POST', '/api/users', { username: 'vera', role: 'viewer', password: 'vera passphrase 123' })).status).toBe(201);
    await eventually(async () => (await f.server.fleet.getTerminal('KM-A2'))?.hall === '政务中心一楼', 'the sites');
  });

  afterAll(async () => {
    await wire?.endAsync();
    for (const t of terminals) await t.stop();
    await f?.close();
  });

  it('asks every terminal for a month by one signed command and sums what they send', async () => {
    const vera = viewer();
    await vera.login('vera', 'vera passphrase 123');
    expect((await vera.call('POST', '/api/commands', { name: 'send-monthly-report', args: { month: '2026-11' }, targets: { groups: ['*'] } })).status).toBe(403);
    const olga = viewer();
    await olga.login('olga', 'olga passphrase 123');
    const sent = await olga.call('POST', '/api/commands', { name: 'send-monthly-report', args: { month: '2026-11' }, targets: { groups: ['*'] } });
    expect(sent).toMatchObject({ status: 201, body: { state: 'sent', proposedBy: 'olga' } });

    const summary = await eventually(async () => {
      const r = (await vera.call('GET', '/api/reports/2026-11?groupBy=hall')).body as unknown as ReportSummary;
      return r.totals.terminals === 3 ? r : undefined;
    }, 'three reports');
    const expected = fleetIds.map((id) => november.get(id)!.totals.transactions).reduce((a, b) => a + b, 0);
    expect(summary.totals.transactions).toBe(expected);
    expect(summary.rows.map((r) => [r.key, r.terminals, r.transactions])).toEqual([
      ['五华区/政务中心一楼', 2, november.get('KM-A1')!.totals.transactions + november.get('KM-A2')!.totals.transactions],
      ['', 1, november.get('KM-C1')!.totals.transactions],
    ]);
    expect((await vera.call('GET', '/api/reports')).body).toEqual([{ month: '2026-11', terminals: 3 }]);
    const acks = await eventually(async () => {
      const [command] = (await olga.call('GET', '/api/commands')).body as unknown as { acks: { status: string }[] }[];
      return command?.acks.length === 3 && command.acks.every((a) => a.status === 'done') ? command.acks : undefined;
    }, 'three done acks');
    expect(acks).toHaveLength(3);
  });

  it('serves the CSV, the .xlsx and the hall upload to a viewer, and audits each export', async () => {
    const vera = viewer();
    await vera.login('vera', 'vera passphrase 123');
    const summary = (await vera.call('GET', '/api/reports/2026-11?groupBy=service')).body as unknown as ReportSummary;

    const csv = await vera.download('/api/reports/2026-11/export.csv?groupBy=service');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="bianmin-report-2026-11-service.csv"; filename*=UTF-8''bianmin-report-2026-11-service.csv`);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parseCsv(csv.bytes.toString('utf8').slice(1));
    expect(lines[0]?.slice(2, 4)).toEqual(['key', 'name']);
    expect(lines.slice(1).map((l) => [l[2], Number(l[7])])).toEqual([...summary.rows.map((r) => [r.key, r.transactions]), ['*', summary.totals.transactions]]);
    // Names from the terminal's own catalogue, the id beside it; a service this console does not know, marked.
    expect(summary.names.services['credit-query']).toEqual({ 'zh-CN': '信用查询', 'en-US': 'Credit query' });
    expect(lines.find((l) => l[2] === 'credit-query')?.[3]).toBe('信用查询');

    const xlsx = await vera.download('/api/reports/2026-11/export.xlsx?groupBy=service&lang=en-US');
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = (await readXlsx(xlsx.bytes)).getWorksheet('2026-11')!;
    expect(sheet.getCell('A1').value).toBe('Service');
    expect(sheet.getCell('B1').value).toBe('Service id');
    expect([sheet.getCell('A2').value, sheet.getCell('B2').value]).toEqual(['Credit query', 'credit-query']);
    expect(sheet.getCell(`F${summary.rows.length + 2}`).value).toBe(summary.totals.transactions);

    const upload = await vera.download(`/api/reports/2026-11/hall-upload.json?hall=${encodeURIComponent('五华区/政务中心一楼')}`);
    expect(upload.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('bianmin-hall-report-2026-11-政务中心一楼.json')}`);
    const hall = JSON.parse(upload.bytes.toString('utf8')) as { format: string; hall: string; totals: { transactions: number }; terminals: unknown[]; services: { serviceId: string; serviceName: string }[] };
    expect(hall.services.map((l) => [l.serviceId, l.serviceName])).toEqual([['credit-query', '信用查询'], ['progress-query', '办件进度查询']]);
    expect(hall).toMatchObject({ format: 'bianmin-kiosk/evaluation-report/hall/v1', hall: '政务中心一楼', totals: { transactions: 77 } });
    expect(hall.terminals).toHaveLength(2);

    const admin = apiClient(f.server.url);
    await admin.login(ADMIN.username, ADMIN.password);
    const audit = (await admin.call('GET', '/api/audit')).body as unknown as { entries: { actor: string; action: string; details: Record<string, unknown> }[] };
    expect(audit.entries.filter((e) => e.action === 'report.exported').map((e) => [e.actor, e.details.format])).toEqual(
      expect.arrayContaining([['user:vera', 'csv'], ['user:vera', 'xlsx'], ['user:vera', 'hall-upload']]),
    );
  });

  it('answers bad requests clearly', async () => {
    const anonymous = viewer();
    expect((await anonymous.call('GET', '/api/reports/2026-11')).status).toBe(401);
    expect((await anonymous.download('/api/reports/2026-11/export.csv')).status).toBe(401);
    const vera = viewer();
    await vera.login('vera', 'vera passphrase 123');
    expect(await vera.call('GET', '/api/reports/2026-13')).toMatchObject({ status: 400, body: { message: 'month 2026-13: use YYYY-MM' } });
    expect(await vera.call('GET', '/api/reports/2026-11?groupBy=province')).toMatchObject({ status: 400, body: { message: expect.stringContaining('groupBy') } });
    expect(await vera.call('GET', '/api/reports/2026-11?grouping=hall')).toMatchObject({ status: 400 });
    expect(await vera.call('GET', '/api/reports/2026-11/hall-upload.json')).toMatchObject({ status: 400, body: { message: 'hall: name the hall to upload' } });
    expect(await vera.call('GET', '/api/reports/2026-11/hall-upload.json?hall=')).toMatchObject({ status: 409, body: { message: expect.stringContaining('without a hall') } });
    expect(await vera.call('GET', '/api/reports/2026-10/hall-upload.json?hall=' + encodeURIComponent('五华区/政务中心一楼'))).toMatchObject({ status: 409 });
  });

  it('counts and drops a malformed report on the wire; the next good one is stored', async () => {
    const before = f.server.registry.counters.malformed.reports;
    await wire.publishAsync('kiosk/terminals/KM-A1/reports', JSON.stringify({ ...november.get('KM-A1')!, totals: { ...november.get('KM-A1')!.totals, transactions: 1 } }), { qos: 1 });
    await eventually(() => f.server.registry.counters.malformed.reports === before + 1, 'the malformed count');
    const admin = apiClient(f.server.url);
    await admin.login(ADMIN.username, ADMIN.password);
    expect(((await admin.call('GET', '/api/ingest')).body.malformed as Record<string, number>).reports).toBe(before + 1);
    await terminals[0]!.agent.publishReport(terminalReport('KM-A1', '2026-10', [{ serviceId: 'credit-query', transactions: 2 }]));
    await eventually(async () => ((await admin.call('GET', '/api/reports/2026-10')).body as unknown as ReportSummary).totals.transactions === 2, 'the October report');
  });
});
