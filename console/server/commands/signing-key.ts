/**
 * The console's fleet signing key, kept encrypted at rest: an Ed25519 private key in encrypted
 * PKCS#8 PEM (`-----BEGIN ENCRYPTED PRIVATE KEY-----`, e.g. AES-256-CBC with scrypt/PBKDF2 as
 * OpenSSL or Node write it), decrypted in memory at start with a passphrase that is not stored
 * beside it.
 *
 *   CONSOLE_SIGNING_KEY_FILE        path of the encrypted PEM (a plain key in a file is refused)
 *   CONSOLE_SIGNING_KEY             or the PEM itself (a secret manager's injection); may be plain
 *   CONSOLE_SIGNING_KEY_ID          the id terminals know the key by (their `publicKeys`)
 *   passphrase                      $CREDENTIALS_DIRECTORY/console-signing-passphrase (systemd
 *                                   LoadCredential=), else CONSOLE_SIGNING_KEY_PASSPHRASE
 *
 * Without any key the console still prepares and approves, and bundles signed offline with
 * `kiosk-staff sign` can be uploaded, but nothing can be sent.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import type { SigningKey } from './command-service.ts';

export const PASSPHRASE_CREDENTIAL = 'console-signing-passphrase';
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface LoadedSigningKey {
  key: SigningKey;
  /** True when the key came as plain PEM through the environment (said once in the log). */
  plainInEnvironment: boolean;
}

export function loadSigningKey(env: NodeJS.ProcessEnv): LoadedSigningKey | undefined {
  const file = env.CONSOLE_SIGNING_KEY_FILE;
  const inline = env.CONSOLE_SIGNING_KEY;
  if (!file && !inline) return undefined;
  if (file && inline) throw new Error('set CONSOLE_SIGNING_KEY_FILE or CONSOLE_SIGNING_KEY, not both');
  const keyId = env.CONSOLE_SIGNING_KEY_ID;
  if (!keyId || !KEY_ID.test(keyId)) throw new Error('set CONSOLE_SIGNING_KEY_ID to the id terminals know the signing key by (letters, digits, ".", "_" or "-")');
  const source = file ? `CONSOLE_SIGNING_KEY_FILE (${file})` : 'CONSOLE_SIGNING_KEY';
  let pem: string;
  try {
    pem = file ? readFileSync(file, 'utf8') : (inline ?? '');
  } catch (error) {
    throw new Error(`cannot read ${source}: ${errorMessage(error)}`, { cause: error });
  }
  const encrypted = pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----');
  if (file && !encrypted) {
    throw new Error(`${source} holds an unencrypted key: keep it encrypted at rest (openssl pkcs8 -topk8 -v2 aes-256-cbc -in plain.pem -out ${file}) and give the passphrase as the ${PASSPHRASE_CREDENTIAL} credential`);
  }
  const passphrase = encrypted ? passphraseFrom(env) : undefined;
  if (encrypted && passphrase === undefined) throw new Error(`${source} is encrypted: give its passphrase as the ${PASSPHRASE_CREDENTIAL} credential (systemd LoadCredential=) or CONSOLE_SIGNING_KEY_PASSPHRASE`);
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(passphrase === undefined ? pem : { key: pem, format: 'pem', passphrase });
  } catch (error) {
    throw new Error(`cannot open ${source}${encrypted ? ' (wrong passphrase?)' : ''}: ${errorMessage(error)}`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${source} is not an Ed25519 private key (got ${privateKey.asymmetricKeyType ?? 'unknown'})`);
  return { key: { keyId, privateKey }, plainInEnvironment: !encrypted };
}

function passphraseFrom(env: NodeJS.ProcessEnv): string | undefined {
  const dir = env.CREDENTIALS_DIRECTORY;
  if (dir && existsSync(join(dir, PASSPHRASE_CREDENTIAL))) return readFileSync(join(dir, PASSPHRASE_CREDENTIAL), 'utf8').replace(/\r?\n$/, '');
  return env.CONSOLE_SIGNING_KEY_PASSPHRASE;
}
