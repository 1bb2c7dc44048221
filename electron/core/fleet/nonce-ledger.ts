/**
 * The nonces of fleet commands this terminal accepted, remembered until the command's expiry
 * (plus the allowed clock skew) in a small file (`<dataDir>/fleet-nonces.json`, written
 * atomically), so a command replayed after a reboot is still refused.
 *
 * Bounded: beyond `maxEntries` the entry issued earliest is dropped and its issue time becomes
 * a floor: any command issued at or before the floor counts as seen. A command is thus never run
 * twice; at worst an old, never-seen command is refused as replayed and the fleet re-signs it.
 *
 * A damaged file cannot say which nonces were used. Rather than start empty in silence, the floor
 * is set to the moment the damage was found (every command issued before it is refused) and
 * `onDamage` tells staff.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../config/write-file-atomic.ts';
import { CLOCK_SKEW_MS, type NonceCheck } from './signed-command.ts';

export interface NonceLedgerOptions {
  /** Without a path (tests) nonces live in memory only. */
  path?: string;
  /** Default 5000: far more commands than a terminal receives in a command's longest lifetime. */
  maxEntries?: number;
  now?: () => number;
  onDamage?: (detail: string) => void;
}

interface Entry {
  issuedAt: number;
  expiresAt: number;
}

interface Stored {
  version: 1;
  /** Epoch ms; commands issued at or before it count as seen. */
  floor: number | null;
  entries: Array<[nonce: string, issuedAt: number, expiresAt: number]>;
}

export class NonceLedger implements NonceCheck {
  readonly #o: NonceLedgerOptions;
  readonly #now: () => number;
  readonly #max: number;
  #floor: number | null = null;
  #entries = new Map<string, Entry>();

  constructor(options: NonceLedgerOptions = {}) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#max = Math.max(1, options.maxEntries ?? 5000);
    this.#load();
  }

  get size(): number {
    return this.#entries.size;
  }

  get floor(): number | null {
    return this.#floor;
  }

  seen(nonce: string, issuedAtMs: number): boolean {
    return this.#entries.has(nonce) || (this.#floor !== null && issuedAtMs <= this.#floor);
  }

  /** Remembers a nonce before its command runs. Throws when it cannot be persisted: then do not run it. */
  record(nonce: string, issuedAtMs: number, expiresAtMs: number): void {
    this.#prune();
    this.#entries.set(nonce, { issuedAt: issuedAtMs, expiresAt: expiresAtMs });
    while (this.#entries.size > this.#max) this.#evictEarliest();
    this.#save();
  }

  #prune(): void {
    const now = this.#now();
    for (const [nonce, entry] of this.#entries) {
      if (entry.expiresAt + CLOCK_SKEW_MS < now) this.#entries.delete(nonce);
    }
  }

  #evictEarliest(): void {
    let earliest: [string, Entry] | undefined;
    for (const item of this.#entries) if (!earliest || item[1].issuedAt < earliest[1].issuedAt) earliest = item;
    if (!earliest) return;
    this.#entries.delete(earliest[0]);
    this.#floor = Math.max(this.#floor ?? earliest[1].issuedAt, earliest[1].issuedAt);
  }

  #save(): void {
    const path = this.#o.path;
    if (!path) return;
    const stored: Stored = { version: 1, floor: this.#floor, entries: [...this.#entries].map(([n, e]) => [n, e.issuedAt, e.expiresAt]) };
    writeFileAtomic(path, `${JSON.stringify(stored)}\n`);
  }

  #load(): void {
    const path = this.#o.path;
    if (!path || !existsSync(path)) return;
    try {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<Stored>;
      if (raw.version !== 1 || !Array.isArray(raw.entries) || !(raw.floor === null || Number.isFinite(raw.floor))) throw new Error('unexpected shape');
      for (const item of raw.entries) {
        if (!Array.isArray(item) || typeof item[0] !== 'string' || !Number.isFinite(item[1]) || !Number.isFinite(item[2])) throw new Error('bad entry');
        this.#entries.set(item[0], { issuedAt: item[1], expiresAt: item[2] });
      }
      this.#floor = raw.floor ?? null;
    } catch (error) {
      this.#entries.clear();
      this.#floor = this.#now();
      const detail = `${path} is damaged (${(error as Error).message}); commands issued before ${new Date(this.#floor).toISOString()} will be refused as possibly replayed`;
      try {
        this.#save();
      } catch {}
      this.#o.onDamage?.(detail);
    }
  }
}
