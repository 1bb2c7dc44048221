/**
 * The console's HTTP API on node:http: routes, each with the role it needs and a zod-validated
 * body; every action a person takes is written to the audit log. Anything that is not /api/ is
 * the built web UI (console/ui), served with the kiosk's own static-file and header rules.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { resolveStaticFile } from '../../../electron/shells/shared/static-files.ts';
import { securityHeaders } from '../../../electron/shells/shared/security-headers.ts';
import type { Logger } from '../../../electron/core/logging/logger.ts';
import type { CommandView, IngestStats, RolloutView, TerminalDetail } from '../../shared/api-types.ts';
import type { ConsoleAudit } from '../audit/console-audit.ts';
import { proposeBodySchema, type CommandService } from '../commands/command-service.ts';
import { rolloutBodySchema, type RolloutService } from '../commands/rollout-service.ts';
import type { RolloutRow } from '../storage/rollout-store.ts';
import type { CommandRow, CommandStore } from '../storage/command-store.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { ROLES } from '../auth/roles.ts';
import { newTotpSecret, otpauthUri } from '../auth/totp.ts';
import type { TerminalRegistry } from '../registry/terminal-registry.ts';
import type { FleetStore } from '../storage/fleet-store.ts';
import type { PeopleStore } from '../storage/people-store.ts';
import { SESSION_COOKIE, type AuthService } from './auth-service.ts';
import { HttpError, readJson, sendError, sendJson, sessionCookie } from './http-util.ts';
import { alertView, terminalView } from './views.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';

export interface ConsoleApiDeps {
  fleet: FleetStore;
  people: PeopleStore;
  audit: ConsoleAudit;
  auth: AuthService;
  registry: TerminalRegistry;
  commands: CommandService;
  commandStore: CommandStore;
  rollouts: RolloutService;
  unroutable: () => number;
  secureCookies: boolean;
  uiDir: string | undefined;
  logger: Logger;
  now: () => Date;
}

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void>;

const loginBody = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200), totp: z.string().max(10).optional() }).strict();
const username = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, '2–32 lower-case letters, digits, ".", "_" or "-"');
const newUserBody = z.object({ username, role: z.enum(ROLES), password: z.string(), totp: z.boolean().default(false) }).strict();
const changeUserBody = z.object({ role: z.enum(ROLES).optional(), disabled: z.boolean().optional() }).strict();
const empty = z.object({}).strict();

export function consoleApi(d: ConsoleApiDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const actor = (s: { username: string }) => `user:${s.username}`;
  const activeAlertCounts = async () => {
    const counts = new Map<string, number>();
    for (const a of await d.fleet.activeAlerts()) counts.set(a.terminal_id, (counts.get(a.terminal_id) ?? 0) + 1);
    return counts;
  };

  const commandViews = async (rows: CommandRow[]): Promise<CommandView[]> => {
    const acks = await d.commandStore.acksFor(rows.flatMap((r) => (r.nonce ? [r.nonce] : [])));
    return rows.map((r) => {
      const latest = new Map<string, CommandView['acks'][number]>();
      for (const a of acks) if (a.command_id === r.nonce) latest.set(a.terminal_id, { terminalId: a.terminal_id, status: a.status, at: a.at, detail: a.detail });
      return {
        id: r.id,
        name: r.name,
        args: JSON.parse(r.args_json) as Record<string, unknown>,
        targets: JSON.parse(r.targets_json) as CommandView['targets'],
        state: r.state as CommandView['state'],
        proposedBy: r.proposed_by,
        proposedAt: r.proposed_at,
        decidedBy: r.decided_by,
        decidedAt: r.decided_at,
        nonce: r.nonce,
        expiresAt: r.expires_at,
        sendError: r.send_error,
        acks: [...latest.values()],
      };
    });
  };

  const rolloutView = (r: RolloutRow): RolloutView => ({
    id: r.id,
    version: r.version,
    config: JSON.parse(r.config_json) as Record<string, unknown>,
    note: r.note,
    canary: JSON.parse(r.canary_json) as string[],
    rest: JSON.parse(r.rest_json) as string[],
    canaryWaitMinutes: r.canary_wait_minutes,
    canaryTimeoutMinutes: r.canary_timeout_minutes,
    state: r.state as RolloutView['state'],
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at,
    approvedBy: r.approved_by,
    approvedAt: r.approved_at,
    haltReason: r.halt_reason,
    rollbackVersion: r.rollback_version,
    commandIds: [r.canary_command_id, r.rest_command_id, r.rollback_command_id].filter((c): c is number => c !== null),
  });

  const routes: [method: string, pattern: RegExp, handler: Handler][] = [
    [
      'GET',
      /^\/api\/rollouts$/,
      async (req, res) => {
        await d.auth.require(req, 'viewer');
        sendJson(res, 200, (await d.rollouts.o.rollouts.list()).map(rolloutView));
      },
    ],
    [
      'POST',
      /^\/api\/rollouts$/,
      async (req, res) => {
        const s = await d.auth.require(req, 'publisher');
        sendJson(res, 201, rolloutView(await d.rollouts.propose(s, await readJson(req, rolloutBodySchema))));
      },
    ],
    [
      'POST',
      /^\/api\/rollouts\/(\d{1,12})\/(approve|reject|rollback)$/,
      async (req, res, [id = '', verb = '']) => {
        const s = await d.auth.require(req, 'publisher');
        await readJson(req, empty);
        const row = verb === 'approve' ? await d.rollouts.approve(s, Number(id)) : verb === 'reject' ? await d.rollouts.reject(s, Number(id)) : await d.rollouts.rollback(s, Number(id));
        sendJson(res, 200, rolloutView(row));
      },
    ],
    [
      'GET',
      /^\/api\/commands$/,
      async (req, res) => {
        await d.auth.require(req, 'viewer');
        sendJson(res, 200, await commandViews(await d.commandStore.list()));
      },
    ],
    [
      'POST',
      /^\/api\/commands$/,
      async (req, res) => {
        const s = await d.auth.require(req, 'operator');
        const body = await readJson(req, proposeBodySchema);
        const [view] = await commandViews([await d.commands.propose(s, body)]);
        sendJson(res, 201, view);
      },
    ],
    [
      'POST',
      /^\/api\/commands\/(\d{1,12})\/(approve|reject|resend)$/,
      async (req, res, [id = '', verb = '']) => {
        const s = await d.auth.require(req, 'operator');
        await readJson(req, empty);
        const row = verb === 'approve' ? await d.commands.approve(s, Number(id)) : verb === 'reject' ? await d.commands.reject(s, Number(id)) : await d.commands.resend(s, Number(id));
        const [view] = await commandViews([row]);
        sendJson(res, 200, view);
      },
    ],
    [
      'POST',
      /^\/api\/login$/,
      async (req, res) => {
        const body = await readJson(req, loginBody);
        const { token, session, maxAgeSeconds } = await d.auth.login(body);
        sendJson(res, 200, session, { 'set-cookie': sessionCookie(SESSION_COOKIE, token, maxAgeSeconds, d.secureCookies) });
      },
    ],
    [
      'POST',
      /^\/api\/logout$/,
      async (req, res) => {
        const s = await d.auth.require(req, 'viewer');
        await d.people.deleteSession(s.token);
        await d.audit.append(actor(s), 'logout');
        sendJson(res, 200, { ok: true }, { 'set-cookie': sessionCookie(SESSION_COOKIE, '', 0, d.secureCookies) });
      },
    ],
    [
      'GET',
      /^\/api\/session$/,
      async (req, res) => {
        const { token: _token, ...session } = await d.auth.require(req, 'viewer');
        sendJson(res, 200, session);
      },
    ],
    [
      'GET',
      /^\/api\/terminals$/,
      async (req, res) => {
        await d.auth.require(req, 'viewer');
        const counts = await activeAlertCounts();
        sendJson(res, 200, (await d.fleet.listTerminals()).map((t) => terminalView(t, counts.get(t.id) ?? 0)));
      },
    ],
    [
      'GET',
      /^\/api\/terminals\/([A-Za-z0-9_-]{1,64})$/,
      async (req, res, [id = '']) => {
        await d.auth.require(req, 'viewer');
        const row = await d.fleet.getTerminal(id);
        if (!row) throw new HttpError(404, 'not-found', `no terminal ${id}`);
        const alerts = (await d.fleet.listAlerts({ includeResolved: true, limit: 100 })).filter((a) => a.terminal_id === id);
        const detail: TerminalDetail = {
          terminal: terminalView(row, alerts.filter((a) => a.state !== 'resolved').length),
          statusHistory: (await d.fleet.statusHistory(id)).map((h) => ({ state: h.state, reason: h.reason, at: h.at, receivedAt: h.received_at })),
          events: (await d.fleet.events(id)).map((e) => ({ type: e.type, at: e.at, data: JSON.parse(e.data_json) as Record<string, unknown> })),
          acks: (await d.fleet.acks(id)).map((a) => ({ commandId: a.command_id, commandType: a.command_type, status: a.status, at: a.at, detail: a.detail })),
          logs: await d.fleet.logs(id),
          alerts: alerts.map(alertView),
        };
        sendJson(res, 200, detail);
      },
    ],
    [
      'GET',
      /^\/api\/alerts$/,
      async (req, res) => {
        await d.auth.require(req, 'viewer');
        const includeResolved = new URL(req.url ?? '/', 'http://x').searchParams.get('all') === '1';
        sendJson(res, 200, (await d.fleet.listAlerts({ includeResolved })).map(alertView));
      },
    ],
    [
      'POST',
      /^\/api\/alerts\/(\d{1,12})\/(acknowledge|resolve)$/,
      async (req, res, [id = '', verb = '']) => {
        const s = await d.auth.require(req, 'operator');
        await readJson(req, empty);
        const at = d.now().toISOString();
        const done = verb === 'acknowledge' ? await d.fleet.acknowledgeAlert(Number(id), s.username, at) : await d.fleet.resolveAlert(Number(id), s.username, at);
        if (!done) {
          const alert = await d.fleet.getAlert(Number(id));
          throw alert ? new HttpError(409, 'conflict', `alert ${id} is ${alert.state}`) : new HttpError(404, 'not-found', `no alert ${id}`);
        }
        await d.audit.append(actor(s), `alert.${verb}`, { alert: Number(id) });
        sendJson(res, 200, alertView((await d.fleet.getAlert(Number(id)))!));
      },
    ],
    [
      'GET',
      /^\/api\/ingest$/,
      async (req, res) => {
        await d.auth.require(req, 'viewer');
        const stats: IngestStats = { ...d.registry.counters, unroutable: d.unroutable() };
        sendJson(res, 200, stats);
      },
    ],
    [
      'GET',
      /^\/api\/users$/,
      async (req, res) => {
        await d.auth.require(req, 'admin');
        sendJson(res, 200, (await d.people.listUsers()).map((u) => ({ username: u.username, role: u.role, createdAt: u.created_at, disabled: u.disabled === 1, totp: u.totp_secret !== null })));
      },
    ],
    [
      'POST',
      /^\/api\/users$/,
      async (req, res) => {
        const s = await d.auth.require(req, 'admin');
        const body = await readJson(req, newUserBody);
        const problem = passwordProblem(body.password);
        if (problem) throw new HttpError(400, 'weak-password', `password: ${problem}`);
        const totpSecret = body.totp ? newTotpSecret() : null;
        const added = await d.people.addUser({ username: body.username, role: body.role, passwordHash: await hashPassword(body.password), totpSecret, createdAt: d.now().toISOString() });
        if (!added) throw new HttpError(409, 'conflict', `user ${body.username} exists`);
        await d.audit.append(actor(s), 'user.created', { username: body.username, role: body.role, totp: body.totp });
        // The secret is shown once, to be scanned into the new user's app; it is never sent again.
        sendJson(res, 201, { username: body.username, role: body.role, ...(totpSecret ? { totpSecret, otpauth: otpauthUri(totpSecret, body.username) } : {}) });
      },
    ],
    [
      'POST',
      /^\/api\/users\/([a-z0-9._-]{2,32})$/,
      async (req, res, [name = '']) => {
        const s = await d.auth.require(req, 'admin');
        const body = await readJson(req, changeUserBody);
        if (name === s.username && (body.disabled === true || (body.role && body.role !== 'admin'))) throw new HttpError(409, 'conflict', 'an admin cannot lock themselves out');
        if (!(await d.people.updateUser(name, body))) throw new HttpError(404, 'not-found', `no user ${name}`);
        if (body.disabled || body.role) await d.people.deleteSessionsOf(name);
        await d.audit.append(actor(s), 'user.changed', { username: name, ...body });
        sendJson(res, 200, { ok: true });
      },
    ],
    [
      'GET',
      /^\/api\/audit$/,
      async (req, res) => {
        await d.auth.require(req, 'admin');
        sendJson(res, 200, { verification: await d.audit.verify(), entries: await d.audit.recent() });
      },
    ],
  ];

  const serveUi = async (req: IncomingMessage, res: ServerResponse) => {
    const headers = securityHeaders();
    if (!d.uiDir) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('console UI not built: npx vite build --config console/ui/vite.config.ts');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    // Client-side routes (/terminals/KM-0001) get the app's index.html.
    const file = (await resolveStaticFile(d.uiDir, path)) ?? (path.startsWith('/assets/') ? null : await resolveStaticFile(d.uiDir, '/'));
    if (!file) {
      res.writeHead(404, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': file.contentType, 'content-length': String(file.size), 'cache-control': path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache' });
    createReadStream(file.absolutePath).pipe(res);
  };

  return (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const run = async () => {
      if (!path.startsWith('/api/')) {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'method', 'GET only');
        return serveUi(req, res);
      }
      for (const [method, pattern, handler] of routes) {
        const match = pattern.exec(path);
        if (!match) continue;
        if (req.method !== method) continue;
        return handler(req, res, match.slice(1));
      }
      throw new HttpError(404, 'not-found', `no route ${req.method ?? ''} ${path}`);
    };
    run().catch((error: unknown) => {
      if (error instanceof HttpError) return sendError(res, error);
      d.logger.error('console API error', { path, error: errorMessage(error) });
      if (!res.headersSent) sendError(res, new HttpError(500, 'internal', 'internal error; see the console log'));
      else res.destroy();
    });
  };
}

