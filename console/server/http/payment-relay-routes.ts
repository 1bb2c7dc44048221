/**
 * The payment relay on the terminal page: what it forwarded, failed to forward and refused for a
 * terminal (any role), and, for administrators, the terminal's notify tag for its provisioning
 * config. Showing a tag is an action like any other: admin role, CSRF, a line in the audit log
 * (the tag itself is not written there: whoever reads the log would hold every terminal's URL).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { NotifyTagView, PaymentRelayView } from '../../shared/api-types.ts';
import type { ConsoleAudit } from '../audit/console-audit.ts';
import { notifyTagFor } from '../payment-relay/relay-tag.ts';
import type { FleetStore } from '../storage/fleet-store.ts';
import { hourOf, type PaymentRelayStore } from '../storage/payment-relay-store.ts';
import type { AuthService } from './auth-service.ts';
import { HttpError, readJson, sendJson } from './http-util.ts';

export interface PaymentRelayRouteDeps {
  store: PaymentRelayStore;
  fleet: FleetStore;
  /** This instance's relay: `paymentRelay.enabled` and the `console-payment-relay-key` credential. */
  relay: { enabled: boolean; key: string | undefined };
  auth: AuthService;
  audit: ConsoleAudit;
  now: () => Date;
}

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void>;

const empty = z.object({}).strict();
const RECENT_HOURS = 24;

export function paymentRelayRoutes(d: PaymentRelayRouteDeps): [method: string, pattern: RegExp, handler: Handler][] {
  return [
    [
      'GET',
      /^\/api\/terminals\/([A-Za-z0-9_-]{1,64})\/payment-relay$/,
      async (req, res, [id = '']) => {
        await d.auth.require(req, 'viewer');
        // The current hour and the 23 before it.
        const since = hourOf(new Date(d.now().getTime() - (RECENT_HOURS - 1) * 3600_000));
        const channels = await d.store.forTerminal(id, since);
        const last = channels.map((c) => c.lastForwardedAt).filter((at): at is string => at !== null).sort().at(-1) ?? null;
        const view: PaymentRelayView = {
          relay: d.relay.key === undefined ? 'no-key' : d.relay.enabled ? 'on' : 'disabled',
          // An id the console does not know still gets its counts (a proven tag may have reached it before its status did).
          terminalKnown: (await d.fleet.getTerminal(id)) !== undefined,
          recentSince: `${since}:00:00.000Z`,
          channels: channels.map((c) => ({ channel: c.channel, recent: c.recent, total: c.total, lastForwardedAt: c.lastForwardedAt, firstAt: `${c.firstHour}:00:00.000Z` })),
          lastForwardedAt: last,
          unattributed: await d.store.unattributed(since),
          tagAvailable: d.relay.key !== undefined,
        };
        sendJson(res, 200, view);
      },
    ],
    [
      'POST',
      /^\/api\/terminals\/([A-Za-z0-9_-]{1,64})\/payment-relay\/notify-tag$/,
      async (req, res, [id = '']) => {
        const s = await d.auth.require(req, 'admin');
        await readJson(req, empty);
        const key = d.relay.key;
        if (key === undefined) throw new HttpError(409, 'relay-off', 'no console-payment-relay-key credential: the relay is off and there are no tags');
        if ((await d.fleet.getTerminal(id)) === undefined) throw new HttpError(404, 'not-found', `no terminal ${id}`);
        await d.audit.append(`user:${s.username}`, 'payment-relay.tag-shown', { terminalId: id });
        const tag = notifyTagFor(key, id);
        const view: NotifyTagView = { terminalId: id, tag, path: `/pay/notify/<channel>/${id}/${tag}` };
        sendJson(res, 200, view);
      },
    ],
  ];
}
