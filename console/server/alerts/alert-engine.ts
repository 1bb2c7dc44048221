/**
 * Opens alerts when a rule's condition holds, resolves the self-clearing ones when it no longer
 * does, and notifies the group robot with retries. Runs on a timer in every console instance;
 * the database's "one active alert per terminal and rule" check keeps instances from doubling up
 * (a rare race opens two, which staff resolve together: visible, never lost).
 */
import { fullJitterDelay, type BackoffPolicy } from '../../../electron/contract/rules/backoff.ts';
import type { Logger } from '../../../electron/core/logging/logger.ts';
import type { FleetStore, AlertRow } from '../storage/fleet-store.ts';
import { evaluateRules, RULE_EVENT_TYPES, SELF_CLEARING, type AlertRule, type AlertRulesConfig, type EventEvidence } from './alert-rules.ts';
import { sendToRobot, type AlertMessage, type DeliveryOutcome, type WebhookConfig } from './webhook.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';

export interface AlertEngineOptions {
  store: FleetStore;
  rules: AlertRulesConfig;
  webhook?: WebhookConfig;
  logger: Logger;
  now?: () => Date;
  /** Webhook retry spacing; tests shorten it. */
  backoff?: BackoffPolicy;
  random?: () => number;
  send?: (config: WebhookConfig, message: AlertMessage) => Promise<DeliveryOutcome>;
}

export interface TickResult {
  opened: AlertRow[];
  resolved: number[];
}

export class AlertEngine {
  readonly #o: AlertEngineOptions;
  readonly #now: () => Date;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> = Promise.resolve();

  constructor(options: AlertEngineOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
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

    const active = new Map<string, AlertRow>();
    for (const alert of await store.activeAlerts()) active.set(`${alert.terminal_id}\u0000${alert.rule}`, alert);

    const opened: AlertRow[] = [];
    const resolved: number[] = [];
    for (const terminal of await store.listTerminals()) {
      const conditions = evaluateRules({ terminal, events: evidence.get(terminal.id) ?? {}, now }, rules);
      const holding = new Set<AlertRule>(conditions.map((c) => c.rule));
      for (const condition of conditions) {
        const key = `${terminal.id}\u0000${condition.rule}`;
        if (active.has(key)) continue;
        if (!SELF_CLEARING.has(condition.rule)) {
          // Resolved by a person: reopen only for new evidence, not for the same damage again.
          const latest = await store.latestAlert(terminal.id, condition.rule);
          if (latest && latest.opened_at >= condition.since) continue;
        }
        const alert = await store.openAlert({ terminalId: terminal.id, rule: condition.rule, detail: condition.detail, at: iso, notify: this.#o.webhook !== undefined });
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

  /** Sends due notifications; each outcome is stored on its alert. */
  async notifyDue(): Promise<void> {
    const webhook = this.#o.webhook;
    if (!webhook) return;
    const send = this.#o.send ?? sendToRobot;
    const now = this.#now();
    for (const alert of await this.#o.store.alertsToNotify(now.toISOString())) {
      const outcome = await send(webhook, alertMessage(alert));
      const attempts = alert.notify_attempts + 1;
      if (outcome.result === 'sent') {
        await this.#o.store.recordNotify(alert.id, { state: 'sent', attempts, nextAt: null, detail: null });
      } else if (outcome.result === 'failed') {
        this.#o.logger.error('alert notification refused by the robot', { alert: alert.id, detail: outcome.detail });
        await this.#o.store.recordNotify(alert.id, { state: 'failed', attempts, nextAt: null, detail: outcome.detail });
      } else {
        const delay = fullJitterDelay(attempts, this.#o.backoff, this.#o.random);
        await this.#o.store.recordNotify(alert.id, { state: 'pending', attempts, nextAt: new Date(now.getTime() + delay).toISOString(), detail: outcome.detail });
      }
    }
  }
}

export function alertMessage(alert: AlertRow): AlertMessage {
  return {
    title: `【便民终端告警】${alert.terminal_id} ${alert.rule}`,
    lines: [alert.detail, `opened ${alert.opened_at}`, `alert #${alert.id}`],
  };
}
