/**
 * Remembers the newest error logged anywhere in the core, for the heartbeat and the maintenance
 * screen. Wraps a Logger: errors pass through unchanged and are also kept (scrubbed of ID numbers).
 */
import { scrubIdNumbers, type Logger } from '../logging/logger.ts';
import type { LastError } from './heartbeat.ts';

export interface LastErrorTracker {
  logger: Logger;
  lastError(): LastError | null;
}

export function trackLastError(inner: Logger, now: () => Date = () => new Date()): LastErrorTracker {
  let last: LastError | null = null;
  const wrap = (logger: Logger, scope: string): Logger => ({
    debug: (m, f) => logger.debug(m, f),
    info: (m, f) => logger.info(m, f),
    warn: (m, f) => logger.warn(m, f),
    error: (m, f) => {
      const detail = f && typeof f.error === 'string' ? `: ${f.error}` : '';
      last = { at: now().toISOString(), message: scrubIdNumbers(`${m}${detail}`).slice(0, 300), ...(scope ? { scope } : {}) };
      logger.error(m, f);
    },
    child: (child) => wrap(logger.child(child), scope ? `${scope}.${child}` : child),
  });
  return { logger: wrap(inner, ''), lastError: () => last };
}
