/**
 * 好差评 counts per service and month: transactions, ratings by level and reasons for bad
 * ratings. Counts only (no person, no transaction id), kept locally for the monthly report.
 */
import type { KioskDatabase } from '../db/database.ts';

export type Rating = 1 | 2 | 3 | 4 | 5;

export interface TallyOptions {
  /** Months are counted in the terminal's reporting time zone; default UTC+8 (China Standard Time). */
  utcOffsetMinutes?: number;
  now?: () => Date;
}

export interface ServiceMonthTally {
  serviceId: string;
  transactions: number;
  /** Index 0 = rating 1 (very dissatisfied) ... index 4 = rating 5 (very satisfied). */
  ratings: [number, number, number, number, number];
  reasons: Record<string, number>;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isMonth(value: string): boolean {
  return MONTH.test(value);
}

export class ServiceTally {
  readonly utcOffsetMinutes: number;
  readonly #now: () => Date;
  readonly #transaction;
  readonly #ratingStatements;
  readonly #reason;
  readonly #monthRows;
  readonly #monthReasons;

  /** Needs a database migrated to at least v4. */
  constructor(db: KioskDatabase, options: TallyOptions = {}) {
    this.utcOffsetMinutes = options.utcOffsetMinutes ?? 480;
    this.#now = options.now ?? (() => new Date());
    this.#transaction = db.prepare(
      `INSERT INTO service_month_tally (month, service_id, transactions) VALUES (?, ?, 1)
       ON CONFLICT (month, service_id) DO UPDATE SET transactions = transactions + 1`,
    );
    // One statement per level: column names cannot be bound as parameters.
    this.#ratingStatements = ([1, 2, 3, 4, 5] as const).map((level) =>
      db.prepare(
        `INSERT INTO service_month_tally (month, service_id, rating_${level}) VALUES (?, ?, 1)
         ON CONFLICT (month, service_id) DO UPDATE SET rating_${level} = rating_${level} + 1`,
      ),
    );
    this.#reason = db.prepare(
      `INSERT INTO evaluation_reason_tally (month, service_id, reason, count) VALUES (?, ?, ?, 1)
       ON CONFLICT (month, service_id, reason) DO UPDATE SET count = count + 1`,
    );
    this.#monthRows = db.prepare<[string], Record<string, number | string>>(
      `SELECT service_id, transactions, rating_1, rating_2, rating_3, rating_4, rating_5
       FROM service_month_tally WHERE month = ? ORDER BY service_id`,
    );
    this.#monthReasons = db.prepare<[string], { service_id: string; reason: string; count: number }>(
      'SELECT service_id, reason, count FROM evaluation_reason_tally WHERE month = ? ORDER BY service_id, reason',
    );
  }

  /** 'YYYY-MM' of an instant in the reporting time zone. */
  monthOf(at: Date = this.#now()): string {
    return new Date(at.getTime() + this.utcOffsetMinutes * 60_000).toISOString().slice(0, 7);
  }

  recordTransaction(serviceId: string, at: Date = this.#now()): void {
    this.#transaction.run(this.monthOf(at), serviceId);
  }

  /** Call inside the transaction that queues the evaluation, so count and submission agree. */
  recordRating(serviceId: string, rating: Rating, reasons: readonly string[], at: Date = this.#now()): void {
    const month = this.monthOf(at);
    this.#ratingStatements[rating - 1]?.run(month, serviceId);
    for (const reason of new Set(reasons)) this.#reason.run(month, serviceId, reason);
  }

  month(month: string): ServiceMonthTally[] {
    const byService = new Map<string, ServiceMonthTally>();
    for (const row of this.#monthRows.all(month)) {
      byService.set(row.service_id as string, {
        serviceId: row.service_id as string,
        transactions: row.transactions as number,
        ratings: [1, 2, 3, 4, 5].map((level) => row[`rating_${level}`] as number) as ServiceMonthTally['ratings'],
        reasons: {},
      });
    }
    for (const row of this.#monthReasons.all(month)) {
      const tally = byService.get(row.service_id);
      if (tally) tally.reasons[row.reason] = row.count;
    }
    return [...byService.values()];
  }
}
