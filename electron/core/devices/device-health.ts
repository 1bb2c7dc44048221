/**
 * The health summary maintenance screens and the fleet heartbeat show per device: richer than the
 * renderer's DeviceStatus (which must stay free of hardware identifiers), never personal data.
 */
import type { DeviceKind, DeviceStateKind } from '../../contract/kiosk-api.ts';

export interface DeviceHealth {
  device: DeviceKind;
  /** False for a device that is disabled or not configured on this terminal. */
  configured: boolean;
  state: DeviceStateKind;
  /** Why the device is in error or disconnected ('paper-out', 'serial port error: EIO'...). */
  reason?: string;
  /** Non-fatal conditions: paper near end, card present... */
  flags: string[];
  /** ISO time the device entered its current state. */
  since: string;
  /** Hardware identity: the reader's SAM module number, line speed, printer endpoint. */
  details: Record<string, string>;
  /** The most recent failure, kept after the device recovered so maintenance can see what happened. */
  lastError?: { reason: string; at: string };
  /** Failed (re)open attempts since the device was last opened successfully. */
  reconnectAttempts: number;
}

/** Devices whose health is not 'ready'/'busy', e.g. for a heartbeat's one-line summary. */
export function unhealthy(health: readonly DeviceHealth[]): DeviceHealth[] {
  return health.filter((h) => h.configured && h.state !== 'ready' && h.state !== 'busy');
}
