/**
 * Exports to the "USB drive": a folder given by the shell (the drive's mount point on a terminal;
 * a folder in the data directory in the demo). Each export gets a folder of its own named after
 * the terminal and the time, so two exports never overwrite each other. Logs are already masked
 * (the log sink scrubs ID numbers); the audit copy is verified after writing.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { AuditExportResult, ExportResult } from '../../contract/maintenance-api.ts';
import { KioskError } from '../api/kiosk-error.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { RotatingFileSink } from '../logging/rotating-file-sink.ts';

export interface ExportTarget {
  /** The drive's folder; must exist (a drive that is not plugged in is not silently created). */
  dir: string;
  terminalId: () => string;
  now?: () => Date;
}

const stampOf = (d: Date) => d.toISOString().replace(/[:.]/g, '-');

function folder(target: ExportTarget, what: string): string {
  if (!existsSync(target.dir) || !statSync(target.dir).isDirectory()) {
    throw new KioskError('DEVICE_UNAVAILABLE', `no export drive at ${target.dir}`);
  }
  return join(target.dir, `${target.terminalId()}-${what}-${stampOf(target.now?.() ?? new Date())}`);
}

const describe = (files: readonly string[]) => files.map((file) => ({ name: basename(file), bytes: statSync(file).size }));

export function exportLogs(sink: RotatingFileSink, target: ExportTarget): ExportResult {
  const dir = folder(target, 'logs');
  const files = sink.exportTo(dir);
  return { directory: dir, files: describe(files) };
}

export function exportAudit(audit: AuditLog, target: ExportTarget): AuditExportResult {
  const dir = folder(target, 'audit');
  const { file, verification } = audit.exportTo(dir, target.terminalId());
  return { directory: dir, files: describe([file]), verification };
}
