/**
 * Ed25519 keys as staff handle them: the private key as a PKCS#8 PEM file that never leaves the
 * signing machine, the public key as 43 base64url characters (the raw 32 bytes) that fit in the
 * terminal config's `publicKeys`.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ED25519_PUBLIC_KEY } from '../config/maintenance-schema.ts';

export interface GeneratedKeyPair {
  privateKeyPem: string;
  /** base64url of the raw public key. */
  publicKey: string;
}

export function generateSigningKeyPair(): GeneratedKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey: rawPublicKey(publicKey) };
}

export function rawPublicKey(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 key');
  return jwk.x;
}

export function publicKeyFromRaw(base64url: string): KeyObject {
  if (!ED25519_PUBLIC_KEY.test(base64url)) throw new Error('not an Ed25519 public key (43 base64url characters expected)');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64url }, format: 'jwk' });
}

export function privateKeyFromPem(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`not an Ed25519 private key (got ${key.asymmetricKeyType ?? 'unknown'})`);
  return key;
}

/** The public half of a private key, for `kiosk-staff keygen` output and sanity checks. */
export function publicKeyOfPrivate(key: KeyObject): string {
  return rawPublicKey(createPublicKey(key));
}
