/**
 * Structured JSON-lines logger. Every line that passes through is scrubbed of anything shaped
 * like an ID, mobile phone or bank card number (scrub.ts), so a careless
 * `logger.info(..., { card })` still cannot leak one.
 */
import { scrubPersonalNumbers } from './scrub.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

/** The name callers know; it masks phone and bank card numbers too. */
export const scrubIdNumbers = scrubPersonalNumbers;

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: LogLevel;
  write?: (line: string) => void;
  scope?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const scope = options.scope ?? 'kiosk';
  const log = (lvl: LogLevel, message: string, fields?: Record<string, unknown>): void => {
    if (order[lvl] < order[level]) return;
    const entry = { time: new Date().toISOString(), level: lvl, scope, message, ...fields };
    write(scrubIdNumbers(JSON.stringify(entry)));
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (child) => createLogger({ level, write, scope: `${scope}.${child}` }),
  };
}

export const silentLogger: Logger = createLogger({ write: () => {} });
