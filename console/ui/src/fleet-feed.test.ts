import { describe, expect, it } from 'vitest';
import { mergeChanges } from './fleet-feed.ts';
import { prepareFleet } from './fleet-list.ts';
import { terminal } from './fleet-test-terminal.ts';

describe('mergeChanges: change-only answers into the page’s list', () => {
  const fleet = [terminal('KM-0001'), terminal('KM-0002'), terminal('KM-0003')];

  it('takes a full answer as the list, first call or not', () => {
    const first = mergeChanges(undefined, { cursor: 'a.1', full: true, terminals: fleet, removed: [] });
    expect(first).toBe(fleet);
    const restarted = [terminal('KM-0002')];
    expect(mergeChanges(first, { cursor: 'b.1', full: true, terminals: restarted, removed: [] })).toBe(restarted);
  });

  it('keeps the very same list when nothing changed, so nothing downstream runs again', () => {
    expect(mergeChanges(fleet, { cursor: 'a.1', full: false, terminals: [], removed: [] })).toBe(fleet);
  });

  it('replaces changed terminals in place, appends new ones, drops removed ones, and keeps the others’ objects', () => {
    const changed = terminal('KM-0002', { online: false });
    const added = terminal('KM-0010');
    const next = mergeChanges(fleet, { cursor: 'a.2', full: false, terminals: [added, changed], removed: ['KM-0003'] });
    expect(next.map((t) => t.id)).toEqual(['KM-0001', 'KM-0002', 'KM-0010']);
    expect(next[0]).toBe(fleet[0]);
    expect(next[1]).toBe(changed);
    expect(fleet.map((t) => t.id)).toEqual(['KM-0001', 'KM-0002', 'KM-0003']);
  });

  it('lets the list functions reuse what they prepared for unchanged terminals', () => {
    const prepared = prepareFleet(fleet);
    const changed = terminal('KM-0002', { region: '盘龙区' });
    const again = prepareFleet(mergeChanges(fleet, { cursor: 'a.2', full: false, terminals: [changed], removed: [] }), prepared);
    expect(again[0]).toBe(prepared[0]);
    expect(again[2]).toBe(prepared[2]);
    expect(again[1]).toMatchObject({ terminal: changed, idRank: prepared[1]?.idRank });
    expect(again[1]?.search).toContain('盘龙区');
  });
});
