/**
 * The console HTTP API's shapes, shared by the server and the web UI (types only: the UI bundle
 * gets no server code). Times are ISO-8601 UTC strings.
 */
export type Role = 'viewer' | 'operator' | 'publisher' | 'admin';

export interface SessionInfo {
  username: string;
  role: Role;
  csrfToken: string;
}

export interface DeviceView {
  device: string;
  state: string;
  reason?: string;
  flags?: string[];
}

export interface TerminalView {
  id: string;
  online: boolean;
  /** When the console saw the current online/offline state begin. */
  statusSince: string | null;
  statusReason: string | null;
  lastHeartbeatAt: string | null;
  appVersion: string | null;
  configVersion: string | null;
  serviceMode: string | null;
  region: string | null;
  hall: string | null;
  tags: string[];
  devices: DeviceView[];
  queue: { pending: number; failed: number; oldestPendingAt?: string; held?: number; undecryptable?: number } | { error: string } | null;
  disk: { freeBytes: number; totalBytes: number } | { error: string } | null;
  clockSkewMs: number | null;
  watchdogRestarts: number | null;
  lastError: { at: string; message: string } | null;
  activeAlerts: number;
}

export interface TerminalDetail {
  terminal: TerminalView;
  statusHistory: { state: string; reason: string | null; at: string; receivedAt: string }[];
  events: { type: string; at: string; data: Record<string, unknown> }[];
  acks: { commandId: string; commandType: string | null; status: string; at: string; detail: string | null }[];
  logs: { requestId: string; complete: boolean; missing: number[]; text: string; receivedAt: string }[];
  alerts: AlertView[];
}

export interface AlertView {
  id: number;
  terminalId: string;
  rule: string;
  state: 'open' | 'acknowledged' | 'resolved';
  detail: string;
  openedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  notifyState: string;
  notifyDetail: string | null;
}

export interface IngestStats {
  stored: Record<string, number>;
  malformed: Record<string, number>;
  storeErrors: number;
  unroutable: number;
}

export interface ApiError {
  error: string;
  message: string;
  retryAfterSeconds?: number;
}

export interface CommandView {
  id: number;
  name: string;
  args: Record<string, unknown>;
  targets: { terminals?: string[]; groups?: string[] };
  /** proposed → sent | unsent (publish failed: resend) | rejected. */
  state: 'proposed' | 'signed' | 'sent' | 'unsent' | 'rejected';
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  nonce: string | null;
  expiresAt: string | null;
  sendError: string | null;
  /** The latest acknowledgement per terminal. */
  acks: { terminalId: string; status: string; at: string; detail: string | null }[];
}

export interface RolloutView {
  id: number;
  version: string;
  config: Record<string, unknown>;
  note: string | null;
  canary: string[];
  rest: string[];
  canaryWaitMinutes: number;
  canaryTimeoutMinutes: number;
  state: 'proposed' | 'canary' | 'rest' | 'done' | 'halted' | 'rejected' | 'rolled-back';
  proposedBy: string;
  proposedAt: string;
  approvedBy: string | null;
  approvedAt: string | null;
  haltReason: string | null;
  rollbackVersion: string | null;
  /** The reload-config commands it sent (canary, rest, rollback): their acks are on the commands page. */
  commandIds: number[];
}
