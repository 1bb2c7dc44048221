/**
 * Crash safety: a child process queues and syncs submissions while this test SIGKILLs it at
 * random moments, 200 times in all: during start-up (opening, migrating, checking the database,
 * loading the key), during enqueue commits, deliveries and outcome writes. A final run drains the
 * queue. Then every submission the child acknowledged is at the upstream exactly once, nothing is
 * there twice or out of order, and the terminal's records agree with the upstream's.
 *
 * Two terminals (own data directory, own terminal id) are killed side by side, 100 times each, to
 * keep the wall time down. The child is bundled once with esbuild and run with plain node.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../electron/core/db/migrations/index.ts';
import { seededRandom } from '../../../../upstream/chaos.ts';
import { startReferenceUpstream, type ReferenceUpstream } from '../../../../upstream/reference-upstream.ts';
import { bundleChild, runKillableChild, type ChildRun, type KillPlan } from '../../../../support/killable-child.ts';
import { tempDir } from '../../../../support/outbox-stack.ts';

const TERMINALS = ['KM-0001', 'KM-0002'];
const KILLS_PER_TERMINAL = 100;
const seed = Number(process.env.OUTBOX_CRASH_SEED ?? Date.now() % 2 ** 31);
const random = seededRandom(seed);
let temp: ReturnType<typeof tempDir>;
let bundle = '';
let upstream: ReferenceUpstream;

function runChild(terminalId: string, firstN: number, mode: 'work' | 'drain', kill: KillPlan): Promise<ChildRun> {
  return runKillableChild(bundle, [temp.path(terminalId), upstream.url, terminalId, String(firstN), mode], kill, { guardMs: 30_000 });
}

beforeAll(async () => {
  temp = tempDir('outbox-crash');
  for (const terminal of TERMINALS) mkdirSync(temp.path(terminal));
  bundle = temp.path('outbox-crash-child.mjs');
  await bundleChild(join(import.meta.dirname, 'outbox-crash-child.ts'), bundle, ['better-sqlite3']);
  upstream = await startReferenceUpstream();
});

afterAll(async () => {
  await upstream?.close();
  temp?.remove();
});

/** Kills one terminal's child 100 times; returns what it acknowledged (key → n). */
async function killRepeatedly(terminalId: string, lane: number): Promise<Map<string, number>> {
  const acked = new Map<string, number>();
  for (let run = 0; run < KILLS_PER_TERMINAL; run += 1) {
    // One kill in five lands in start-up, the rest in the enqueue/sync loop.
    const plan: KillPlan = random() < 0.2 ? { from: 'spawn', ms: Math.floor(random() * 250) } : { from: 'ready', ms: Math.floor(random() * 150) };
    const result = await runChild(terminalId, lane * 10_000_000 + run * 10_000, 'work', plan);
    if (result.signal !== 'SIGKILL') throw new Error(`${terminalId} run ${run} ended on its own (${result.code}): ${result.stderr.slice(0, 2000)}`);
    for (const line of result.lines) {
      const [tag, key, n] = line.split(' ');
      if (tag === 'ACK' && key && n) acked.set(key, Number(n));
      else expect(line, `unexpected output from ${terminalId} run ${run}`).toBe('READY');
    }
  }
  const drain = await runChild(terminalId, 0, 'drain', undefined);
  expect(drain.stderr).toBe('');
  expect(drain.lines).toEqual(['READY', 'DRAINED']);
  return acked;
}

describe('outbox crash safety', () => {
  it(`every acknowledged submission reaches the upstream exactly once across ${TERMINALS.length * KILLS_PER_TERMINAL} SIGKILLs (seed ${seed})`, async () => {
    const lanes = await Promise.all(TERMINALS.map((terminal, lane) => killRepeatedly(terminal, lane)));
    const acked = new Map(lanes.flatMap((lane) => [...lane]));
    expect(acked.size, 'the children acknowledged submissions').toBeGreaterThan(KILLS_PER_TERMINAL);

    // Every acknowledged submission is at the upstream, with its content.
    expect([...acked.keys()].filter((key) => !upstream.submissions.has(key)), `missing (seed ${seed})`).toEqual([]);
    for (const [key, n] of acked) {
      expect((upstream.submissions.get(key)!.body as { payload: unknown }).payload).toEqual({ n, name: '测试用户', idNumber: '11010519491231002X' });
    }
    // Nothing is there twice: one upstream submission per n (a key is unique by construction).
    const ns = [...upstream.submissions.values()].map((s) => (s.body as { payload: { n: number } }).payload.n);
    expect(ns.length - new Set(ns).size, `duplicated submissions (seed ${seed})`).toBe(0);
    expect(upstream.orderViolations, `seed ${seed}`).toEqual([]);

    // Each terminal agrees: every row delivered with the upstream's reference, and the upstream
    // holds nothing the terminals do not know (rows committed just before a kill are fine).
    const local = new Map<string, string>();
    for (const terminal of TERMINALS) {
      const db = openDatabase(temp.path(`${terminal}/kiosk.db`), { migrations });
      const rows = db.prepare('SELECT idempotency_key AS key, status, upstream_ref AS ref FROM outbox').all() as Array<Record<string, string>>;
      closeDatabase(db);
      expect(rows.filter((r) => r.status !== 'delivered')).toEqual([]);
      for (const row of rows) local.set(row.key!, row.ref!);
    }
    expect(local.size).toBe(upstream.submissions.size);
    for (const [key, submission] of upstream.submissions) expect(local.get(key), key).toBe(submission.reference);
  }, 240_000);
});
