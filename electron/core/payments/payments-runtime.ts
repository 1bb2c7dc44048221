/**
 * The payments capability as the core runs it: the channels built from the fleet-only config and
 * the credentials folder, the engine with its settle loop, the purchase quotes services register,
 * and the daily reconciliation (after 02:30 China time, for the day before).
 */
import type { AlertBoard } from '../alerts/alert-board.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import { readCredential } from '../config/credentials.ts';
import type { KioskDatabase } from '../db/database.ts';
import type { Logger } from '../logging/logger.ts';
import { buildPaymentChannels, type PaymentSecrets } from './channels/build-channels.ts';
import { DailyReconciliation } from './daily-reconciliation.ts';
import { PaymentEngine, type DeliveryCheck, type PaidUndeliveredPolicy, type Purchase } from './payment-engine.ts';
import { PaymentJournal } from './payment-journal.ts';
import { reconcileDay, type ReconciliationReport } from './reconciliation.ts';

/** A service's price for one of its purchases, asked at payment time (undefined: no such purchase). */
export type PurchaseQuote = (purchaseId: string) => Promise<Omit<Purchase, 'purpose' | 'purchaseId'> | undefined>;

export interface PaymentsRuntime {
  engine: PaymentEngine;
  journal: PaymentJournal;
  /**
   * Services register how to price their purchases, how to tell after a crash whether one was
   * delivered, and what an abandoned paid order becomes (default: refunded; a fine: delivered).
   */
  registerPurpose(purpose: string, quote: PurchaseQuote, deliveryCheck?: DeliveryCheck, paidPolicy?: PaidUndeliveredPolicy): void;
  quote(purpose: string, purchaseId: string): Promise<Purchase | undefined>;
  reconcile(day: string): Promise<ReconciliationReport>;
  /** The daily run (after 02:30 China time, for the day before); tests drive it through tick(). */
  daily: DailyReconciliation;
  stop(): Promise<void>;
}

export function paymentSecretsFrom(dir: string): PaymentSecrets {
  const secrets: PaymentSecrets = {};
  for (const name of ['wechatPayApiKey', 'alipayAppPrivateKey', 'alipayPublicKey', 'unionpaySecureKey', 'nonTaxAppSecret'] as const) {
    const value = readCredential(dir, name);
    if (value !== undefined) secrets[name] = value;
  }
  return secrets;
}

export function startPayments(options: {
  config: TerminalConfig;
  db: KioskDatabase;
  alerts: AlertBoard;
  logger: Logger;
  credentialsDir: string;
  now?: () => Date;
  /** How often the daily reconciliation looks at the clock (default a minute). */
  dailyCheckMs?: number;
}): PaymentsRuntime | undefined {
  const payments = options.config.payments;
  if (payments === undefined) return undefined;
  const logger = options.logger.child('payments');
  const channels = buildPaymentChannels(
    { baseUrl: payments.gatewayUrl, timeoutMs: payments.timeoutMs, terminalId: options.config.terminalId, ...omitUndefined(payments) },
    paymentSecretsFrom(options.credentialsDir),
  );
  if (payments.notifyBaseUrl !== undefined && payments.notifyTag === undefined) logger.warn('payments.notifyBaseUrl without payments.notifyTag: no notify URL is given to the channels (queries only)');
  const missing = (['wechatPay', 'alipay', 'unionpayQr', 'nonTax'] as const).filter((k) => payments[k] !== undefined).length - Object.keys(channels).length;
  if (missing > 0) logger.warn('payment channels configured without their secret in the credentials folder are not offered', { missing });
  const journal = new PaymentJournal(options.db);
  const quotes = new Map<string, PurchaseQuote>();
  const deliveryChecks: Record<string, DeliveryCheck> = {};
  const paidPolicies: Record<string, PaidUndeliveredPolicy> = {};
  const engine = new PaymentEngine({
    journal,
    channels,
    alerts: options.alerts,
    logger,
    terminalId: options.config.terminalId,
    limits: { micropaySettleMs: payments.micropaySettleSeconds * 1000, nativeTtlMs: payments.nativeTtlSeconds * 1000 },
    deliveryChecks,
    paidPolicies,
    ...(options.now ? { now: options.now } : {}),
  });
  engine.start();
  const prefix = options.config.terminalId.replace(/[^A-Za-z0-9]/g, '').slice(-8).toUpperCase();
  const reconcile = (day: string) => reconcileDay(day, journal, Object.fromEntries(engine.channels.map((id) => [id, engine.channelFor(id)])), options.alerts, prefix);
  const daily = new DailyReconciliation({ reconcile, logger, ...(options.now ? { now: options.now } : {}) });
  daily.start(options.dailyCheckMs);
  return {
    engine,
    journal,
    registerPurpose(purpose, quote, deliveryCheck, paidPolicy) {
      quotes.set(purpose, quote);
      if (deliveryCheck) deliveryChecks[purpose] = deliveryCheck;
      if (paidPolicy) paidPolicies[purpose] = paidPolicy;
    },
    async quote(purpose, purchaseId) {
      const q = await quotes.get(purpose)?.(purchaseId);
      return q === undefined ? undefined : { purpose, purchaseId, ...q };
    },
    reconcile,
    daily,
    async stop() {
      daily.stop();
      await engine.stop();
    },
  };
}

function omitUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
