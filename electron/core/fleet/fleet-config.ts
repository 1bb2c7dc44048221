/**
 * From the `fleet` config section to agent connection settings. The password and a private CA
 * come from fixed files in the credentials folder (config/credentials.ts), so the config itself,
 * which is shown on the maintenance screen and travels in bundles, never holds a secret nor
 * names a file.
 */
import type { TerminalConfig } from '../config/config-schema.ts';
import { readCredential } from '../config/credentials.ts';

export interface FleetConnection {
  brokerUrl: string;
  topicPrefix: string;
  heartbeatMs: number;
  username?: string;
  password?: string;
  ca?: string;
}

/** undefined when the fleet is switched off; throws when a credential file exists but cannot be read. */
export function fleetConnectionFrom(config: TerminalConfig, credentialsDir: string): FleetConnection | undefined {
  const fleet = config.fleet;
  if (!fleet.enabled || fleet.brokerUrl === '') return undefined;
  const password = readCredential(credentialsDir, 'fleetPassword')?.trim();
  const ca = readCredential(credentialsDir, 'fleetCa');
  return {
    brokerUrl: fleet.brokerUrl,
    topicPrefix: fleet.topicPrefix,
    heartbeatMs: fleet.heartbeatSeconds * 1000,
    ...(fleet.username ? { username: fleet.username } : {}),
    ...(password ? { password } : {}),
    ...(ca === undefined ? {} : { ca }),
  };
}
