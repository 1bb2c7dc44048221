/**
 * The terminal side of the SIGKILL test: runs payment flows against the reference payment server
 * on one data directory, as a kiosk would, and is killed at random points by the parent
 * (test/integration/electron/core/payments/payment-sigkill.test.ts). Each purchase gets one
 * attempt; a restarted run skips purchases the journal already has and lets the settle loop
 * finish what the killed run left. Prints `flow <i>` per finished flow, READY after the first one
 * (the kill clock of test/support/killable-child.ts starts there) and `settled` at the end.
 * Bundled by the test (no loader between the kill and the process):
 *   node payment-flow-child.mjs <data dir> <server url> <creds json> <flows> <seed>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertBoard } from '../../electron/core/alerts/alert-board.ts';
import { openDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { silentLogger } from '../../electron/core/logging/logger.ts';
import { buildPaymentChannels } from '../../electron/core/payments/channels/build-channels.ts';
import { PaymentEngine } from '../../electron/core/payments/payment-engine.ts';
import { PaymentJournal } from '../../electron/core/payments/payment-journal.ts';
import { seededRandom } from '../upstream/chaos.ts';
import type { PaymentTestCredentials } from './payment-credentials.ts';
import { channelSettings, SAMPLE_CODES } from '../support/payments-stack.ts';

const [dataDir, serverUrl, credsFile, flowsArg, seedArg] = process.argv.slice(2) as [string, string, string, string, string];
const creds = JSON.parse(readFileSync(credsFile, 'utf8')) as PaymentTestCredentials;
const flows = Number(flowsArg);
const random = seededRandom(Number(seedArg));

const db = openDatabase(join(dataDir, 'kiosk.db'), { migrations });
const journal = new PaymentJournal(db);
const settings = channelSettings(creds, serverUrl, 150);
const deliveredUpstream = async (orderNo: string): Promise<boolean | undefined> => {
  try {
    const r = await fetch(`${serverUrl}/sim/delivered/${orderNo}`, { signal: AbortSignal.timeout(500) });
    return ((await r.json()) as { delivered: boolean }).delivered;
  } catch {
    return undefined;
  }
};
const engine = new PaymentEngine({
  journal,
  channels: buildPaymentChannels(settings.config, settings.secrets),
  alerts: new AlertBoard(),
  logger: silentLogger,
  terminalId: 'KM-0001',
  limits: { micropaySettleMs: 400, nativeTtlMs: 300, deliveryWindowMs: 2000, unsettledAlertMs: 60_000, pollMs: 20, backoff: { baseMs: 20, capMs: 150 } },
  deliveryChecks: { fine: (order) => deliveredUpstream(order.orderNo) },
});
engine.start(30);

const post = (path: string, body: unknown): Promise<Response> => fetch(`${serverUrl}${path}`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(1000) });
const wallets = ['wechat-pay', 'alipay', 'unionpay-qr'] as const;

let ready = false;
for (let i = 0; i < flows; i++) {
  const pick = random();
  const wallet = wallets[Math.floor(random() * 3)]!;
  const phonePays = random() < 0.7;
  const purchase = { purpose: 'fine', purchaseId: `PUR${i}`, amountFen: 100 + i, subject: '罚款' };
  if (journal.forPurchase('fine', purchase.purchaseId).length > 0) continue;
  let order;
  try {
    if (pick < 0.7) {
      order = await engine.payByCode(purchase, SAMPLE_CODES[wallet]);
    } else {
      const started = await engine.startNative(purchase, wallet);
      order = started.order;
      if (order.state === 'awaiting' && phonePays) await post('/sim/native-pay', { channel: wallet, orderNo: order.orderNo });
      while (['awaiting', 'unknown', 'created'].includes(order.state) && Date.now() < Date.parse(order.deadlineAt)) order = await engine.check(order.orderNo);
      if (order.state !== 'paid') order = await engine.cancel(order.orderNo);
    }
    if (order.state === 'paid') {
      const { orderNo } = order;
      await engine.deliverThrough(order, () => post('/sim/deliver', { orderNo, purchaseId: purchase.purchaseId }));
    }
  } catch (error) {
    process.stderr.write(`flow ${i}: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.stdout.write(`flow ${i}\n`);
  if (!ready) process.stdout.write('READY\n');
  ready = true;
}

while (engine.openCount > 0) await new Promise((resolve) => setTimeout(resolve, 20));
await engine.stop();
process.stdout.write('settled\n');
db.close();
process.exit(0);
