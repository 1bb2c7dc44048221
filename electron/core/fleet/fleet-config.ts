/**
 * From the `fleet` config section to agent connection settings. The password and CA live in files
 * (readable by the kiosk user only), so the config itself, which is shown on the maintenance
 * screen and travels in bundles, never holds a secret.
 */
import { readFileSync } from 'node:fs';
import type { TerminalConfig } from '../config/config-schema.ts';

export interface FleetConnection {
  brokerUrl: string;
  topicPrefix: string;
  heartbeatMs: number;
  username?: string;
  password?: string;
  ca?: string;
}

/** undefined when the fleet is switched off; throws when a named secret file cannot be read. */
export function fleetConnectionFrom(config: TerminalConfig): FleetConnection | undefined {
  const fleet = config.fleet;
  if (!fleet.enabled || fleet.brokerUrl === '') return undefined;
  const read = (path: string, what: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new Error(`fleet.${what}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
    }
  };
  return {
    brokerUrl: fleet.brokerUrl,
    topicPrefix: fleet.topicPrefix,
    heartbeatMs: fleet.heartbeatSeconds * 1000,
    ...(fleet.username ? { username: fleet.username } : {}),
    ...(fleet.passwordFile ? { password: read(fleet.passwordFile, 'passwordFile').trim() } : {}),
    ...(fleet.caFile ? { ca: read(fleet.caFile, 'caFile') } : {}),
  };
}
