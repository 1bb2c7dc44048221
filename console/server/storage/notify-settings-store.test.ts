import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { migrateTo, migrateToLatest } from './migrations.ts';
import { NotifySettingsStore, type NewNotifySettingsVersion } from './notify-settings-store.ts';

afterAll(stopTestPostgres);

const edit = (baseVersion: number, by: string, recipients: string[] | null = ['duty@example.gov.cn']): NewNotifySettingsVersion => ({
  baseVersion,
  recipientsJson: recipients ? JSON.stringify({ default: recipients, bySeverity: {}, byRule: {} }) : null,
  webhookEnabled: true,
  changesJson: '[]',
  changedBy: by,
  changedAt: `2026-12-05T0${baseVersion}:00:00.000Z`,
});

describe.each(DIALECTS)('notification settings versions on %s', (dialect) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('migration 011 adds the table to a database an older console left, empty: the file is in force', async () => {
    t = await openTestDatabase(dialect, { migrate: false });
    await migrateTo(t.db, dialect, '009-report-site');
    expect(await migrateToLatest(t.db, dialect)).toContain('011-notify-settings');
    expect(await new NotifySettingsStore(t.db).current()).toBeUndefined();
    expect(await new NotifySettingsStore(t.db).history()).toEqual([]);
  });

  it('keeps every version, newest in force, and writes only over the newest version', async () => {
    t = await openTestDatabase(dialect);
    const store = new NotifySettingsStore(t.db);
    expect(await store.add(edit(0, 'alice'))).toBe(true);
    expect(await store.add(edit(0, 'bob'))).toBe(false);
    expect(await store.add(edit(2, 'bob'))).toBe(false);
    expect(await store.add({ ...edit(1, 'bob', null), webhookEnabled: false })).toBe(true);
    expect(await store.current()).toMatchObject({ version: 2, recipients_json: null, webhook_enabled: 0, changed_by: 'bob' });
    expect((await store.history()).map((h) => [h.version, h.changed_by])).toEqual([
      [2, 'bob'],
      [1, 'alice'],
    ]);
  });

  it('lets exactly one of several administrators saving over the same version win', async () => {
    t = await openTestDatabase(dialect);
    const others = [t.open(), t.open(), t.open()];
    try {
      const results = await Promise.all(['a', 'b', 'c', 'd'].map((by, i) => new NotifySettingsStore(i === 0 ? t!.db : others[i - 1]!).add(edit(0, by, [`${by}@example.gov.cn`]))));
      expect(results.filter(Boolean)).toHaveLength(1);
      const store = new NotifySettingsStore(t.db);
      const winner = ['a', 'b', 'c', 'd'][results.indexOf(true)];
      expect(await store.current()).toMatchObject({ version: 1, changed_by: winner });
      expect(await store.history()).toHaveLength(1);
    } finally {
      for (const db of others) await db.destroy();
    }
  });
});
