/**
 * Tracks running API calls so shutdown can let them finish (bounded) instead of closing the
 * database under a half-done card read or print.
 */
import { KioskError } from '../api/kiosk-error.ts';

export class InFlight {
  readonly #running = new Set<Promise<unknown>>();
  #closed = false;

  close(): void {
    this.#closed = true;
  }

  get size(): number {
    return this.#running.size;
  }

  /** Runs one call, remembered until it settles; refused once shutdown has begun. */
  run<T>(call: () => T | Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new KioskError('DEVICE_UNAVAILABLE', 'terminal is shutting down'));
    const running = Promise.resolve().then(call);
    this.#running.add(running);
    void running.catch(() => undefined).finally(() => this.#running.delete(running));
    return running;
  }

  /** Resolves when all running calls settled, or after `timeoutMs`, whichever comes first. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.#running.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.allSettled([...this.#running]).then(() => undefined), timeout]);
    clearTimeout(timer);
  }
}
