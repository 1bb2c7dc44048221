/**
 * Conditions staff must see, not only read in a log: a database moved aside, a stream whose head
 * has not gone out for a long time, a full disk, items no key opens. Capabilities raise and clear
 * alerts by a stable id; the maintenance overview, the heartbeat and the fleet events all read
 * this one board, so a condition shows up everywhere at once and goes away everywhere at once.
 */
import { EventEmitter } from 'node:events';

export type AlertSeverity = 'warning' | 'critical';

/** Every kind, for the screens' strings (resources/locales/maintenance: overview.alertKinds). */
export const ALERT_KINDS = [
  'database-replaced',
  'database-emptied',
  'database-behind-ledger',
  'database-index-repaired',
  'outbox-stream-stuck',
  'outbox-undecryptable',
  'outbox-local-write',
  'disk-full',
  /** The record of withdrawn signing keys cannot be read: no bundle is trusted (config-bundle/revoked-keys.ts). */
  'trust-record-unreadable',
  /** Entries in the data directory that could not be made private (config/data-dir.ts). */
  'data-dir-permissions',
  /** The outbox sequence ledger cannot be written (outbox/sequence-ledger.ts): lost submissions would go unnoticed. */
  'outbox-ledger-write-failed',
  /** The fleet's record of used command nonces was damaged (fleet/nonce-ledger.ts): older commands are refused. */
  'fleet-nonce-ledger-damaged',
  /** A one-time kiosk launch code was presented twice: someone else saw the launch URL (shells/browser). */
  'launch-url-leaked',
  /** The card dispenser is jammed or its capture bin is full (dispensing/certificate-dispenser.ts). */
  'dispenser-fault',
  /** A certificate may have left the dispenser without the terminal seeing it taken: staff settle it. */
  'certificate-handout-unknown',
  /** A certificate was captured back into the bin (not taken, or an interrupted hand-out): staff reload it. */
  'certificate-captured',
  /** A slot held another card than its certificate: captured into the bin. */
  'certificate-wrong-card',
  /** A certificate's slot was empty when it was to be handed out. */
  'certificate-not-in-slot',
  /** The handwriting recogniser cannot start or keeps crashing (handwriting/handwriting-recogniser.ts): citizens have pinyin only. */
  'handwriting-unavailable',
  /** Payment orders still open long past their deadline: staff check them with the channel (payments/payment-engine.ts). */
  'payment-unsettled',
  /** A channel reported an order paid with another amount than the order's: refunded, not delivered. */
  'payment-amount-mismatch',
  /** The daily statement of a channel differs from the terminal's orders (payments/reconciliation.ts). */
  'payment-reconciliation-difference',
  /** A channel's statement could not be fetched: that day is not reconciled for it yet (payments/reconciliation.ts). */
  'payment-reconciliation-incomplete',
  /** A payment notification whose signature or merchant did not check out. */
  'payment-notification-rejected',
  /** A channel said paid for an order it had confirmed closed or reversed. */
  'payment-contradiction',
] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];

export interface Alert {
  /** Stable per condition (e.g. `outbox-stuck:forms`): raising it again updates, never duplicates. */
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  /** When the condition began (not when it was last re-raised). */
  since: string;
  /** For staff: what happened and what to do; never personal data. */
  detail: string;
}

export interface RaiseAlert {
  id: string;
  kind: AlertKind;
  severity: AlertSeverity;
  detail: string;
  /** Defaults to now; kept from the first raise when the alert is already up. */
  since?: string;
}

interface AlertBoardEvents {
  /** A new alert, or one whose severity or detail changed. */
  raised: [Alert];
  cleared: [Alert];
}

const ID = /^[a-z][a-z0-9._:-]{0,127}$/;

export class AlertBoard extends EventEmitter<AlertBoardEvents> {
  readonly #alerts = new Map<string, Alert>();
  readonly #now: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    super();
    this.#now = options.now ?? (() => new Date());
  }

  raise(request: RaiseAlert): Alert {
    if (!ID.test(request.id)) throw new Error(`invalid alert id ${JSON.stringify(request.id).slice(0, 140)}`);
    const existing = this.#alerts.get(request.id);
    const alert: Alert = {
      id: request.id,
      kind: request.kind,
      severity: request.severity,
      since: existing?.since ?? request.since ?? this.#now().toISOString(),
      detail: request.detail.slice(0, 1000),
    };
    this.#alerts.set(alert.id, alert);
    const changed = existing === undefined || existing.detail !== alert.detail || existing.severity !== alert.severity || existing.kind !== alert.kind;
    if (changed) this.emit('raised', { ...alert });
    return { ...alert };
  }

  /** Returns whether an alert with this id was up. */
  clear(id: string): boolean {
    const alert = this.#alerts.get(id);
    if (alert === undefined) return false;
    this.#alerts.delete(id);
    this.emit('cleared', { ...alert });
    return true;
  }

  get(id: string): Alert | undefined {
    const alert = this.#alerts.get(id);
    return alert === undefined ? undefined : { ...alert };
  }

  /** Critical first, then oldest first. */
  list(): Alert[] {
    return [...this.#alerts.values()]
      .map((alert) => ({ ...alert }))
      .sort((a, b) => (a.severity === b.severity ? a.since.localeCompare(b.since) : a.severity === 'critical' ? -1 : 1));
  }
}
