/**
 * Requests per terminal per minute (a fixed one-minute window): a channel posts a handful of
 * notifications per order, so a terminal's URL seeing more is a flood or a loop, answered 429
 * (the channel posts again later; the terminal's queries settle its orders meanwhile). In memory
 * per instance: behind a load balancer the fleet-wide ceiling is N × the limit, which is enough
 * to protect the broker and the terminal.
 */
export class TerminalRateLimit {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly perMinute: number,
    readonly now: () => number,
  ) {}

  /** undefined: allowed (and counted); a number: refused, seconds until the window ends. */
  take(terminalId: string): number | undefined {
    const now = this.now();
    let window = this.#windows.get(terminalId);
    if (window === undefined || now - window.start >= 60_000) {
      // Forget finished windows as we go, so the map holds only the last minute's terminals.
      if (this.#windows.size > 10_000) for (const [id, w] of this.#windows) if (now - w.start >= 60_000) this.#windows.delete(id);
      window = { start: now, count: 0 };
      this.#windows.set(terminalId, window);
    }
    if (window.count >= this.perMinute) return Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
    window.count++;
    return undefined;
  }
}
