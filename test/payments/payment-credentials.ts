/**
 * Fictitious merchant credentials for the reference payment server and the terminal under test:
 * fresh RSA keys per run for Alipay's RSA2, fixed demo secrets for the HMAC schemes. Never real.
 */
import { generateKeyPairSync } from 'node:crypto';
import { DEMO_APP_KEYS, DEMO_PLATFORM_KEYS } from './demo-rsa-keys.ts';

export interface PaymentTestCredentials {
  wechat: { appId: string; mchId: string; apiKey: string };
  alipay: { appId: string; appPrivateKey: string; appPublicKey: string; alipayPrivateKey: string; alipayPublicKey: string };
  unionpay: { merId: string; secureKey: string };
  nonTax: { appId: string; agencyCode: string; appSecret: string };
}

function rsaPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
}

let cached: PaymentTestCredentials | undefined;

export function paymentTestCredentials(): PaymentTestCredentials {
  const app = rsaPair();
  const platform = rsaPair();
  return {
    wechat: { appId: 'wx8888888888888888', mchId: '1900000109', apiKey: 'demo0api0key0for0the0reference00' },
    alipay: { appId: '2021000000000001', appPrivateKey: app.privateKey, appPublicKey: app.publicKey, alipayPrivateKey: platform.privateKey, alipayPublicKey: platform.publicKey },
    unionpay: { merId: '777290058110048', secureKey: 'demo-unionpay-secure-key-000000' },
    nonTax: { appId: 'NT-DEMO-0001', agencyCode: '110000000001', appSecret: 'demo-non-tax-app-secret-0000000' },
  };
}

/** One set per process: RSA key generation is slow enough to matter across many tests. */
paymentTestCredentials.cached = (): PaymentTestCredentials => (cached ??= paymentTestCredentials());

/** The demo's set: fixed keys, so stacks sharing a credentials folder agree. */
export function demoPaymentCredentials(): PaymentTestCredentials {
  const base = paymentTestCredentials.cached();
  return {
    ...base,
    alipay: {
      appId: base.alipay.appId,
      appPrivateKey: DEMO_APP_KEYS.privateKey,
      appPublicKey: DEMO_APP_KEYS.publicKey,
      alipayPrivateKey: DEMO_PLATFORM_KEYS.privateKey,
      alipayPublicKey: DEMO_PLATFORM_KEYS.publicKey,
    },
  };
}
