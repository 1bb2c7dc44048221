/**
 * Applying a signed bundle to the running terminal: verify against the keys pinned in the running
 * config (never keys the bundle brings along), validate the resulting config with the terminal
 * schema, then install it as a new config version. Every refusal is audited and emitted, and
 * leaves the running config, the override file and the replay floor untouched.
 *
 * A bundle cannot give the terminal another terminalId, nor bring back a withdrawn key; the keys
 * it removes from `publicKeys` are recorded as revoked before the new config goes live, so no
 * later rollback can make them trusted again.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import type { AlertBoard } from '../alerts/alert-board.ts';
import type { AuditSink } from '../audit/audit-sink.ts';
import { ConfigError } from '../config/config-error.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import type { ConfigVersions } from '../config/config-versions.ts';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import { overrideOf } from './bundle-format.ts';
import type { RevokedKey, RevokedKeys } from './revoked-keys.ts';

/** Config sections that differ per machine: kept from the running config when a bundle leaves them out. */
export const MACHINE_LOCAL = ['terminalId', 'site', 'devices'] as const satisfies ReadonlyArray<keyof TerminalConfig>;
import { verifyBundle, type AppliedBundle, type BundleRefusalReason } from './verify-bundle.ts';

export interface BundleApplierOptions {
  versions: ConfigVersions;
  /** The running config: its publicKeys and terminalId decide what is accepted. */
  config: () => TerminalConfig;
  /** Replay floor, e.g. `<dataDir>/bundle-state.json`; survives restarts and rollbacks. */
  statePath: string;
  /** Keys withdrawn by earlier bundles, e.g. `<dataDir>/trust/revoked-keys.json`. */
  revokedKeys: RevokedKeys;
  /** Raised while the revoked-keys record cannot be read or written (then no bundle is accepted). */
  alerts?: Pick<AlertBoard, 'raise' | 'clear'>;
  audit?: AuditSink;
  now?: () => Date;
}

export type BundleApplyResult =
  | { ok: true; applied: boolean; version: string; seq?: number }
  | { ok: false; reason: BundleRefusalReason; detail: string; problems?: string[]; version?: string; keyId?: string };

export interface BundleApplierEvents {
  applied: [result: Extract<BundleApplyResult, { ok: true }>];
  refused: [result: Extract<BundleApplyResult, { ok: false }>];
}

const TRUST_ALERT = 'trust-record-unreadable';

interface BundleState extends AppliedBundle {
  keyId: string;
  appliedAt: string;
}

export class ConfigBundleApplier extends EventEmitter<BundleApplierEvents> {
  readonly #options: BundleApplierOptions;

  constructor(options: BundleApplierOptions) {
    super();
    this.#options = options;
    // Checked at start too: staff should see a damaged record before the fleet's next bundle bounces.
    this.#loadRevoked();
  }

  /** The last bundle applied, if any (for the maintenance screen and the heartbeat). */
  lastApplied(): BundleState | undefined {
    return readState(this.#options.statePath);
  }

  apply(bundle: string | Buffer | unknown, actor = 'fleet'): BundleApplyResult {
    const running = this.#options.config();
    const lastApplied = this.lastApplied();
    const revoked = this.#loadRevoked();
    if (revoked instanceof Error) return this.#refuse(actor, { reason: 'trust-unreadable', detail: revoked.message });
    const verified = verifyBundle(bundle, {
      trustedKeys: running.publicKeys,
      terminalId: running.terminalId,
      revokedKeys: revoked,
      ...(lastApplied ? { lastApplied } : {}),
    });
    if (!verified.ok) return this.#refuse(actor, verified);
    const { payload, keyId, payloadHash } = verified;
    if (verified.alreadyApplied) return { ok: true, applied: false, version: payload.version };

    // One bundle goes to a whole group, so what belongs to this machine stays as it runs unless the
    // bundle names it: its identity (a bundle naming terminalId must name this terminal, checked
    // below), where it stands (site) and the ports its devices sit on.
    const override = { ...overrideOf(payload) };
    for (const key of MACHINE_LOCAL) {
      if (!Object.hasOwn(override, key)) override[key] = structuredClone(running[key]);
    }
    // The payment relay tag is derived from this terminal's id (console/README.md): a group's
    // payments section cannot carry it, so it stays as it runs unless the bundle names one.
    const runningTag = running.payments?.notifyTag;
    const payments = override.payments;
    if (runningTag !== undefined && payments !== null && typeof payments === 'object' && !Array.isArray(payments) && !Object.hasOwn(payments, 'notifyTag')) {
      override.payments = { ...payments, notifyTag: runningTag };
    }
    const label = `bundle ${payload.version}`;
    const refusal = (reason: BundleRefusalReason, detail: string, problems?: string[]) =>
      this.#refuse(actor, { reason, detail, ...(problems ? { problems } : {}), version: payload.version, keyId });
    let next: TerminalConfig;
    try {
      next = this.#options.versions.validate(override, label);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return refusal('schema', error.message, error.problems);
    }
    if (next.terminalId !== running.terminalId) {
      return refusal('terminal-id-changed', `bundle would change terminalId from ${running.terminalId} to ${next.terminalId}`);
    }
    const reinstated = next.publicKeys.filter((k) => revoked.some((r) => r.key === k.key));
    if (reinstated.length > 0) {
      return refusal('revoked-key', `publicKeys: ${reinstated.map((k) => `"${k.id}"`).join(', ')} was withdrawn earlier and cannot be trusted again`);
    }
    const removed = running.publicKeys.filter((k) => !next.publicKeys.some((n) => n.key === k.key));
    if (removed.length > 0) {
      // Recorded before the config changes: a crash in between leaves the key withdrawn, never trusted.
      try {
        const added = this.#options.revokedKeys.add(removed, payload.version, this.#options.now?.() ?? new Date());
        if (added.length > 0) this.#options.audit?.append(actor, 'config.keys-revoked', { keyIds: added.map((k) => k.id), version: payload.version });
      } catch (error) {
        const detail = `could not record the withdrawn keys: ${(error as Error).message}`;
        this.#raiseTrustAlert(detail);
        return refusal('trust-unreadable', detail);
      }
    }

    const result = this.#options.versions.apply(override, { source: 'bundle', actor, label, note: payload.note ?? `signed by ${keyId}` });
    if (!result.ok) return refusal('schema', result.error.message, result.error.problems);
    const state: BundleState = { version: payload.version, payloadHash, keyId, appliedAt: (this.#options.now?.() ?? new Date()).toISOString() };
    writeFileAtomic(this.#options.statePath, `${JSON.stringify(state)}\n`);
    this.#options.audit?.append(actor, 'config.bundle-applied', { version: payload.version, keyId, seq: result.seq });
    const applied = { ok: true as const, applied: true, version: payload.version, seq: result.seq };
    this.emit('applied', applied);
    return applied;
  }

  #loadRevoked(): RevokedKey[] | Error {
    try {
      const revoked = this.#options.revokedKeys.load();
      this.#options.alerts?.clear(TRUST_ALERT);
      return revoked;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.#raiseTrustAlert(failure.message);
      return failure;
    }
  }

  #raiseTrustAlert(detail: string): void {
    this.#options.alerts?.raise({
      id: TRUST_ALERT,
      kind: 'trust-record-unreadable',
      severity: 'critical',
      // Deleting the file would trust withdrawn keys again: repair means restoring it.
      detail: `${detail}. Restore ${this.#options.revokedKeys.path} from a backup; do not delete it.`,
    });
  }

  #refuse(actor: string, refusal: Omit<Extract<BundleApplyResult, { ok: false }>, 'ok'>): BundleApplyResult {
    const result = { ok: false as const, ...refusal };
    this.#options.audit?.append(actor, 'config.bundle-refused', {
      reason: result.reason,
      detail: result.detail,
      ...(result.version ? { version: result.version } : {}),
      ...(result.keyId ? { keyId: result.keyId } : {}),
    });
    this.emit('refused', result);
    return result;
  }
}

function readState(path: string): BundleState | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<BundleState>;
    if (typeof raw.version === 'string' && typeof raw.payloadHash === 'string') {
      return { version: raw.version, payloadHash: raw.payloadHash, keyId: String(raw.keyId ?? ''), appliedAt: String(raw.appliedAt ?? '') };
    }
  } catch {}
  return undefined;
}
