/**
 * Alerts reach the fleet, not only the log: raising and clearing one on the terminal's board is
 * published on the events topic of a real mosquitto broker, and the heartbeat carries every alert
 * still up (so one raised while the terminal was offline is seen after it reconnects).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import { FleetAgent } from '../../../../../electron/core/fleet/fleet-agent.ts';
import { observe, startMosquitto, type Broker } from '../../../../support/mosquitto-broker.ts';

let broker: Broker;
let dataDir: string;
beforeAll(async () => {
  broker = await startMosquitto();
  dataDir = mkdtempSync(join(tmpdir(), 'kiosk-alerts-fleet-'));
});
afterAll(async () => {
  await broker.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('alerts as fleet events and in the heartbeat', () => {
  it('publishes alert-raised and alert-cleared, and the heartbeat lists what is still up', async () => {
    const alerts = new AlertBoard();
    // Raised before the agent exists (at start, by the database opener): only the heartbeat can carry it.
    alerts.raise({ id: 'database-index-repaired', kind: 'database-index-repaired', severity: 'warning', detail: 'rebuilt' });
    const agent = new FleetAgent({
      brokerUrl: broker.url,
      terminalId: 'KM-0901',
      topicPrefix: 'bianmin/v1',
      heartbeatMs: 60_000,
      trustedKeys: () => [],
      mqtt: { reconnectPeriod: 200, connectTimeout: 2000, keepalive: 5 },
      sources: {
        appVersion: '0.1.0',
        configVersion: () => '1.0.0',
        devices: () => [],
        queueDepth: () => ({ pending: 1, failed: 0 }),
        serviceMode: () => ({ mode: 'in-service', since: '2026-03-01T00:00:00.000Z' }),
        lastError: () => null,
        diskPath: dataDir,
        alerts: () => alerts.list(),
      },
      handlers: {
        reloadConfig: () => ({ ok: true }),
        restart: () => undefined,
        setOutOfService: () => ({ ok: true }),
        collectLogs: () => '',
      },
      alerts,
    });
    const observer = await observe(broker.url, 'bianmin/v1/terminals/KM-0901/#');
    try {
      agent.start();
      const heartbeat = await observer.waitFor((m) => m.topic.endsWith('/heartbeat'));
      expect(heartbeat.json().alerts).toMatchObject([{ id: 'database-index-repaired', kind: 'database-index-repaired', severity: 'warning' }]);

      alerts.raise({ id: 'outbox-stuck:forms', kind: 'outbox-stream-stuck', severity: 'critical', detail: 'stream forms: item #7', since: '2026-03-01T08:00:00.000Z' });
      const raised = await observer.waitFor((m) => m.topic.endsWith('/events') && m.json().type === 'alert-raised');
      expect(raised.json()).toMatchObject({
        type: 'alert-raised',
        alert: { id: 'outbox-stuck:forms', kind: 'outbox-stream-stuck', severity: 'critical', since: '2026-03-01T08:00:00.000Z', detail: 'stream forms: item #7' },
      });
      alerts.clear('outbox-stuck:forms');
      const cleared = await observer.waitFor((m) => m.topic.endsWith('/events') && m.json().type === 'alert-cleared');
      expect(cleared.json()).toMatchObject({ type: 'alert-cleared', alert: { id: 'outbox-stuck:forms' } });

      await agent.stop();
      // Stopped: the agent no longer listens to the board.
      expect(alerts.listenerCount('raised')).toBe(0);
    } finally {
      await agent.stop();
      await observer.client.endAsync();
    }
  });
});
