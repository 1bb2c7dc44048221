/** Typed queries for fleet commands and their acknowledgements. */
import type { Selectable } from 'kysely';
import type { CommandsTable, ConsoleDb } from './database.ts';

export type CommandRow = Selectable<CommandsTable>;

export class CommandStore {
  constructor(readonly db: ConsoleDb) {}

  propose(c: { name: string; argsJson: string; targetsJson: string; proposedBy: string; proposedAt: string }): Promise<CommandRow> {
    return this.db
      .insertInto('commands')
      .values({ name: c.name, args_json: c.argsJson, targets_json: c.targetsJson, state: 'proposed', proposed_by: c.proposedBy, proposed_at: c.proposedAt })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  get(id: number): Promise<CommandRow | undefined> {
    return this.db.selectFrom('commands').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Nonces of these commands (signed ones only), in one query: the rollout list's acks. */
  async noncesOf(ids: number[]): Promise<Map<number, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('commands').select(['id', 'nonce']).where('id', 'in', ids).where('nonce', 'is not', null).execute();
    return new Map(rows.flatMap((r) => (r.nonce ? [[r.id, r.nonce] as const] : [])));
  }

  /** Per command and status, how many terminals' latest acknowledgement it is (a rollout's progress). */
  async latestAckCounts(nonces: string[]): Promise<{ command_id: string; status: string; count: number }[]> {
    if (nonces.length === 0) return [];
    const rows = await this.db
      .selectFrom('acks')
      .select((eb) => ['command_id', 'status', eb.fn.countAll().as('count')])
      .where('id', 'in', this.#latestIds(nonces))
      .groupBy(['command_id', 'status'])
      .execute();
    // PostgreSQL counts in bigint, which arrives as text.
    return rows.map((r) => ({ command_id: r.command_id, status: r.status, count: Number(r.count) }));
  }

  /** Each terminal's latest acknowledgement of these commands. */
  latestAcks(nonces: string[]) {
    if (nonces.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('acks').select(['terminal_id', 'command_id', 'status', 'at', 'detail']).where('id', 'in', this.#latestIds(nonces)).orderBy('terminal_id').execute();
  }

  #latestIds(nonces: string[]) {
    return this.db.selectFrom('acks').select((eb) => eb.fn.max('id').as('id')).where('command_id', 'in', nonces).groupBy(['terminal_id', 'command_id']);
  }

  list(limit = 200): Promise<CommandRow[]> {
    return this.db.selectFrom('commands').selectAll().orderBy('id', 'desc').limit(limit).execute();
  }

  /** Moves a proposal on; false when someone else decided first (the state is not 'proposed'). */
  async decide(id: number, d: { state: 'signed' | 'rejected'; by: string; at: string; nonce?: string; signedJson?: string; expiresAt?: string }): Promise<boolean> {
    const result = await this.db
      .updateTable('commands')
      .set({ state: d.state, decided_by: d.by, decided_at: d.at, nonce: d.nonce ?? null, signed_json: d.signedJson ?? null, expires_at: d.expiresAt ?? null })
      .where('id', '=', id)
      .where('state', '=', 'proposed')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async recordSend(id: number, error: string | null): Promise<void> {
    await this.db.updateTable('commands').set({ state: error === null ? 'sent' : 'unsent', send_error: error }).where('id', '=', id).execute();
  }

  /** Acks per terminal for some nonces (latest status per terminal wins in the caller). */
  acksFor(nonces: string[]) {
    if (nonces.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('acks').select(['terminal_id', 'command_id', 'status', 'at', 'detail']).where('command_id', 'in', nonces).orderBy('at').orderBy('id').execute();
  }
}
