/**
 * Result and event types of the on-terminal maintenance mode (issue 6): the hidden staff entry,
 * device self-tests, the queue view, the configuration editor with versions, network test, log
 * and audit export, out-of-service mode and restart. Re-exported by kiosk-api.ts.
 *
 * Every method here except staffCornerTap, staffLogin, staffCardLogin, cancelStaffCardLogin,
 * staffLogout and getServiceMode needs an active staff session (UNAUTHORIZED otherwise). The
 * session starts with a correct PIN or a registered staff card after the corner sequence, and ends
 * on staffLogout or after a few minutes without a maintenance call.
 *
 * Personal data: none. Queue items are summaries (no payload, the upstream message scrubbed of
 * ID numbers); a card read by the self-test comes back masked; a scanned code only as its length.
 */
import type { DeviceKind, DeviceStateKind, IdCardType, NetworkStateView } from './kiosk-api.ts';

export type Corner = 'top-left' | 'top-right' | 'bottom-right' | 'bottom-left';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// ---------------------------------------------------------------------------------------------
// Staff entry

export interface CornerTapResult {
  /** True on the tap that completes the configured sequence: the screen shows the PIN pad. */
  unlocked: boolean;
}

/**
 * staffLogin takes the PIN alone, or as the second factor right after a registered staff card.
 * Every failure makes the next attempt wait (1 s, 2 s, 4 s … up to 30 s: `retryInSeconds`); only
 * after many failures in a row comes the long lockout (`locked` with `long: true`), which a
 * registered staff card followed by the PIN still gets through.
 */
export type StaffLoginResult =
  | { status: 'ok'; /** The session ends after this long without a maintenance call. */ idleSeconds: number }
  /** remainingAttempts: failures left before the long lockout. */
  | { status: 'wrong-pin'; remainingAttempts: number; retryInSeconds: number }
  | { status: 'locked'; retryInSeconds: number; long: boolean }
  /** No staff PIN was set on this terminal (staff CLI `set-pin`); there is no default PIN. */
  | { status: 'not-provisioned' };

/**
 * staffCardLogin: the engineer's staff card (their resident ID card, registered on this terminal
 * with the staff CLI `add-card`) on the ID-card reader. Only shortly after the corner sequence
 * (UNAUTHORIZED otherwise). A registered card is one factor of two: it answers `pin-required`,
 * and the PIN must follow (staffLogin) within `pinSeconds`; a card alone opens no session. A card
 * that is not registered counts toward the same lockout as a wrong PIN. The reader's failures are errors as for readIdCard: CARD_TIMEOUT (no card in time),
 * READ_CANCELLED (cancelStaffCardLogin), DEVICE_UNAVAILABLE, CARD_INVALID / CARD_READ_FAILED.
 * Nothing of the card comes back; the core keeps none of it.
 */
export type StaffCardLoginResult =
  | { status: 'pin-required'; pinSeconds: number }
  | { status: 'not-registered'; remainingAttempts: number; retryInSeconds: number }
  | { status: 'locked'; retryInSeconds: number; long: boolean }
  /** No staff card is registered on this terminal (staff CLI `add-card`). */
  | { status: 'no-cards' };

export interface StaffSessionEndedEvent {
  reason: 'logout' | 'inactivity';
}

// ---------------------------------------------------------------------------------------------
// Service mode

export type ServiceModeActor = 'staff' | 'fleet' | 'watchdog' | 'system';

/** The notice citizens see while the terminal is out of service, in both UI languages. */
export interface OutOfServiceMessage {
  'zh-CN': string;
  'en-US': string;
}

export type ServiceModeView =
  | { outOfService: false; since: string }
  | { outOfService: true; since: string; by: ServiceModeActor; message: OutOfServiceMessage };

// ---------------------------------------------------------------------------------------------
// Overview

/** Per device, richer than DeviceStatus: hardware identity and the last failure. */
export interface MaintenanceDeviceHealth {
  device: DeviceKind;
  configured: boolean;
  state: DeviceStateKind;
  reason?: string;
  flags: string[];
  since: string;
  details: Record<string, string>;
  lastError?: { reason: string; at: string };
  reconnectAttempts: number;
}

export interface QueueCounts {
  pending: number;
  /** Refused by the upstream and not yet acknowledged by staff. */
  failed: number;
  acknowledged: number;
  delivered: number;
  /** Undelivered items sealed with a key this terminal does not hold. */
  undecryptable: number;
  /** Failed items set aside because no key here opened them (setAsideUnreadable): kept, listed under 'failed' or 'acknowledged'. */
  setAside: number;
}

export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * Something staff must act on (a database moved aside, lost or unreadable submissions, a stream
 * stuck behind its head, a full disk); also in the heartbeat and the fleet events.
 */
export interface AlertView {
  /** Stable per condition, e.g. 'outbox-stuck:forms'. */
  id: string;
  /** What kind of condition: the screen's headline (database-replaced, outbox-stream-stuck, disk-full, ...). */
  kind: string;
  severity: 'warning' | 'critical';
  /** When the condition began. */
  since: string;
  /** Technical detail for the engineer; never personal data. */
  detail: string;
}

export interface MaintenanceOverview {
  terminalId: string;
  appVersion: string;
  uptimeSeconds: number;
  config: { version: string; /** Live entry of the config history; null before the first. */ seq: number | null; source: 'defaults' | 'override' | 'last-good' };
  devices: MaintenanceDeviceHealth[];
  queue: QueueCounts;
  network: NetworkStateView;
  disk: { freeBytes: number; totalBytes: number } | { error: string };
  lastError: { at: string; message: string; scope?: string } | null;
  serviceMode: ServiceModeView;
  audit: AuditHead;
  logs: { files: number; bytes: number; droppedLines: number };
  fleet: { enabled: boolean; state: string };
  /** Critical first, then oldest first. */
  alerts: AlertView[];
}

// ---------------------------------------------------------------------------------------------
// Self-tests

export type SelfTestDevice = 'printer' | 'idCard' | 'scanner';

export interface SelfTestResult {
  device: SelfTestDevice;
  /** 'unavailable': the device is not configured or not ready; 'cancelled': cancelSelfTest. */
  outcome: 'passed' | 'failed' | 'timeout' | 'cancelled' | 'unavailable';
  /** Technical detail for the engineer (e.g. 'waiting-for-paper', 'port-not-found'). */
  detail?: string;
  durationMs: number;
  print?: { jobId: string; status: 'printed' | 'already-printed' | 'waiting-for-paper' | 'failed' };
  card?: { cardType: IdCardType; nameMasked: string; idNumberMasked: string };
  scan?: { length: number; source: string };
}

// ---------------------------------------------------------------------------------------------
// Queue

export type QueueStatus = 'pending' | 'failed' | 'acknowledged' | 'delivered';

/** One outbox item as a summary: never its payload. */
export interface QueueItemView {
  id: number;
  /** The last characters of the idempotency key, to match an item with upstream records. */
  reference: string;
  stream: string;
  kind: string;
  status: QueueStatus;
  createdAt: string;
  attempts: number;
  lastAttemptAt?: string;
  nextAttemptAt?: string;
  /** The upstream's refusal or the last transient error (ID numbers masked). */
  upstreamMessage?: string;
  failedAt?: string;
  deliveredAt?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
  /** The personal data was purged after the retention window; the row is kept. */
  purged: boolean;
  /** Set aside by staff: sealed with a key this terminal does not hold. */
  setAside?: boolean;
}

export interface QueueListView {
  status: QueueStatus;
  items: QueueItemView[];
  counts: QueueCounts;
  /** Streams whose delivery waits for maintenance (items sealed with an unknown key). */
  heldStreams: string[];
}

export interface HeldRetryResult {
  /** The streams looked at again. */
  retried: string[];
  /** Undelivered items no key here opens, after looking again (they are held again as their streams reach them). */
  undecryptable: number;
}

export interface SetAsideResult {
  /** Items set aside by this call. */
  setAside: number;
  /** Every item set aside so far (they stay in the database). */
  totalSetAside: number;
}

/** A range of outbox sequences acknowledged to citizens but missing from the database. */
export interface SequenceGapView {
  from: number;
  to: number;
  /** How many of them had not been delivered when the gap was found (at most). */
  undelivered: number;
  detectedAt: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
}

// ---------------------------------------------------------------------------------------------
// Configuration

export type ConfigFieldKind = 'boolean' | 'integer' | 'number' | 'string' | 'enum' | 'enum-list' | 'json';

/** One field of the terminal config, for a generated form. The core's validation is authoritative. */
export interface ConfigFieldView {
  /** Dotted path, e.g. 'timeouts.inactivitySeconds'. */
  path: string;
  kind: ConfigFieldKind;
  /** Value in the running config (undefined for an optional field that is not set). */
  value?: JsonValue;
  /** Set in the local override (not just the shipped default). */
  overridden: boolean;
  /** Who may change it: 'fleet' fields are read-only on the terminal (signed bundles only). */
  authority: 'staff' | 'fleet';
  required: boolean;
  nullable?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** enum / enum-list: the allowed values. */
  options?: Array<string | number>;
}

export interface ConfigView {
  /** The running config. */
  config: JsonObject;
  /** The local override on top of the shipped defaults (what applyConfig replaces). */
  override: JsonObject;
  fields: ConfigFieldView[];
  version: string;
  seq: number | null;
}

export interface ConfigProblem {
  /** Dotted path of the field, '(root)' for the whole object. */
  path: string;
  reason: string;
  /** 'fleet-only': the field may only be changed by the fleet authority (the screen says so in its language). */
  code?: 'fleet-only';
}

export type ConfigValidation =
  | { valid: true; version: string; /** Device or fleet settings changed: they apply after a restart. */ restartRecommended: boolean }
  | { valid: false; problems: ConfigProblem[] };

export type ConfigApplyResult =
  | { applied: true; seq: number; version: string; changed: boolean; restartRecommended: boolean }
  | { applied: false; problems: ConfigProblem[] };

export interface ConfigVersionView {
  seq: number;
  savedAt: string;
  source: 'local' | 'bundle' | 'external' | 'restore';
  actor: string;
  configVersion?: string;
  parent: number | null;
  note?: string;
  /** The live version. */
  current: boolean;
  /** Has had a healthy start (never rolled back automatically). */
  proven: boolean;
}

export type ConfigRestoreResult =
  | { restored: true; seq: number; restoredFrom: number; version: string }
  | { restored: false; reason: 'no-previous' }
  | { restored: false; reason: 'refused'; problems: ConfigProblem[] };

// ---------------------------------------------------------------------------------------------
// Network, export, audit, restart

export interface NetworkTestResult {
  /** GET <upstream>/health. */
  url: string;
  ok: boolean;
  latencyMs: number;
  /** Why it failed, e.g. 'timeout', 'unreachable', 'status 503'. */
  error?: string;
  network: NetworkStateView;
}

export interface ExportedFile {
  name: string;
  bytes: number;
}

export interface ExportResult {
  /** The folder written on the export drive. */
  directory: string;
  files: ExportedFile[];
}

export type AuditVerification =
  | { ok: true; entries: number; head: AuditHead }
  | { ok: false; entries: number; /** 1-based line of the first bad entry. */ line: number; reason: string; head: AuditHead };

export interface AuditExportResult extends ExportResult {
  /** The copy on the drive, checked after writing. */
  verification: AuditVerification;
}

export interface RestartResult {
  /** False when this shell cannot restart itself (e.g. the demo): restart it by hand. */
  restarting: boolean;
}

// ---------------------------------------------------------------------------------------------
// Payments (staff side of electron/core/payments/)

export type ReconciliationDifferenceKind = 'taken-not-counted' | 'counted-not-taken' | 'amount-differs' | 'refund-differs' | 'unknown-order';

export interface ReconciliationDifferenceView {
  channel: string;
  /** Masked: the first and last characters only. */
  orderNoMasked: string;
  kind: ReconciliationDifferenceKind;
  terminalFen: number;
  statementFen: number;
}

export interface PaymentReconciliationView {
  day: string;
  ordersChecked: number;
  statementLines: number;
  /** Each is also on the alert board (payment-reconciliation-difference) until a clean run. */
  differences: ReconciliationDifferenceView[];
  /** Channels whose statement could not be fetched: the day is not reconciled for them. */
  unavailable: string[];
}

export interface PaymentNeedingStaffView {
  /** Names the order in requeryPayment; the order number itself stays in the core. */
  ref: string;
  orderNoMasked: string;
  amountFen: number;
  /** What was paid, when it differs from the amount. */
  paidFen?: number;
  channel: string;
  state: string;
  /** unsettled: open long past its limit; refund-failed: the channel refused or did not answer the refund; amount-mismatch: paid another amount. */
  reason: 'unsettled' | 'refund-failed' | 'amount-mismatch';
  createdAt: string;
  ageSeconds: number;
}

export interface PaymentsNeedingStaffView {
  /** False when this terminal has no payments section. */
  configured: boolean;
  orders: PaymentNeedingStaffView[];
}

export interface PaymentRequeryResult {
  before: string;
  order: PaymentNeedingStaffView | { ref: string; orderNoMasked: string; state: string; settled: true };
}

/**
 * acknowledgePaymentMismatch: done once the channel confirmed the refund (the alert is resolved and
 * the order leaves the list); refused while the refund is not settled, saying so.
 */
export type PaymentAcknowledgeResult =
  | { acknowledged: true; ref: string; orderNoMasked: string; state: 'refunded' }
  | { acknowledged: false; ref: string; orderNoMasked: string; state: string; reason: 'refund-not-settled' };

// ---------------------------------------------------------------------------------------------
// Certificate dispenser (staff side of electron/core/dispensing/)

export interface HandOutToSettleView {
  certificateId: string;
  slot: number;
  /** unknown: the card may have left unseen; captured: not taken, put back into the bin. */
  state: 'unknown' | 'captured';
  /** What the terminal saw (e.g. not-taken, interrupted while dispensing). */
  detail: string | null;
  since: string;
  /** The last four characters of the certificate's number, to match the card in hand. */
  numberTail: string;
}

export type HandOutFinding = 'handed-out' | 'in-bin' | 'missing';

export interface HandOutSettledView {
  certificateId: string;
  state: 'settled';
  found: HandOutFinding;
  from: 'unknown' | 'captured';
  settledAt: string;
}

export interface DispenserSelfTestView {
  outcome: 'passed' | 'failed' | 'refused' | 'unavailable';
  detail?: string;
  sensors: { channel: 'empty' | 'mouth' | 'read' | 'jammed'; stock: 'empty' | 'low' | 'ok'; binFull: boolean } | null;
  binCount: number | null;
  problems: string[];
  testCard?: { slot: number; readBack: string | null; inBin: boolean };
  durationMs: number;
}

/** Results of the maintenance methods, merged into KioskResults. */
export interface MaintenanceResults {
  staffCornerTap: CornerTapResult;
  staffLogin: StaffLoginResult;
  staffCardLogin: StaffCardLoginResult;
  cancelStaffCardLogin: { cancelled: boolean };
  staffLogout: { ended: boolean };
  getServiceMode: ServiceModeView;
  getMaintenanceOverview: MaintenanceOverview;
  runSelfTest: SelfTestResult;
  cancelSelfTest: { cancelled: boolean };
  listQueue: QueueListView;
  retryQueueItem: QueueItemView;
  acknowledgeQueueItem: QueueItemView;
  retryHeldItems: HeldRetryResult;
  setAsideUnreadable: SetAsideResult;
  acknowledgeSequenceGap: SequenceGapView;
  getConfig: ConfigView;
  validateConfig: ConfigValidation;
  applyConfig: ConfigApplyResult;
  listConfigVersions: ConfigVersionView[];
  restorePreviousConfig: ConfigRestoreResult;
  networkTest: NetworkTestResult;
  exportLogs: ExportResult;
  exportAudit: AuditExportResult;
  verifyAudit: AuditVerification;
  setServiceMode: ServiceModeView;
  restartApp: RestartResult;
  reconcilePayments: PaymentReconciliationView;
  listPaymentsNeedingStaff: PaymentsNeedingStaffView;
  requeryPayment: PaymentRequeryResult;
  acknowledgePaymentMismatch: PaymentAcknowledgeResult;
  listHandOutsToSettle: HandOutToSettleView[];
  settleHandOut: HandOutSettledView;
  dispenserSelfTest: DispenserSelfTestView;
}

/** Events of maintenance, merged into KioskEvents. */
export interface MaintenanceEvents {
  /** The citizen screen shows or hides the out-of-service notice. */
  serviceModeChanged: ServiceModeView;
  staffSessionEnded: StaffSessionEndedEvent;
}
