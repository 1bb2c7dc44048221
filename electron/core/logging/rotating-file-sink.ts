/**
 * Where the logger's JSON lines go on a terminal: a file that rotates by size
 * (`kiosk.log` → `kiosk.log.1` … `kiosk.log.N`, oldest deleted), so a kiosk left alone for a year
 * never fills its disk. Pass `sink.write` as the logger's `write` option. Lines are scrubbed of ID
 * numbers again here, because other writers (shell logs, child process output) use the sink too.
 *
 * Writing is synchronous and never throws: a full or read-only disk must not take the kiosk down,
 * so failed lines are counted instead (`droppedLines`, reported in the heartbeat).
 */
import { closeSync, copyFileSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { scrubIdNumbers } from './logger.ts';

export interface RotatingFileSinkOptions {
  path: string;
  /** Size at which the current file is rotated. Default 5 MiB. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. Default 4 (so at most 5 × maxBytes on disk). */
  maxFiles?: number;
}

export interface RotatingFileSink {
  write(line: string): void;
  /** Existing log files, newest first. */
  files(): string[];
  /** The newest log text up to `maxBytes` (whole lines), oldest first: for request-logs. */
  readRecent(maxBytes: number): string;
  /** Copies every log file into `dir` (e.g. a USB drive folder); returns the copies. */
  exportTo(dir: string): string[];
  readonly droppedLines: number;
  close(): void;
}

const TRUNCATED = '…[truncated]';

export function createRotatingFileSink(options: RotatingFileSinkOptions): RotatingFileSink {
  const path = options.path;
  const maxBytes = Math.max(1024, options.maxBytes ?? 5 * 1024 * 1024);
  const maxFiles = Math.max(1, options.maxFiles ?? 4);
  const rotated = (n: number) => `${path}.${n}`;
  let fd: number | undefined;
  let size = 0;
  let dropped = 0;

  const open = () => {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a', 0o640);
    size = fstatSync(fd).size;
  };

  const rotate = () => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
    rmSync(rotated(maxFiles), { force: true });
    for (let n = maxFiles - 1; n >= 1; n--) {
      if (existsSync(rotated(n))) renameSync(rotated(n), rotated(n + 1));
    }
    if (existsSync(path)) renameSync(path, rotated(1));
    open();
  };

  const fit = (line: string): string => {
    const text = scrubIdNumbers(line.replace(/\n+$/, '')).replace(/\n/g, '\\n');
    if (Buffer.byteLength(text) < maxBytes) return `${text}\n`;
    // Cut by bytes, then drop a possibly split trailing character.
    const cut = Buffer.from(text).subarray(0, maxBytes - Buffer.byteLength(TRUNCATED) - 4).toString('utf8').replace(/\uFFFD$/, '');
    return `${cut}${TRUNCATED}\n`;
  };

  const files = () => [path, ...Array.from({ length: maxFiles }, (_, i) => rotated(i + 1))].filter((f) => existsSync(f));

  return {
    write(line: string) {
      try {
        const text = fit(line);
        const bytes = Buffer.byteLength(text);
        if (fd === undefined) open();
        if (size > 0 && size + bytes > maxBytes) rotate();
        writeSync(fd as number, text);
        size += bytes;
      } catch {
        dropped++;
        if (fd !== undefined) {
          try {
            closeSync(fd);
          } catch {}
          fd = undefined;
        }
      }
    },
    files,
    readRecent(limit: number) {
      const chunks: string[] = [];
      let budget = limit;
      for (const file of files()) {
        if (budget <= 0) break;
        const text = readFileSync(file, 'utf8');
        const lines = text.split('\n').filter((l) => l !== '');
        const kept: string[] = [];
        for (let i = lines.length - 1; i >= 0; i--) {
          const line = lines[i] ?? '';
          const cost = Buffer.byteLength(line) + 1;
          if (cost > budget) {
            budget = 0;
            break;
          }
          budget -= cost;
          kept.unshift(line);
        }
        if (kept.length > 0) chunks.unshift(`${kept.join('\n')}\n`);
      }
      return chunks.join('');
    },
    exportTo(dir: string) {
      mkdirSync(dir, { recursive: true });
      return files().map((file) => {
        const target = join(dir, basename(file));
        copyFileSync(file, target);
        return target;
      });
    },
    get droppedLines() {
      return dropped;
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

/** Total bytes of a set of log files (for the maintenance screen). */
export function totalSize(files: readonly string[]): number {
  return files.reduce((sum, file) => sum + (existsSync(file) ? statSync(file).size : 0), 0);
}
