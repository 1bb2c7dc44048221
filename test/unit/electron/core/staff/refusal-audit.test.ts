import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../../../../electron/core/audit/audit-log.ts';
import { RefusalAudit } from '../../../../../electron/core/staff/refusal-audit.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('refusal-audit');

afterEach(() => {
  vi.useRealTimers();
});

describe('RefusalAudit (coalesced staff-entry refusals)', () => {
  it('writes the first refusal at once and the rest of the burst as one line with a count when it goes quiet', () => {
    vi.useFakeTimers({ now: new Date('2026-12-04T21:00:00Z') });
    const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
    const coalesced = new RefusalAudit(audit, { quietMs: 10_000, maxSpanMs: 60_000 });
    for (let i = 0; i < 40; i++) {
      coalesced.append('staff', 'staff.entry-refused', { reason: 'wait', retryInSeconds: i });
      vi.advanceTimersByTime(100);
    }
    expect(audit.tail(10).map((e) => e.details)).toEqual([{ reason: 'wait', retryInSeconds: 0 }]);
    expect(coalesced.pending).toBe(39);
    vi.advanceTimersByTime(10_000);
    const lines = audit.tail(10);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({
      action: 'staff.entry-refused',
      details: { reason: 'wait', continued: true, count: 39, firstAt: '2026-12-04T21:00:00.100Z', lastAt: '2026-12-04T21:00:03.900Z' },
    });
    expect(lines[1]?.details).not.toHaveProperty('retryInSeconds');
    expect(audit.verify().ok).toBe(true);
  });

  it('a burst that never goes quiet is still written after the longest span', () => {
    vi.useFakeTimers();
    const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
    const coalesced = new RefusalAudit(audit, { quietMs: 10_000, maxSpanMs: 60_000 });
    for (let i = 0; i < 130; i++) {
      coalesced.append('staff', 'staff.pin-failed', { remainingAttempts: 3 });
      vi.advanceTimersByTime(1000);
    }
    const lines = audit.tail(200);
    // 130 refusals in 130 s: a handful of lines, and every refusal accounted for.
    expect(lines.length).toBeLessThanOrEqual(6);
    const written = lines.reduce((sum, e) => sum + (typeof e.details.count === 'number' ? e.details.count : 1), 0);
    expect(written + coalesced.pending).toBe(130);
  });

  it('keeps kinds apart, and writes pending bursts before an entry so the order stays true', () => {
    vi.useFakeTimers();
    const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
    const coalesced = new RefusalAudit(audit);
    coalesced.append('staff', 'staff.pin-failed', { remainingAttempts: 4 });
    coalesced.append('staff', 'staff.card-refused', { method: 'card', card: '110***********002X' });
    coalesced.append('staff', 'staff.pin-failed', { remainingAttempts: 3 });
    coalesced.append('staff', 'staff.entry', {});
    expect(audit.tail(10).map((e) => [e.action, e.details.count])).toEqual([
      ['staff.pin-failed', undefined],
      ['staff.card-refused', undefined],
      ['staff.pin-failed', 1],
      ['staff.entry', undefined],
    ]);
  });

  it('close() writes what is pending (shutdown loses nothing)', () => {
    const audit = new AuditLog({ path: tmp.path('audit.jsonl') });
    const coalesced = new RefusalAudit(audit);
    coalesced.append('staff', 'staff.entry-refused', { reason: 'locked' });
    coalesced.append('staff', 'staff.entry-refused', { reason: 'locked' });
    coalesced.close();
    expect(audit.tail(2).map((e) => e.details)).toEqual([{ reason: 'locked' }, expect.objectContaining({ reason: 'locked', continued: true, count: 1 })]);
  });
});
