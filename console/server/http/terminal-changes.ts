/**
 * Change-only answers for the fleet list (`GET /api/terminals?since=<cursor>`).
 *
 * The whole fleet is ~650 bytes per terminal: 6.4 MB at 10,000, parsed on the page's main thread
 * at every poll, where a keystroke in the search box then waits (bench/console-fleet-list.ts). So
 * the console remembers what it last answered per terminal and numbers each refresh that changed
 * something (a generation); a cursor names an answer, and the next poll gets only the terminals
 * whose view changed since, plus those no longer listed.
 *
 * The registry is read from the database at every refresh, not tracked from this process's ingest:
 * several console instances can share one database, and changes ingested by another instance
 * (or alerts changed by its API) must reach this instance's pages too. A cursor of another process
 * (a restart, another instance behind the load balancer) or from the future gets the full list.
 */
import { randomBytes } from 'node:crypto';
import type { TerminalChanges, TerminalView } from '../../shared/api-types.ts';

/** `<epoch>.<generation>`: the epoch names this process's memory, so no other can be mistaken for it. */
export const CURSOR_PATTERN = /^([a-z0-9]{1,16})\.(\d{1,15})$/;

interface Known {
  json: string;
  view: TerminalView;
  /** The generation in which this view last changed. */
  changedAt: number;
}

export class TerminalChangeLog {
  readonly epoch = randomBytes(6).toString('hex');
  #generation = 0;
  readonly #known = new Map<string, Known>();
  /** Ids no longer listed, with the generation that noticed; a terminal listed again leaves it. */
  readonly #removed = new Map<string, number>();
  #refreshing: Promise<void> | undefined;
  #queued: Promise<void> | undefined;

  constructor(private readonly load: () => Promise<TerminalView[]>) {}

  get cursor(): string {
    return `${this.epoch}.${this.#generation}`;
  }

  /**
   * Reads the registry and records what changed; resolves once a read begun after this call is in.
   * Refreshes run one at a time (an older read landing after a newer one would step terminals back),
   * and the polls that arrive while one runs share the single read queued after it.
   */
  refresh(): Promise<void> {
    if (!this.#refreshing) return (this.#refreshing = this.#run());
    this.#queued ??= this.#refreshing.then(
      () => this.#refreshing,
      () => this.#refreshing,
    );
    return this.#queued;
  }

  #run(): Promise<void> {
    return this.#refresh().finally(() => {
      this.#refreshing = undefined;
      if (this.#queued) {
        // The polls waiting for a later read: theirs starts now.
        this.#refreshing = this.#run();
        this.#queued = undefined;
      }
    });
  }

  async #refresh(): Promise<void> {
    const views = await this.load();
    const next = this.#generation + 1;
    let changed = false;
    const listed = new Set<string>();
    for (const view of views) {
      listed.add(view.id);
      const json = JSON.stringify(view);
      const known = this.#known.get(view.id);
      if (known?.json === json) continue;
      this.#known.set(view.id, { json, view, changedAt: next });
      this.#removed.delete(view.id);
      changed = true;
    }
    for (const id of this.#known.keys()) {
      if (listed.has(id)) continue;
      this.#known.delete(id);
      this.#removed.set(id, next);
      changed = true;
    }
    if (changed) this.#generation = next;
  }

  /** Every terminal as last read, in the registry's order (by id). */
  all(): TerminalView[] {
    return [...this.#known.values()].map((k) => k.view).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** What changed since `cursor` (undefined or empty: the first call), or everything when the cursor is not this process's. */
  since(cursor: string | undefined): TerminalChanges {
    const match = cursor ? CURSOR_PATTERN.exec(cursor) : null;
    const from = match?.[1] === this.epoch ? Number(match[2]) : Number.NaN;
    if (!(from <= this.#generation)) return { cursor: this.cursor, full: true, terminals: this.all(), removed: [] };
    const terminals: TerminalView[] = [];
    for (const k of this.#known.values()) if (k.changedAt > from) terminals.push(k.view);
    const removed: string[] = [];
    for (const [id, at] of this.#removed) if (at > from) removed.push(id);
    return { cursor: this.cursor, full: false, terminals, removed };
  }
}
