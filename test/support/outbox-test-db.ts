/** A migrated database in a fresh temp directory per test, for the outbox unit tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { closeDatabase, openDatabase, type KioskDatabase } from '../../electron/core/db/database.ts';
import { migrations } from '../../electron/core/db/migrations/index.ts';

export function useOutboxDb(label: string): { db(): KioskDatabase; dir(): string } {
  let dir = '';
  let db: KioskDatabase | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `kiosk-${label}-`));
    db = openDatabase(join(dir, 'kiosk.db'), { migrations });
  });
  afterEach(() => {
    if (db) closeDatabase(db);
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    db: () => {
      if (!db) throw new Error('no database outside a test');
      return db;
    },
    dir: () => dir,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = '2025-03-10T02:00:00.000Z'): { now: () => Date; advance(ms: number): void; set(iso: string): void } {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (iso) => {
      t = Date.parse(iso);
    },
  };
}
