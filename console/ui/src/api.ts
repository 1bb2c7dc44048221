/**
 * The console API from the page: same-origin fetch with the session cookie (HttpOnly, never seen
 * here) and the CSRF token from the log-in answer on every state-changing request.
 */
import type { AlertView, ApiError, CommandView, IngestStats, RolloutView, SessionInfo, TerminalDetail, TerminalView } from '../../shared/api-types.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError,
  ) {
    super(body.message);
  }
}

let csrfToken = '';

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(method === 'POST' && csrfToken ? { 'x-csrf-token': csrfToken } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : {};
  if (!response.ok) throw new ApiFailure(response.status, parsed as ApiError);
  return parsed as T;
}

export const api = {
  async session(): Promise<SessionInfo | null> {
    try {
      const s = await call<SessionInfo>('GET', '/api/session');
      csrfToken = s.csrfToken;
      return s;
    } catch (error) {
      if (error instanceof ApiFailure && error.status === 401) return null;
      throw error;
    }
  },
  async login(username: string, password: string, totp?: string): Promise<SessionInfo> {
    const s = await call<SessionInfo>('POST', '/api/login', { username, password, ...(totp ? { totp } : {}) });
    csrfToken = s.csrfToken;
    return s;
  },
  async logout(): Promise<void> {
    await call('POST', '/api/logout', {});
    csrfToken = '';
  },
  terminals: () => call<TerminalView[]>('GET', '/api/terminals'),
  terminal: (id: string) => call<TerminalDetail>('GET', `/api/terminals/${encodeURIComponent(id)}`),
  alerts: (all: boolean) => call<AlertView[]>('GET', `/api/alerts${all ? '?all=1' : ''}`),
  alertAction: (id: number, verb: 'acknowledge' | 'resolve') => call<AlertView>('POST', `/api/alerts/${id}/${verb}`, {}),
  ingest: () => call<IngestStats>('GET', '/api/ingest'),
  commands: () => call<CommandView[]>('GET', '/api/commands'),
  propose: (body: { name: string; args?: Record<string, unknown>; targets: { terminals?: string[]; groups?: string[] } }) => call<CommandView>('POST', '/api/commands', body),
  commandAction: (id: number, verb: 'approve' | 'reject' | 'resend') => call<CommandView>('POST', `/api/commands/${id}/${verb}`, {}),
  users: () => call<{ username: string; role: string; createdAt: string; disabled: boolean; totp: boolean }[]>('GET', '/api/users'),
  addUser: (body: { username: string; role: string; password: string; totp: boolean }) => call<{ username: string; totpSecret?: string; otpauth?: string }>('POST', '/api/users', body),
  changeUser: (username: string, change: { role?: string; disabled?: boolean }) => call<{ ok: true }>('POST', `/api/users/${encodeURIComponent(username)}`, change),
  audit: () => call<{ verification: { ok: boolean; entries: number; line?: number; reason?: string }; entries: { seq: number; time: string; actor: string; action: string; details: Record<string, unknown> }[] }>('GET', '/api/audit'),
  rollouts: () => call<RolloutView[]>('GET', '/api/rollouts'),
  proposeRollout: (body: { version: string; config: Record<string, unknown>; note?: string; canary: string[]; rest: string[]; canaryWaitMinutes: number }) => call<RolloutView>('POST', '/api/rollouts', body),
  rolloutAction: (id: number, verb: 'approve' | 'reject' | 'rollback') => call<RolloutView>('POST', `/api/rollouts/${id}/${verb}`, {}),
};
