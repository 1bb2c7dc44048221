/**
 * Keys the fleet authority has withdrawn. When a signed bundle removes a key from `publicKeys`,
 * the key is recorded here, outside the config history, and is never trusted again: restoring an
 * older config, the boot guard's rollback or a staff restore may bring the key back into
 * `publicKeys`, but verification skips it. The file only grows (entries are never removed by the
 * app) and is kept 0600 in `<dataDir>/trust/` (maintenance-paths.ts).
 *
 * An unreadable record fails closed: trusting a key that was withdrawn is worse than refusing
 * bundles until staff repair the file, so `load` throws and the applier refuses (and audits).
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../config/write-file-atomic.ts';

export interface RevokedKey {
  /** The key id it had when it was withdrawn (for people; matching is by key). */
  id: string;
  /** base64url Ed25519 public key: what is never trusted again, under any id. */
  key: string;
  revokedAt: string;
  /** The bundle version that removed it. */
  byBundle: string;
}

export class RevokedKeysUnreadableError extends Error {
  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    super(`revoked-keys record ${path} is unreadable (${detail}); no bundle is trusted until it is repaired`, options);
    this.name = 'RevokedKeysUnreadableError';
  }
}

export class RevokedKeys {
  readonly #path: string;

  constructor(path: string) {
    this.#path = path;
  }

  get path(): string {
    return this.#path;
  }

  /** Every key withdrawn so far; [] when none ever was. Throws RevokedKeysUnreadableError. */
  load(): RevokedKey[] {
    if (!existsSync(this.#path)) return [];
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(this.#path, 'utf8'));
    } catch (error) {
      throw new RevokedKeysUnreadableError(this.#path, (error as NodeJS.ErrnoException).code ?? 'not JSON', { cause: error });
    }
    const list = (raw as { revoked?: unknown } | null)?.revoked;
    if (!Array.isArray(list) || !list.every(isRevokedKey)) throw new RevokedKeysUnreadableError(this.#path, 'unexpected content');
    return list;
  }

  isRevoked(key: string): boolean {
    return this.load().some((entry) => entry.key === key);
  }

  /** Adds keys (already recorded ones are kept as first recorded). Never removes any. */
  add(keys: ReadonlyArray<{ id: string; key: string }>, byBundle: string, now: Date): RevokedKey[] {
    const existing = this.load();
    const fresh = keys
      .filter((k, index) => !existing.some((e) => e.key === k.key) && keys.findIndex((o) => o.key === k.key) === index)
      .map((k) => ({ id: k.id, key: k.key, revokedAt: now.toISOString(), byBundle }));
    if (fresh.length > 0) writeFileAtomic(this.#path, `${JSON.stringify({ revoked: [...existing, ...fresh] }, null, 2)}\n`);
    return fresh;
  }
}

function isRevokedKey(value: unknown): value is RevokedKey {
  const v = value as Partial<RevokedKey> | null;
  return typeof v?.id === 'string' && typeof v.key === 'string' && typeof v.revokedAt === 'string' && typeof v.byBundle === 'string';
}
