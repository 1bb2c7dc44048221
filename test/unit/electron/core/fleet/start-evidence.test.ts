/**
 * Start evidence: the watchdog's restart record and databases moved aside, read from a real data
 * directory, reported once each and counted in the heartbeat.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildHeartbeat } from '../../../../../electron/core/fleet/heartbeat.ts';
import { movedAsideAt } from '../../../../../electron/core/db/moved-aside-name.ts';
import { createStartEvidence, fleetReportedPath } from '../../../../../electron/core/fleet/start-evidence.ts';
import { appendWatchdogRestart, watchdogRestartsPath } from '../../../../../electron/core/watchdog/restart-record.ts';
import { tempDir } from '../../../../support/outbox-stack.ts';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('start-evidence');
});
afterEach(() => temp.remove());

const NOW = new Date('2026-12-04T12:00:00.000Z');
const minutesBefore = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

describe('start evidence', () => {
  it('reports each recorded watchdog restart once, with the time it happened, and remembers it across restarts', () => {
    const record = watchdogRestartsPath(temp.dir);
    appendWatchdogRestart(record, { at: minutesBefore(90), reason: 'exited (code 1)', restartsInWindow: 1 });
    appendWatchdogRestart(record, { at: minutesBefore(20), reason: 'exited (SIGKILL)', restartsInWindow: 1 });
    appendWatchdogRestart(record, { at: minutesBefore(5), reason: 'not answering (timeout)', restartsInWindow: 2, brakeEngaged: true });

    const evidence = createStartEvidence({ dataDir: temp.dir, now: () => NOW });
    const pending = evidence.pending();
    expect(pending.map((e) => [e.type, e.at, e.data.reason])).toEqual([
      ['watchdog-restart', minutesBefore(90), 'exited (code 1)'],
      ['watchdog-restart', minutesBefore(20), 'exited (SIGKILL)'],
      ['watchdog-restart', minutesBefore(5), 'not answering (timeout)'],
    ]);
    expect(pending[2]?.data).toEqual({ reason: 'not answering (timeout)', restartsInWindow: 2, brakeEngaged: true });
    // The heartbeat counts the last 60 minutes only.
    expect(evidence.watchdogRestarts()).toBe(2);

    // Delivered up to the second: the third stays pending, in this run and the next.
    evidence.delivered(pending[0]!);
    evidence.delivered(pending[1]!);
    expect(evidence.pending().map((e) => e.at)).toEqual([minutesBefore(5)]);
    const afterRestart = createStartEvidence({ dataDir: temp.dir, now: () => NOW });
    expect(afterRestart.pending().map((e) => e.at)).toEqual([minutesBefore(5)]);
    afterRestart.delivered(afterRestart.pending()[0]!);
    expect(createStartEvidence({ dataDir: temp.dir, now: () => NOW }).pending()).toEqual([]);

    // A new restart after that is new evidence.
    appendWatchdogRestart(record, { at: minutesBefore(1), reason: 'exited (code 137)', restartsInWindow: 3 });
    expect(createStartEvidence({ dataDir: temp.dir, now: () => NOW }).pending().map((e) => e.data.reason)).toEqual(['exited (code 137)']);
  });

  it('names databases moved aside (not their -wal/-shm companions), reports each once, with the time from its name', () => {
    for (const name of [
      'kiosk.db',
      'kiosk.db.corrupt-2026-12-03T08-15-00-123Z',
      'kiosk.db.corrupt-2026-12-03T08-15-00-123Z-wal',
      'kiosk.db.empty-2026-12-04T09-00-00-000Z',
      'kiosk.db.empty-2026-12-04T09-00-00-000Z-shm',
      'notes.txt',
    ])
      writeFileSync(join(temp.dir, name), '');
    const evidence = createStartEvidence({ dataDir: temp.dir, now: () => NOW });
    expect(evidence.databasesMovedAside()).toEqual(['kiosk.db.corrupt-2026-12-03T08-15-00-123Z', 'kiosk.db.empty-2026-12-04T09-00-00-000Z']);
    const pending = evidence.pending();
    expect(pending).toEqual([
      { key: 'database:kiosk.db.corrupt-2026-12-03T08-15-00-123Z', type: 'database-moved-aside', at: '2026-12-03T08:15:00.123Z', data: { file: 'kiosk.db.corrupt-2026-12-03T08-15-00-123Z' } },
      { key: 'database:kiosk.db.empty-2026-12-04T09-00-00-000Z', type: 'database-moved-aside', at: '2026-12-04T09:00:00.000Z', data: { file: 'kiosk.db.empty-2026-12-04T09-00-00-000Z' } },
    ]);
    evidence.delivered(pending[0]!);
    expect(createStartEvidence({ dataDir: temp.dir, now: () => NOW }).pending().map((e) => e.data.file)).toEqual(['kiosk.db.empty-2026-12-04T09-00-00-000Z']);
    // Still in the heartbeat while the file is there: the damage is not repaired by being reported.
    expect(evidence.databasesMovedAside()).toHaveLength(2);
  });

  it('a damaged memory of what was reported reports everything again (a duplicate, never silence), and says so', () => {
    appendWatchdogRestart(watchdogRestartsPath(temp.dir), { at: minutesBefore(3), reason: 'exited (code 1)', restartsInWindow: 1 });
    writeFileSync(fleetReportedPath(temp.dir), '{"watchdogUpTo": "2026-12-');
    const problems: string[] = [];
    const evidence = createStartEvidence({ dataDir: temp.dir, now: () => NOW, onProblem: (message) => problems.push(message) });
    expect(evidence.pending()).toHaveLength(1);
    expect(problems).toEqual(['fleet-reported.json unreadable: start evidence will be reported again']);
  });

  it('a torn line in the restart record is counted and reported as a problem; the other lines still count', () => {
    const record = watchdogRestartsPath(temp.dir);
    appendWatchdogRestart(record, { at: minutesBefore(10), reason: 'exited (code 1)', restartsInWindow: 1 });
    writeFileSync(record, `${'{"at":"2026-12-04T11:55:00.000Z","rea'}\n`, { flag: 'a' });
    const problems: Array<Record<string, unknown>> = [];
    const evidence = createStartEvidence({ dataDir: temp.dir, now: () => NOW, onProblem: (message, fields) => problems.push({ message, ...fields }) });
    expect(evidence.watchdogRestarts()).toBe(1);
    expect(problems).toContainEqual({ message: 'watchdog restart record has unreadable lines', lines: 1 });
  });

  it('a restart record that cannot be read is a problem reported, not an exception: the agent still announces itself', () => {
    mkdirSync(watchdogRestartsPath(temp.dir), { recursive: true });
    const problems: string[] = [];
    const evidence = createStartEvidence({ dataDir: temp.dir, now: () => NOW, onProblem: (message) => problems.push(message) });
    expect(evidence.pending()).toEqual([]);
    expect(evidence.watchdogRestarts()).toBe(0);
    expect(problems).toEqual(['watchdog restart record unreadable', 'watchdog restart record unreadable']);
  });

  it('the heartbeat carries site, watchdog restarts and moved-aside databases', async () => {
    mkdirSync(join(temp.dir, 'run'), { recursive: true });
    appendWatchdogRestart(watchdogRestartsPath(temp.dir), { at: minutesBefore(2), reason: 'exited (SIGKILL)', restartsInWindow: 1 });
    writeFileSync(join(temp.dir, 'kiosk.db.corrupt-2026-12-04T11-00-00-000Z'), '');
    const evidence = createStartEvidence({ dataDir: temp.dir, now: () => NOW });
    const hb = await buildHeartbeat(
      'KM-0001',
      {
        appVersion: '0.1.0',
        configVersion: () => '1.0.0',
        devices: () => [],
        queueDepth: () => ({ pending: 0, failed: 0 }),
        serviceMode: () => ({ mode: 'in-service', since: NOW.toISOString() }),
        lastError: () => null,
        diskPath: temp.dir,
        site: () => ({ region: '昆明市', hall: '五华区政务服务中心', tags: ['24h'] }),
        watchdogRestarts: () => evidence.watchdogRestarts(),
        databasesMovedAside: () => evidence.databasesMovedAside(),
      },
      NOW,
      NOW,
    );
    expect(hb).toMatchObject({ site: { region: '昆明市', hall: '五华区政务服务中心', tags: ['24h'] }, watchdogRestarts: 1, databasesMovedAside: ['kiosk.db.corrupt-2026-12-04T11-00-00-000Z'] });
  });

  it('reads the time out of a moved-aside name, and nothing out of other names', () => {
    expect(movedAsideAt('kiosk.db.corrupt-2026-12-04T22-57-31-376Z')).toBe('2026-12-04T22:57:31.376Z');
    expect(movedAsideAt('kiosk.db.corrupt-2026-12-04T22-57-31-376Z-wal')).toBeUndefined();
    expect(movedAsideAt('kiosk.db')).toBeUndefined();
  });
});
