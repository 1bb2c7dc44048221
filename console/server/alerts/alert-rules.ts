/**
 * The alert rules, as pure functions of what the registry knows about a terminal at a moment.
 * Each rule says whether its condition holds now, and since when (the evidence time); the engine
 * (alert-engine.ts) opens, and for self-clearing rules resolves, alerts from that.
 */
import { z } from 'zod';
import { movedAsideAt } from '../../../electron/core/db/moved-aside-name.ts';
import { heartbeatSchema, type HeartbeatMessage } from '../messages/terminal-messages.ts';
import type { TerminalRow } from '../storage/fleet-store.ts';

export const alertRulesConfigSchema = z
  .object({
    offlineMinutes: z.number().min(1).max(24 * 60).default(5),
    queueStuckMinutes: z.number().min(1).max(7 * 24 * 60).default(30),
    watchdogRestarts: z.object({ count: z.number().int().min(1).max(100), windowMinutes: z.number().min(1).max(7 * 24 * 60) }).strict().default({ count: 3, windowMinutes: 60 }),
    clockSkewSeconds: z.number().min(5).max(24 * 3600).default(120),
    /** How far back a "database moved aside" event still opens an alert. */
    damageLookbackHours: z.number().min(1).max(24 * 90).default(72),
    /**
     * Payment notifications the relay could not hand to the terminal (no PUBACK, no subscriber):
     * at least `failures` in the last `windowMinutes` and none forwarded. The window is read from
     * per-minute counts kept a day (storage/payment-relay-store.ts), hence at most 24 h.
     */
    paymentRelayFailing: z.object({ failures: z.number().int().min(1).max(1000), windowMinutes: z.number().int().min(1).max(24 * 60) }).strict().default({ failures: 3, windowMinutes: 15 }),
  })
  .strict();
export type AlertRulesConfig = z.infer<typeof alertRulesConfigSchema>;

export const ALERT_RULES = ['offline', 'paper-out', 'paper-low', 'queue-stuck', 'database-moved-aside', 'undecryptable-items', 'watchdog-restarts', 'clock-skew', 'payment-relay-failing'] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

/** Rules whose condition clearing resolves the alert; the others wait for a person. */
export const SELF_CLEARING: ReadonlySet<AlertRule> = new Set<AlertRule>(['offline', 'paper-out', 'paper-low', 'queue-stuck', 'undecryptable-items', 'watchdog-restarts', 'clock-skew', 'payment-relay-failing']);

export const SEVERITIES = ['critical', 'warning', 'notice'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * How urgent each rule is (mail recipients may differ per severity). critical: the terminal cannot
 * serve or data is at risk; warning: a service is impaired; notice: act before it becomes one.
 */
export const RULE_SEVERITY: Record<AlertRule, Severity> = {
  offline: 'critical',
  'paper-out': 'warning',
  'paper-low': 'notice',
  'queue-stuck': 'critical',
  'database-moved-aside': 'critical',
  'undecryptable-items': 'critical',
  'watchdog-restarts': 'warning',
  'clock-skew': 'warning',
  // Citizens are told "paid" late (the terminal's own queries still settle): impaired, not down.
  'payment-relay-failing': 'warning',
};

/** Printer flags as the receipt printer drivers report them (native/printer). */
const PAPER_OUT = 'paper-out';
const PAPER_NEAR_END = 'paper-near-end';

/** Event types the rules count (terminals publish them on …/events). */
export const RULE_EVENT_TYPES = { movedAside: 'database-moved-aside', watchdogRestart: 'watchdog-restart' } as const;

export interface EventEvidence {
  count: number;
  latestAt: string;
}

export interface RuleInput {
  terminal: TerminalRow;
  /** Per event type, within the window the rule uses. */
  events: Partial<Record<string, EventEvidence>>;
  now: Date;
  /** The payment relay's forwards and failures for this terminal within `paymentRelayFailing.windowMinutes`. */
  relay?: { forwarded: number; failed: number; lastFailedAt: string | null } | undefined;
  /** The rules with an alert open for this terminal (payment-relay-failing stays open while failures go on). */
  active?: ReadonlySet<AlertRule>;
}

export interface Condition {
  rule: AlertRule;
  detail: string;
  since: string;
}

const minutesAgo = (now: Date, iso: string | null) => (iso === null ? 0 : (now.getTime() - Date.parse(iso)) / 60_000);

/** The last heartbeat as the terminal sent it; a row written by an older console may not parse. */
function lastHeartbeat(row: TerminalRow): HeartbeatMessage | undefined {
  if (!row.heartbeat_json) return undefined;
  try {
    const parsed = heartbeatSchema.safeParse(JSON.parse(row.heartbeat_json));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function evaluateRules(input: RuleInput, config: AlertRulesConfig): Condition[] {
  const { terminal: t, now, events } = input;
  const found: Condition[] = [];
  const hb = lastHeartbeat(t);
  const hbAt = t.heartbeat_received_at ?? now.toISOString();

  if (t.online === 0 && t.status_at !== null && minutesAgo(now, t.status_at) >= config.offlineMinutes) {
    found.push({ rule: 'offline', since: t.status_at, detail: `offline since ${t.status_at}${t.status_reason ? ` (${t.status_reason})` : ''}` });
  }
  const isOut = (d: { reason?: string | undefined; flags?: string[] | undefined }) => d.reason === PAPER_OUT || d.flags?.includes(PAPER_OUT) === true;
  const paperOut = hb?.devices.filter(isOut) ?? [];
  if (paperOut.length > 0) found.push({ rule: 'paper-out', since: hbAt, detail: `paper out: ${paperOut.map((d) => d.device).join(', ')}` });
  // A printer that is out of paper also reports its paper near the end: "out" says it all.
  const paperLow = hb?.devices.filter((d) => !isOut(d) && (d.reason === PAPER_NEAR_END || d.flags?.includes(PAPER_NEAR_END) === true)) ?? [];
  if (paperLow.length > 0) found.push({ rule: 'paper-low', since: hbAt, detail: `paper low: ${paperLow.map((d) => d.device).join(', ')}` });

  if (t.queue_stuck_since !== null && minutesAgo(now, t.queue_stuck_since) >= config.queueStuckMinutes) {
    found.push({ rule: 'queue-stuck', since: t.queue_stuck_since, detail: `${t.queue_pending ?? '?'} submissions waiting, no progress since ${t.queue_stuck_since}` });
  }
  const moved = events[RULE_EVENT_TYPES.movedAside];
  const movedFiles = hb?.databasesMovedAside ?? [];
  if (movedFiles.length > 0 || moved) {
    const files = movedFiles.length > 0 ? `: ${movedFiles.join(', ')}` : '';
    // Dated by the damage itself (event time, else the time in the file's name), never by the
    // heartbeat that repeats it: a resolved alert reopens for new damage only.
    const fromNames = movedFiles.map(movedAsideAt).filter((t): t is string => t !== undefined).sort().at(-1);
    const since = [moved?.latestAt, fromNames].filter((t): t is string => t !== undefined).sort().at(-1) ?? hbAt;
    found.push({ rule: 'database-moved-aside', since, detail: `a damaged database was moved aside${files}; rows in it need recovery` });
  }
  const undecryptable = hb && 'pending' in hb.queue ? (hb.queue.undecryptable ?? 0) : 0;
  if (undecryptable > 0) {
    found.push({ rule: 'undecryptable-items', since: hbAt, detail: `${undecryptable} submissions sealed with a key this terminal does not have` });
  }
  const restarts = Math.max(events[RULE_EVENT_TYPES.watchdogRestart]?.count ?? 0, hb?.watchdogRestarts ?? 0);
  if (restarts >= config.watchdogRestarts.count) {
    found.push({ rule: 'watchdog-restarts', since: events[RULE_EVENT_TYPES.watchdogRestart]?.latestAt ?? hbAt, detail: `${restarts} watchdog restarts (limit ${config.watchdogRestarts.count} in ${config.watchdogRestarts.windowMinutes} min)` });
  }
  if (t.clock_skew_ms !== null && Math.abs(t.clock_skew_ms) > config.clockSkewSeconds * 1000) {
    const seconds = Math.round(t.clock_skew_ms / 1000);
    found.push({ rule: 'clock-skew', since: hbAt, detail: `terminal clock ${seconds > 0 ? 'ahead' : 'behind'} by ${Math.abs(seconds)} s` });
  }
  // Opens at the threshold; once open it holds while anything failed in the window and nothing
  // was forwarded, so a terminal failing a little less often is not resolved and reopened.
  const relay = input.relay;
  const { failures, windowMinutes } = config.paymentRelayFailing;
  if (relay && relay.forwarded === 0 && relay.failed >= (input.active?.has('payment-relay-failing') ? 1 : failures)) {
    found.push({ rule: 'payment-relay-failing', since: relay.lastFailedAt ?? now.toISOString(), detail: `${relay.failed} payment notifications not delivered to the terminal in the last ${windowMinutes} min (no subscriber or no PUBACK), none delivered` });
  }
  return found;
}
