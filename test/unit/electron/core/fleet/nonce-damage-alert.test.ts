/**
 * A damaged nonce file is repaired with a floor (older commands refused as possibly replayed);
 * staff see why on the alert board, not only in the log and the fleet event. An intact file
 * raises nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import { FleetAgent } from '../../../../../electron/core/fleet/fleet-agent.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-nonce-alert-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function agentWith(noncePath: string, alerts: AlertBoard, errors: string[]): FleetAgent {
  return new FleetAgent({
    // Never started: the nonce file is read when the agent is built.
    brokerUrl: 'mqtt://127.0.0.1:1',
    terminalId: 'KM-0911',
    topicPrefix: 'bianmin/v1',
    heartbeatMs: 60_000,
    trustedKeys: () => [],
    noncePath,
    sources: {
      appVersion: '0.1.0',
      configVersion: () => '1.0.0',
      devices: () => [],
      queueDepth: () => ({ pending: 0, failed: 0 }),
      serviceMode: () => ({ mode: 'in-service', since: '2026-03-01T00:00:00.000Z' }),
      lastError: () => null,
      diskPath: dir,
    },
    handlers: { reloadConfig: () => ({ ok: true }), restart: () => undefined, setOutOfService: () => ({ ok: true }), collectLogs: () => '' },
    onError: (message) => errors.push(message),
    now: () => new Date('2026-03-02T10:00:00.000Z'),
    alerts,
  });
}

describe('fleet nonce ledger damage on the alert board', () => {
  it('raises a warning naming the file and the moment before which commands are refused', () => {
    const path = join(dir, 'fleet-nonces.json');
    writeFileSync(path, '{"version":1,"entr');
    const alerts = new AlertBoard();
    const errors: string[] = [];
    agentWith(path, alerts, errors);
    expect(alerts.list()).toEqual([
      {
        id: 'fleet-nonce-ledger-damaged',
        kind: 'fleet-nonce-ledger-damaged',
        severity: 'warning',
        since: expect.any(String),
        detail: expect.stringContaining(`${path} is damaged`),
      },
    ]);
    expect(alerts.get('fleet-nonce-ledger-damaged')?.detail).toContain('commands issued before 2026-03-02T10:00:00.000Z will be refused');
    expect(errors).toEqual(['fleet nonce file damaged']);
  });

  it('raises nothing for an intact file or none at all', () => {
    const path = join(dir, 'fleet-nonces.json');
    const alerts = new AlertBoard();
    agentWith(path, alerts, []);
    writeFileSync(path, JSON.stringify({ version: 1, floor: null, entries: [['n0n0n0n0n0n0n0n0', 1, 2]] }));
    agentWith(path, alerts, []);
    expect(alerts.list()).toEqual([]);
  });
});
