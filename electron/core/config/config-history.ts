/**
 * Versioned history of the local override file. Every override that is applied is kept as a
 * numbered entry (`v000012.json`) with its parent, the entry that was live before it; `index.json`
 * names the live entry (head) and the entries that have reached a healthy start (proven).
 * Restoring the previous version moves head to its parent, so restoring twice walks back twice.
 *
 * This class works on files only, with no ConfigStore, so the boot guard can roll back before
 * the config is loaded. All writes are atomic (temp file + rename).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { isPlainObject, type JsonObject } from './deep-merge.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

export type ConfigChangeSource = 'local' | 'bundle' | 'external' | 'restore';

export interface ConfigVersionMeta {
  seq: number;
  savedAt: string;
  source: ConfigChangeSource;
  actor: string;
  /** The config's own `version` field after merging, when known. */
  configVersion?: string;
  parent: number | null;
  note?: string;
}

export interface ConfigVersionEntry {
  meta: ConfigVersionMeta;
  override: JsonObject;
}

interface HistoryIndex {
  head: number | null;
  proven: number[];
}

export interface ConfigHistoryOptions {
  historyDir: string;
  overridePath: string;
  /** Entries kept; older ones are deleted (head and its parent never are). Default 20. */
  keep?: number;
  now?: () => Date;
}

const entryName = (seq: number) => `v${String(seq).padStart(6, '0')}.json`;
const ENTRY_FILE = /^v(\d{6,})\.json$/;

export class ConfigHistory {
  readonly #dir: string;
  readonly #overridePath: string;
  readonly #keep: number;
  readonly #now: () => Date;

  constructor(options: ConfigHistoryOptions) {
    this.#dir = options.historyDir;
    this.#overridePath = options.overridePath;
    this.#keep = Math.max(2, options.keep ?? 20);
    this.#now = options.now ?? (() => new Date());
    mkdirSync(this.#dir, { recursive: true });
  }

  get overridePath(): string {
    return this.#overridePath;
  }

  head(): ConfigVersionEntry | undefined {
    const { head } = this.#index();
    return head === null ? undefined : this.entry(head);
  }

  entry(seq: number): ConfigVersionEntry | undefined {
    const path = join(this.#dir, entryName(seq));
    if (!existsSync(path)) return undefined;
    try {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as ConfigVersionEntry;
      return isPlainObject(raw.override) && raw.meta?.seq === seq ? raw : undefined;
    } catch {
      return undefined;
    }
  }

  /** Newest first, each with whether it is live and whether it has started healthily. */
  list(): Array<ConfigVersionMeta & { current: boolean; proven: boolean }> {
    const index = this.#index();
    return this.#seqs()
      .reverse()
      .flatMap((seq) => {
        const entry = this.entry(seq);
        return entry ? [{ ...entry.meta, current: seq === index.head, proven: index.proven.includes(seq) }] : [];
      });
  }

  isProven(seq: number): boolean {
    return this.#index().proven.includes(seq);
  }

  markProven(seq: number): void {
    const index = this.#index();
    if (!index.proven.includes(seq)) this.#writeIndex({ ...index, proven: [...index.proven, seq] });
  }

  /**
   * Records the live override file as a version if it differs from head (first run, or a file
   * edited by hand). Returns the head entry afterwards.
   */
  syncExternal(): ConfigVersionEntry {
    const live = this.#readOverride();
    const head = this.head();
    // A file that does not parse is not a version worth keeping: ConfigStore refuses it anyway.
    if (head && (live === undefined || isDeepStrictEqual(head.override, live))) return head;
    return this.#append(live ?? {}, { source: 'external', actor: 'system', note: head ? 'changed outside the history' : 'initial' });
  }

  /** Writes `override` as the live file and records it as the new head. */
  record(override: JsonObject, meta: Pick<ConfigVersionMeta, 'source' | 'actor' | 'configVersion' | 'note'>): ConfigVersionEntry {
    this.syncExternal();
    const entry = this.#append(override, meta);
    this.#writeOverride(override);
    return entry;
  }

  /** Makes head's parent live again (one step back). Undefined when there is no parent. */
  restoreParent(): { from: ConfigVersionEntry; to: ConfigVersionEntry } | undefined {
    const from = this.syncExternal();
    const to = from.meta.parent === null ? undefined : this.entry(from.meta.parent);
    if (!to) return undefined;
    this.#writeOverride(to.override);
    this.#writeIndex({ ...this.#index(), head: to.meta.seq });
    return { from, to };
  }

  /** Points head back at an entry after a failed apply (the caller restores the file). */
  resetHead(seq: number, override: JsonObject): void {
    this.#writeOverride(override);
    this.#writeIndex({ ...this.#index(), head: seq });
  }

  #append(override: JsonObject, meta: Pick<ConfigVersionMeta, 'source' | 'actor' | 'configVersion' | 'note'>): ConfigVersionEntry {
    const index = this.#index();
    const seq = (this.#seqs().at(-1) ?? 0) + 1;
    const entry: ConfigVersionEntry = {
      meta: {
        seq,
        savedAt: this.#now().toISOString(),
        source: meta.source,
        actor: meta.actor,
        ...(meta.configVersion === undefined ? {} : { configVersion: meta.configVersion }),
        parent: index.head,
        ...(meta.note === undefined ? {} : { note: meta.note }),
      },
      override,
    };
    writeFileAtomic(join(this.#dir, entryName(seq)), `${JSON.stringify(entry, null, 2)}\n`);
    this.#writeIndex({ ...index, head: seq });
    this.#prune(seq);
    return entry;
  }

  #prune(head: number): void {
    const seqs = this.#seqs();
    const parent = this.entry(head)?.meta.parent ?? null;
    const excess = seqs.length - this.#keep;
    if (excess <= 0) return;
    const removable = seqs.filter((seq) => seq !== head && seq !== parent).slice(0, excess);
    for (const seq of removable) rmSync(join(this.#dir, entryName(seq)), { force: true });
    const index = this.#index();
    this.#writeIndex({ ...index, proven: index.proven.filter((seq) => !removable.includes(seq)) });
  }

  #seqs(): number[] {
    return readdirSync(this.#dir)
      .map((name) => ENTRY_FILE.exec(name)?.[1])
      .filter((digits): digits is string => digits !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  #index(): HistoryIndex {
    try {
      const raw = JSON.parse(readFileSync(join(this.#dir, 'index.json'), 'utf8')) as Partial<HistoryIndex>;
      const head = typeof raw.head === 'number' ? raw.head : null;
      const proven = Array.isArray(raw.proven) ? raw.proven.filter((n): n is number => typeof n === 'number') : [];
      return { head, proven };
    } catch {
      return { head: null, proven: [] };
    }
  }

  #writeIndex(index: HistoryIndex): void {
    writeFileAtomic(join(this.#dir, 'index.json'), `${JSON.stringify(index)}\n`);
  }

  /** The live override: {} when there is none, undefined when the file does not parse. */
  #readOverride(): JsonObject | undefined {
    if (!existsSync(this.#overridePath)) return {};
    try {
      const value: unknown = JSON.parse(readFileSync(this.#overridePath, 'utf8').replace(/^\uFEFF/, ''));
      return isPlainObject(value) ? value : undefined;
    } catch {
      return undefined;
    }
  }

  #writeOverride(override: JsonObject): void {
    writeFileAtomic(this.#overridePath, `${JSON.stringify(override, null, 2)}\n`);
  }
}
