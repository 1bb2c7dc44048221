/**
 * Accounts, sessions, login failures and the audit log: the typed queries of the people side.
 * Session tokens are stored only as their SHA-256, so a copy of the database opens no session.
 */
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { ConsoleDb, UsersTable } from './database.ts';

export type UserRow = Selectable<UsersTable>;

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

export class PeopleStore {
  constructor(readonly db: ConsoleDb) {}

  getUser(username: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  listUsers() {
    return this.db.selectFrom('users').select(['username', 'role', 'created_at', 'disabled', 'totp_secret']).orderBy('username').execute();
  }

  async countUsers(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** False when the name is taken. */
  async addUser(user: { username: string; role: string; passwordHash: string; totpSecret: string | null; createdAt: string }): Promise<boolean> {
    const result = await this.db
      .insertInto('users')
      .values({ username: user.username, role: user.role, password_hash: user.passwordHash, totp_secret: user.totpSecret, created_at: user.createdAt, disabled: 0 })
      .onConflict((oc) => oc.column('username').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async updateUser(username: string, change: { role?: string; disabled?: boolean; passwordHash?: string; totpSecret?: string | null }): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.disabled !== undefined ? { disabled: change.disabled ? 1 : 0 } : {}),
        ...(change.passwordHash !== undefined ? { password_hash: change.passwordHash } : {}),
        ...(change.totpSecret !== undefined ? { totp_secret: change.totpSecret } : {}),
      })
      .where('username', '=', username)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async createSession(s: { token: string; username: string; csrfToken: string; createdAt: string; expiresAt: string }): Promise<void> {
    await this.db.insertInto('sessions').values({ token_hash: tokenHash(s.token), username: s.username, csrf_token: s.csrfToken, created_at: s.createdAt, expires_at: s.expiresAt }).execute();
  }

  /** The session with its (enabled) user, or undefined when unknown, expired or the user is disabled. */
  async session(token: string, now: string) {
    return this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.username', 'sessions.username')
      .select(['sessions.username', 'sessions.csrf_token', 'sessions.expires_at', 'users.role'])
      .where('sessions.token_hash', '=', tokenHash(token))
      .where('sessions.expires_at', '>', now)
      .where('users.disabled', '=', 0)
      .executeTakeFirst();
  }

  async deleteSession(token: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash(token)).execute();
  }

  async deleteSessionsOf(username: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('username', '=', username).execute();
  }

  async deleteExpired(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
  }

  async recordLoginFailure(username: string, at: string): Promise<void> {
    await this.db.insertInto('login_failures').values({ username, at }).execute();
  }

  async loginFailures(username: string, since: string): Promise<{ count: number; latest: string | null }> {
    const row = await this.db
      .selectFrom('login_failures')
      .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('at').as('latest')])
      .where('username', '=', username)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    return { count: Number(row.n), latest: row.latest === null ? null : String(row.latest) };
  }

  async clearLoginFailures(username: string): Promise<void> {
    await this.db.deleteFrom('login_failures').where('username', '=', username).execute();
  }

  // --- audit log ---

  auditHead() {
    return this.db.selectFrom('audit_log').select(['seq', 'line']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  }

  /** Throws on a taken sequence number (another instance appended first): the caller retries. */
  async insertAudit(row: { seq: number; time: string; actor: string; action: string; line: string }): Promise<void> {
    await this.db.insertInto('audit_log').values(row).execute();
  }

  auditLines(limit?: number) {
    let query = this.db.selectFrom('audit_log').select(['seq', 'line']).orderBy('seq', 'desc');
    if (limit !== undefined) query = query.limit(limit);
    return query.execute();
  }
}
