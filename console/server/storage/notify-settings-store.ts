/**
 * The notification settings administrators edit (migration 011): every version kept, the newest in
 * force. A new version is written only over the version its editor saw (the primary key refuses a
 * second writer of the same number), so two administrators never overwrite each other unseen.
 */
import type { Selectable } from 'kysely';
import type { ConsoleDb, NotifySettingsVersionsTable } from './database.ts';

export type NotifySettingsRow = Selectable<NotifySettingsVersionsTable>;

export interface NewNotifySettingsVersion {
  /** The version the editor saw (0: never edited); the new one is this plus one. */
  baseVersion: number;
  /** null: the config file's lists are in force. */
  recipientsJson: string | null;
  webhookEnabled: boolean;
  changesJson: string;
  changedBy: string;
  changedAt: string;
}

export class NotifySettingsStore {
  constructor(readonly db: ConsoleDb) {}

  current(): Promise<NotifySettingsRow | undefined> {
    return this.db.selectFrom('notify_settings_versions').selectAll().orderBy('version', 'desc').limit(1).executeTakeFirst();
  }

  /** Newest first. */
  history(limit = 20): Promise<NotifySettingsRow[]> {
    return this.db.selectFrom('notify_settings_versions').selectAll().orderBy('version', 'desc').limit(limit).execute();
  }

  /**
   * Writes version `baseVersion + 1`; false when that version exists already or `baseVersion` is
   * not the newest (someone saved in between), and nothing is written.
   */
  async add(v: NewNotifySettingsVersion): Promise<boolean> {
    // No transaction needed: versions are never deleted, so `baseVersion + 1` can be inserted
    // only while it is the next one, and the primary key lets one writer of it win. (A read then
    // write transaction would also fail on SQLite with a second connection: busy on lock upgrade.)
    const newest = await this.current();
    if ((newest?.version ?? 0) !== v.baseVersion) return false;
    const r = await this.db
      .insertInto('notify_settings_versions')
      .values({ version: v.baseVersion + 1, recipients_json: v.recipientsJson, webhook_enabled: v.webhookEnabled ? 1 : 0, changes_json: v.changesJson, changed_by: v.changedBy, changed_at: v.changedAt })
      .onConflict((oc) => oc.column('version').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }
}
