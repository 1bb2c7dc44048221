/**
 * The endorsement fee under real SIGKILLs: a child process pays fees against the reference payment
 * server (some answers unknown: user paying, timeouts, 5xx, charged-then-5xx) and queues each paid
 * application in the real outbox through the endorsement's own delivery step and delivery check
 * (test/payments/endorsement-fee-child.ts); it is killed at random points and restarted on the same
 * data directory until it has finished and settled everything. Counted from the payment server's
 * ledger and the outbox: each application charged at most once, and it kept its fee exactly when
 * its application is in the outbox (delivered once), else the fee went back.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { seededRandom } from '../../../../../upstream/chaos.ts';
import { paymentTestCredentials } from '../../../../../payments/payment-credentials.ts';
import { startReferencePaymentServer, type ReferencePaymentServer } from '../../../../../payments/reference-payment-server.ts';
import { bundleChild, killUntilSettled, runKillableChild, type ChildRun, type KillPlan } from '../../../../../support/killable-child.ts';
import { tempDir, useTempDir } from '../../../../../support/temp-dir.ts';

const FLOWS = 80;
const KILLS = 10;
const FEE_FEN = 1500;
const SEED = Number(process.env.ENDORSEMENT_FEE_SIGKILL_SEED ?? 20261205);

const tmp = useTempDir('endorsement-fee-sigkill');
let bundleDir: ReturnType<typeof tempDir>;
let bundle: string;
let server: ReferencePaymentServer;

beforeAll(async () => {
  bundleDir = tempDir('endorsement-fee-sigkill-bundle');
  bundle = bundleDir.path('endorsement-fee-child.mjs');
  await bundleChild(join(import.meta.dirname, '../../../../../payments/endorsement-fee-child.ts'), bundle, ['better-sqlite3']);
});
afterAll(() => bundleDir?.remove());

beforeEach(async () => {
  server = await startReferencePaymentServer(paymentTestCredentials.cached(), { holdMs: 300, userPayingMs: 150, lateMs: 200 });
  server.ledger.randomFaults(SEED, 0.3, ['user-paying', 'timeout', 'http-500', 'charge-then-500', 'duplicate-notify']);
});
afterEach(async () => {
  await server.close();
});

const runChild = (dataDir: string, credsFile: string, seed: number, kill: KillPlan): Promise<ChildRun> =>
  runKillableChild(bundle, [dataDir, server.url, credsFile, String(FLOWS), String(seed)], kill, { guardMs: 120_000 });

it(`${FLOWS} paid endorsement fees, ${KILLS} SIGKILLs at random points: charged at most once, each kept fee's application queued once, every other fee refunded`, { timeout: 180_000 }, async () => {
  const dataDir = tmp.path('');
  const credsFile = tmp.path('creds.json');
  writeFileSync(credsFile, JSON.stringify(paymentTestCredentials.cached()));
  const { kills, last } = await killUntilSettled((round, kill) => runChild(dataDir, credsFile, SEED + round, kill), { rounds: KILLS, maxKillMs: 800, random: seededRandom(SEED + 1) });
  expect(last.stderr).not.toMatch(/Error|error/);
  expect(last.code).toBe(0);
  expect(last.lines).toContain('settled');
  expect(kills).toBeGreaterThanOrEqual(KILLS - 2);

  const ledger = server.ledger;
  ledger.advanceAll();
  const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true });
  const queued = new Map<string, number>();
  for (const { idempotency_key: key } of db.prepare("SELECT idempotency_key FROM outbox WHERE stream = 'endorsements'").all() as Array<{ idempotency_key: string }>) {
    const purchaseId = key.replace(/^endorsement-/, '');
    queued.set(purchaseId, (queued.get(purchaseId) ?? 0) + 1);
  }
  const states = Object.fromEntries((db.prepare('SELECT state, count(*) AS n FROM payment_order GROUP BY state').all() as Array<{ state: string; n: number }>).map((r) => [r.state, r.n]));
  db.close();

  const purchases = new Set([...ledger.charges.map((c) => c.purchaseId), ...queued.keys()]);
  const problems: string[] = [];
  for (const purchaseId of purchases) {
    const charges = ledger.charges.filter((c) => c.purchaseId === purchaseId);
    const kept = charges.reduce((n, c) => n + c.amountFen, 0) - ledger.refunds.filter((r) => r.purchaseId === purchaseId).reduce((n, r) => n + r.amountFen, 0);
    const applications = queued.get(purchaseId) ?? 0;
    if (charges.length > 1) problems.push(`${purchaseId} charged ${charges.length} times`);
    if (applications > 1) problems.push(`${purchaseId} queued ${applications} times`);
    if (kept !== 0 && kept !== FEE_FEN) problems.push(`${purchaseId} kept ${kept} fen`);
    if (kept === FEE_FEN && applications === 0) problems.push(`${purchaseId} paid but its application is not queued`);
    if (applications === 1 && kept !== FEE_FEN) problems.push(`${purchaseId} queued but its fee was refunded`);
  }
  expect(problems).toEqual([]);

  // The terminal agrees: nothing left open, and the flows really ran.
  for (const open of ['created', 'awaiting', 'unknown', 'paid', 'delivering', 'reversing', 'refunding']) expect(states[open], open).toBeUndefined();
  expect(states.delivered).toBeGreaterThan(20);
  expect(queued.size).toBe(states.delivered);
  console.log(`endorsement fee SIGKILL run: ${kills} kills, ${purchases.size} charged or queued purchases, terminal states ${JSON.stringify(states)}, ledger ${ledger.charges.length} charges / ${ledger.refunds.length} refunds, outbox ${queued.size} applications`);
});
