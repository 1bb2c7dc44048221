/**
 * The core's logger on a terminal: every line goes to the shell's logger (stderr, the demo's
 * console) and to the rotating log file that maintenance exports and the fleet collects, and the
 * newest error is kept for the maintenance overview and the heartbeat.
 */
import { trackLastError } from '../fleet/last-error.ts';
import type { LastError } from '../fleet/heartbeat.ts';
import { maintenancePaths } from '../config/maintenance-paths.ts';
import { createLogger, type Logger, type LogLevel } from '../logging/logger.ts';
import { createRotatingFileSink, type RotatingFileSink } from '../logging/rotating-file-sink.ts';

export interface CoreLoggingOptions {
  dataDir: string;
  /** The shell's logger; lines go to it as well as to the file. */
  logger?: Logger;
  /** Level of the log file (default 'info': debug lines would crowd out the history). */
  fileLevel?: LogLevel;
  maxBytes?: number;
  maxFiles?: number;
}

export interface CoreLogging {
  logger: Logger;
  sink: RotatingFileSink;
  lastError(): LastError | null;
  /** After the last line is written (core shutdown). */
  close(): void;
}

export function createCoreLogging(options: CoreLoggingOptions): CoreLogging {
  const sink = createRotatingFileSink({
    path: maintenancePaths(options.dataDir).logFile,
    ...(options.maxBytes ? { maxBytes: options.maxBytes } : {}),
    ...(options.maxFiles ? { maxFiles: options.maxFiles } : {}),
  });
  const file = createLogger({ level: options.fileLevel ?? 'info', write: sink.write });
  const both = options.logger ? tee(options.logger, file) : file;
  const tracked = trackLastError(both);
  return { logger: tracked.logger, sink, lastError: tracked.lastError, close: () => sink.close() };
}

/** One logger writing to two; each keeps its own level and scope. */
export function tee(a: Logger, b: Logger): Logger {
  return {
    debug: (m, f) => {
      a.debug(m, f);
      b.debug(m, f);
    },
    info: (m, f) => {
      a.info(m, f);
      b.info(m, f);
    },
    warn: (m, f) => {
      a.warn(m, f);
      b.warn(m, f);
    },
    error: (m, f) => {
      a.error(m, f);
      b.error(m, f);
    },
    child: (scope) => tee(a.child(scope), b.child(scope)),
  };
}
