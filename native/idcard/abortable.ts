/** Abortable waiting shared by the reader's polling loop and its command exchanges. */
import { IdCardError } from './idcard-error.ts';

/** The reader aborts its own operations with an IdCardError (port failure, close); callers' aborts are cancellations. */
export function cancellation(signal: AbortSignal | undefined, message = 'ID-card operation cancelled'): IdCardError {
  const reason: unknown = signal?.reason;
  return reason instanceof IdCardError ? reason : new IdCardError('cancelled', message);
}

export function throwIfCancelled(signal?: AbortSignal): void {
  if (signal?.aborted) throw cancellation(signal);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancellation(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancellation(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
