/** Typed queries for configuration rollouts. */
import type { Selectable, Updateable } from 'kysely';
import type { ConsoleDb, RolloutsTable } from './database.ts';

export type RolloutRow = Selectable<RolloutsTable>;

export class RolloutStore {
  constructor(readonly db: ConsoleDb) {}

  /** False when the version is taken (versions are the terminals' replay counter: each once). */
  async propose(r: { version: string; configJson: string; note: string | null; canary: string[]; rest: string[]; targetGroups?: unknown; bundleJson?: string; waitMinutes: number; timeoutMinutes: number; by: string; at: string }): Promise<RolloutRow | undefined> {
    return this.db
      .insertInto('rollouts')
      .values({
        version: r.version,
        config_json: r.configJson,
        note: r.note,
        canary_json: JSON.stringify(r.canary),
        rest_json: JSON.stringify(r.rest),
        target_groups_json: r.targetGroups === undefined ? null : JSON.stringify(r.targetGroups),
        bundle_json: r.bundleJson ?? null,
        canary_wait_minutes: r.waitMinutes,
        canary_timeout_minutes: r.timeoutMinutes,
        state: 'proposed',
        proposed_by: r.by,
        proposed_at: r.at,
        updated_at: r.at,
      })
      .onConflict((oc) => oc.column('version').doNothing())
      .returningAll()
      .executeTakeFirst();
  }

  get(id: number): Promise<RolloutRow | undefined> {
    return this.db.selectFrom('rollouts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(limit = 100): Promise<RolloutRow[]> {
    return this.db.selectFrom('rollouts').selectAll().orderBy('id', 'desc').limit(limit).execute();
  }

  inFlight(): Promise<RolloutRow[]> {
    return this.db.selectFrom('rollouts').selectAll().where('state', 'in', ['canary', 'rest']).orderBy('id').execute();
  }

  /** Every version handed out so far (rollouts and rollbacks): a new one must be newer than all. */
  async versions(): Promise<string[]> {
    const rows = await this.db.selectFrom('rollouts').select(['version', 'rollback_version']).execute();
    return rows.flatMap((r) => [r.version, ...(r.rollback_version ? [r.rollback_version] : [])]);
  }

  /** The config of the newest rollout that completed before this one (what a rollback returns to). */
  lastDoneBefore(id: number): Promise<RolloutRow | undefined> {
    return this.db.selectFrom('rollouts').selectAll().where('state', '=', 'done').where('id', '<', id).orderBy('id', 'desc').limit(1).executeTakeFirst();
  }

  /** Records a config handed out under a version (idempotent: a version names one config forever). */
  async recordBundle(b: { version: string; configJson: string; source: 'rollout' | 'rollback'; rolloutId: number; at: string }): Promise<void> {
    await this.db
      .insertInto('config_bundles')
      .values({ version: b.version, config_json: b.configJson, source: b.source, rollout_id: b.rolloutId, created_at: b.at })
      .onConflict((oc) => oc.column('version').doNothing())
      .execute();
  }

  /**
   * The configs handed out under these versions. Rollouts approved before config_bundles existed
   * are found by their own version; their rollbacks' configs were not kept and stay unknown.
   */
  async bundlesFor(versions: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (versions.length === 0) return found;
    for (const row of await this.db.selectFrom('config_bundles').select(['version', 'config_json']).where('version', 'in', versions).execute()) found.set(row.version, row.config_json);
    const missing = versions.filter((v) => !found.has(v));
    if (missing.length > 0) {
      const rows = await this.db.selectFrom('rollouts').select(['version', 'config_json']).where('version', 'in', missing).where('state', 'not in', ['proposed', 'rejected']).execute();
      for (const row of rows) found.set(row.version, row.config_json);
    }
    return found;
  }

  /** Moves a rollout on only from the state the caller saw (another instance may have moved it). */
  async transition(id: number, from: string[], change: Updateable<RolloutsTable>): Promise<boolean> {
    const result = await this.db.updateTable('rollouts').set(change).where('id', '=', id).where('state', 'in', from).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
