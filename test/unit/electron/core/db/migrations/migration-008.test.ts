import { describe, expect, it } from 'vitest';
import { closeDatabase, openDatabase } from '../../../../../../electron/core/db/database.ts';
import { migrations } from '../../../../../../electron/core/db/migrations/index.ts';
import { m008 } from '../../../../../../electron/core/db/migrations/008-dispenser-journal.ts';
import { HandOutJournal, HandOutRefused } from '../../../../../../electron/core/dispensing/handout-journal.ts';
import { useTempDir } from '../../../../../support/temp-dir.ts';

const temp = useTempDir('m008');
const card = { certificateId: 'CERT-1', certificateNumber: 'ZJ-0001', slot: 3 };

describe('migration 008: dispenser hand-out journal', () => {
  it('is migration 8 and upgrades a v7 database, keeping the outbox', () => {
    expect(m008.version).toBe(8);
    const path = temp.path('kiosk.db');
    const v7 = openDatabase(path, { migrations: migrations.slice(0, 7) });
    v7.prepare(
      `INSERT INTO outbox (idempotency_key, stream, kind, payload, created_at, status)
       VALUES ('key-00000001', 'evaluations', 'evaluation.v1', x'01', '2025-01-01T00:00:00Z', 'pending')`,
    ).run();
    closeDatabase(v7);
    const v8 = openDatabase(path, { migrations: migrations.slice(0, 8) });
    expect(v8.pragma('user_version', { simple: true })).toBe(8);
    expect(v8.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 1 });
    expect(v8.prepare('SELECT * FROM certificate_handout').all()).toEqual([]);
    closeDatabase(v8);
  });

  it('refuses an unknown state, a slot outside 1-99 and a second row for a certificate', () => {
    const db = openDatabase(temp.path('checks.db'), { migrations: migrations.slice(0, 8) });
    const insert = db.prepare('INSERT INTO certificate_handout (certificate_id, certificate_number, slot, state, updated_at) VALUES (?, ?, ?, ?, ?)');
    expect(() => insert.run('C-1', 'N-1', 1, 'gone', '2026-01-01T00:00:00Z')).toThrow(/CHECK/);
    expect(() => insert.run('C-1', 'N-1', 100, 'claimed', '2026-01-01T00:00:00Z')).toThrow(/CHECK/);
    insert.run('C-1', 'N-1', 1, 'claimed', '2026-01-01T00:00:00Z');
    expect(() => insert.run('C-1', 'N-1', 1, 'claimed', '2026-01-01T00:00:00Z')).toThrow(/UNIQUE|PRIMARY/);
    closeDatabase(db);
  });

  it('lets the journal claim a certificate once, and again only once it was released', () => {
    const db = openDatabase(temp.path('journal.db'), { migrations });
    const journal = new HandOutJournal(db);
    journal.claim(card);
    expect(() => journal.claim(card)).toThrow(HandOutRefused);
    journal.set(card.certificateId, 'released', { detail: 'slot-empty' });
    expect(journal.claim(card)).toMatchObject({ state: 'claimed', detail: null });
    journal.set(card.certificateId, 'taken');
    expect(() => journal.claim(card)).toThrow(HandOutRefused);
    expect(journal.takenUnreported().map((r) => r.certificateId)).toEqual([card.certificateId]);
    // Restored afterwards: only the journal's own writes are FULL.
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    closeDatabase(db);
  });
});
