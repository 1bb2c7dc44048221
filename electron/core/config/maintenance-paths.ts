/** Where the maintenance and fleet services keep their state inside the terminal's data directory. */
import { join } from 'node:path';

export interface MaintenancePaths {
  /** Local override (existing: kiosk-core's default). */
  override: string;
  configHistory: string;
  bootMarker: string;
  bundleState: string;
  /** Keys withdrawn by bundles; outside config history so no rollback restores trust in them. */
  revokedKeys: string;
  audit: string;
  staffAuth: string;
  /** Registered staff cards (hashed ID numbers), staff-cards.ts. */
  staffCards: string;
  serviceMode: string;
  fleetCommands: string;
  logFile: string;
}

export function maintenancePaths(dataDir: string): MaintenancePaths {
  return {
    override: join(dataDir, 'config.json'),
    configHistory: join(dataDir, 'config-history'),
    bootMarker: join(dataDir, 'boot.marker.json'),
    bundleState: join(dataDir, 'bundle-state.json'),
    revokedKeys: join(dataDir, 'trust', 'revoked-keys.json'),
    audit: join(dataDir, 'audit.jsonl'),
    staffAuth: join(dataDir, 'staff-auth.json'),
    staffCards: join(dataDir, 'staff-cards.json'),
    serviceMode: join(dataDir, 'service-mode.json'),
    fleetCommands: join(dataDir, 'fleet-commands.json'),
    logFile: join(dataDir, 'logs', 'kiosk.log'),
  };
}
