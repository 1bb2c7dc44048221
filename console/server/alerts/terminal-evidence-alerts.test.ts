/**
 * The alert rules firing from what a real terminal sends: the terminal's own fleet agent with its
 * start evidence read from a real data directory (the watchdog's restart record, a database moved
 * aside) and its queue summary from a real SQLite outbox holding items sealed with a key it no
 * longer has, over a real mosquitto, into a whole console (ingest, registry, alert engine, API).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FleetAgent } from '../../../electron/core/fleet/fleet-agent.ts';
import { queueSummary } from '../../../electron/core/fleet/queue-summary.ts';
import { createStartEvidence } from '../../../electron/core/fleet/start-evidence.ts';
import { OutboxKey } from '../../../electron/core/outbox/outbox-key.ts';
import { appendWatchdogRestart, watchdogRestartsPath } from '../../../electron/core/watchdog/restart-record.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../test/upstream/reference-upstream.ts';
import { openOutbox, startSync, tempDir } from '../../../test/support/outbox-stack.ts';
import { waitFor } from '../../../test/support/wait.ts';
import type { AlertView, TerminalDetail } from '../../shared/api-types.ts';
import { ADMIN, apiClient, startConsoleFixture, type ConsoleFixture } from '../../test-support/console-fixture.ts';

describe('alerts from a real terminal’s evidence', () => {
  let f: ConsoleFixture;
  let upstream: ReferenceUpstream;
  const cleanups: Array<() => unknown> = [];

  beforeAll(async () => {
    // The default rule: 3 watchdog restarts in 60 minutes.
    f = await startConsoleFixture();
    upstream = await startReferenceUpstream();
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await upstream.close();
    await f.close();
  });

  it('opens database-moved-aside, undecryptable-items and watchdog-restarts, shows the heartbeat fields, and keeps a resolved damage alert closed', async () => {
    const temp = tempDir('console-evidence');
    cleanups.push(() => temp.remove());
    // Three unplanned restarts in the last half hour, and a damaged database moved aside four days
    // ago: its event is older than the rule's look-back (72 h), so the heartbeat's file list alone
    // carries it, dated by the file's name.
    for (const minutes of [30, 20, 10]) {
      appendWatchdogRestart(watchdogRestartsPath(temp.dir), { at: new Date(Date.now() - minutes * 60_000).toISOString(), reason: 'exited (SIGKILL)', restartsInWindow: 1 });
    }
    const damaged = `kiosk.db.corrupt-${new Date(Date.now() - 4 * 24 * 3600_000).toISOString().replace(/[:.]/g, '-')}`;
    writeFileSync(join(temp.dir, damaged), 'damaged');
    // Two submissions sealed with a key this terminal no longer holds.
    const dbPath = temp.path('kiosk.db');
    const before = openOutbox(dbPath, { keys: new OutboxKey(Buffer.alloc(32, 0xa1)) });
    for (const n of [1, 2]) before.outbox.enqueue({ stream: 'forms', kind: 'form.v1', payload: { n }, orderKey: 'case-1' });
    before.close();
    const outbox = openOutbox(dbPath, { keys: new OutboxKey(Buffer.alloc(32, 0xb2)) });
    cleanups.push(() => outbox.close());
    const sync = startSync(outbox.outbox, upstream.url);
    cleanups.push(() => sync.worker.stop());
    await waitFor(() => sync.worker.heldStreams.length === 1, 5000, 'the stream to be held');

    const evidence = createStartEvidence({ dataDir: temp.dir });
    const agent = new FleetAgent({
      brokerUrl: f.broker.url,
      terminalId: 'KM-0451',
      topicPrefix: 'kiosk',
      heartbeatMs: 500,
      trustedKeys: () => [],
      mqtt: { reconnectPeriod: 200 },
      sources: {
        appVersion: '0.1.0',
        configVersion: () => '1.0.0',
        devices: () => [],
        queueDepth: () => queueSummary({ outbox: outbox.outbox, worker: sync.worker }),
        serviceMode: () => ({ mode: 'in-service', since: new Date().toISOString() }),
        lastError: () => null,
        diskPath: temp.dir,
        site: () => ({ region: '昆明市', hall: '五华区政务服务中心', tags: ['24h'] }),
        watchdogRestarts: () => evidence.watchdogRestarts(),
        databasesMovedAside: () => evidence.databasesMovedAside(),
      },
      handlers: { reloadConfig: () => ({ ok: true }), restart: () => undefined, setOutOfService: () => ({ ok: true }), collectLogs: () => '' },
      startEvidence: evidence,
    });
    cleanups.push(() => agent.stop());
    agent.start();

    const admin = apiClient(f.server.url);
    expect((await admin.login(ADMIN.username, ADMIN.password)).status).toBe(200);
    const openRules = async () =>
      ((await admin.call('GET', '/api/alerts')).body as unknown as AlertView[])
        .filter((a) => a.terminalId === 'KM-0451' && a.state !== 'resolved')
        .map((a) => a.rule)
        .sort();
    await expect.poll(openRules, { timeout: 15_000, interval: 200 }).toEqual(['database-moved-aside', 'undecryptable-items', 'watchdog-restarts']);
    const alerts = (await admin.call('GET', '/api/alerts')).body as unknown as AlertView[];
    expect(alerts.find((a) => a.rule === 'database-moved-aside')?.detail).toContain(damaged);
    expect(alerts.find((a) => a.rule === 'undecryptable-items')?.detail).toBe('2 submissions sealed with a key this terminal does not have');
    expect(alerts.find((a) => a.rule === 'watchdog-restarts')?.detail).toBe('3 watchdog restarts (limit 3 in 60 min)');

    const detail = (await admin.call('GET', '/api/terminals/KM-0451')).body as unknown as TerminalDetail;
    expect(detail.terminal).toMatchObject({ region: '昆明市', hall: '五华区政务服务中心', tags: ['24h'], watchdogRestarts: 3, queue: { pending: 2, failed: 0, held: 1, undecryptable: 2 } });
    expect(detail.events.filter((e) => e.type === 'watchdog-restart')).toHaveLength(3);
    expect(detail.events.filter((e) => e.type === 'database-moved-aside').map((e) => e.data.file)).toEqual([damaged]);

    // A person resolves the damage alert: heartbeats still naming the same file do not reopen it.
    const damage = alerts.find((a) => a.rule === 'database-moved-aside');
    expect((await admin.call('POST', `/api/alerts/${damage?.id}/resolve`, {})).status).toBe(200);
    const heartbeatsBefore = (await admin.call('GET', '/api/terminals/KM-0451')).body as unknown as TerminalDetail;
    await expect
      .poll(async () => ((await admin.call('GET', '/api/terminals/KM-0451')).body as unknown as TerminalDetail).terminal.lastHeartbeatAt, { timeout: 10_000, interval: 200 })
      .not.toBe(heartbeatsBefore.terminal.lastHeartbeatAt);
    // Two alert ticks (1 s each) after a fresh heartbeat.
    const tickedAt = Date.now();
    await waitFor(() => Date.now() - tickedAt > 2500, 5000, 'two alert ticks');
    expect(await openRules()).toEqual(['undecryptable-items', 'watchdog-restarts']);
  });
});
