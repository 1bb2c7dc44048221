/**
 * The one waiting helper for tests, stacks and benches that need a condition outside an `expect`
 * (set-up code, child processes, benches). Inside a test body prefer `expect.poll`, which reports the
 * last value it saw. Polling rather than a fixed sleep: a slow CI machine only waits longer, a fast
 * one does not wait at all.
 */
export interface WaitOptions {
  /** How often the condition is checked; small, because every check is cheap. */
  intervalMs?: number;
}

export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what = 'condition',
  { intervalMs = 10 }: WaitOptions = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Yields one turn of the event loop: promises already settled run their handlers, and Node reports
 * any rejection left unhandled. Not a delay: nothing here waits for time to pass.
 */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
