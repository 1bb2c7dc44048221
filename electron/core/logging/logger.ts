/**
 * Structured JSON-lines logger. Every string that passes through is scrubbed of anything shaped
 * like a Chinese ID number, so a careless `logger.info(..., { card })` still cannot leak one.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

// 18-char resident / 2023 foreigner numbers, and 15-char legacy / 2017 foreigner numbers.
const ID_LIKE = /(?<![0-9A-Za-z])([0-9A-Z]{3})([0-9A-Z]{8,11})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])/g;

export const scrubIdNumbers = (text: string): string =>
  text.replace(ID_LIKE, (_all, head: string, middle: string, tail: string) =>
    /\d/.test(middle) ? `${head}${'*'.repeat(middle.length)}${tail}` : _all,
  );

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
