/**
 * Search, sort and grouping of the fleet table, as pure functions of the terminal list.
 *
 * A province has 10,000 terminals and the table must answer a keystroke or a header click within
 * 100 ms on an office PC (bench/console-fleet-list.ts, Chromium at 4× CPU throttling). So the work
 * is split by what it depends on, for the page to memoise each step: `prepareFleet` once per list
 * (lower-cased search text, id and version ranks: the locale-aware comparisons run once, not in
 * every sort), `sortFleet` once per list and sort key, and per keystroke only a filter of the
 * already sorted list, which keeps its order.
 */
import type { TerminalView } from '../../shared/api-types.ts';

export type GroupBy = 'none' | 'region' | 'hall' | 'tag';
export type SortKey = 'id' | 'status' | 'heartbeat' | 'alerts' | 'version';

export type FleetRow = { kind: 'group'; name: string; count: number; offline: number } | { kind: 'terminal'; terminal: TerminalView };

/** A terminal with what searching and sorting it needs, computed once per list. */
export interface PreparedTerminal {
  terminal: TerminalView;
  /** Every searchable field, lower-cased, separated by a character no query contains. */
  search: string;
  /** Position in the locale-aware order of ids. */
  idRank: number;
  /** Position of its app version in the numeric-aware order of versions. */
  versionRank: number;
}

const SEPARATOR = '\u0000';

export function searchText(t: TerminalView): string {
  return [t.id, t.region ?? '', t.hall ?? '', t.appVersion ?? '', t.configVersion ?? '', ...t.tags].join(SEPARATOR).toLowerCase();
}

export function matches(t: TerminalView, query: string): boolean {
  const q = normalizeQuery(query);
  return !q || searchText(t).includes(q);
}

const normalizeQuery = (query: string) => query.trim().toLowerCase();

/**
 * `previous`: the list prepared from the last answer. The page polls every 2 s and the fleet's ids
 * rarely change, so their locale-aware order (the costliest step) is taken over when the ids are
 * the same, in the same order.
 */
export function prepareFleet(terminals: readonly TerminalView[], previous: readonly PreparedTerminal[] = []): PreparedTerminal[] {
  const sameIds = previous.length === terminals.length && terminals.every((t, i) => previous[i]?.terminal.id === t.id);
  let idRankAt: (index: number) => number;
  if (sameIds) {
    idRankAt = (index) => previous[index]?.idRank ?? 0;
  } else {
    // Ranks by position, so they are a permutation (sortFleet places rows by them) whatever the ids.
    const byId = new Intl.Collator();
    const order = terminals.map((_t, i) => i).sort((a, b) => byId.compare(terminals[a]?.id ?? '', terminals[b]?.id ?? '') || a - b);
    const rank = new Array<number>(terminals.length);
    order.forEach((at, r) => (rank[at] = r));
    idRankAt = (index) => rank[index] ?? 0;
  }
  const versions = [...new Set(terminals.map((t) => t.appVersion ?? ''))].sort(new Intl.Collator(undefined, { numeric: true }).compare);
  const versionRank = new Map(versions.map((v, i) => [v, i]));
  return terminals.map((terminal, index) => {
    const idRank = idRankAt(index);
    const rank = versionRank.get(terminal.appVersion ?? '') ?? 0;
    // A change-only poll keeps the objects of unchanged terminals (fleet-feed.ts): their entry is reused whole.
    const before = sameIds ? previous[index] : undefined;
    return before?.terminal === terminal && before.versionRank === rank ? before : { terminal, search: searchText(terminal), idRank, versionRank: rank };
  });
}

const compare: Record<SortKey, (a: PreparedTerminal, b: PreparedTerminal) => number> = {
  id: (a, b) => a.idRank - b.idRank,
  // Offline first: those are the ones to look at.
  status: (a, b) => Number(a.terminal.online) - Number(b.terminal.online) || a.idRank - b.idRank,
  // ISO-8601 UTC times: code-point order is time order.
  heartbeat: (a, b) => codePoints(a.terminal.lastHeartbeatAt ?? '', b.terminal.lastHeartbeatAt ?? '') || a.idRank - b.idRank,
  alerts: (a, b) => b.terminal.activeAlerts - a.terminal.activeAlerts || a.idRank - b.idRank,
  version: (a, b) => a.versionRank - b.versionRank || a.idRank - b.idRank,
};

const codePoints = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The orders whose first key takes few values (online, version, alert count) are buckets over the
 * id order, which the id ranks give without comparing: a header click costs a pass, not a sort.
 */
export function sortFleet(prepared: readonly PreparedTerminal[], sort: SortKey): PreparedTerminal[] {
  if (sort === 'heartbeat') return [...prepared].sort(compare.heartbeat);
  const byId: PreparedTerminal[] = new Array<PreparedTerminal>(prepared.length);
  for (const p of prepared) byId[p.idRank] = p;
  if (sort === 'id') return byId;
  const bucketOf: (p: PreparedTerminal) => number =
    sort === 'status' ? (p) => Number(p.terminal.online) : sort === 'version' ? (p) => p.versionRank : (p) => -p.terminal.activeAlerts;
  const buckets = new Map<number, PreparedTerminal[]>();
  for (const p of byId) {
    const key = bucketOf(p);
    const bucket = buckets.get(key);
    if (bucket) bucket.push(p);
    else buckets.set(key, [p]);
  }
  return [...buckets.keys()].sort((a, b) => a - b).flatMap((key) => buckets.get(key) ?? []);
}

export function filterFleet(sorted: readonly PreparedTerminal[], query: string): TerminalView[] {
  const q = normalizeQuery(query);
  const visible: TerminalView[] = [];
  for (const p of sorted) if (!q || p.search.includes(q)) visible.push(p.terminal);
  return visible;
}

/** One row object per terminal object, reused from keystroke to keystroke. */
const terminalRows = new WeakMap<TerminalView, FleetRow>();
function terminalRow(terminal: TerminalView): FleetRow {
  let row = terminalRows.get(terminal);
  if (!row) terminalRows.set(terminal, (row = { kind: 'terminal', terminal }));
  return row;
}

export function groupRows(visible: readonly TerminalView[], groupBy: GroupBy, ungrouped: string): FleetRow[] {
  if (groupBy === 'none') return visible.map(terminalRow);
  const groups = new Map<string, TerminalView[]>();
  for (const t of visible) {
    const names = groupBy === 'tag' ? (t.tags.length > 0 ? t.tags : [ungrouped]) : [(groupBy === 'region' ? t.region : t.hall) ?? ungrouped];
    for (const name of names) {
      const members = groups.get(name);
      if (members) members.push(t);
      else groups.set(name, [t]);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([name, members]) => [{ kind: 'group' as const, name, count: members.length, offline: members.filter((m) => !m.online).length }, ...members.map((terminal) => ({ kind: 'terminal' as const, terminal }))]);
}

/** All steps at once (the page memoises them one by one). */
export function fleetRows(terminals: TerminalView[], options: { query: string; sort: SortKey; groupBy: GroupBy; ungrouped: string }): FleetRow[] {
  return groupRows(filterFleet(sortFleet(prepareFleet(terminals), options.sort), options.query), options.groupBy, options.ungrouped);
}
