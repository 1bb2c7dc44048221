/**
 * Heap snapshots of the page under test (CDP HeapProfiler), summed by what a developer would look
 * for: constructor or function name for objects, the kind of V8 machinery otherwise, so that two
 * snapshots can be diffed ("what grew between 10 and 1,000 sessions?").
 */
import type { CDPSession } from '@playwright/test';

/**
 * 'code': what V8 makes of the program, not data the program keeps: compiled code, bytecode and
 * its bookkeeping (feedback, inline caches, the script source). 'objects': everything else, the
 * app's own data and closures. A leak shows up among objects; JIT warm-up among code.
 */
export type Kind = 'code' | 'objects';

export interface Group {
  kind: Kind;
  count: number;
  size: number;
}

export type Summary = Map<string, Group>;

/**
 * V8 internals that exist because code runs, not because data is kept: bytecode, optimised code
 * and their bookkeeping (deoptimisation data, the weak lists of code that depends on an object
 * shape, V8's script list). Contexts (closure scopes), maps (hidden classes) and property
 * backing stores stay with the objects: a leaked closure or object shape shows up there.
 */
const CODE_SYSTEM = /^system \/ (BytecodeArray|FeedbackVector|FeedbackMetadata|FeedbackCell|ClosureFeedbackCellArray|ScopeInfo|SharedFunctionInfo|UncompiledData|PreparseData|InterpreterData|CodeDataContainer|CodeWrapper|Code|InstructionStream|DeoptimizationData|BytecodeOffsetTable|SourcePositionTable|ScriptContextTable|Script|WeakArrayList|WeakFixedArray|AllocationSite|CallHandlerInfo|ProtectedFixedArray|TrustedFixedArray|TrustedByteArray|TrustedWeakFixedArray)/;

function classify(type: string, name: string): { kind: Kind; key: string } {
  // V8 reports its internals as "system / X" under several node types (code, hidden, native...).
  const system = name.match(/^system \/ ([A-Za-z]+)/);
  if (system) return { kind: type === 'code' || CODE_SYSTEM.test(name) ? 'code' : 'objects', key: `${type} system / ${system[1]}` };
  if (type === 'code') return { kind: 'code', key: `code ${name.slice(0, 60)}` };
  if (type === 'string' || type === 'concatenated string' || type === 'sliced string') return { kind: 'objects', key: `(${type})` };
  if (type === 'number' || type === 'bigint') return { kind: 'objects', key: `(${type})` };
  if (type === 'closure') return { kind: 'objects', key: `closure ${name.slice(0, 60) || '(anonymous)'}` };
  // Detached DOM wrappers are named "Detached HTMLDivElement" and so on: keep that visible.
  return { kind: 'objects', key: `${type} ${name.slice(0, 60)}` };
}

export async function takeSnapshot(cdp: CDPSession): Promise<Summary> {
  const chunks: string[] = [];
  const onChunk = (event: { chunk: string }) => chunks.push(event.chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const snapshot = JSON.parse(chunks.join('')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const typeNames = snapshot.snapshot.meta.node_types[0];
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const summary: Summary = new Map();
  for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
    const size = snapshot.nodes[i + sizeAt] ?? 0;
    const type = typeNames[snapshot.nodes[i + typeAt] ?? 0] ?? '?';
    // The snapshot's synthetic roots have no size and are not memory.
    if (type === 'synthetic') continue;
    const name = snapshot.strings[snapshot.nodes[i + nameAt] ?? 0] ?? '';
    const { kind, key } = classify(type, name);
    const group = summary.get(key) ?? { kind, count: 0, size: 0 };
    group.count += 1;
    group.size += size;
    summary.set(key, group);
  }
  return summary;
}

export function totals(summary: Summary): Record<Kind, number> {
  const sum = { code: 0, objects: 0 };
  for (const group of summary.values()) sum[group.kind] += group.size;
  return sum;
}

export interface Grower {
  key: string;
  kind: Kind;
  /** Self size and count at each snapshot, in the order given. */
  sizes: number[];
  counts: number[];
}

/** The groups whose self size grew most from the first snapshot to the last, per kind. */
export function topGrowers(summaries: readonly Summary[], kind: Kind, limit: number): Grower[] {
  const first = summaries[0];
  const last = summaries.at(-1);
  if (first === undefined || last === undefined) return [];
  const keys = new Set([...first.keys(), ...last.keys()]);
  const rows: Grower[] = [];
  for (const key of keys) {
    const groupKind = (last.get(key) ?? first.get(key))?.kind;
    if (groupKind !== kind) continue;
    rows.push({
      key,
      kind,
      sizes: summaries.map((s) => s.get(key)?.size ?? 0),
      counts: summaries.map((s) => s.get(key)?.count ?? 0),
    });
  }
  const growth = (row: Grower) => (row.sizes.at(-1) ?? 0) - (row.sizes[0] ?? 0);
  return rows.sort((a, b) => growth(b) - growth(a)).slice(0, limit).filter((row) => growth(row) > 0);
}
