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
import type { CommandRefusalView, CommandView, IngestStats, RolloutAck, RolloutStage, RolloutView, TerminalDetail } from '../../shared/api-types.ts';
import type { ConsoleAudit } from '../audit/console-audit.ts';
import { proposeBodySchema, type CommandService } from '../commands/command-service.ts';
import { previewBodySchema, rolloutBodySchema, signedRolloutBodySchema, type RolloutService } from '../commands/rollout-service.ts';
import { configSchemaResponse } from '../rollout-config/config-form-schema.ts';
import type { RolloutRow } from '../storage/rollout-store.ts';
import type { CommandRow, CommandStore } from '../storage/command-store.ts';
import { hashPassword, passwordProblem } from '../auth/passwords.ts';
import { ROLES } from '../auth/roles.ts';
import { newTotpSecret, otpauthUri } from '../auth/totp.ts';
import type { TerminalRegistry } from '../registry/terminal-registry.ts';
import type { AlertRow, FleetStore } from '../storage/fleet-store.ts';
import type { PeopleStore } from '../storage/people-store.ts';
import type { ReportStore } from '../storage/report-store.ts';
import { reportRoutes } from './report-routes.ts';
import { notifyRoutes, type NotifyRouteDeps } from './notify-routes.ts';
import { paymentRelayRoutes, type PaymentRelayRouteDeps } from './payment-relay-routes.ts';
import type { NotificationStore } from '../storage/notification-store.ts';
import { SESSION_COOKIE, type AuthService } from './auth-service.ts';
import { HttpError, readJson, sendError, sendJson, sessionCookie } from './http-util.ts';
import { alertView, terminalView } from './views.ts';
import { CURSOR_PATTERN, TerminalChangeLog } from './terminal-changes.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';

export interface ConsoleApiDeps {
  fleet: FleetStore;
  notifications: NotificationStore;
  /** The notification channels configured in this instance. */
  notify: NotifyRouteDeps['notify'];
  people: PeopleStore;
  audit: ConsoleAudit;
  auth: AuthService;
  registry: TerminalRegistry;
  commands: CommandService;
  commandStore: CommandStore;
  rollouts: RolloutService;
  reports: ReportStore;
  /** The payment relay's counts and this instance's relay state (key, enabled). */
  paymentRelay: Pick<PaymentRelayRouteDeps, 'store' | 'relay'>;
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

  const alertViews = async (rows: AlertRow[]) => {
    const notifications = await d.notifications.forAlerts(rows.map((a) => a.id));
    return rows.map((a) => alertView(a, notifications));
  };

  const terminalChanges = new TerminalChangeLog(async () => {
    const counts = await activeAlertCounts();
    return (await d.fleet.listTerminals()).map((t) => terminalView(t, counts.get(t.id) ?? 0));
  });

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

  /** The reload-config commands of these rollouts by nonce, with their rollout and stage. */
  const stageCommands = async (rows: RolloutRow[]) => {
    const stages = new Map<number, { rollout: number; stage: RolloutStage }>();
    for (const r of rows) {
      if (r.canary_command_id !== null) stages.set(r.canary_command_id, { rollout: r.id, stage: 'canary' });
      if (r.rest_command_id !== null) stages.set(r.rest_command_id, { rollout: r.id, stage: 'rest' });
      if (r.rollback_command_id !== null) stages.set(r.rollback_command_id, { rollout: r.id, stage: 'rollback' });
    }
    const byNonce = new Map<string, { rollout: number; stage: RolloutStage }>();
    for (const [commandId, nonce] of await d.commandStore.noncesOf([...stages.keys()])) {
      const stage = stages.get(commandId);
      if (stage) byNonce.set(nonce, stage);
    }
    return byNonce;
  };

  // Counts only: a rollout to ten thousand terminals must not put every ack in every list poll.
  const rolloutViews = async (rows: RolloutRow[]): Promise<RolloutView[]> => {
    const byNonce = await stageCommands(rows);
    const counts = await d.commandStore.latestAckCounts([...byNonce.keys()]);
    return rows.map((r) => ({
      ...rolloutView(r),
      ackCounts: counts.flatMap((c) => {
        const stage = byNonce.get(c.command_id);
        return stage?.rollout === r.id ? [{ stage: stage.stage, status: c.status, count: c.count }] : [];
      }),
    }));
  };

  const rolloutAcks = async (row: RolloutRow): Promise<RolloutAck[]> => {
    const byNonce = await stageCommands([row]);
    return (await d.commandStore.latestAcks([...byNonce.keys()])).flatMap((a) => {
      const stage = byNonce.get(a.command_id);
      return stage ? [{ terminalId: a.terminal_id, stage: stage.stage, status: a.status, at: a.at, detail: a.detail }] : [];
    });
  };

  const rolloutView = (r: RolloutRow): Omit<RolloutView, 'ackCounts'> => ({
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
    targetGroups: r.target_groups_json ? (JSON.parse(r.target_groups_json) as RolloutView['targetGroups']) : null,
    signedOffline: r.bundle_json !== null,
  });

  const routes: [method: string, pattern: RegExp, handler: Handler][] = [
    ...reportRoutes({ fleet: d.fleet, reports: d.reports, auth: d.auth, audit: d.audit, now: d.now }),
    ...notifyRoutes({ notifications: d.notifications, notify: d.notify, auth: d.auth, audit: d.audit, now: d.now }),
    ...paymentRelayRoutes({ ...d.paymentRelay, fleet: d.fleet, auth: d.auth, audit: d.audit, now: d.now }),
    [
      'GET',
      /^\/api\/rollouts$/,
      async (req, res) => {
        await d.auth.require(req, 'viewer');
        sendJson(res, 200, await rolloutViews(await d.rollouts.o.rollouts.list()));
      },
    ],
    [
      'POST',
      /^\/api\/rollouts$/,
      async (req, res) => {
        const s = await d.auth.require(req, 'publisher');
        const [view] = await rolloutViews([await d.rollouts.propose(s, await readJson(req, rolloutBodySchema))]);
        sendJson(res, 201, view);
      },
    ],
    [
      'POST',
      /^\/api\/rollouts\/signed$/,
      async (req, res) => {
        const s = await d.auth.require(req, 'publisher');
        const [view] = await rolloutViews([await d.rollouts.proposeSigned(s, await readJson(req, signedRolloutBodySchema))]);
        sendJson(res, 201, view);
      },
    ],
    [
      'GET',
      /^\/api\/config-schema$/,
      async (req, res) => {
        await d.auth.require(req, 'viewer');
        sendJson(res, 200, configSchemaResponse());
      },
    ],
    [
      'POST',
      /^\/api\/rollouts\/preview$/,
      async (req, res) => {
        await d.auth.require(req, 'publisher');
        sendJson(res, 200, await d.rollouts.preview(await readJson(req, previewBodySchema)));
      },
    ],
    [
      'GET',
      /^\/api\/rollouts\/(\d{1,12})\/diff$/,
      async (req, res, [id = '']) => {
        await d.auth.require(req, 'viewer');
        sendJson(res, 200, await d.rollouts.diff(Number(id)));
      },
    ],
    [
      'GET',
      /^\/api\/rollouts\/(\d{1,12})\/acks$/,
      async (req, res, [id = '']) => {
        await d.auth.require(req, 'viewer');
        const row = await d.rollouts.o.rollouts.get(Number(id));
        if (!row) throw new HttpError(404, 'not-found', `no rollout ${id}`);
        sendJson(res, 200, await rolloutAcks(row));
      },
    ],
    [
      'GET',
      /^\/api\/refusals$/,
      async (req, res) => {
        await d.auth.require(req, 'viewer');
        const rows = await d.fleet.eventsOfType('command-refused', 100);
        const view: CommandRefusalView[] = rows.map((e) => ({ terminalId: e.terminal_id, at: e.at, ...refusalData(e.data_json) }));
        sendJson(res, 200, view);
      },
    ],
    [
      'POST',
      /^\/api\/rollouts\/(\d{1,12})\/(approve|reject|rollback)$/,
      async (req, res, [id = '', verb = '']) => {
        const s = await d.auth.require(req, 'publisher');
        await readJson(req, empty);
        const row = verb === 'approve' ? await d.rollouts.approve(s, Number(id)) : verb === 'reject' ? await d.rollouts.reject(s, Number(id)) : await d.rollouts.rollback(s, Number(id));
        const [view] = await rolloutViews([row]);
        sendJson(res, 200, view);
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
        const since = new URL(req.url ?? '/', 'http://x').searchParams.get('since');
        if (since !== null && since !== '' && !CURSOR_PATTERN.test(since)) throw new HttpError(400, 'invalid', 'since: not a cursor of this API (leave it empty for the whole fleet)');
        await terminalChanges.refresh();
        // Without `since`: the whole list as an array, as before (scripts and the bench read it so).
        sendJson(res, 200, since === null ? terminalChanges.all() : terminalChanges.since(since));
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
          alerts: await alertViews(alerts),
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
        sendJson(res, 200, await alertViews(await d.fleet.listAlerts({ includeResolved })));
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
        sendJson(res, 200, (await alertViews([(await d.fleet.getAlert(Number(id)))!]))[0]);
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


/** A `command-refused` event's fields (fleet-agent.ts); anything else in it is not shown. */
function refusalData(json: string): Omit<CommandRefusalView, 'terminalId' | 'at'> {
  const data = JSON.parse(json) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  return { reason: text(data.reason) ?? 'unknown', detail: text(data.detail), keyId: text(data.keyId), nonce: text(data.nonce), name: text(data.name) };
}
