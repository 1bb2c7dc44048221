/**
 * The settings in force (alerts/notify-settings.ts) over a real database on both dialects: the
 * file's lists until the first save, a save seen by another instance within maxAgeMs, refused
 * saves over an old version, an unreadable stored version, and a database that went away.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../electron/core/logging/logger.ts';
import { DIALECTS, openTestDatabase, stopTestPostgres, type TestDatabase } from '../../test-support/dialects.ts';
import { NotifySettingsStore } from '../storage/notify-settings-store.ts';
import { emailRecipientsSchema } from './email-config.ts';
import { LiveNotifySettings, notifySettingsEditSchema, settingsChanges } from './notify-settings.ts';

afterAll(stopTestPostgres);

const file = emailRecipientsSchema.parse({ default: ['duty@example.gov.cn'], bySeverity: { critical: ['it@example.gov.cn'] } });
const edited = emailRecipientsSchema.parse({ default: ['oncall@example.gov.cn'], byRule: { 'paper-low': [] } });

describe('settings edits', () => {
  it('are checked by the file\'s rules, naming the field and the address', () => {
    const problem = (recipients: unknown) => {
      const r = notifySettingsEditSchema.safeParse({ baseVersion: 0, recipients, webhookEnabled: true });
      return r.success ? 'accepted' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(problem({ default: ['a@example.gov.cn'] })).toBe('accepted');
    expect(problem(null)).toBe('accepted');
    expect(problem({ default: ['a@example.gov.cn', 'not-an-address'] })).toEqual(['recipients.default.1: not an e-mail address: "not-an-address"']);
    expect(problem({ default: [] })).toEqual(['recipients.default: at least one address']);
    expect(problem({ default: Array.from({ length: 51 }, (_, i) => `p${i}@example.gov.cn`) })).toEqual([expect.stringMatching(/^recipients\.default: .*50/)]);
    expect(problem({ default: ['a@example.gov.cn'], bySeverity: { urgent: ['a@example.gov.cn'] } })).toEqual([expect.stringMatching(/^recipients\.bySeverity/)]);
  });

  it('list what changed, field by field', () => {
    expect(settingsChanges({ source: 'file', recipients: file, webhookEnabled: true }, { source: 'console', recipients: edited, webhookEnabled: false })).toEqual([
      { field: 'source', from: 'file', to: 'console' },
      { field: 'recipients.default', from: ['duty@example.gov.cn'], to: ['oncall@example.gov.cn'] },
      { field: 'recipients.bySeverity.critical', from: ['it@example.gov.cn'], to: null },
      { field: 'recipients.byRule.paper-low', from: null, to: [] },
      { field: 'webhookEnabled', from: true, to: false },
    ]);
  });
});

describe.each(DIALECTS)('settings in force on %s', (dialect) => {
  let t: TestDatabase;
  let clock: number;
  const live = (db = t.db) => new LiveNotifySettings({ store: new NotifySettingsStore(db), fileRecipients: file, logger: silentLogger, maxAgeMs: 2000, clock: () => clock });
  beforeEach(async () => {
    t = await openTestDatabase(dialect);
    clock = 1_000_000;
  });
  afterEach(() => t.close());

  it('uses the file\'s lists until the first save, then the saved ones here at once and in another instance within maxAgeMs', async () => {
    const other = t.open();
    try {
      const a = live();
      const b = live(other);
      expect(await b.get()).toMatchObject({ version: 0, source: 'file', recipients: file, webhookEnabled: true, changedBy: null });
      const saved = await a.save({ baseVersion: 0, recipients: edited, webhookEnabled: false }, 'alice', '2026-12-05T05:00:00.000Z');
      expect(saved).toMatchObject({ result: 'saved', settings: { version: 1, source: 'console', recipients: edited, webhookEnabled: false, changedBy: 'alice' } });
      expect(await a.get()).toMatchObject({ version: 1 });
      // B read the settings a moment ago: it keeps them for at most maxAgeMs.
      expect((await b.get()).version).toBe(0);
      clock += 2000;
      expect(await b.get()).toMatchObject({ version: 1, recipients: edited, webhookEnabled: false });

      expect(await b.save({ baseVersion: 0, recipients: null, webhookEnabled: true }, 'bob', '2026-12-05T05:01:00.000Z')).toMatchObject({ result: 'conflict', current: { version: 1, changedBy: 'alice' } });
      expect(await b.save({ baseVersion: 1, recipients: edited, webhookEnabled: false }, 'bob', '2026-12-05T05:01:00.000Z')).toEqual({ result: 'unchanged' });
      expect(await b.save({ baseVersion: 1, recipients: null, webhookEnabled: false }, 'bob', '2026-12-05T05:02:00.000Z')).toMatchObject({ result: 'saved', settings: { version: 2, source: 'file', recipients: file } });
      expect((await new NotifySettingsStore(t.db).history()).map((h) => [h.version, h.changed_by, (JSON.parse(h.changes_json) as { field: string }[]).map((c) => c.field)])).toEqual([
        [2, 'bob', ['source', 'recipients.default', 'recipients.bySeverity.critical', 'recipients.byRule.paper-low']],
        [1, 'alice', ['source', 'recipients.default', 'recipients.bySeverity.critical', 'recipients.byRule.paper-low', 'webhookEnabled']],
      ]);
    } finally {
      await other.destroy();
    }
  });

  it('falls back to the file\'s lists with the reason when a stored version cannot be read, and a save replaces it', async () => {
    const store = new NotifySettingsStore(t.db);
    await store.add({ baseVersion: 0, recipientsJson: JSON.stringify({ default: ['a@example.gov.cn'], byRule: { 'from-a-newer-console': ['b@example.gov.cn'] } }), webhookEnabled: true, changesJson: '[]', changedBy: 'alice', changedAt: '2026-12-05T05:00:00.000Z' });
    const a = live();
    expect(await a.get()).toMatchObject({ version: 1, source: 'file', recipients: file, problem: expect.stringMatching(/^stored version 1 unreadable \(byRule.*\); the configuration file.s lists are used$/) });
    expect(await a.save({ baseVersion: 1, recipients: null, webhookEnabled: true }, 'bob', '2026-12-05T05:01:00.000Z')).toMatchObject({ result: 'saved', settings: { version: 2, problem: null } });
  });

  it('keeps using the last settings it read while the database cannot be reached', async () => {
    const other = t.open();
    const b = live(other);
    await live().save({ baseVersion: 0, recipients: edited, webhookEnabled: true }, 'alice', '2026-12-05T05:00:00.000Z');
    expect((await b.get()).recipients).toEqual(edited);
    await other.destroy();
    clock += 5000;
    expect((await b.get()).recipients).toEqual(edited);
    await expect(live(other).get()).rejects.toThrow();
  });
});
