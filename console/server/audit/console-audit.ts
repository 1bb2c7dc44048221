/**
 * The console's audit log: every action by a person (log-ins, acknowledgements, accounts,
 * commands) as a hash-chained line in the database, in the terminal's own line format
 * (electron/core/audit/audit-chain.ts), so one verifier checks both.
 */
import { checkLine, encodeEntry, EMPTY_HEAD, verifyChain, type AuditEntry, type ChainHead, type ChainVerification } from '../../../electron/core/audit/audit-chain.ts';
import { fullJitterDelay } from '../../../electron/contract/rules/backoff.ts';
import type { PeopleStore } from '../storage/people-store.ts';

const MAX_ATTEMPTS = 20;
const RETRY_BACKOFF = { baseMs: 5, capMs: 200 };

export class ConsoleAudit {
  constructor(
    readonly store: PeopleStore,
    readonly now: () => Date = () => new Date(),
  ) {}

  async append(actor: string, action: string, details: Record<string, unknown> = {}): Promise<AuditEntry> {
    // Several console instances share the log: a taken sequence number means someone appended first.
    for (let attempt = 1; ; attempt++) {
      const head = await this.#head();
      const { line, entry } = encodeEntry(head, { time: this.now().toISOString(), actor, action, details });
      try {
        await this.store.insertAudit({ seq: entry.seq, time: entry.time, actor, action, line });
        return entry;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS) throw error;
        // Jittered, so instances that collided do not collide again in step.
        await new Promise((resolve) => setTimeout(resolve, fullJitterDelay(attempt, RETRY_BACKOFF)));
      }
    }
  }

  async #head(): Promise<ChainHead> {
    const row = await this.store.auditHead();
    if (!row) return EMPTY_HEAD;
    const check = checkLine(row.line, { seq: row.seq - 1, hash: (JSON.parse(row.line) as { prev: string }).prev });
    if (!check.ok) throw new Error(`audit log head (seq ${row.seq}) is damaged: ${check.reason}`);
    return { seq: check.entry.seq, hash: check.entry.hash };
  }

  async recent(limit = 200): Promise<AuditEntry[]> {
    const rows = await this.store.auditLines(limit);
    return rows.map((r) => JSON.parse(r.line) as AuditEntry);
  }

  async verify(): Promise<ChainVerification> {
    const rows = (await this.store.auditLines()).reverse();
    return verifyChain(rows.map((r) => `${r.line}\n`).join(''));
  }
}
