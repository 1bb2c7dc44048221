/**
 * Builds the configured channel adapters: ids and endpoints from the (fleet-only) config, secrets
 * from the credentials folder by fixed names. A channel without its secret is not built: it is
 * better not offered at all than offered and failing at the citizen's payment.
 */
import { AlipayChannel } from './alipay.ts';
import { NonTaxChannel } from './non-tax.ts';
import type { ChannelId, PaymentChannel } from './payment-channel.ts';
import { UnionpayQrChannel } from './unionpay-qr.ts';
import { WechatPayChannel } from './wechat-pay.ts';

export interface PaymentChannelsConfig {
  /** Where the channels' gateways are (a payment front server of the operator, or the reference server). */
  baseUrl: string;
  timeoutMs: number;
  /** The console's relay (`payments.notifyBaseUrl`): each channel is told `<base>/pay/notify/<channel>/<terminalId>/<notifyTag>`. */
  notifyBaseUrl?: string;
  /** This terminal's relay tag (`payments.notifyTag`); without it no notify URL is given (queries only). */
  notifyTag?: string;
  terminalId?: string;
  wechatPay?: { appId: string; mchId: string };
  alipay?: { appId: string };
  unionpayQr?: { merId: string };
  nonTax?: { appId: string; agencyCode: string };
}

export interface PaymentSecrets {
  wechatPayApiKey?: string;
  alipayAppPrivateKey?: string;
  alipayPublicKey?: string;
  unionpaySecureKey?: string;
  nonTaxAppSecret?: string;
}

export function buildPaymentChannels(config: PaymentChannelsConfig, secrets: PaymentSecrets): Partial<Record<ChannelId, PaymentChannel>> {
  const base = { baseUrl: config.baseUrl.replace(/\/+$/, ''), timeoutMs: config.timeoutMs };
  const endpoint = (id: ChannelId) => ({
    ...base,
    ...(config.notifyBaseUrl && config.terminalId && config.notifyTag ? { notifyUrl: notifyUrlFor(config.notifyBaseUrl, id, config.terminalId, config.notifyTag) } : {}),
  });
  const channels: Partial<Record<ChannelId, PaymentChannel>> = {};
  if (config.wechatPay && secrets.wechatPayApiKey) channels['wechat-pay'] = new WechatPayChannel({ ...endpoint('wechat-pay'), ...config.wechatPay, apiKey: secrets.wechatPayApiKey.trim() });
  if (config.alipay && secrets.alipayAppPrivateKey && secrets.alipayPublicKey) {
    channels.alipay = new AlipayChannel({ ...endpoint('alipay'), ...config.alipay, appPrivateKey: secrets.alipayAppPrivateKey, alipayPublicKey: secrets.alipayPublicKey });
  }
  if (config.unionpayQr && secrets.unionpaySecureKey) channels['unionpay-qr'] = new UnionpayQrChannel({ ...endpoint('unionpay-qr'), ...config.unionpayQr, secureKey: secrets.unionpaySecureKey.trim() });
  if (config.nonTax && secrets.nonTaxAppSecret) channels['non-tax'] = new NonTaxChannel({ ...endpoint('non-tax'), ...config.nonTax, appSecret: secrets.nonTaxAppSecret.trim() });
  return channels;
}

/** The notify URL a channel is given for this terminal: the console relays what arrives there (console/server/payment-relay/). */
export function notifyUrlFor(notifyBaseUrl: string, channel: ChannelId, terminalId: string, notifyTag: string): string {
  return `${notifyBaseUrl.replace(/\/+$/, '')}/pay/notify/${channel}/${encodeURIComponent(terminalId)}/${encodeURIComponent(notifyTag)}`;
}
