/**
 * Applying a signed bundle to the running terminal: verify against the keys pinned in the running
 * config (never keys the bundle brings along), validate the resulting config with the terminal
 * schema, then install it as a new config version. Every refusal is audited and emitted, and
 * leaves the running config, the override file and the replay floor untouched.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { TerminalConfig } from '../config/config-schema.ts';
import type { ConfigVersions } from '../config/config-versions.ts';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import { overrideOf } from './bundle-format.ts';
import { verifyBundle, type AppliedBundle, type BundleRefusalReason } from './verify-bundle.ts';

export interface BundleApplierOptions {
  versions: ConfigVersions;
  /** The running config: its publicKeys and terminalId decide what is accepted. */
  config: () => TerminalConfig;
  /** Replay floor, e.g. `<dataDir>/bundle-state.json`; survives restarts and rollbacks. */
  statePath: string;
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

interface BundleState extends AppliedBundle {
  keyId: string;
  appliedAt: string;
}

export class ConfigBundleApplier extends EventEmitter<BundleApplierEvents> {
  readonly #options: BundleApplierOptions;

  constructor(options: BundleApplierOptions) {
    super();
    this.#options = options;
  }

  /** The last bundle applied, if any (for the maintenance screen and the heartbeat). */
  lastApplied(): BundleState | undefined {
    return readState(this.#options.statePath);
  }

  apply(bundle: string | Buffer | unknown, actor = 'fleet'): BundleApplyResult {
    const running = this.#options.config();
    const lastApplied = this.lastApplied();
    const verified = verifyBundle(bundle, {
      trustedKeys: running.publicKeys,
      terminalId: running.terminalId,
      ...(lastApplied ? { lastApplied } : {}),
    });
    if (!verified.ok) return this.#refuse(actor, verified);
    const { payload, keyId, payloadHash } = verified;
    if (verified.alreadyApplied) return { ok: true, applied: false, version: payload.version };

    const result = this.#options.versions.apply(overrideOf(payload), {
      source: 'bundle',
      actor,
      label: `bundle ${payload.version}`,
      note: payload.note ?? `signed by ${keyId}`,
    });
    if (!result.ok) {
      return this.#refuse(actor, {
        reason: 'schema',
        detail: result.error.message,
        problems: result.error.problems,
        version: payload.version,
        keyId,
      });
    }
    const state: BundleState = { version: payload.version, payloadHash, keyId, appliedAt: (this.#options.now?.() ?? new Date()).toISOString() };
    writeFileAtomic(this.#options.statePath, `${JSON.stringify(state)}\n`);
    this.#options.audit?.append(actor, 'config.bundle-applied', { version: payload.version, keyId, seq: result.seq });
    const applied = { ok: true as const, applied: true, version: payload.version, seq: result.seq };
    this.emit('applied', applied);
    return applied;
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
