/**
 * Log-in, sessions and CSRF. A session is a random token in an HttpOnly, SameSite=Strict cookie
 * (scripts cannot read it, other sites cannot send it); every state-changing request must also
 * carry the session's CSRF token in a header, which only the console's own pages know.
 *
 * Throttling: after MAX_FAILURES failed log-ins for an account within the window, that account
 * refuses log-ins until the window after the last failure has passed, whatever the password.
 * Counted in the database, so several console instances share it.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { SessionInfo } from '../../shared/api-types.ts';
import type { ConsoleAudit } from '../audit/console-audit.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { hasRole, type Role } from '../auth/roles.ts';
import { verifyTotp } from '../auth/totp.ts';
import type { PeopleStore } from '../storage/people-store.ts';
import { HttpError, parseCookies } from './http-util.ts';

export const SESSION_COOKIE = 'console_session';
export const CSRF_HEADER = 'x-csrf-token';
export const MAX_FAILURES = 5;
export const THROTTLE_WINDOW_MS = 15 * 60_000;

export interface AuthServiceOptions {
  people: PeopleStore;
  audit: ConsoleAudit;
  sessionHours: number;
  now: () => Date;
}

/** Compared against when the account does not exist, so a wrong name costs as long as a wrong password. */
let dummyHash: Promise<string> | undefined;

export class AuthService {
  constructor(readonly o: AuthServiceOptions) {}

  async login(input: { username: string; password: string; totp?: string | undefined }): Promise<{ token: string; session: SessionInfo; maxAgeSeconds: number }> {
    const { people, audit } = this.o;
    const now = this.o.now();
    const failures = await people.loginFailures(input.username, new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString());
    if (failures.count >= MAX_FAILURES && failures.latest) {
      const retryAfter = Math.ceil((Date.parse(failures.latest) + THROTTLE_WINDOW_MS - now.getTime()) / 1000);
      await audit.append(`user:${input.username}`, 'login.throttled', { failures: failures.count });
      throw new HttpError(429, 'throttled', 'too many failed log-ins for this account; try again later', Math.max(1, retryAfter));
    }
    const user = await people.getUser(input.username);
    dummyHash ??= hashPassword('not a real password, only for timing');
    const passwordOk = await verifyPassword(input.password, user?.password_hash ?? (await dummyHash));
    const fail = async (reason: string) => {
      await people.recordLoginFailure(input.username, now.toISOString());
      await audit.append(`user:${input.username}`, 'login.failed', { reason });
      return new HttpError(401, 'bad-credentials', 'wrong user name, password or code');
    };
    if (!user || !passwordOk || user.disabled === 1) throw await fail(!user ? 'unknown user' : user.disabled ? 'disabled' : 'password');
    if (user.totp_secret) {
      // The password was right: say that a code is needed (no failure counted for asking).
      if (!input.totp) throw new HttpError(401, 'totp-required', 'enter the code from your authenticator app');
      if (!verifyTotp(user.totp_secret, input.totp, now)) throw await fail('totp');
    }
    await people.clearLoginFailures(input.username);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const maxAgeSeconds = this.o.sessionHours * 3600;
    await people.createSession({ token, username: user.username, csrfToken, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000).toISOString() });
    await audit.append(`user:${user.username}`, 'login', {});
    return { token, session: { username: user.username, role: user.role as Role, csrfToken }, maxAgeSeconds };
  }

  /** The caller's session, or a 401. State-changing methods also need the CSRF header. */
  async require(req: IncomingMessage, role: Role): Promise<SessionInfo & { token: string }> {
    const token = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (!token) throw new HttpError(401, 'not-logged-in', 'log in first');
    const row = await this.o.people.session(token, this.o.now().toISOString());
    if (!row) throw new HttpError(401, 'not-logged-in', 'session expired; log in again');
    if (req.method !== 'GET' && req.method !== 'HEAD' && req.headers[CSRF_HEADER] !== row.csrf_token) {
      throw new HttpError(403, 'csrf', 'missing or wrong CSRF token');
    }
    if (!hasRole(row.role, role)) throw new HttpError(403, 'forbidden', `needs the ${role} role`);
    return { username: row.username, role: row.role as Role, csrfToken: row.csrf_token, token };
  }
}
