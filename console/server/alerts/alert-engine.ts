/**
 * Opens alerts when a rule's condition holds, resolves the self-clearing ones when it no longer
 * does, and notifies its channels (group robot, e-mail) with retries. Runs on a timer in every console instance;
 * the database's "one active alert per terminal and rule" check keeps instances from doubling up
 * (a rare race opens two, which staff resolve together: visible, never lost).
 */
import { fullJitterDelay, type BackoffPolicy } from '../../../electron/contract/rules/backoff.ts';
import type { Logger } from '../../../electron/core/logging/logger.ts';
import type { FleetStore, AlertRow } from '../storage/fleet-store.ts';
import { evaluateRules, RULE_EVENT_TYPES, SELF_CLEARING, type AlertRule, type AlertRulesConfig, type EventEvidence } from './alert-rules.ts';
import { sendToRobot, type AlertMessage, type DeliveryOutcome, type WebhookConfig } from './webhook.ts';
import { webhookChannel, type MailChannel, type NotifyChannel } from './notify-channels.ts';
import { NotificationStore } from '../storage/notification-store.ts';
import { minuteOf, PaymentRelayStore } from '../storage/payment-relay-store.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';

/** How long a sender holds a notification it is sending; a console that dies mid-send leaves it due again after this. */
const CLAIM_MS = 5 * 60_000;

export interface AlertEngineOptions {
  store: FleetStore;
  rules: AlertRulesConfig;
  webhook?: WebhookConfig;
  logger: Logger;
  now?: () => Date;
  /** Notification retry spacing (default: the project's backoff rule); tests shorten it. */
  backoff?: BackoffPolicy;
  random?: () => number;
  send?: (config: WebhookConfig, message: AlertMessage) => Promise<DeliveryOutcome>;
  /** The e-mail channel (console config `email`), when configured. */
  mail?: MailChannel;
  /** Defaults to the store's database. */
  notifications?: NotificationStore;
  /** The payment relay's counts (payment-relay-failing); defaults to the store's database. */
  paymentRelay?: PaymentRelayStore;
  /** Whether the robot is on, as administrators set it in the console (alerts/notify-settings.ts); default on. */
  webhookEnabled?: () => Promise<boolean>;
}

export interface TickResult {
  opened: AlertRow[];
  resolved: number[];
}

export class AlertEngine {
  readonly #o: AlertEngineOptions;
  readonly #now: () => Date;
  readonly #channels: NotifyChannel[];
  readonly #notifications: NotificationStore;
  readonly #relay: PaymentRelayStore;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: AlertEngineOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#channels = [...(options.webhook ? [webhookChannel(options.webhook, options.send ?? sendToRobot, options.webhookEnabled)] : []), ...(options.mail ? [options.mail] : [])];
    this.#notifications = options.notifications ?? new NotificationStore(options.store.db);
    this.#relay = options.paymentRelay ?? new PaymentRelayStore(options.store.db);
  }

  /** The channels configured in this instance, by name. */
  get channels(): readonly NotifyChannel[] {
    return this.#channels;
  }

  start(intervalMs: number): void {
    this.#timer ??= setInterval(() => {
      this.#running = this.tick().catch((error: unknown) => this.#o.logger.error('alert evaluation failed', { error: errorMessage(error) }));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  async tick(): Promise<TickResult> {
    const result = await this.evaluate();
    await this.notifyDue();
    return result;
  }

  async evaluate(): Promise<TickResult> {
    const { store, rules } = this.#o;
    const now = this.#now();
    const iso = now.toISOString();
    const restartsSince = new Date(now.getTime() - rules.watchdogRestarts.windowMinutes * 60_000).toISOString();
    const damageSince = new Date(now.getTime() - rules.damageLookbackHours * 3600_000).toISOString();
    const evidence = new Map<string, Record<string, EventEvidence>>();
    const addEvidence = (rows: { terminalId: string; type: string; count: number; latestAt: string }[]) => {
      for (const r of rows) evidence.set(r.terminalId, { ...evidence.get(r.terminalId), [r.type]: { count: r.count, latestAt: r.latestAt } });
    };
    addEvidence(await store.eventCounts([RULE_EVENT_TYPES.watchdogRestart], restartsSince));
    addEvidence(await store.eventCounts([RULE_EVENT_TYPES.movedAside], damageSince));

    const relaySince = minuteOf(new Date(now.getTime() - rules.paymentRelayFailing.windowMinutes * 60_000));
    const relay = new Map((await this.#relay.recentOutcomes(relaySince)).map((r) => [r.terminalId, r]));

    const active = new Map<string, AlertRow>();
    const activeRules = new Map<string, Set<AlertRule>>();
    for (const alert of await store.activeAlerts()) {
      active.set(`${alert.terminal_id}\u0000${alert.rule}`, alert);
      const set = activeRules.get(alert.terminal_id) ?? new Set<AlertRule>();
      set.add(alert.rule as AlertRule);
      activeRules.set(alert.terminal_id, set);
    }

    const opened: AlertRow[] = [];
    const resolved: number[] = [];
    for (const terminal of await store.listTerminals()) {
      const conditions = evaluateRules({ terminal, events: evidence.get(terminal.id) ?? {}, now, relay: relay.get(terminal.id), active: activeRules.get(terminal.id) ?? new Set() }, rules);
      const holding = new Set<AlertRule>(conditions.map((c) => c.rule));
      for (const condition of conditions) {
        const key = `${terminal.id}\u0000${condition.rule}`;
        if (active.has(key)) continue;
        if (!SELF_CLEARING.has(condition.rule)) {
          // Resolved by a person: reopen only for new evidence, not for the same damage again.
          const latest = await store.latestAlert(terminal.id, condition.rule);
          if (latest && latest.opened_at >= condition.since) continue;
        }
        const notify: NotifyChannel['name'][] = [];
        for (const c of this.#channels) if (await c.takes(condition.rule)) notify.push(c.name);
        const alert = await store.openAlert({ terminalId: terminal.id, rule: condition.rule, detail: condition.detail, at: iso, notify });
        opened.push(alert);
        this.#o.logger.warn('alert opened', { terminal: terminal.id, rule: condition.rule, detail: condition.detail });
      }
      for (const rule of SELF_CLEARING) {
        const alert = active.get(`${terminal.id}\u0000${rule}`);
        if (alert && !holding.has(rule) && (await store.resolveAlert(alert.id, 'system', iso))) resolved.push(alert.id);
      }
    }
    return { opened, resolved };
  }

  /**
   * Sends due notifications, each channel's on its own state: a retry of one channel never
   * repeats what another already delivered. Each is claimed first, so overlapping ticks and other
   * console instances never send the same one.
   */
  async notifyDue(): Promise<void> {
    // A paused channel's pending notifications wait (shown as pending) until it is switched on again.
    const active: NotifyChannel[] = [];
    for (const c of this.#channels) if (await c.enabled()) active.push(c);
    if (active.length === 0) return;
    const byName = new Map(active.map((c) => [c.name as string, c]));
    for (const n of await this.#notifications.due([...active.map((c) => c.name)], this.#now().toISOString())) {
      const channel = byName.get(n.channel);
      // The hold counts from now, not from the start of the tick: sends before this one may have taken long.
      const now = this.#now();
      if (!channel || !(await this.#notifications.claim(n, new Date(now.getTime() + CLAIM_MS).toISOString()))) continue;
      let outcome: DeliveryOutcome;
      try {
        outcome = await channel.send(n);
      } catch (error) {
        outcome = { result: 'unknown', detail: errorMessage(error) };
      }
      const attempts = n.attempts + 1;
      const key = { alert_id: n.alert_id, channel: n.channel, event: n.event };
      const at = this.#now().toISOString();
      if (outcome.result === 'sent') {
        await this.#notifications.record(key, { state: 'sent', attempts, nextAt: null, detail: outcome.detail ?? null, at });
      } else if (outcome.result === 'failed') {
        this.#o.logger.error('alert notification refused', { alert: n.alert_id, channel: n.channel, event: n.event, detail: outcome.detail });
        await this.#notifications.record(key, { state: 'failed', attempts, nextAt: null, detail: outcome.detail, at });
      } else {
        const delay = fullJitterDelay(attempts, this.#o.backoff, this.#o.random);
        await this.#notifications.record(key, { state: 'pending', attempts, nextAt: new Date(now.getTime() + delay).toISOString(), detail: outcome.detail, at });
      }
    }
  }
}
