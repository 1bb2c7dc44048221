/**
 * A payment engine on a real SQLite file, talking to the reference payment server on loopback
 * through all four channel adapters. Short limits so faults settle within a test.
 */
import { AlertBoard } from '../../electron/core/alerts/alert-board.ts';
import { openDatabase, closeDatabase, type KioskDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';
import { silentLogger } from '../../electron/core/logging/logger.ts';
import { buildPaymentChannels } from '../../electron/core/payments/channels/build-channels.ts';
import { PaymentEngine, type PaymentLimits, type DeliveryCheck, type PaidUndeliveredPolicy } from '../../electron/core/payments/payment-engine.ts';
import { PaymentJournal } from '../../electron/core/payments/payment-journal.ts';
import { paymentTestCredentials, type PaymentTestCredentials } from '../payments/payment-credentials.ts';
import { startReferencePaymentServer, type ReferencePaymentServer } from '../payments/reference-payment-server.ts';
import type { LedgerOptions } from '../payments/payment-ledger.ts';

export const FAST_LIMITS: PaymentLimits = {
  micropaySettleMs: 1500,
  nativeTtlMs: 1500,
  deliveryWindowMs: 60_000,
  unsettledAlertMs: 60_000,
  pollMs: 40,
  backoff: { baseMs: 40, capMs: 200 },
};

/** Terminal-side settings and secrets for the four channels, as config + credentials folder give them. */
export function channelSettings(creds: PaymentTestCredentials, baseUrl: string, timeoutMs = 400) {
  return {
    config: {
      baseUrl,
      timeoutMs,
      wechatPay: { appId: creds.wechat.appId, mchId: creds.wechat.mchId },
      alipay: { appId: creds.alipay.appId },
      unionpayQr: { merId: creds.unionpay.merId },
      nonTax: { appId: creds.nonTax.appId, agencyCode: creds.nonTax.agencyCode },
    },
    secrets: {
      wechatPayApiKey: creds.wechat.apiKey,
      alipayAppPrivateKey: creds.alipay.appPrivateKey,
      alipayPublicKey: creds.alipay.alipayPublicKey,
      unionpaySecureKey: creds.unionpay.secureKey,
      nonTaxAppSecret: creds.nonTax.appSecret,
    },
  };
}

export interface PaymentsStack {
  server: ReferencePaymentServer;
  creds: PaymentTestCredentials;
  db: KioskDatabase;
  journal: PaymentJournal;
  alerts: AlertBoard;
  engine: PaymentEngine;
  /** A fresh engine on the same database, as after a restart. */
  restart(): PaymentEngine;
  close(): Promise<void>;
}

export async function startPaymentsStack(
  dbPath: string,
  options: {
    ledger?: LedgerOptions;
    limits?: Partial<PaymentLimits>;
    deliveryChecks?: Record<string, DeliveryCheck>;
    paidPolicies?: Record<string, PaidUndeliveredPolicy>;
    timeoutMs?: number;
    /** The console relay the channels are told to notify (config `payments.notifyBaseUrl`). */
    notifyBaseUrl?: string;
    /** This terminal's relay tag (config `payments.notifyTag`), needed with notifyBaseUrl. */
    notifyTag?: string;
    terminalId?: string;
    /** How the reference server retries its notifications. */
    notify?: { retryMs?: number; tries?: number };
  } = {},
): Promise<PaymentsStack> {
  const creds = paymentTestCredentials.cached();
  const server = await startReferencePaymentServer(creds, {
    holdMs: 900,
    ...options.ledger,
    ...(options.notify?.retryMs === undefined ? {} : { notifyRetryMs: options.notify.retryMs }),
    ...(options.notify?.tries === undefined ? {} : { notifyTries: options.notify.tries }),
  });
  const terminalId = options.terminalId ?? 'KM-0001';
  const db = openDatabase(dbPath, { migrations });
  const journal = new PaymentJournal(db);
  const alerts = new AlertBoard();
  const settings = channelSettings(creds, server.url, options.timeoutMs);
  const make = (): PaymentEngine =>
    new PaymentEngine({
      journal,
      channels: buildPaymentChannels({ ...settings.config, terminalId, ...(options.notifyBaseUrl === undefined ? {} : { notifyBaseUrl: options.notifyBaseUrl }), ...(options.notifyTag === undefined ? {} : { notifyTag: options.notifyTag }) }, settings.secrets),
      alerts,
      logger: silentLogger,
      terminalId,
      limits: { ...FAST_LIMITS, ...options.limits },
      ...(options.deliveryChecks === undefined ? {} : { deliveryChecks: options.deliveryChecks }),
      ...(options.paidPolicies === undefined ? {} : { paidPolicies: options.paidPolicies }),
    });
  const stack: PaymentsStack = {
    server,
    creds,
    db,
    journal,
    alerts,
    engine: make(),
    restart() {
      void stack.engine.stop();
      stack.engine = make();
      return stack.engine;
    },
    async close() {
      await stack.engine.stop();
      closeDatabase(db);
      await server.close();
    },
  };
  return stack;
}

/** Sample payment codes of each wallet (fictitious, of the right shape). */
export const SAMPLE_CODES = {
  'wechat-pay': '134567890123456789',
  alipay: '286543210987654321',
  'unionpay-qr': '6225880123456789012',
} as const;
