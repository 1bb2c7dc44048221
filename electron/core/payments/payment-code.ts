/**
 * 付款码: what a citizen's payment code must look like before it is sent anywhere. The prefixes
 * are the wallets' published ranges: WeChat Pay 18 digits starting 10–15, Alipay 16–24 digits
 * starting 25–30, UnionPay 19 digits starting 62. Anything else (a receipt's QR code, an
 * e-licence, a URL) is not a payment code and never reaches a channel.
 */
import type { ChannelId } from './channels/payment-channel.ts';

export type Wallet = 'wechat-pay' | 'alipay' | 'unionpay-qr';

export function walletOfCode(code: string): Wallet | undefined {
  if (/^1[0-5]\d{16}$/.test(code)) return 'wechat-pay';
  if (/^(2[5-9]|30)\d{14,22}$/.test(code)) return 'alipay';
  if (/^62\d{17}$/.test(code)) return 'unionpay-qr';
  return undefined;
}

/** The channel that collects a code: the non-tax platform when the purchase is a payment notice. */
export function channelForCode(code: string, noticeNo: string | undefined, available: readonly ChannelId[]): ChannelId | undefined {
  const wallet = walletOfCode(code);
  if (wallet === undefined) return undefined;
  if (noticeNo !== undefined && available.includes('non-tax')) return 'non-tax';
  return available.includes(wallet) ? wallet : undefined;
}

/** For logs: a payment code is a bearer token for a minute; only its wallet and last 4 digits. */
export const maskCode = (code: string): string => `${walletOfCode(code) ?? 'not-a-code'}…${code.slice(-4)}`;
