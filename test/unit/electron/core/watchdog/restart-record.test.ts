import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendWatchdogRestart, readWatchdogRestarts, recordWatchdogRestart, restartsWithin, watchdogRestartsPath } from '../../../../../electron/core/watchdog/restart-record.ts';
import { tempDir } from '../../../../support/outbox-stack.ts';

let temp: ReturnType<typeof tempDir>;
beforeEach(() => {
  temp = tempDir('restart-record');
});
afterEach(() => temp.remove());

describe('watchdog restart record', () => {
  it('appends private JSON lines under run/ and reads them back', () => {
    const path = watchdogRestartsPath(temp.dir);
    expect(readWatchdogRestarts(path)).toEqual({ records: [], unreadableLines: 0 });
    appendWatchdogRestart(path, { at: '2026-12-04T10:00:00.000Z', reason: 'exited (code 1)', restartsInWindow: 1 });
    appendWatchdogRestart(path, { at: '2026-12-04T10:01:00.000Z', reason: 'not answering (timeout)', restartsInWindow: 2, brakeEngaged: true });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readWatchdogRestarts(path)).toEqual({
      records: [
        { at: '2026-12-04T10:00:00.000Z', reason: 'exited (code 1)', restartsInWindow: 1 },
        { at: '2026-12-04T10:01:00.000Z', reason: 'not answering (timeout)', restartsInWindow: 2, brakeEngaged: true },
      ],
      unreadableLines: 0,
    });
  });

  it('counts torn or foreign lines instead of failing', () => {
    const path = watchdogRestartsPath(temp.dir);
    appendWatchdogRestart(path, { at: '2026-12-04T10:00:00.000Z', reason: 'exited (code 1)', restartsInWindow: 1 });
    writeFileSync(path, '{"at":"not a time","reason":"x"}\n{"at":"2026-12-04T10:0\n', { flag: 'a' });
    expect(readWatchdogRestarts(path)).toMatchObject({ records: [{ reason: 'exited (code 1)' }], unreadableLines: 2 });
  });

  it('keeps the file bounded: past 500 lines only the newest 250 remain', () => {
    const path = watchdogRestartsPath(temp.dir);
    for (let i = 0; i < 501; i++) appendWatchdogRestart(path, { at: new Date(Date.UTC(2026, 11, 1) + i * 1000).toISOString(), reason: `r${i}`, restartsInWindow: 1 });
    const { records } = readWatchdogRestarts(path);
    expect(records).toHaveLength(250);
    expect(records.at(-1)?.reason).toBe('r500');
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('counts only restarts inside the window, none from the future', () => {
    const now = new Date('2026-12-04T12:00:00.000Z');
    const at = (m: number) => ({ at: new Date(now.getTime() - m * 60_000).toISOString(), reason: 'x', restartsInWindow: 1 });
    expect(restartsWithin([at(61), at(59), at(1), at(-5)], 60 * 60_000, now)).toHaveLength(2);
  });

  it('records a restart for a watchdog without its own history (Electron), counting the window from the record', () => {
    const now = new Date('2026-12-04T12:00:00.000Z');
    appendWatchdogRestart(watchdogRestartsPath(temp.dir), { at: '2026-12-04T10:00:00.000Z', reason: 'old', restartsInWindow: 1 });
    appendWatchdogRestart(watchdogRestartsPath(temp.dir), { at: '2026-12-04T11:50:00.000Z', reason: 'recent', restartsInWindow: 1 });
    expect(recordWatchdogRestart(temp.dir, 'core host exited (code 1)', 60 * 60_000, now)).toBeUndefined();
    expect(readWatchdogRestarts(watchdogRestartsPath(temp.dir)).records.at(-1)).toEqual({ at: now.toISOString(), reason: 'core host exited (code 1)', restartsInWindow: 2 });
  });

  it('a record that cannot be written is returned, not thrown: the restart goes ahead', () => {
    writeFileSync(temp.path('run'), 'a file where the folder should be');
    expect(recordWatchdogRestart(temp.dir, 'renderer reloaded (gone)', 60_000)).toBeInstanceOf(Error);
  });
});
