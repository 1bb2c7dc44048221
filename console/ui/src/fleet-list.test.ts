import { describe, expect, it } from 'vitest';
import type { TerminalView } from '../../shared/api-types.ts';
import { fleetRows } from './fleet-list.ts';

const terminal = (id: string, over: Partial<TerminalView> = {}): TerminalView => ({
  id,
  online: true,
  statusSince: null,
  statusReason: null,
  lastHeartbeatAt: null,
  appVersion: '1.0.0',
  configVersion: '1',
  serviceMode: 'in-service',
  region: null,
  hall: null,
  tags: [],
  devices: [],
  queue: null,
  disk: null,
  clockSkewMs: null,
  watchdogRestarts: null,
  lastError: null,
  activeAlerts: 0,
  ...over,
});

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
