/**
 * One migration per schema change, in order, never edited once released: a console upgraded in
 * place runs only the ones its database has not seen (Kysely records them in kysely_migration).
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { ConsoleDb, DialectName } from './database.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';

// Kysely's migration functions see an untyped database: the schema is what they build.
type AnyDb = Kysely<unknown>;

function serialId(dialect: DialectName) {
  return (table: ReturnType<AnyDb['schema']['createTable']>) =>
    dialect === 'sqlite'
      ? table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : table.addColumn('id', 'serial', (c) => c.primaryKey());
}

function migrationsFor(dialect: DialectName): Record<string, Migration> {
  const withId = serialId(dialect);
  return {
    '001-fleet-registry': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('terminals')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('status_at', 'text')
          .addColumn('status_reason', 'text')
          .addColumn('last_heartbeat_at', 'text')
          .addColumn('heartbeat_received_at', 'text')
          .addColumn('clock_skew_ms', 'integer')
          .addColumn('app_version', 'text')
          .addColumn('config_version', 'text')
          .addColumn('service_mode', 'text')
          .addColumn('region', 'text')
          .addColumn('hall', 'text')
          .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('heartbeat_json', 'text')
          .addColumn('queue_pending', 'integer')
          .addColumn('queue_stuck_since', 'text')
          .addColumn('first_seen_at', 'text', (c) => c.notNull())
          .execute();
        await withId(db.schema.createTable('status_changes'))
          .addColumn('terminal_id', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('reason', 'text')
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          // Every console instance reads the retained status: the same change must be stored once.
          .addUniqueConstraint('status_changes_once', ['terminal_id', 'at', 'state'])
          .execute();
        await withId(db.schema.createTable('events'))
          .addColumn('terminal_id', 'text', (c) => c.notNull())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('data_json', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('events_by_terminal').on('events').columns(['terminal_id', 'at']).execute();
        await withId(db.schema.createTable('acks'))
          .addColumn('terminal_id', 'text', (c) => c.notNull())
          .addColumn('command_id', 'text', (c) => c.notNull())
          .addColumn('command_type', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('detail', 'text')
          .addColumn('received_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('acks_by_terminal').on('acks').columns(['terminal_id', 'at']).execute();
        await db.schema
          .createTable('log_chunks')
          .addColumn('terminal_id', 'text', (c) => c.notNull())
          .addColumn('request_id', 'text', (c) => c.notNull())
          .addColumn('part', 'integer', (c) => c.notNull())
          .addColumn('parts', 'integer', (c) => c.notNull())
          .addColumn('data', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('log_chunks_pk', ['terminal_id', 'request_id', 'part'])
          .execute();
      },
    },
    '002-alerts': {
      async up(db: AnyDb) {
        await withId(db.schema.createTable('alerts'))
          .addColumn('terminal_id', 'text', (c) => c.notNull())
          .addColumn('rule', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('detail', 'text', (c) => c.notNull())
          .addColumn('opened_at', 'text', (c) => c.notNull())
          .addColumn('acknowledged_at', 'text')
          .addColumn('acknowledged_by', 'text')
          .addColumn('resolved_at', 'text')
          .addColumn('resolved_by', 'text')
          .addColumn('notify_state', 'text', (c) => c.notNull())
          .addColumn('notify_attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('notify_next_at', 'text')
          .addColumn('notify_detail', 'text')
          .execute();
        await db.schema.createIndex('alerts_by_state').on('alerts').columns(['state', 'terminal_id', 'rule']).execute();
      },
    },
    '003-people-and-audit': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('users')
          .addColumn('username', 'text', (c) => c.primaryKey())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('password_hash', 'text', (c) => c.notNull())
          .addColumn('totp_secret', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await db.schema
          .createTable('sessions')
          .addColumn('token_hash', 'text', (c) => c.primaryKey())
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await withId(db.schema.createTable('login_failures'))
          .addColumn('username', 'text', (c) => c.notNull())
          .addColumn('at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('login_failures_by_user').on('login_failures').columns(['username', 'at']).execute();
        await db.schema
          .createTable('audit_log')
          // The sequence number is the key: two instances appending at once cannot both take it.
          .addColumn('seq', 'integer', (c) => c.primaryKey())
          .addColumn('time', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('line', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '004-signed-commands': {
      async up(db: AnyDb) {
        await withId(db.schema.createTable('commands'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('args_json', 'text', (c) => c.notNull())
          .addColumn('targets_json', 'text', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('proposed_by', 'text', (c) => c.notNull())
          .addColumn('proposed_at', 'text', (c) => c.notNull())
          .addColumn('decided_by', 'text')
          .addColumn('decided_at', 'text')
          .addColumn('nonce', 'text', (c) => c.unique())
          .addColumn('signed_json', 'text')
          .addColumn('expires_at', 'text')
          .addColumn('send_error', 'text')
          .execute();
      },
    },
    '005-config-rollouts': {
      async up(db: AnyDb) {
        await withId(db.schema.createTable('rollouts'))
          .addColumn('version', 'text', (c) => c.notNull().unique())
          .addColumn('config_json', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addColumn('canary_json', 'text', (c) => c.notNull())
          .addColumn('rest_json', 'text', (c) => c.notNull())
          .addColumn('canary_wait_minutes', 'integer', (c) => c.notNull())
          .addColumn('canary_timeout_minutes', 'integer', (c) => c.notNull())
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('proposed_by', 'text', (c) => c.notNull())
          .addColumn('proposed_at', 'text', (c) => c.notNull())
          .addColumn('approved_by', 'text')
          .addColumn('approved_at', 'text')
          .addColumn('canary_command_id', 'integer')
          .addColumn('rest_command_id', 'integer')
          .addColumn('halt_reason', 'text')
          .addColumn('rollback_version', 'text')
          .addColumn('rollback_command_id', 'integer')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '006-monthly-reports': {
      async up(db: AnyDb) {
        await db.schema
          .createTable('monthly_reports')
          .addColumn('terminal_id', 'text', (c) => c.notNull())
          .addColumn('month', 'text', (c) => c.notNull())
          .addColumn('generated_at', 'text', (c) => c.notNull())
          .addColumn('received_at', 'text', (c) => c.notNull())
          .addColumn('utc_offset', 'text', (c) => c.notNull())
          .addColumn('transactions', 'integer', (c) => c.notNull())
          .addColumn('evaluations', 'integer', (c) => c.notNull())
          .addColumn('report_json', 'text', (c) => c.notNull())
          // One report per terminal and month: a re-sent report replaces it, never adds to it.
          .addPrimaryKeyConstraint('monthly_reports_pk', ['terminal_id', 'month'])
          .execute();
        await db.schema.createIndex('monthly_reports_by_month').on('monthly_reports').columns(['month', 'terminal_id']).execute();
      },
    },
    '007-config-drafts': {
      async up(db: AnyDb) {
        // Every config the console handed out (rollout, rollback) under its version: what a
        // terminal reporting that version runs, for the diff against a prepared config.
        await db.schema
          .createTable('config_bundles')
          .addColumn('version', 'text', (c) => c.primaryKey())
          .addColumn('config_json', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('rollout_id', 'integer')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        // The groups a rollout was prepared for, as the publisher named them (resolved into canary_json / rest_json).
        await db.schema.alterTable('rollouts').addColumn('target_groups_json', 'text').execute();
        // A bundle signed offline (kiosk-staff sign) and uploaded: sent as it is, never re-signed.
        await db.schema.alterTable('rollouts').addColumn('bundle_json', 'text').execute();
        // The commands page lists what terminals refused across the fleet: events by type.
        await db.schema.createIndex('events_by_type').on('events').columns(['type', 'at']).execute();
        // Acks by command: a rollout's acknowledgements per stage, and the commands page.
        await db.schema.createIndex('acks_by_command').on('acks').columns(['command_id', 'terminal_id']).execute();
      },
    },
    '008-alert-notifications': {
      async up(db: AnyDb) {
        // One delivery state per alert, channel (webhook, email) and event (raised, resolved): with
        // two channels a retry of one must never repeat what the other already delivered.
        await db.schema
          .createTable('alert_notifications')
          .addColumn('alert_id', 'integer', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('event', 'text', (c) => c.notNull())
          // pending (next_at: when it is due, or until when a sender holds it) | sent | failed (definite refusal, detail says why)
          .addColumn('state', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('next_at', 'text')
          .addColumn('detail', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('alert_notifications_pk', ['alert_id', 'channel', 'event'])
          .execute();
        await db.schema.createIndex('alert_notifications_due').on('alert_notifications').columns(['state', 'next_at']).execute();
        // The robot's state as it was kept on the alert, carried over so nothing is sent twice.
        await sql`INSERT INTO alert_notifications (alert_id, channel, event, state, attempts, next_at, detail, created_at, updated_at)
          SELECT id, 'webhook', 'raised', notify_state, notify_attempts, notify_next_at, notify_detail, opened_at, opened_at FROM alerts WHERE notify_state <> 'none'`.execute(db);
        for (const column of ['notify_state', 'notify_attempts', 'notify_next_at', 'notify_detail']) await db.schema.alterTable('alerts').dropColumn(column).execute();
      },
    },
    '009-report-site': {
      async up(db: AnyDb) {
        // The region/hall/tags a monthly report was made under, so a terminal moved to another
        // hall keeps its past months in the hall it served them in. Rows stored before this
        // migration only know the hall the registry has now: backfilled from it, marked 'backfill'.
        await db.schema.alterTable('monthly_reports').addColumn('site_region', 'text').execute();
        await db.schema.alterTable('monthly_reports').addColumn('site_hall', 'text').execute();
        await db.schema.alterTable('monthly_reports').addColumn('site_tags', 'text', (c) => c.notNull().defaultTo('[]')).execute();
        // 'report' (the terminal's report carried it), 'heartbeat' (the registry at ingest), 'backfill', 'none'
        await db.schema.alterTable('monthly_reports').addColumn('site_source', 'text', (c) => c.notNull().defaultTo('none')).execute();
        await sql`UPDATE monthly_reports SET
            site_region = (SELECT t.region FROM terminals t WHERE t.id = monthly_reports.terminal_id),
            site_hall = (SELECT t.hall FROM terminals t WHERE t.id = monthly_reports.terminal_id),
            site_tags = COALESCE((SELECT t.tags FROM terminals t WHERE t.id = monthly_reports.terminal_id), '[]'),
            site_source = 'backfill'`.execute(db);
      },
    },
    '010-payment-relay-counts': {
      async up(db: AnyDb) {
        // What the payment relay did per terminal, channel and UTC hour ('YYYY-MM-DDTHH'): one
        // additive upsert per notification, so several instances count into the same rows, and
        // "last 24 h" and "since the first" are sums over one terminal's rows (primary key prefix).
        await db.schema
          .createTable('payment_relay_counts')
          .addColumn('terminal_id', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('hour', 'text', (c) => c.notNull())
          .addColumn('forwarded', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_forwarded_at', 'text')
          .addPrimaryKeyConstraint('payment_relay_counts_pk', ['terminal_id', 'channel', 'hour'])
          .execute();
        // Refusals whose terminal id is unproven (wrong tag, malformed path) or that were not looked at
        // (over the refusal limit): counted for the whole console, never against the id in the URL.
        await db.schema
          .createTable('payment_relay_unattributed')
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('hour', 'text', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('payment_relay_unattributed_pk', ['reason', 'hour'])
          .execute();
      },
    },
    '011-notify-settings': {
      async up(db: AnyDb) {
        // Alert mail recipients and the robot's on/off as administrators set them in the console,
        // every version kept (who changed what when). The version is the primary key: two
        // administrators saving over the same version cannot both win.
        await db.schema
          .createTable('notify_settings_versions')
          .addColumn('version', 'integer', (c) => c.primaryKey())
          .addColumn('recipients_json', 'text')
          .addColumn('webhook_enabled', 'integer', (c) => c.notNull())
          .addColumn('changes_json', 'text', (c) => c.notNull())
          .addColumn('changed_by', 'text', (c) => c.notNull())
          .addColumn('changed_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '012-payment-relay-retention': {
      async up(db: AnyDb) {
        // Hourly relay counts older than the retention are folded into one row per terminal and
        // channel (and one per unattributed reason), so "since counting began" stays exact after
        // the hourly rows are deleted (storage/payment-relay-store.ts prune).
        await db.schema
          .createTable('payment_relay_before')
          .addColumn('terminal_id', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('forwarded', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('refused', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_forwarded_at', 'text')
          .addColumn('first_hour', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('payment_relay_before_pk', ['terminal_id', 'channel'])
          .execute();
        // The hourly prune finds the old hours by index, not by reading the whole table.
        await db.schema.createIndex('payment_relay_counts_hour').on('payment_relay_counts').column('hour').execute();
        await db.schema
          .createTable('payment_relay_unattributed_before')
          .addColumn('reason', 'text', (c) => c.primaryKey())
          .addColumn('count', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        // Forwards and failures per terminal and UTC minute, for the payment-relay-failing alert's
        // window (alerts/alert-rules.ts); kept a day. Keyed minute first: the alert reads a range of minutes.
        await db.schema
          .createTable('payment_relay_minutes')
          .addColumn('minute', 'text', (c) => c.notNull())
          .addColumn('terminal_id', 'text', (c) => c.notNull())
          .addColumn('forwarded', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_failed_at', 'text')
          .addPrimaryKeyConstraint('payment_relay_minutes_pk', ['minute', 'terminal_id'])
          .execute();
      },
    },
  };
}

export async function migrateToLatest(db: ConsoleDb, dialect: DialectName): Promise<string[]> {
  const migrations = migrationsFor(dialect);
  const provider: MigrationProvider = { getMigrations: () => Promise.resolve(migrations) };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`console database migration ${failed} failed: ${errorMessage(error)}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Migrates up to and including `name` only: the upgrade tests build a database as an older console left it. */
export async function migrateTo(db: ConsoleDb, dialect: DialectName, name: string): Promise<void> {
  const migrations = migrationsFor(dialect);
  const { error } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateTo(name);
  if (error) throw new Error(`console database migration to ${name} failed: ${errorMessage(error)}`, { cause: error });
}

export const MIGRATION_NAMES = Object.keys(migrationsFor('sqlite'));

/** Runs the migrations up to and including `name` only: a migration's test starts from the schema before it. */
export async function migrateUpTo(db: ConsoleDb, dialect: DialectName, name: string): Promise<void> {
  const migrations = migrationsFor(dialect);
  const { error } = await new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } }).migrateTo(name);
  if (error) throw new Error(`console database migration to ${name} failed: ${errorMessage(error)}`, { cause: error });
}
