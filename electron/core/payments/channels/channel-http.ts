/**
 * One HTTP exchange with a payment channel. A timeout, a dropped connection or a 5xx is an
 * 'unknown' outcome (the request may have been applied), never a refusal.
 */
import { errorMessage } from '../../util/error-message.ts';

export type HttpExchange = { kind: 'answer'; status: number; body: string } | { kind: 'unknown'; reason: string };

export async function postToChannel(url: string, body: string, contentType: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<HttpExchange> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': contentType, ...headers },
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    if (response.status >= 500) return { kind: 'unknown', reason: `http ${response.status}` };
    return { kind: 'answer', status: response.status, body: text };
  } catch (error) {
    const name = (error as { name?: string } | null)?.name;
    return { kind: 'unknown', reason: name === 'TimeoutError' ? 'timeout' : errorMessage(error).slice(0, 120) };
  }
}

/** Amounts: channels that speak yuan with two decimals ("12.30"). */
export const fenToYuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export function yuanToFen(yuan: string | undefined): number | undefined {
  if (yuan === undefined || !/^\d{1,9}(\.\d{1,2})?$/.test(yuan)) return undefined;
  const [whole, part = ''] = yuan.split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}

export function fenFromDigits(text: string | undefined): number | undefined {
  return text !== undefined && /^\d{1,10}$/.test(text) ? Number(text) : undefined;
}

/** A random nonce for the platforms that want one per request. */
export const nonce = (): string => crypto.randomUUID().replaceAll('-', '');
