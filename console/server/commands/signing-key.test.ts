import { createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateSigningKeyPair, publicKeyFromRaw } from '../../../electron/core/config-bundle/ed25519-keys.ts';
import { loadSigningKey, PASSPHRASE_CREDENTIAL } from './signing-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'console-signing-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pair = generateSigningKeyPair();
const PASSPHRASE = 'correct horse battery staple';
const encryptedPem = createPrivateKey(pair.privateKeyPem).export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: PASSPHRASE }).toString();
const keyFile = join(dir, 'console-signing.pem');
writeFileSync(keyFile, encryptedPem, { mode: 0o600 });
const plainFile = join(dir, 'plain.pem');
writeFileSync(plainFile, pair.privateKeyPem, { mode: 0o600 });
const credentials = join(dir, 'credentials');
const signsAsTheFleetKey = (key: ReturnType<typeof loadSigningKey>) => {
  const message = Buffer.from('bianmin');
  return verify(null, message, publicKeyFromRaw(pair.publicKey), sign(null, message, key!.key.privateKey));
};

describe('the console signing key, encrypted at rest', () => {
  it('is absent when not configured', () => {
    expect(loadSigningKey({})).toBeUndefined();
  });

  it('opens an encrypted key file with the passphrase credential (systemd) or the environment', () => {
    expect(encryptedPem).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(encryptedPem).not.toContain(pair.privateKeyPem.split('\n')[1]);
    const viaEnv = loadSigningKey({ CONSOLE_SIGNING_KEY_FILE: keyFile, CONSOLE_SIGNING_KEY_ID: 'fleet-2026', CONSOLE_SIGNING_KEY_PASSPHRASE: PASSPHRASE });
    expect(viaEnv).toMatchObject({ key: { keyId: 'fleet-2026' }, plainInEnvironment: false });
    expect(signsAsTheFleetKey(viaEnv)).toBe(true);
    mkdirSync(credentials, { recursive: true });
    writeFileSync(join(credentials, PASSPHRASE_CREDENTIAL), `${PASSPHRASE}\n`);
    const viaCredential = loadSigningKey({ CONSOLE_SIGNING_KEY_FILE: keyFile, CONSOLE_SIGNING_KEY_ID: 'fleet-2026', CREDENTIALS_DIRECTORY: credentials, CONSOLE_SIGNING_KEY_PASSPHRASE: 'not this one' });
    // The credential wins over the environment: the wrong passphrase there is never tried.
    expect(signsAsTheFleetKey(viaCredential)).toBe(true);
  });

  it.each([
    ['a wrong passphrase', { CONSOLE_SIGNING_KEY_FILE: keyFile, CONSOLE_SIGNING_KEY_ID: 'k', CONSOLE_SIGNING_KEY_PASSPHRASE: 'wrong' }, /wrong passphrase/],
    ['no passphrase', { CONSOLE_SIGNING_KEY_FILE: keyFile, CONSOLE_SIGNING_KEY_ID: 'k' }, /is encrypted: give its passphrase/],
    ['an unencrypted key file', { CONSOLE_SIGNING_KEY_FILE: plainFile, CONSOLE_SIGNING_KEY_ID: 'k' }, /unencrypted key: keep it encrypted at rest/],
    ['a missing file', { CONSOLE_SIGNING_KEY_FILE: join(dir, 'none.pem'), CONSOLE_SIGNING_KEY_ID: 'k' }, /cannot read CONSOLE_SIGNING_KEY_FILE/],
    ['no key id', { CONSOLE_SIGNING_KEY_FILE: keyFile }, /CONSOLE_SIGNING_KEY_ID/],
    ['both sources', { CONSOLE_SIGNING_KEY_FILE: keyFile, CONSOLE_SIGNING_KEY: pair.privateKeyPem, CONSOLE_SIGNING_KEY_ID: 'k' }, /not both/],
    ['a key that is not Ed25519', { CONSOLE_SIGNING_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), CONSOLE_SIGNING_KEY_ID: 'k' }, /not an Ed25519 private key/],
  ])('refuses %s with a clear message', (_what, env, message) => {
    expect(() => loadSigningKey(env)).toThrow(message);
  });

  it('still takes a plain PEM from the environment (a secret manager injects it), and says so', () => {
    const loaded = loadSigningKey({ CONSOLE_SIGNING_KEY: pair.privateKeyPem, CONSOLE_SIGNING_KEY_ID: 'fleet-2026' });
    expect(loaded?.plainInEnvironment).toBe(true);
    expect(signsAsTheFleetKey(loaded)).toBe(true);
  });
});
