/** The maintenance overview: one call gathers what the first screen shows. */
import { statfs } from 'node:fs/promises';
import type { MaintenanceOverview, ServiceModeView } from '../../contract/maintenance-api.ts';
import { networkStateView } from '../terminal/network-state.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { ConfigHistory } from '../config/config-history.ts';
import type { ConfigStore } from '../config/load-config.ts';
import type { DeviceManager } from '../devices/device-manager.ts';
import type { LastError } from '../fleet/heartbeat.ts';
import { totalSize, type RotatingFileSink } from '../logging/rotating-file-sink.ts';
import type { RunningOutbox } from '../outbox/outbox-runtime.ts';
import type { ServiceModeState } from '../staff/service-mode.ts';
import { queueCounts } from './queue-view.ts';
import { errorMessage } from '../util/error-message.ts';

export interface OverviewSources {
  appVersion: string;
  startedAt: number;
  dataDir: string;
  store: ConfigStore;
  history: ConfigHistory;
  devices: DeviceManager;
  outbox: RunningOutbox;
  serviceMode: () => ServiceModeState;
  lastError: () => LastError | null;
  audit: AuditLog;
  sink: RotatingFileSink;
  fleet: () => { enabled: boolean; state: string };
}

export function serviceModeView(state: ServiceModeState): ServiceModeView {
  return state.mode === 'in-service'
    ? { outOfService: false, since: state.since }
    : { outOfService: true, since: state.since, by: state.by, message: { ...state.message } };
}

export async function buildOverview(s: OverviewSources): Promise<MaintenanceOverview> {
  const config = s.store.current;
  const disk = await statfs(s.dataDir)
    .then((fs) => ({ freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize }))
    .catch((error: unknown) => ({ error: errorMessage(error) }));
  const files = s.sink.files();
  return {
    terminalId: config.terminalId,
    appVersion: s.appVersion,
    uptimeSeconds: Math.round((Date.now() - s.startedAt) / 1000),
    config: { version: config.version, seq: s.history.head()?.meta.seq ?? null, source: s.store.source },
    devices: s.devices.health(),
    queue: queueCounts(s.outbox.outbox),
    network: networkStateView(s.outbox.monitor, s.outbox.outbox),
    disk,
    lastError: s.lastError(),
    serviceMode: serviceModeView(s.serviceMode()),
    audit: s.audit.head(),
    logs: { files: files.length, bytes: totalSize(files), droppedLines: s.sink.droppedLines },
    fleet: s.fleet(),
    alerts: s.outbox.alerts.list(),
  };
}
