/** Search, sort and grouping of the fleet table, as pure functions of the terminal list. */
import type { TerminalView } from '../../shared/api-types.ts';

export type GroupBy = 'none' | 'region' | 'hall' | 'tag';
export type SortKey = 'id' | 'status' | 'heartbeat' | 'alerts' | 'version';

export type FleetRow = { kind: 'group'; name: string; count: number; offline: number } | { kind: 'terminal'; terminal: TerminalView };

export function matches(t: TerminalView, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return [t.id, t.region ?? '', t.hall ?? '', t.appVersion ?? '', t.configVersion ?? '', ...t.tags].some((field) => field.toLowerCase().includes(q));
}

const compare: Record<SortKey, (a: TerminalView, b: TerminalView) => number> = {
  id: (a, b) => a.id.localeCompare(b.id),
  // Offline first: those are the ones to look at.
  status: (a, b) => Number(a.online) - Number(b.online) || a.id.localeCompare(b.id),
  heartbeat: (a, b) => (a.lastHeartbeatAt ?? '').localeCompare(b.lastHeartbeatAt ?? '') || a.id.localeCompare(b.id),
  alerts: (a, b) => b.activeAlerts - a.activeAlerts || a.id.localeCompare(b.id),
  version: (a, b) => (a.appVersion ?? '').localeCompare(b.appVersion ?? '', undefined, { numeric: true }) || a.id.localeCompare(b.id),
};

export function fleetRows(terminals: TerminalView[], options: { query: string; sort: SortKey; groupBy: GroupBy; ungrouped: string }): FleetRow[] {
  const visible = terminals.filter((t) => matches(t, options.query)).sort(compare[options.sort]);
  if (options.groupBy === 'none') return visible.map((terminal) => ({ kind: 'terminal', terminal }));
  const groups = new Map<string, TerminalView[]>();
  for (const t of visible) {
    const names = options.groupBy === 'tag' ? (t.tags.length > 0 ? t.tags : [options.ungrouped]) : [(options.groupBy === 'region' ? t.region : t.hall) ?? options.ungrouped];
    for (const name of names) groups.set(name, [...(groups.get(name) ?? []), t]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([name, members]) => [{ kind: 'group' as const, name, count: members.length, offline: members.filter((m) => !m.online).length }, ...members.map((terminal) => ({ kind: 'terminal' as const, terminal }))]);
}
