/**
 * Never charge twice, never lose a paid order: a child process runs ≥ 200 payment flows against
 * the reference payment server (random faults: user paying, timeouts, 5xx, late success,
 * duplicate notifications, wrong amounts) and is killed with SIGKILL at random points, then
 * restarted on the same data directory until it finishes and has settled everything. The verdict
 * is counted from the server's ledger: each purchase charged at most once, and every purchase
 * that kept money was delivered, every delivered one kept its money.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { seededRandom } from '../../../../upstream/chaos.ts';
import { paymentTestCredentials } from '../../../../payments/payment-credentials.ts';
import { startReferencePaymentServer, type ReferencePaymentServer } from '../../../../payments/reference-payment-server.ts';
import { bundleChild, killUntilSettled, runKillableChild, type ChildRun, type KillPlan } from '../../../../support/killable-child.ts';
import { tempDir, useTempDir } from '../../../../support/temp-dir.ts';

const FLOWS = 220;
const KILLS = 14;
const SEED = Number(process.env.PAYMENT_SIGKILL_SEED ?? 20261204);

const tmp = useTempDir('payments-sigkill');
let bundleDir: ReturnType<typeof tempDir>;
let bundle: string;
let server: ReferencePaymentServer;

beforeAll(async () => {
  bundleDir = tempDir('payments-sigkill-bundle');
  bundle = bundleDir.path('payment-flow-child.mjs');
  await bundleChild(join(import.meta.dirname, '../../../../payments/payment-flow-child.ts'), bundle, ['better-sqlite3']);
});
afterAll(() => bundleDir?.remove());

beforeEach(async () => {
  server = await startReferencePaymentServer(paymentTestCredentials.cached(), { holdMs: 300, userPayingMs: 150, lateMs: 200 });
  server.ledger.randomFaults(SEED, 0.4, ['user-paying', 'user-paying-never', 'timeout', 'late-success', 'http-500', 'charge-then-500', 'duplicate-notify', 'wrong-amount', 'insufficient']);
});
afterEach(async () => {
  await server.close();
});

const runChild = (dataDir: string, credsFile: string, seed: number, kill: KillPlan): Promise<ChildRun> =>
  runKillableChild(bundle, [dataDir, server.url, credsFile, String(FLOWS), String(seed)], kill, { guardMs: 150_000 });

it(`${FLOWS} payment flows, ${KILLS} SIGKILLs at random points: charged at most once, every paid order delivered or refunded`, { timeout: 180_000 }, async () => {
  const dataDir = tmp.path('');
  const credsFile = tmp.path('creds.json');
  writeFileSync(credsFile, JSON.stringify(paymentTestCredentials.cached()));
  // Killed at a random moment once its first flow (after a restart: the first new one) is done.
  const { kills, last } = await killUntilSettled((round, kill) => runChild(dataDir, credsFile, SEED + round, kill), { rounds: KILLS, maxKillMs: 1500, random: seededRandom(SEED + 1) });
  expect(last.stderr).not.toMatch(/Error|error/);
  expect(last.code).toBe(0);
  expect(last.lines).toContain('settled');
  expect(kills).toBeGreaterThanOrEqual(KILLS - 2);

  // Counted from the server's books. Pending charges land now if anything left them pending.
  const ledger = server.ledger;
  ledger.advanceAll();
  const byPurchase = new Map<string, { charges: number; taken: number; refunded: number; delivered: boolean }>();
  const entry = (purchaseId: string) => byPurchase.get(purchaseId) ?? byPurchase.set(purchaseId, { charges: 0, taken: 0, refunded: 0, delivered: false }).get(purchaseId)!;
  for (const c of ledger.charges) {
    const e = entry(c.purchaseId);
    e.charges++;
    e.taken += c.amountFen;
  }
  for (const r of ledger.refunds) entry(r.purchaseId).refunded += r.amountFen;
  for (const purchaseId of ledger.deliveries.values()) entry(purchaseId).delivered = true;

  const problems: string[] = [];
  for (const [purchaseId, e] of byPurchase) {
    const amount = 100 + Number(purchaseId.slice(3));
    const kept = e.taken - e.refunded;
    if (e.charges > 1) problems.push(`${purchaseId} charged ${e.charges} times`);
    if (kept !== 0 && kept !== amount) problems.push(`${purchaseId} kept ${kept} of ${amount}`);
    if (kept > 0 && !e.delivered) problems.push(`${purchaseId} paid but not delivered`);
    if (e.delivered && kept !== amount) problems.push(`${purchaseId} delivered but refunded`);
  }
  expect(problems).toEqual([]);

  // The terminal agrees: nothing left open, and the flows really ran.
  const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true });
  const states = db.prepare('SELECT state, count(*) AS n FROM payment_order GROUP BY state').all() as Array<{ state: string; n: number }>;
  const purchases = (db.prepare('SELECT count(DISTINCT purchase_id) AS n FROM payment_order').get() as { n: number }).n;
  db.close();
  const counts = Object.fromEntries(states.map((s) => [s.state, s.n]));
  expect(purchases).toBeGreaterThanOrEqual(FLOWS - KILLS);
  for (const open of ['created', 'awaiting', 'unknown', 'paid', 'delivering', 'reversing', 'refunding']) expect(counts[open]).toBeUndefined();
  expect(counts.delivered).toBeGreaterThan(50);
  expect(ledger.charges.length).toBeGreaterThan(50);
  console.log(`payment SIGKILL run: ${kills} kills, ${purchases} purchases, terminal states ${JSON.stringify(counts)}, ledger ${ledger.charges.length} charges / ${ledger.refunds.length} refunds / ${ledger.deliveries.size} deliveries`);
});
