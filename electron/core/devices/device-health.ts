/**
 * The health summary maintenance screens and the fleet heartbeat show per device: richer than the
 * renderer's DeviceStatus (which must stay free of hardware identifiers), never personal data.
 */
import type { MaintenanceDeviceHealth } from '../../contract/kiosk-api.ts';

/** The contract's per-device health (maintenance overview and heartbeat share the one shape). */
export type DeviceHealth = MaintenanceDeviceHealth;

/** Devices whose health is not 'ready'/'busy', e.g. for a heartbeat's one-line summary. */
export function unhealthy(health: readonly DeviceHealth[]): DeviceHealth[] {
  return health.filter((h) => h.configured && h.state !== 'ready' && h.state !== 'busy');
}
