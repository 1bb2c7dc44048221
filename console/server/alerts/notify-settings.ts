/**
 * The notification settings in force: alert mail recipients and whether the group robot is told.
 * The config file's `email.recipients` are the initial lists; once an administrator saves lists in
 * the console (storage/notify-settings-store.ts) the newest version is in force, in every console
 * instance: each reads it from the shared database at most `maxAgeMs` old (and at once after its
 * own save), so a change made on one instance is used by the others within seconds, no restart.
 * Transport (host, port, TLS, user, sender) stays in the file: it decides where data goes.
 */
import { z } from 'zod';
import type { Logger } from '../../../electron/core/logging/logger.ts';
import { errorMessage } from '../../../electron/core/util/error-message.ts';
import type { NotifySettingsRow, NotifySettingsStore } from '../storage/notify-settings-store.ts';
import { ALERT_RULES, SEVERITIES } from './alert-rules.ts';
import { emailRecipientsSchema, type EmailRecipients } from './email-config.ts';

export interface NotifySettings {
  /** 0: never edited in the console. */
  version: number;
  /** Whose recipient lists are in force: the config file's, or those saved in the console. */
  source: 'file' | 'console';
  /** The lists in force; undefined without an `email` section (no mail channel). */
  recipients: EmailRecipients | undefined;
  webhookEnabled: boolean;
  changedBy: string | null;
  changedAt: string | null;
  /** A stored version this console cannot read (the file's lists are used instead): shown to administrators. */
  problem: string | null;
}

/** POST /api/notifications/settings: the whole settings, over the version the editor saw. */
export const notifySettingsEditSchema = z
  .object({
    baseVersion: z.number().int().min(0),
    /** null: go back to the config file's lists. */
    recipients: emailRecipientsSchema.nullable(),
    webhookEnabled: z.boolean(),
  })
  .strict();
export type NotifySettingsEdit = z.infer<typeof notifySettingsEditSchema>;

/** One field of the settings as it was and as it is now; a list that is not set (falls back) is null. */
export interface SettingsChange {
  field: string;
  from: string | string[] | boolean | null;
  to: string | string[] | boolean | null;
}

/** The recipient lists' fields in a fixed order: default, each severity, each rule. */
function listFields(r: EmailRecipients | undefined): [string, string[] | null][] {
  return [
    ['recipients.default', r?.default ?? null],
    ...SEVERITIES.map((s): [string, string[] | null] => [`recipients.bySeverity.${s}`, r?.bySeverity[s] ?? null]),
    ...ALERT_RULES.map((rule): [string, string[] | null] => [`recipients.byRule.${rule}`, r?.byRule[rule] ?? null]),
  ];
}

export function settingsChanges(before: Pick<NotifySettings, 'source' | 'recipients' | 'webhookEnabled'>, after: Pick<NotifySettings, 'source' | 'recipients' | 'webhookEnabled'>): SettingsChange[] {
  const changes: SettingsChange[] = [];
  if (before.source !== after.source) changes.push({ field: 'source', from: before.source, to: after.source });
  const was = new Map(listFields(before.recipients));
  for (const [field, to] of listFields(after.recipients)) {
    const from = was.get(field) ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ field, from, to });
  }
  if (before.webhookEnabled !== after.webhookEnabled) changes.push({ field: 'webhookEnabled', from: before.webhookEnabled, to: after.webhookEnabled });
  return changes;
}

export interface LiveNotifySettingsOptions {
  store: NotifySettingsStore;
  /** The config file's `email.recipients` (undefined: no mail channel). */
  fileRecipients: EmailRecipients | undefined;
  logger: Logger;
  /** How old the settings may be when used (default 2 s): other instances' saves arrive within it. */
  maxAgeMs?: number;
  clock?: () => number;
}

export class LiveNotifySettings {
  readonly #o: LiveNotifySettingsOptions;
  readonly #maxAgeMs: number;
  readonly #clock: () => number;
  #cached: { settings: NotifySettings; at: number } | undefined;
  #loading: Promise<NotifySettings> | undefined;
  #reportedProblem = 0;

  constructor(options: LiveNotifySettingsOptions) {
    this.#o = options;
    this.#maxAgeMs = options.maxAgeMs ?? 2000;
    this.#clock = options.clock ?? Date.now;
  }

  get fileRecipients(): EmailRecipients | undefined {
    return this.#o.fileRecipients;
  }

  get store(): NotifySettingsStore {
    return this.#o.store;
  }

  /**
   * Saves an administrator's edit as the next version, over the version they saw: `conflict` when
   * another was saved since (nothing written), `unchanged` when it changes nothing. This instance
   * uses it from the next mail on; the others within maxAgeMs.
   */
  async save(edit: NotifySettingsEdit, by: string, at: string): Promise<{ result: 'saved'; settings: NotifySettings; changes: SettingsChange[] } | { result: 'unchanged' } | { result: 'conflict'; current: NotifySettings }> {
    const current = this.fromRow(await this.#o.store.current());
    if (current.version !== edit.baseVersion) return { result: 'conflict', current };
    const next = { source: edit.recipients ? ('console' as const) : ('file' as const), recipients: edit.recipients ?? this.#o.fileRecipients, webhookEnabled: edit.webhookEnabled };
    const changes = settingsChanges(current, next);
    // A stored version this console could not read is replaced even by the same lists.
    if (changes.length === 0 && current.problem === null) return { result: 'unchanged' };
    const saved = await this.#o.store.add({ baseVersion: edit.baseVersion, recipientsJson: edit.recipients ? JSON.stringify(edit.recipients) : null, webhookEnabled: edit.webhookEnabled, changesJson: JSON.stringify(changes), changedBy: by, changedAt: at });
    this.invalidate();
    if (!saved) return { result: 'conflict', current: await this.get() };
    return { result: 'saved', settings: await this.get(), changes };
  }

  /** The settings in force, at most maxAgeMs old. A database that cannot be read keeps the last known settings in use. */
  async get(): Promise<NotifySettings> {
    const cached = this.#cached;
    if (cached && this.#clock() - cached.at < this.#maxAgeMs) return cached.settings;
    this.#loading ??= this.#load().finally(() => (this.#loading = undefined));
    try {
      return await this.#loading;
    } catch (error) {
      if (!cached) throw error;
      this.#o.logger.warn('notification settings not re-read: using the last known', { error: errorMessage(error) });
      return cached.settings;
    }
  }

  /** After this instance saved: the next use reads the new version. */
  invalidate(): void {
    this.#cached = undefined;
  }

  async #load(): Promise<NotifySettings> {
    const started = this.#clock();
    const row = await this.#o.store.current();
    const settings = this.fromRow(row);
    this.#cached = { settings, at: started };
    return settings;
  }

  /** The settings a stored version stands for (none stored: the file's lists, robot on). */
  fromRow(row: NotifySettingsRow | undefined): NotifySettings {
    const file = this.#o.fileRecipients;
    if (!row) return { version: 0, source: 'file', recipients: file, webhookEnabled: true, changedBy: null, changedAt: null, problem: null };
    const base = { version: row.version, webhookEnabled: row.webhook_enabled === 1, changedBy: row.changed_by, changedAt: row.changed_at };
    if (row.recipients_json === null) return { ...base, source: 'file', recipients: file, problem: null };
    let parsed: ReturnType<typeof emailRecipientsSchema.safeParse>;
    try {
      parsed = emailRecipientsSchema.safeParse(JSON.parse(row.recipients_json));
    } catch (error) {
      parsed = { success: false, error: new z.ZodError([{ code: 'custom', path: [], message: errorMessage(error), input: row.recipients_json }]) } as ReturnType<typeof emailRecipientsSchema.safeParse>;
    }
    if (parsed.success) return { ...base, source: 'console', recipients: file ? parsed.data : undefined, problem: null };
    // A version this console cannot read (written by a newer console with a rule this one lacks,
    // or edited by hand): mail still goes out, to the file's lists, and administrators are told.
    const issue = parsed.error.issues[0];
    const problem = `stored version ${row.version} unreadable (${issue?.path.join('.') || 'recipients'}: ${issue?.message ?? 'invalid'}); the configuration file's lists are used`;
    if (this.#reportedProblem !== row.version) this.#o.logger.error('notification settings unreadable', { version: row.version, problem });
    this.#reportedProblem = row.version;
    return { ...base, source: 'file', recipients: file, problem };
  }
}
