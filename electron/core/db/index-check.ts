/**
 * Index damage that quick_check does not see: quick_check verifies each b-tree on its own, not
 * that an index holds an entry for every row. An index missing a pending row hides it from every
 * query that uses the index (the sync worker's included), so it would never be sent. At start
 * each index of the checked tables is counted against its table (a table scan, NOT INDEXED), the
 * status index per status; any difference is repaired with REINDEX, which rebuilds the indexes
 * from the table, and reported.
 */
import type { KioskDatabase } from './database.ts';

export interface IndexMismatch {
  table: string;
  index: string;
  /** Rows the table holds (matching the index's WHERE for a partial index), per group. */
  expected: number;
  found: number;
  group?: string;
}

export interface IndexCheckReport {
  mismatches: IndexMismatch[];
  /** Tables rebuilt with REINDEX because of a mismatch. */
  reindexed: string[];
}

interface IndexInfo {
  name: string;
  partial: number;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export function checkIndexes(db: KioskDatabase, tables: readonly string[]): IndexCheckReport {
  const mismatches: IndexMismatch[] = [];
  for (const table of tables) {
    const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").get(table);
    if (exists === undefined) continue;
    mismatches.push(...checkTable(db, table));
  }
  const reindexed = [...new Set(mismatches.map((m) => m.table))];
  for (const table of reindexed) db.exec(`REINDEX ${quote(table)}`);
  return { mismatches, reindexed };
}

function checkTable(db: KioskDatabase, table: string): IndexMismatch[] {
  const t = quote(table);
  const indexes = (db.prepare('SELECT name, partial FROM pragma_index_list(?)').all(table) as IndexInfo[])
    .map((index) => ({ ...index, where: index.partial ? partialWhere(db, index.name) : undefined }))
    .filter((index) => !index.partial || index.where !== undefined);
  if (indexes.length === 0) return [];
  const firstColumn = (index: string) =>
    (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno LIMIT 1').get(index) as { name: string | null } | undefined)?.name;
  // Grouped by status when an index starts with it: a row missing from the pending group is then
  // seen even if another group gained a stray entry.
  const grouped = indexes.some((index) => firstColumn(index.name) === 'status');
  const group = grouped ? 'status' : 'NULL';
  // One pass over the table (the expensive part) counts the rows every index should hold.
  const sums = indexes.map((index, i) => (index.where === undefined ? `count(*) AS c${i}` : `sum(CASE WHEN ${index.where} THEN 1 ELSE 0 END) AS c${i}`));
  const byTable = db.prepare(`SELECT ${group} AS g, ${sums.join(', ')} FROM ${t} NOT INDEXED GROUP BY g`).all() as Array<Record<string, number | string | null>>;
  const mismatches: IndexMismatch[] = [];
  indexes.forEach((index, i) => {
    const perGroup = grouped && firstColumn(index.name) === 'status';
    const filter = index.where === undefined ? '' : `WHERE ${index.where}`;
    const byIndex = db
      .prepare(`SELECT ${perGroup ? 'status' : 'NULL'} AS g, count(*) AS n FROM ${t} INDEXED BY ${quote(index.name)} ${filter} ${perGroup ? 'GROUP BY status' : ''}`)
      .all() as Array<{ g: string | null; n: number }>;
    const expected = new Map<string | null, number>();
    for (const row of byTable) {
      const g = perGroup ? (row.g as string | null) : null;
      expected.set(g, (expected.get(g) ?? 0) + Number(row[`c${i}`] ?? 0));
    }
    const found = new Map(byIndex.map((row) => [row.g, row.n]));
    for (const g of new Set([...expected.keys(), ...found.keys()])) {
      const want = expected.get(g) ?? 0;
      const have = found.get(g) ?? 0;
      if (want !== have) mismatches.push({ table, index: index.name, expected: want, found: have, ...(g === null ? {} : { group: g }) });
    }
  });
  return mismatches;
}

function partialWhere(db: KioskDatabase, index: string): string | undefined {
  const sql = (db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?").get(index) as { sql: string | null } | undefined)?.sql;
  if (!sql) return undefined;
  const at = sql.toUpperCase().lastIndexOf(' WHERE ');
  return at < 0 ? undefined : sql.slice(at + ' WHERE '.length);
}
