/** Shared pieces of the outbox benchmarks: temp databases, percentiles, a realistic payload. */
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, openDatabase, type KioskDatabase } from '../electron/core/db/database.ts';
import { migrations } from '../electron/core/db/migrations/index.ts';
import { Outbox } from '../electron/core/outbox/outbox.ts';
import { OutboxKey } from '../electron/core/outbox/outbox-key.ts';

export const benchKey = new OutboxKey(Buffer.alloc(32, 0x5b));

/** `--dir=/path` puts the database there (default: the OS temp directory). */
export function benchDir(label: string): { dir: string; remove(): void } {
  const base = process.argv.find((arg) => arg.startsWith('--dir='))?.slice('--dir='.length) ?? tmpdir();
  const dir = mkdtempSync(join(base, `kiosk-bench-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function openBenchOutbox(path: string): { db: KioskDatabase; outbox: Outbox; close(): void } {
  const db = openDatabase(path, { migrations });
  return { db, outbox: new Outbox(db, { keys: benchKey }), close: () => closeDatabase(db) };
}

/** A form submission of a realistic size (~0.5 KB of JSON); a fictitious person. */
export function formPayload(n: number): Record<string, unknown> {
  return {
    n,
    service: 'form-filling',
    applicant: { name: '测试用户', idNumber: '11010519491231002X', phone: '13800000000' },
    address: '云南省昆明市五华区测试路100号',
    answers: Array.from({ length: 8 }, (_, i) => ({ field: `q${i}`, value: `回答内容 ${i} ${'x'.repeat(20)}` })),
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

export const ms = (value: number): string => `${value.toFixed(2)} ms`;

/** The disk's own fsync latency in the same directory: the floor under any durable enqueue. */
export function fsyncBaseline(dir: string, samples = 300): { median: number; p99: number } {
  const path = join(dir, 'fsync-baseline.bin');
  const fd = openSync(path, 'w');
  const frame = Buffer.alloc(4120, 0x33);
  const times: number[] = [];
  try {
    for (let i = 0; i < samples; i += 1) {
      const started = performance.now();
      writeSync(fd, frame);
      fsyncSync(fd);
      times.push(performance.now() - started);
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p99: percentile(times, 99) };
}
