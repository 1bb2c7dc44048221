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
  /** Damaged databases the terminal moved aside and still keeps (file names). */
  databasesMovedAside: string[];
  lastError: { at: string; message: string } | null;
  activeAlerts: number;
}

/**
 * `GET /api/terminals?since=<cursor>`: the terminals whose view changed since the answer that gave
 * `cursor`, and the ids no longer listed. `full`: the cursor was empty or not this console
 * process's (a restart, another instance), so `terminals` is the whole fleet and replaces it.
 */
export interface TerminalChanges {
  cursor: string;
  full: boolean;
  terminals: TerminalView[];
  removed: string[];
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
  /** One per channel and event (raised, resolved); none when no channel was configured at the time. */
  notifications: AlertNotificationView[];
}

export interface AlertNotificationView {
  channel: 'webhook' | 'email';
  event: 'raised' | 'resolved';
  /** failed: refused for good (a robot's 4xx/errcode, an SMTP 5xx), detail says why; pending: retried at nextAt. */
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  nextAt: string | null;
  detail: string | null;
  updatedAt: string;
}

/** GET /api/notifications (admins): each channel as configured here and what it delivered. */
export interface NotifyChannelsView {
  channels: {
    channel: 'webhook' | 'email';
    configured: boolean;
    /** False while administrators have paused it (the robot): its pending notifications wait. */
    enabled: boolean;
    /** Where it sends (robot kind; SMTP host:port and TLS mode, sender, default recipients): never a secret. */
    target: string | null;
    counts: { pending: number; sent: number; failed: number };
    /** The latest definite refusals, newest first. */
    failures: { alertId: number; event: 'raised' | 'resolved'; detail: string | null; at: string }[];
  }[];
}

/** Alert mail recipient lists: the rule's, else the severity's, else the default (an empty list: no mail). */
export interface EmailRecipientsView {
  default: string[];
  bySeverity: Partial<Record<string, string[]>>;
  byRule: Partial<Record<string, string[]>>;
}

/** One field of the notification settings before and after a version; a list not set (falls back) is null. */
export interface NotifySettingsChangeView {
  field: string;
  from: string | string[] | boolean | null;
  to: string | string[] | boolean | null;
}

/** GET /api/notifications/settings (admins): recipients and robot on/off in force, the file's transport read-only, the versions. */
export interface NotifySettingsView {
  /** 0: never edited in the console (the configuration file's lists are in force). */
  version: number;
  source: 'file' | 'console';
  changedBy: string | null;
  changedAt: string | null;
  /** A stored version this console cannot read (the file's lists are used meanwhile). */
  problem: string | null;
  /** The lists in force; null without an `email` section in the configuration file. */
  recipients: EmailRecipientsView | null;
  /** The configuration file's lists (the initial ones, and what "back to the file" returns to). */
  fileRecipients: EmailRecipientsView | null;
  webhookConfigured: boolean;
  webhookEnabled: boolean;
  /** From the configuration file, never edited here (it decides where data goes); never a password. */
  transport: { host: string; port: number; tls: 'implicit' | 'starttls' | 'none'; username: string | null; from: string; subjectPrefix: string; consoleUrl: string; timeZone: string } | null;
  severities: string[];
  rules: { rule: string; severity: string }[];
  /** Newest first. */
  history: { version: number; changedBy: string; changedAt: string; changes: NotifySettingsChangeView[] }[];
}

/** POST /api/notifications/settings: the whole settings over the version the editor saw (409 if another was saved since). */
export interface NotifySettingsEditBody {
  baseVersion: number;
  /** null: back to the configuration file's lists. */
  recipients: EmailRecipientsView | null;
  webhookEnabled: boolean;
}

export interface TestMailResult {
  result: 'sent' | 'failed' | 'unknown';
  detail: string | null;
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
  /** A refused terminal configuration: one entry per field, for the form to show beside it. */
  issues?: ConfigIssue[];
}

/** A problem with one field of a prepared configuration (dotted path, '' for the whole object). */
export interface ConfigIssue {
  path: string;
  message: string;
}

/** Who may change a config field: on-site staff, or only the fleet through a signed bundle. */
export type ConfigAuthority = 'staff' | 'fleet';

/** The terminal's config schema as JSON Schema (zod's toJSONSchema), each node with its authority. */
export interface ConfigSchemaNode {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean' | 'null';
  authority?: ConfigAuthority;
  properties?: Record<string, ConfigSchemaNode>;
  required?: string[];
  additionalProperties?: boolean | ConfigSchemaNode;
  items?: ConfigSchemaNode;
  enum?: (string | number)[];
  const?: string | number | boolean | null;
  anyOf?: ConfigSchemaNode[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  default?: unknown;
  /** Properties of this object each terminal keeps its own (left out of the rollout form, which says where they come from). */
  perTerminal?: string[];
}

export interface ConfigSchemaResponse {
  schema: ConfigSchemaNode;
  /** The shipped defaults (resources/config/default.json) without version and terminalId. */
  defaults: Record<string, unknown>;
}

/** One field that differs between what a terminal runs and the prepared configuration. */
export interface ConfigFieldChange {
  path: string;
  authority: ConfigAuthority;
  /** null also when the field is not set on that side (then `runningNotSet` / `preparedNotSet`). */
  running: unknown;
  prepared: unknown;
  /** The field is absent from what the terminal runs (an optional part it does not have). */
  runningNotSet?: true;
  /** The prepared config leaves the field out: the terminal will run without it. */
  preparedNotSet?: true;
}

/** What one target runs against the prepared config; `known` false when the console does not hold its version's config. */
export interface TargetDiff {
  terminalId: string;
  runningVersion: string | null;
  known: boolean;
  changes: ConfigFieldChange[];
}

export interface RolloutPreview {
  issues: ConfigIssue[];
  /** Targets resolved from terminal ids and groups (`region:…`, `hall:…`, `tag:…`). */
  canary: string[];
  rest: string[];
  groupProblems: string[];
  /** Terminals a `group:` target could not place: the console does not hold the config they run. */
  unplaced: string[];
  targets: TargetDiff[];
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

/** A command a terminal refused (its `command-refused` event): forged, expired, replayed, not for it… */
export interface CommandRefusalView {
  terminalId: string;
  at: string;
  reason: string;
  detail: string | null;
  keyId: string | null;
  /** Only for a command whose signature verified (the fleet's own nonce). */
  nonce: string | null;
  name: string | null;
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
  /** Signed offline (kiosk-staff sign) and uploaded: sent as uploaded, never re-signed by the console. */
  signedOffline: boolean;
  /** The groups it was prepared for, as named (already resolved into canary and rest). */
  targetGroups: { canary: string[]; rest: string[] } | null;
  /** How many terminals' latest acknowledgement has each status, per stage (each terminal's: GET /api/rollouts/<id>/acks). */
  ackCounts: { stage: RolloutStage; status: string; count: number }[];
}

export type RolloutStage = 'canary' | 'rest' | 'rollback';

/** One terminal's latest acknowledgement of a rollout's stage. */
export interface RolloutAck {
  terminalId: string;
  stage: RolloutStage;
  status: string;
  at: string;
  detail: string | null;
}

/** Counts of the payment notification relay (one window). */
export interface RelayCountsView {
  /** Relayed with the broker's PUBACK. */
  forwarded: number;
  /** Not relayed (no PUBACK, no subscriber, timeout, broker down): the channel was told to post again. */
  failed: number;
  /** Refused after the tag proved the terminal (media type, size, rate limit, unknown channel, terminal not known yet). */
  refused: number;
}

/** `GET /api/terminals/<id>/payment-relay`: what the relay did for one terminal. */
export interface PaymentRelayView {
  /** on: this instance relays; disabled: `paymentRelay.enabled` is false; no-key: no `console-payment-relay-key` credential. */
  relay: 'on' | 'disabled' | 'no-key';
  terminalKnown: boolean;
  /** Start of the "last 24 h" window (whole UTC hours: the current one and the 23 before). */
  recentSince: string;
  /** Per channel ('unknown' for a right-tag URL naming no channel). Empty when nothing was counted. */
  channels: { channel: string; recent: RelayCountsView; total: RelayCountsView; lastForwardedAt: string | null; firstAt: string }[];
  lastForwardedAt: string | null;
  /** Refusals counted for the whole console, not this terminal (reason: wrong-tag, malformed-path, refusals-limited). */
  unattributed: { reason: string; recent: number; total: number }[];
  /** Whether an administrator can have this terminal's tag shown (the relay key is present). */
  tagAvailable: boolean;
}

/** `POST /api/terminals/<id>/payment-relay/notify-tag` (admin): the tag for the terminal's provisioning config. */
export interface NotifyTagView {
  terminalId: string;
  /** The terminal's `payments.notifyTag`. */
  tag: string;
  /** The notify path a channel calls, `<channel>` left for the channel. */
  path: string;
}
