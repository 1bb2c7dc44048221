/** Signing a bundle: done by staff with the kiosk-staff CLI on a machine that holds the private key. */
import { sign, type KeyObject } from 'node:crypto';
import { findForbiddenKey } from '../config/forbidden-keys.ts';
import { BUNDLE_FORMAT, bundlePayloadSchema, signedMessage, type BundleEnvelope, type BundlePayload } from './bundle-format.ts';

export interface SignBundleInput {
  payload: BundlePayload;
  keyId: string;
  privateKey: KeyObject;
}

/** Validates the payload's own shape (not the terminal config: the terminal does that) and signs it. */
export function signBundle(input: SignBundleInput): BundleEnvelope {
  // Terminals refuse these (verify-bundle.ts): say so before a signature is spent on it.
  const forbidden = findForbiddenKey(input.payload.config);
  if (forbidden !== undefined) throw new Error(`config.${forbidden}: a key named like this is not allowed`);
  const payload = bundlePayloadSchema.parse(input.payload);
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const signature = sign(null, signedMessage(bytes), input.privateKey);
  return { format: BUNDLE_FORMAT, keyId: input.keyId, payload: bytes.toString('base64url'), signature: signature.toString('base64url') };
}
