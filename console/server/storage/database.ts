/**
 * The console's database: one Kysely instance over SQLite (one console) or PostgreSQL (several
 * console instances behind a shared subscription). Times are ISO-8601 UTC text, which sorts the
 * same on both; booleans are 0/1 integers for the same reason.
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type Generated } from 'kysely';
import pg from 'pg';
import { withStatementCache } from './statement-cache.ts';

export interface TerminalsTable {
  id: string;
  online: number;
  status_at: string | null;
  status_reason: string | null;
  last_heartbeat_at: string | null;
  heartbeat_received_at: string | null;
  clock_skew_ms: number | null;
  app_version: string | null;
  config_version: string | null;
  service_mode: string | null;
  region: string | null;
  hall: string | null;
  tags: string;
  heartbeat_json: string | null;
  queue_pending: number | null;
  queue_stuck_since: string | null;
  first_seen_at: string;
}

export interface StatusChangesTable {
  id: Generated<number>;
  terminal_id: string;
  state: string;
  reason: string | null;
  at: string;
  received_at: string;
}

export interface EventsTable {
  id: Generated<number>;
  terminal_id: string;
  type: string;
  at: string;
  received_at: string;
  data_json: string;
}

export interface AcksTable {
  id: Generated<number>;
  terminal_id: string;
  command_id: string;
  command_type: string | null;
  status: string;
  at: string;
  detail: string | null;
  received_at: string;
}

export interface LogChunksTable {
  terminal_id: string;
  request_id: string;
  part: number;
  parts: number;
  data: string;
  received_at: string;
}

export interface AlertsTable {
  id: Generated<number>;
  terminal_id: string;
  rule: string;
  state: string;
  detail: string;
  opened_at: string;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_at: string | null;
  resolved_by: string | null;
}

/** One notification of an alert per channel and event (migration 008): its delivery state. */
export interface AlertNotificationsTable {
  alert_id: number;
  /** 'webhook' | 'email' */
  channel: string;
  /** 'raised' | 'resolved' */
  event: string;
  /** pending | sent | failed (a definite refusal: never retried, detail says why) */
  state: string;
  attempts: number;
  /** Pending: due at, or held until then by the sender sending it. */
  next_at: string | null;
  detail: string | null;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  username: string;
  role: string;
  password_hash: string;
  totp_secret: string | null;
  created_at: string;
  disabled: number;
}

export interface SessionsTable {
  token_hash: string;
  username: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface LoginFailuresTable {
  id: Generated<number>;
  username: string;
  at: string;
}

export interface AuditTable {
  seq: number;
  time: string;
  actor: string;
  action: string;
  line: string;
}

export interface CommandsTable {
  id: Generated<number>;
  name: string;
  args_json: string;
  targets_json: string;
  /** proposed → sent (signed and published) | rejected | unsent (signed, publishing failed: resend). */
  state: string;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** The signed command's nonce: terminals acknowledge with it as the id. */
  nonce: string | null;
  signed_json: string | null;
  expires_at: string | null;
  send_error: string | null;
}

export interface RolloutsTable {
  id: Generated<number>;
  version: string;
  config_json: string;
  note: string | null;
  canary_json: string;
  rest_json: string;
  canary_wait_minutes: number;
  canary_timeout_minutes: number;
  /** proposed → canary → rest → done; halted (automatic) | rejected | rolled-back. */
  state: string;
  proposed_by: string;
  proposed_at: string;
  approved_by: string | null;
  approved_at: string | null;
  canary_command_id: number | null;
  rest_command_id: number | null;
  halt_reason: string | null;
  rollback_version: string | null;
  rollback_command_id: number | null;
  updated_at: string;
  /** The groups the rollout was prepared for (`region:…`, `hall:…`, `tag:…`), JSON; null when it named terminals only. */
  target_groups_json: Generated<string | null>;
  /** The uploaded offline-signed bundle (envelope JSON) this rollout sends as it is; null when the console signs. */
  bundle_json: Generated<string | null>;
}

/** A config the console handed out, by the version terminals report in their heartbeat. */
export interface ConfigBundlesTable {
  version: string;
  config_json: string;
  /** 'rollout' | 'rollback' */
  source: string;
  rollout_id: number | null;
  created_at: string;
}

/** One monthly 好差评 report per terminal and month, as the terminal built it (report_json). */
export interface MonthlyReportsTable {
  terminal_id: string;
  month: string;
  generated_at: string;
  received_at: string;
  utc_offset: string;
  transactions: number;
  evaluations: number;
  report_json: string;
  /** The site the report was made under (migration 009): the report's own, else the registry's at ingest. */
  site_region: Generated<string | null>;
  site_hall: Generated<string | null>;
  /** JSON array. */
  site_tags: Generated<string>;
  /** 'report' | 'heartbeat' | 'backfill' (stored before migration 009: the hall at migration time) | 'none' */
  site_source: Generated<string>;
}

/** What the payment relay did for one terminal, channel and UTC hour (migration 010). */
export interface PaymentRelayCountsTable {
  terminal_id: string;
  channel: string;
  /** 'YYYY-MM-DDTHH' (UTC). */
  hour: string;
  forwarded: number;
  failed: number;
  refused: number;
  last_forwarded_at: string | null;
}

/** Refusals the relay counts for the whole console, not a terminal (wrong tag, malformed path, over the refusal limit). */
export interface PaymentRelayUnattributedTable {
  reason: string;
  hour: string;
  count: number;
}

/** Hourly relay counts older than the retention, folded per terminal and channel (migration 012). */
export interface PaymentRelayBeforeTable {
  terminal_id: string;
  channel: string;
  forwarded: number;
  failed: number;
  refused: number;
  last_forwarded_at: string | null;
  /** The first hour folded in ('YYYY-MM-DDTHH'). */
  first_hour: string;
}

/** Unattributed refusals older than the retention, per reason (migration 012). */
export interface PaymentRelayUnattributedBeforeTable {
  reason: string;
  count: number;
}

/** Forwards and failures per terminal and UTC minute ('YYYY-MM-DDTHH:MM'), kept a day for the payment-relay-failing alert (migration 012). */
export interface PaymentRelayMinutesTable {
  minute: string;
  terminal_id: string;
  forwarded: number;
  failed: number;
  last_failed_at: string | null;
}

/**
 * The notification settings administrators edit in the console (migration 011), one row per
 * version; the newest is in force. recipients_json NULL: the config file's lists are in force.
 */
export interface NotifySettingsVersionsTable {
  version: number;
  recipients_json: string | null;
  webhook_enabled: number;
  /** What this version changed against the one before (alerts/notify-settings.ts settingsChanges). */
  changes_json: string;
  changed_by: string;
  changed_at: string;
}

export interface ConsoleSchema {
  monthly_reports: MonthlyReportsTable;
  rollouts: RolloutsTable;
  config_bundles: ConfigBundlesTable;
  commands: CommandsTable;
  terminals: TerminalsTable;
  status_changes: StatusChangesTable;
  events: EventsTable;
  acks: AcksTable;
  log_chunks: LogChunksTable;
  alerts: AlertsTable;
  alert_notifications: AlertNotificationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditTable;
  notify_settings_versions: NotifySettingsVersionsTable;
  payment_relay_counts: PaymentRelayCountsTable;
  payment_relay_unattributed: PaymentRelayUnattributedTable;
  payment_relay_before: PaymentRelayBeforeTable;
  payment_relay_unattributed_before: PaymentRelayUnattributedBeforeTable;
  payment_relay_minutes: PaymentRelayMinutesTable;
}

export type ConsoleDb = Kysely<ConsoleSchema>;
export type DialectName = 'sqlite' | 'postgres';

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; connectionString: string; poolSize?: number };

/**
 * onIdleError: an idle pooled PostgreSQL connection that breaks (server restart, failover) is
 * reported here; the pool replaces it. Without a listener it would crash the process.
 */
export function openDatabase(target: DatabaseTarget, onIdleError: (error: Error) => void = () => undefined): ConsoleDb {
  if (target.dialect === 'sqlite') {
    const sqlite = new Database(target.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    return new Kysely<ConsoleSchema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  }
  const pool = new pg.Pool({ connectionString: target.connectionString, max: target.poolSize ?? 10 });
  pool.on('error', onIdleError);
  return new Kysely<ConsoleSchema>({ dialect: new PostgresDialect({ pool }) });
}
