/** Tests' terminal row: a healthy, online terminal with nothing reported, overridden field by field. */
import type { TerminalView } from '../../shared/api-types.ts';

export const terminal = (id: string, over: Partial<TerminalView> = {}): TerminalView => ({
  id,
  online: true,
  statusSince: null,
  statusReason: null,
  lastHeartbeatAt: null,
  appVersion: '1.0.0',
  configVersion: '1',
  serviceMode: 'in-service',
  region: null,
  hall: null,
  tags: [],
  devices: [],
  queue: null,
  disk: null,
  clockSkewMs: null,
  watchdogRestarts: null,
  databasesMovedAside: [],
  lastError: null,
  activeAlerts: 0,
  ...over,
});
