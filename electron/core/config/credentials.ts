/**
 * Secrets and private CAs come from fixed file names in one credentials folder, never from a path
 * in the configuration: a path there could name any file (the outbox key, say) and send it to
 * whoever controls the broker the config points at.
 *
 * The folder is `$CREDENTIALS_DIRECTORY` when systemd provides one (LoadCredential=), otherwise
 * `credentials/` beside the data directory, so it is neither in the data directory's exports nor
 * in config history. Files (PEM unless noted), each optional:
 *
 *   fleet-password        the MQTT password (one line)
 *   fleet-ca.pem          CA that signed the broker's certificate (mqtts/wss to a private CA)
 *   upstream-ca.pem       CA that signed the upstream's certificate (pinned: replaces the system CAs)
 *   upstream-client.crt   client certificate for mutual TLS with the upstream
 *   upstream-client.key   its private key (both or neither)
 *   wechat-pay-api-key    WeChat Pay merchant API key (one line)
 *   alipay-app-private-key.pem  the Alipay app's RSA private key; alipay-public-key.pem: Alipay's public key
 *   unionpay-secure-key   UnionPay secure key (one line)
 *   non-tax-app-secret    the non-tax platform's app secret (one line)
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const CREDENTIAL_FILES = {
  fleetPassword: 'fleet-password',
  fleetCa: 'fleet-ca.pem',
  upstreamCa: 'upstream-ca.pem',
  upstreamClientCert: 'upstream-client.crt',
  upstreamClientKey: 'upstream-client.key',
  wechatPayApiKey: 'wechat-pay-api-key',
  alipayAppPrivateKey: 'alipay-app-private-key.pem',
  alipayPublicKey: 'alipay-public-key.pem',
  unionpaySecureKey: 'unionpay-secure-key',
  nonTaxAppSecret: 'non-tax-app-secret',
} as const;

export type CredentialName = keyof typeof CREDENTIAL_FILES;

export function credentialsDir(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromSystemd = env.CREDENTIALS_DIRECTORY;
  return fromSystemd !== undefined && fromSystemd !== '' ? fromSystemd : join(dirname(dataDir), 'credentials');
}

/**
 * The credential's text; undefined when the file does not exist (the credential is not used).
 * A file that exists but cannot be read throws, naming it: a secret that silently goes missing
 * would turn into a connection without it.
 */
export function readCredential(dir: string, name: CredentialName): string | undefined {
  const path = join(dir, CREDENTIAL_FILES[name]);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new Error(`credential ${CREDENTIAL_FILES[name]} cannot be read in ${dir} (${code ?? 'error'})`, { cause: error });
  }
}

export interface UpstreamTls {
  /** Pinned CA: only certificates it signed are accepted. */
  ca?: string;
  cert?: string;
  key?: string;
}

/** TLS material for the upstream; undefined when the folder holds none. Throws on a half pair. */
export function upstreamTlsFrom(dir: string): UpstreamTls | undefined {
  const ca = readCredential(dir, 'upstreamCa');
  const cert = readCredential(dir, 'upstreamClientCert');
  const key = readCredential(dir, 'upstreamClientKey');
  if ((cert === undefined) !== (key === undefined)) {
    throw new Error(`${CREDENTIAL_FILES.upstreamClientCert} and ${CREDENTIAL_FILES.upstreamClientKey} must both be present in ${dir}, or neither`);
  }
  if (ca === undefined && cert === undefined) return undefined;
  return { ...(ca === undefined ? {} : { ca }), ...(cert === undefined || key === undefined ? {} : { cert, key }) };
}
