/**
 * One-time launch codes: how the per-launch token reaches the kiosk page without ever being on a
 * command line (/proc/<pid>/cmdline is world-readable) or in a file a launcher must read. The
 * launcher opens `<url>#code=<code>`; the page exchanges the code once (POST, same Origin) for the
 * token. A code works once and only for a short while, so a copy read from a process list is
 * useless after the kiosk page has started, and a second use is reported (the URL has leaked).
 */
import { randomBytes } from 'node:crypto';

export type Redemption = { ok: true } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export interface LaunchCodeOptions {
  /** How long a code stays redeemable after it was issued (default 2 minutes). */
  ttlMs?: number;
  now?: () => number;
}

/** Codes remembered after use, to tell a replay ("used") from a guess ("unknown"). */
const REMEMBERED_USED = 64;
const CODE_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export class LaunchCodes {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #open = new Map<string, number>();
  readonly #used: string[] = [];

  constructor(options: LaunchCodeOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 120_000;
    this.#now = options.now ?? Date.now;
  }

  issue(): string {
    this.#dropExpired();
    const code = randomBytes(24).toString('base64url');
    this.#open.set(code, this.#now());
    return code;
  }

  redeem(code: string): Redemption {
    if (!CODE_PATTERN.test(code)) return { ok: false, reason: 'unknown' };
    const issuedAt = this.#open.get(code);
    if (issuedAt === undefined) return { ok: false, reason: this.#used.includes(code) ? 'used' : 'unknown' };
    this.#open.delete(code);
    this.#used.push(code);
    if (this.#used.length > REMEMBERED_USED) this.#used.shift();
    if (this.#now() - issuedAt > this.#ttlMs) return { ok: false, reason: 'expired' };
    return { ok: true };
  }

  #dropExpired(): void {
    const now = this.#now();
    for (const [code, issuedAt] of this.#open) if (now - issuedAt > this.#ttlMs) this.#open.delete(code);
  }
}
