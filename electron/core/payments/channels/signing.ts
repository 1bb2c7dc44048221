/**
 * The signatures the platforms use, built on node:crypto. Each takes the parameters as the
 * platform defines its string-to-sign; none ever logs or returns the secret.
 *
 * - WeChat Pay (v2 API, sign_type=HMAC-SHA256): non-empty params sorted by key as k=v&…, then
 *   `&key=<API key>`, HMAC-SHA256 with the API key, upper-case hex.
 * - Alipay (sign_type=RSA2): non-empty params except sign sorted as k=v&…, SHA256withRSA with the
 *   app's private key, base64; responses are verified with Alipay's public key over the JSON text
 *   of the `…_response` member exactly as sent.
 * - UnionPay (signMethod=11): params except signature sorted as k=v&…, signature = hex
 *   SHA-256(string + '&' + hex SHA-256(secure key)).
 * - Non-tax platform: HMAC-SHA256 (base64) over `appId\ntimestamp\nnonce\nbody`.
 */
import { createHash, createHmac, createSign, createVerify, timingSafeEqual } from 'node:crypto';

export function sortedPairs(params: Record<string, string | undefined>, omit: readonly string[] = []): string {
  return Object.keys(params)
    .filter((k) => !omit.includes(k) && params[k] !== undefined && params[k] !== '')
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&');
}

export function wechatSign(params: Record<string, string | undefined>, apiKey: string): string {
  const text = `${sortedPairs(params, ['sign'])}&key=${apiKey}`;
  return createHmac('sha256', apiKey).update(text, 'utf8').digest('hex').toUpperCase();
}

export function alipaySign(params: Record<string, string | undefined>, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(sortedPairs(params, ['sign']), 'utf8').sign(privateKeyPem, 'base64');
}

export function rsa2Verify(text: string, signature: string, publicKeyPem: string): boolean {
  try {
    return createVerify('RSA-SHA256').update(text, 'utf8').verify(publicKeyPem, signature, 'base64');
  } catch {
    return false;
  }
}

export function rsa2SignText(text: string, privateKeyPem: string): string {
  return createSign('RSA-SHA256').update(text, 'utf8').sign(privateKeyPem, 'base64');
}

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export function unionpaySign(params: Record<string, string | undefined>, secureKey: string): string {
  return sha256Hex(`${sortedPairs(params, ['signature'])}&${sha256Hex(secureKey)}`);
}

export function nonTaxSign(appId: string, timestamp: string, nonce: string, body: string, secret: string): string {
  return createHmac('sha256', secret).update(`${appId}\n${timestamp}\n${nonce}\n${body}`, 'utf8').digest('base64');
}

/** Constant-time comparison of two signatures in the same encoding. */
export function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
