import { describe, expect, it } from 'vitest';
import { filterFleet, fleetRows, prepareFleet, sortFleet, type SortKey } from './fleet-list.ts';
import type { TerminalView } from '../../shared/api-types.ts';
import { terminal } from './fleet-test-terminal.ts';

const fleet = [
  terminal('KM-0003', { region: '五华区', hall: '一楼', tags: ['credit', 'police'] }),
  terminal('KM-0001', { region: '盘龙区', online: false, activeAlerts: 2, appVersion: '1.10.0' }),
  terminal('KM-0002', { region: '五华区', tags: ['credit'], appVersion: '1.9.0' }),
];
const ids = (rows: ReturnType<typeof fleetRows>) => rows.map((r) => (r.kind === 'group' ? `[${r.name} ${r.count}/${r.offline}]` : r.terminal.id));

describe('fleet table rows', () => {
  it('sorts offline first, by alerts, or by version numerically', () => {
    expect(ids(fleetRows(fleet, { query: '', sort: 'status', groupBy: 'none', ungrouped: '-' }))).toEqual(['KM-0001', 'KM-0002', 'KM-0003']);
    expect(ids(fleetRows(fleet, { query: '', sort: 'alerts', groupBy: 'none', ungrouped: '-' }))[0]).toBe('KM-0001');
    expect(ids(fleetRows(fleet, { query: '', sort: 'version', groupBy: 'none', ungrouped: '-' }))).toEqual(['KM-0003', 'KM-0002', 'KM-0001']);
  });

  it('searches id, region, hall and tags', () => {
    expect(ids(fleetRows(fleet, { query: 'police', sort: 'id', groupBy: 'none', ungrouped: '-' }))).toEqual(['KM-0003']);
    expect(ids(fleetRows(fleet, { query: '五华', sort: 'id', groupBy: 'none', ungrouped: '-' }))).toEqual(['KM-0002', 'KM-0003']);
  });

  it('groups by region or tag with counts, a terminal in every tag group it has', () => {
    expect(ids(fleetRows(fleet, { query: '', sort: 'id', groupBy: 'region', ungrouped: '-' }))).toEqual(['[五华区 2/0]', 'KM-0002', 'KM-0003', '[盘龙区 1/1]', 'KM-0001']);
    expect(ids(fleetRows(fleet, { query: '', sort: 'id', groupBy: 'tag', ungrouped: '(none)' }))).toEqual(['[(none) 1/1]', 'KM-0001', '[credit 2/0]', 'KM-0002', 'KM-0003', '[police 1/0]', 'KM-0003']);
  });
});

describe('fleet list at province size', () => {
  const big = Array.from({ length: 500 }, (_v, i) =>
    terminal(`KM-${String((i * 7919) % 1000).padStart(4, '0')}`, {
      online: i % 7 !== 0,
      appVersion: ['1.4.2', '1.4.10', '1.5.0', null][i % 4] ?? null,
      lastHeartbeatAt: i % 11 === 0 ? null : new Date(Date.UTC(2026, 11, 4, 10, 0, (i * 37) % 600)).toISOString(),
      activeAlerts: i % 13 === 0 ? 2 : i % 5 === 0 ? 1 : 0,
      hall: `hall-${i % 40}`,
    }),
  );
  // The plain comparisons the faster paths must agree with.
  const reference: Record<SortKey, (a: TerminalView, b: TerminalView) => number> = {
    id: (a, b) => a.id.localeCompare(b.id),
    status: (a, b) => Number(a.online) - Number(b.online) || a.id.localeCompare(b.id),
    heartbeat: (a, b) => (a.lastHeartbeatAt ?? '').localeCompare(b.lastHeartbeatAt ?? '') || a.id.localeCompare(b.id),
    alerts: (a, b) => b.activeAlerts - a.activeAlerts || a.id.localeCompare(b.id),
    version: (a, b) => (a.appVersion ?? '').localeCompare(b.appVersion ?? '', undefined, { numeric: true }) || a.id.localeCompare(b.id),
  };

  it.each(['id', 'status', 'heartbeat', 'alerts', 'version'] as const)('sorts by %s as the plain comparison does', (sort) => {
    expect(sortFleet(prepareFleet(big), sort).map((p) => p.terminal.id)).toEqual([...big].sort(reference[sort]).map((t) => t.id));
  });

  it('filters the sorted list without changing its order, by lower-cased search text', () => {
    const sorted = sortFleet(prepareFleet(big), 'version');
    const visible = filterFleet(sorted, '  HALL-1 ');
    expect(visible.map((t) => t.id)).toEqual(sorted.filter((p) => (p.terminal.hall ?? '').startsWith('hall-1')).map((p) => p.terminal.id));
    expect(visible.length).toBeGreaterThan(0);
    expect(filterFleet(sorted, '')).toHaveLength(big.length);
  });

  it('takes the id order over from the previous answer only when the ids are the same', () => {
    const first = prepareFleet(big);
    const again = prepareFleet(big.map((t) => ({ ...t })), first);
    expect(again.map((p) => p.idRank)).toEqual(first.map((p) => p.idRank));
    const changed = [terminal('KM-0000-A'), ...big.slice(1)];
    expect(sortFleet(prepareFleet(changed, first), 'id').map((p) => p.terminal.id)).toEqual([...changed].sort(reference.id).map((t) => t.id));
  });
});
