/** From database rows to the API's shapes (console/shared/api-types.ts). */
import type { AlertNotificationView, AlertView, TerminalView } from '../../shared/api-types.ts';
import { heartbeatSchema } from '../messages/terminal-messages.ts';
import type { AlertRow, TerminalRow } from '../storage/fleet-store.ts';
import type { NotificationRow } from '../storage/notification-store.ts';

type StoredHeartbeat = ReturnType<typeof heartbeatSchema.parse> | undefined;

/**
 * The last heartbeat parsed per terminal, reused while its stored text is the same: the fleet list
 * asks for every terminal every 2 s per open page, and parsing and validating 10,000 heartbeats
 * each time held the console's event loop (and its ingest) for over a second
 * (bench/console-fleet-list.ts). Bounded by the number of terminals.
 */
const parsedHeartbeats = new Map<string, { json: string; heartbeat: StoredHeartbeat }>();

function storedHeartbeat(row: TerminalRow): StoredHeartbeat {
  if (!row.heartbeat_json) return undefined;
  const cached = parsedHeartbeats.get(row.id);
  if (cached?.json === row.heartbeat_json) return cached.heartbeat;
  let heartbeat: StoredHeartbeat;
  try {
    const parsed = heartbeatSchema.safeParse(JSON.parse(row.heartbeat_json));
    heartbeat = parsed.success ? parsed.data : undefined;
  } catch {
    heartbeat = undefined;
  }
  parsedHeartbeats.set(row.id, { json: row.heartbeat_json, heartbeat });
  return heartbeat;
}

export function terminalView(row: TerminalRow, activeAlerts: number): TerminalView {
  const heartbeat = storedHeartbeat(row);
  return {
    id: row.id,
    online: row.online === 1,
    statusSince: row.status_at,
    statusReason: row.status_reason,
    lastHeartbeatAt: row.last_heartbeat_at,
    appVersion: row.app_version,
    configVersion: row.config_version,
    serviceMode: row.service_mode,
    region: row.region,
    hall: row.hall,
    tags: JSON.parse(row.tags) as string[],
    devices: heartbeat?.devices ?? [],
    queue: heartbeat?.queue ?? null,
    disk: heartbeat?.disk ?? null,
    clockSkewMs: row.clock_skew_ms,
    watchdogRestarts: heartbeat?.watchdogRestarts ?? null,
    databasesMovedAside: heartbeat?.databasesMovedAside ?? [],
    lastError: heartbeat?.lastError ? { at: heartbeat.lastError.at, message: heartbeat.lastError.message } : null,
    activeAlerts,
  };
}

export function notificationView(n: NotificationRow): AlertNotificationView {
  return { channel: n.channel as AlertNotificationView['channel'], event: n.event as AlertNotificationView['event'], state: n.state as AlertNotificationView['state'], attempts: n.attempts, nextAt: n.state === 'pending' ? n.next_at : null, detail: n.detail, updatedAt: n.updated_at };
}

/** `notifications`: those of this alert among them (the list passes every listed alert's at once). */
export function alertView(row: AlertRow, notifications: readonly NotificationRow[]): AlertView {
  return {
    id: row.id,
    terminalId: row.terminal_id,
    rule: row.rule,
    state: row.state as AlertView['state'],
    detail: row.detail,
    openedAt: row.opened_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: row.resolved_at,
    resolvedBy: row.resolved_by,
    notifications: notifications.filter((n) => n.alert_id === row.id).map(notificationView),
  };
}
