/**
 * The terminal side of the endorsement fee's SIGKILL test: pays endorsement fees against the
 * reference payment server and queues each paid application in the real outbox through the
 * engine's delivery step (deliverThrough) and delivery check, on one data directory, and is
 * killed at random points by the parent
 * (test/integration/electron/core/services/hk-macau-endorsement/hk-macau-endorsement-fee-sigkill.test.ts).
 * Each purchase gets one attempt; a restarted run skips purchases the journal already has and lets
 * the settle loop finish what the killed run left. Prints `flow <i>` per finished flow, READY after
 * the first one, `settled` at the end.
 *   node child.mjs <data dir> <server url> <creds json> <flows> <seed>
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlertBoard } from '../../electron/core/alerts/alert-board.ts';
import { openDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { silentLogger } from '../../electron/core/logging/logger.ts';
import { Outbox } from '../../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../../electron/core/outbox/outbox-key.ts';
import { buildPaymentChannels } from '../../electron/core/payments/channels/build-channels.ts';
import { PaymentEngine } from '../../electron/core/payments/payment-engine.ts';
import { PaymentJournal } from '../../electron/core/payments/payment-journal.ts';
import { endorsementDeliveryCheck, ENDORSEMENT_FEE_PURPOSE } from '../../electron/core/services/hk-macau-endorsement/endorsement-fee.ts';
import { ENDORSEMENT_KIND, ENDORSEMENT_STREAM, endorsementKey } from '../../electron/core/services/hk-macau-endorsement/endorsement-upstream.ts';
import { OutboxSubmissionSink } from '../../electron/core/services/shared/submission-sink.ts';
import { seededRandom } from '../upstream/chaos.ts';
import type { PaymentTestCredentials } from './payment-credentials.ts';
import { channelSettings, SAMPLE_CODES } from '../support/payments-stack.ts';

const ENDORSEMENT_FEE_FEN = 1500;

const [dataDir, serverUrl, credsFile, flowsArg, seedArg] = process.argv.slice(2) as [string, string, string, string, string];
const creds = JSON.parse(readFileSync(credsFile, 'utf8')) as PaymentTestCredentials;
const flows = Number(flowsArg);
const random = seededRandom(Number(seedArg));

const db = openDatabase(join(dataDir, 'kiosk.db'), { migrations });
// A fixed test key: the verdict counts the outbox's keys, never its sealed payloads.
const outbox = new Outbox(db, { keys: new OutboxKey(Buffer.alloc(32, 0x42)) });
const sink = new OutboxSubmissionSink(outbox);
const journal = new PaymentJournal(db);
const settings = channelSettings(creds, serverUrl, 150);
const engine = new PaymentEngine({
  journal,
  channels: buildPaymentChannels(settings.config, settings.secrets),
  alerts: new AlertBoard(),
  logger: silentLogger,
  terminalId: 'KM-0001',
  limits: { micropaySettleMs: 400, nativeTtlMs: 300, deliveryWindowMs: 2000, unsettledAlertMs: 60_000, pollMs: 20, backoff: { baseMs: 20, capMs: 150 } },
  deliveryChecks: { [ENDORSEMENT_FEE_PURPOSE]: endorsementDeliveryCheck(sink) },
});
engine.start(30);

const post = (path: string, body: unknown): Promise<Response> => fetch(`${serverUrl}${path}`, { method: 'POST', body: JSON.stringify(body), signal: AbortSignal.timeout(1000) });
/** Lets a kill land between the steps of the delivery, as it could in a kiosk serving other I/O. */
const gap = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const wallets = ['wechat-pay', 'alipay', 'unionpay-qr'] as const;
let ready = false;

for (let i = 0; i < flows; i++) {
  const wallet = wallets[Math.floor(random() * 3)]!;
  const byCode = random() < 0.5;
  const purchaseId = `EF${i}`;
  const purchase = { purpose: ENDORSEMENT_FEE_PURPOSE, purchaseId, amountFen: ENDORSEMENT_FEE_FEN, subject: '往来港澳签注费（L）' };
  if (journal.forPurchase(ENDORSEMENT_FEE_PURPOSE, purchaseId).length > 0) continue;
  try {
    let order;
    if (byCode) {
      order = await engine.payByCode(purchase, SAMPLE_CODES[wallet]);
    } else {
      const started = await engine.startNative(purchase, wallet);
      order = started.order;
      if (order.state === 'awaiting') await post('/sim/native-pay', { channel: wallet, orderNo: order.orderNo });
      while (['awaiting', 'unknown', 'created'].includes(order.state) && Date.now() < Date.parse(order.deadlineAt)) order = await engine.check(order.orderNo);
      if (order.state !== 'paid') order = await engine.cancel(order.orderNo);
    }
    if (order.state === 'paid') {
      await gap();
      await engine.deliverThrough(order, async () => {
        await gap();
        const outcome = await sink.submit({ stream: ENDORSEMENT_STREAM, kind: ENDORSEMENT_KIND, payload: { payment: { status: 'paid', orderNo: order.orderNo } }, personal: true, idempotencyKey: endorsementKey(purchaseId) });
        await gap();
        return outcome;
      });
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
