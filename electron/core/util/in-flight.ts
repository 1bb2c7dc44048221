/**
 * Tracks running API calls so shutdown can let them finish (bounded) instead of closing the
 * database under a half-done card read or print.
 */
import type { KioskMethod } from '../../contract/channels.ts';
import type { KioskHandler, KioskHandlers } from '../api/dispatcher.ts';
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

  wrapAll(handlers: KioskHandlers): KioskHandlers {
    const wrapped = {} as Record<KioskMethod, KioskHandler<KioskMethod>>;
    for (const [method, handler] of Object.entries(handlers) as [KioskMethod, KioskHandler<KioskMethod>][]) {
      wrapped[method] = (request, context) => {
        if (this.#closed) throw new KioskError('DEVICE_UNAVAILABLE', 'terminal is shutting down');
        const run = Promise.resolve().then(() => handler(request, context));
        this.#running.add(run);
        void run.catch(() => undefined).finally(() => this.#running.delete(run));
        return run;
      };
    }
    return wrapped as KioskHandlers;
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
