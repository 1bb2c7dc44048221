/** Keys, bundles and a terminal data directory for the config-bundle tests. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeyPair, privateKeyFromPem } from '../../electron/core/config-bundle/ed25519-keys.ts';
import { signBundle } from '../../electron/core/config-bundle/sign-bundle.ts';
import type { BundleEnvelope, BundlePayload } from '../../electron/core/config-bundle/bundle-format.ts';

export const defaultsPath = join(import.meta.dirname, '../../resources/config/default.json');

export function makeKey(id: string) {
  const pair = generateSigningKeyPair();
  return { id, publicKey: pair.publicKey, privateKey: privateKeyFromPem(pair.privateKeyPem), pem: pair.privateKeyPem };
}

export type TestKey = ReturnType<typeof makeKey>;

export function bundle(key: TestKey, version: string, config: Record<string, unknown>, extra: Partial<BundlePayload> = {}): BundleEnvelope {
  return signBundle({ keyId: key.id, privateKey: key.privateKey, payload: { version, issuedAt: '2025-03-01T08:00:00Z', config, ...extra } });
}

/** The local override that pins the fleet key on a terminal. */
export function writeTrustingOverride(path: string, keys: TestKey[], extra: Record<string, unknown> = {}): void {
  writeFileSync(path, JSON.stringify({ terminalId: 'KM-0001', publicKeys: keys.map((k) => ({ id: k.id, key: k.publicKey })), ...extra }));
}
