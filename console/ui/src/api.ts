/**
 * The console API from the page: same-origin fetch with the session cookie (HttpOnly, never seen
 * here) and the CSRF token from the log-in answer on every state-changing request.
 */
import type {
  AlertView,
  ApiError,
  CommandRefusalView,
  CommandView,
  ConfigSchemaResponse,
  IngestStats,
  NotifyChannelsView,
  NotifySettingsEditBody,
  NotifySettingsView,
  NotifyTagView,
  PaymentRelayView,
  RolloutAck,
  RolloutPreview,
  RolloutView,
  SessionInfo,
  TargetDiff,
  TerminalChanges,
  TerminalDetail,
  TestMailResult,
} from '../../shared/api-types.ts';
import type { ReportGrouping, ReportMonth, ReportSummary } from '../../shared/report-types.ts';

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

/** A report file's address: a same-origin GET, so a plain download link carries the session cookie. */
export function reportFileUrl(month: string, file: 'csv' | 'xlsx' | 'hall-upload', options: { groupBy?: ReportGrouping; hall?: string | undefined; lang?: string }): string {
  const query = new URLSearchParams();
  if (file !== 'hall-upload' && options.groupBy) query.set('groupBy', options.groupBy);
  if (options.hall !== undefined) query.set('hall', options.hall);
  if (file !== 'hall-upload' && (options.lang === 'zh-CN' || options.lang === 'en-US')) query.set('lang', options.lang);
  const name = file === 'hall-upload' ? 'hall-upload.json' : `export.${file}`;
  return `/api/reports/${encodeURIComponent(month)}/${name}?${query.toString()}`;
}

/**
 * Fetches a file the console serves as an attachment and hands it to the browser to save, so a
 * refusal (409: a hall that cannot be uploaded) is shown on the page instead of a failed download.
 */
export async function saveFile(url: string): Promise<string> {
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) {
    const text = await response.text();
    throw new ApiFailure(response.status, text ? (JSON.parse(text) as ApiError) : { error: 'http', message: String(response.status) });
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : (/filename="([^"]+)"/.exec(disposition)?.[1] ?? 'download');
  const href = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has started the download.
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
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
  terminalChanges: (since: string) => call<TerminalChanges>('GET', `/api/terminals?since=${encodeURIComponent(since)}`),
  terminal: (id: string) => call<TerminalDetail>('GET', `/api/terminals/${encodeURIComponent(id)}`),
  paymentRelay: (id: string) => call<PaymentRelayView>('GET', `/api/terminals/${encodeURIComponent(id)}/payment-relay`),
  revealNotifyTag: (id: string) => call<NotifyTagView>('POST', `/api/terminals/${encodeURIComponent(id)}/payment-relay/notify-tag`, {}),
  alerts: (all: boolean) => call<AlertView[]>('GET', `/api/alerts${all ? '?all=1' : ''}`),
  alertAction: (id: number, verb: 'acknowledge' | 'resolve') => call<AlertView>('POST', `/api/alerts/${id}/${verb}`, {}),
  notifyChannels: () => call<NotifyChannelsView>('GET', '/api/notifications'),
  testMail: () => call<TestMailResult>('POST', '/api/notifications/email/test', {}),
  notifySettings: () => call<NotifySettingsView>('GET', '/api/notifications/settings'),
  saveNotifySettings: (body: NotifySettingsEditBody) => call<NotifySettingsView>('POST', '/api/notifications/settings', body),
  ingest: () => call<IngestStats>('GET', '/api/ingest'),
  commands: () => call<CommandView[]>('GET', '/api/commands'),
  propose: (body: { name: string; args?: Record<string, unknown>; targets: { terminals?: string[]; groups?: string[]; sites?: string[] } }) => call<CommandView>('POST', '/api/commands', body),
  refusals: () => call<CommandRefusalView[]>('GET', '/api/refusals'),
  commandAction: (id: number, verb: 'approve' | 'reject' | 'resend') => call<CommandView>('POST', `/api/commands/${id}/${verb}`, {}),
  users: () => call<{ username: string; role: string; createdAt: string; disabled: boolean; totp: boolean }[]>('GET', '/api/users'),
  addUser: (body: { username: string; role: string; password: string; totp: boolean }) => call<{ username: string; totpSecret?: string; otpauth?: string }>('POST', '/api/users', body),
  changeUser: (username: string, change: { role?: string; disabled?: boolean }) => call<{ ok: true }>('POST', `/api/users/${encodeURIComponent(username)}`, change),
  audit: () => call<{ verification: { ok: boolean; entries: number; line?: number; reason?: string }; entries: { seq: number; time: string; actor: string; action: string; details: Record<string, unknown> }[] }>('GET', '/api/audit'),
  reportMonths: () => call<ReportMonth[]>('GET', '/api/reports'),
  report: (month: string, groupBy: ReportGrouping, hall: string | undefined) =>
    call<ReportSummary>('GET', `/api/reports/${encodeURIComponent(month)}?${new URLSearchParams({ groupBy, ...(hall !== undefined ? { hall } : {}) }).toString()}`),
  rollouts: () => call<RolloutView[]>('GET', '/api/rollouts'),
  proposeRollout: (body: { version: string; config: Record<string, unknown>; note?: string; canary: string[]; rest: string[]; canaryWaitMinutes: number }) => call<RolloutView>('POST', '/api/rollouts', body),
  rolloutAction: (id: number, verb: 'approve' | 'reject' | 'rollback') => call<RolloutView>('POST', `/api/rollouts/${id}/${verb}`, {}),
  uploadSignedRollout: (body: { bundle: Record<string, unknown>; canary: string[]; rest: string[]; canaryWaitMinutes: number }) => call<RolloutView>('POST', '/api/rollouts/signed', body),
  configSchema: () => call<ConfigSchemaResponse>('GET', '/api/config-schema'),
  previewRollout: (body: { config: Record<string, unknown>; canary: string[]; rest: string[] }) => call<RolloutPreview>('POST', '/api/rollouts/preview', body),
  rolloutDiff: (id: number) => call<TargetDiff[]>('GET', `/api/rollouts/${id}/diff`),
  rolloutAcks: (id: number) => call<RolloutAck[]>('GET', `/api/rollouts/${id}/acks`),
};
