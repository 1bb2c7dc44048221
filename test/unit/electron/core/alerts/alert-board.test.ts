import { describe, expect, it } from 'vitest';
import { AlertBoard, type Alert } from '../../../../../electron/core/alerts/alert-board.ts';
import { buildHeartbeat } from '../../../../../electron/core/fleet/heartbeat.ts';

const clock = (iso: string) => {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
};

describe('AlertBoard', () => {
  it('raises by id, keeps the first "since" when raised again, and announces only real changes', () => {
    const c = clock('2026-03-01T08:00:00.000Z');
    const board = new AlertBoard({ now: c.now });
    const raised: Alert[] = [];
    board.on('raised', (alert) => raised.push(alert));
    board.raise({ id: 'outbox-stuck:forms', kind: 'outbox-stream-stuck', severity: 'critical', detail: 'item #4 since 08:00' });
    c.advance(60_000);
    board.raise({ id: 'outbox-stuck:forms', kind: 'outbox-stream-stuck', severity: 'critical', detail: 'item #4 since 08:00' });
    board.raise({ id: 'outbox-stuck:forms', kind: 'outbox-stream-stuck', severity: 'critical', detail: 'item #4, 12 attempts' });
    expect(raised.map((a) => a.detail)).toEqual(['item #4 since 08:00', 'item #4, 12 attempts']);
    expect(board.get('outbox-stuck:forms')).toEqual({
      id: 'outbox-stuck:forms',
      kind: 'outbox-stream-stuck',
      severity: 'critical',
      since: '2026-03-01T08:00:00.000Z',
      detail: 'item #4, 12 attempts',
    });
  });

  it('takes an explicit "since" (a condition older than this process) and lists critical first, then oldest', () => {
    const board = new AlertBoard({ now: () => new Date('2026-03-01T08:00:00.000Z') });
    board.raise({ id: 'database-index-repaired', kind: 'database-index-repaired', severity: 'warning', detail: 'rebuilt', since: '2026-02-01T00:00:00.000Z' });
    board.raise({ id: 'disk-b', kind: 'disk-full', severity: 'critical', detail: 'b' });
    board.raise({ id: 'disk-a', kind: 'disk-full', severity: 'critical', detail: 'a', since: '2026-02-28T00:00:00.000Z' });
    expect(board.list().map((a) => a.id)).toEqual(['disk-a', 'disk-b', 'database-index-repaired']);
  });

  it('clears by id with an event, and says whether anything was up', () => {
    const board = new AlertBoard();
    const cleared: string[] = [];
    board.on('cleared', (alert) => cleared.push(alert.id));
    board.raise({ id: 'outbox-disk-full', kind: 'disk-full', severity: 'critical', detail: 'full' });
    expect(board.clear('outbox-disk-full')).toBe(true);
    expect(board.clear('outbox-disk-full')).toBe(false);
    expect(cleared).toEqual(['outbox-disk-full']);
    expect(board.list()).toEqual([]);
  });

  it('refuses an id that is not a short lowercase token, and cuts an overlong detail', () => {
    const board = new AlertBoard();
    expect(() => board.raise({ id: 'Stuck forms!', kind: 'disk-full', severity: 'warning', detail: 'x' })).toThrow('invalid alert id "Stuck forms!"');
    expect(board.raise({ id: 'long', kind: 'disk-full', severity: 'warning', detail: 'x'.repeat(5000) }).detail).toHaveLength(1000);
  });

  it('returns copies: a caller cannot change what the board holds', () => {
    const board = new AlertBoard();
    const alert = board.raise({ id: 'a', kind: 'disk-full', severity: 'warning', detail: 'x' });
    alert.detail = 'changed';
    board.list()[0]!.detail = 'changed too';
    expect(board.get('a')?.detail).toBe('x');
  });

  it('is in the heartbeat', async () => {
    const board = new AlertBoard({ now: () => new Date('2026-03-01T08:00:00.000Z') });
    board.raise({ id: 'outbox-stuck:forms', kind: 'outbox-stream-stuck', severity: 'critical', detail: 'item #4' });
    const hb = await buildHeartbeat(
      'KM-0001',
      {
        appVersion: '0.1.0',
        configVersion: () => '1.0.0',
        devices: () => [],
        queueDepth: () => ({ pending: 1, failed: 0 }),
        serviceMode: () => ({ mode: 'in-service', since: '2026-03-01T00:00:00.000Z' }),
        lastError: () => null,
        diskPath: import.meta.dirname,
        alerts: () => board.list(),
      },
      new Date('2026-03-01T08:00:30Z'),
      new Date('2026-03-01T08:00:00Z'),
    );
    expect(hb.alerts).toEqual([
      { id: 'outbox-stuck:forms', kind: 'outbox-stream-stuck', severity: 'critical', since: '2026-03-01T08:00:00.000Z', detail: 'item #4' },
    ]);
  });
});
