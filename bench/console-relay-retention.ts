/**
 * The payment relay's counts kept bounded: 50 terminals × 2 channels with 120 days of hourly rows
 * (288,000 rows) and a day of per-minute rows (72,000), then the first prune to a 90-day retention
 * (72,000 hourly rows folded), the hourly prune after it (nothing to fold: the steady state), a
 * terminal's page view after pruning, and the alert engine's read of the payment-relay-failing
 * window. SQLite and PostgreSQL 15 (a throwaway cluster, as the console's tests use).
 * Target: the hourly prune ≤ 100 ms, the first one ≤ 10 s, the alert's read ≤ 50 ms.
 *   node --import tsx bench/console-relay-retention.ts [--terminals=50]
 */
import { performance } from 'node:perf_hooks';
import { DIALECTS, openTestDatabase, stopTestPostgres } from '../console/test-support/dialects.ts';
import { hourOf, minuteOf, PaymentRelayStore } from '../console/server/storage/payment-relay-store.ts';

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const terminals = arg('terminals', 50);
const CHANNELS = ['alipay', 'wechat-pay'];
const DAYS = 120;
const RETENTION_DAYS = 90;
const now = new Date('2026-12-05T09:30:00.000Z');
const ms = (v: number) => `${v.toFixed(1)} ms`;
const ids = Array.from({ length: terminals }, (_v, i) => `KM-${String(i + 1).padStart(4, '0')}`);

console.log(`Payment relay counts: ${terminals} terminals × ${CHANNELS.length} channels, ${DAYS} days hourly, a day per minute; retention ${RETENTION_DAYS} days`);
try {
  for (const dialect of DIALECTS) {
    const t = await openTestDatabase(dialect);
    try {
      // Bulk rows (the relay's own writes are one upsert each; this only fills the tables).
      const hourly = [];
      for (let h = 0; h < DAYS * 24; h++) {
        const hour = hourOf(new Date(now.getTime() - h * 3600_000));
        for (const id of ids) for (const channel of CHANNELS) hourly.push({ terminal_id: id, channel, hour, forwarded: 3, failed: h % 2, refused: 0, last_forwarded_at: `${hour}:10:00.000Z` });
      }
      for (let i = 0; i < hourly.length; i += 2000) await t.db.insertInto('payment_relay_counts').values(hourly.slice(i, i + 2000)).execute();
      const minutes = [];
      for (let m = 0; m < 24 * 60; m++) {
        const minute = minuteOf(new Date(now.getTime() - m * 60_000));
        for (const id of ids) minutes.push({ minute, terminal_id: id, forwarded: 1, failed: m % 3 === 0 ? 1 : 0, last_failed_at: null });
      }
      for (let i = 0; i < minutes.length; i += 2000) await t.db.insertInto('payment_relay_minutes').values(minutes.slice(i, i + 2000)).execute();
      const store = new PaymentRelayStore(t.db);
      const cutoff = hourOf(new Date(now.getTime() - RETENTION_DAYS * 86_400_000));
      const minuteCutoff = minuteOf(new Date(now.getTime() - 25 * 3600_000));
      const recentSince = hourOf(new Date(now.getTime() - 23 * 3600_000));
      await store.forTerminal(ids[1]!, recentSince);
      let start = performance.now();
      const before = await store.forTerminal(ids[0]!, recentSince);
      const viewBeforeMs = performance.now() - start;

      start = performance.now();
      const first = await store.prune(cutoff, minuteCutoff);
      const firstMs = performance.now() - start;
      start = performance.now();
      const steady = await store.prune(cutoff, minuteCutoff);
      const steadyMs = performance.now() - start;
      start = performance.now();
      const after = await store.forTerminal(ids[0]!, recentSince);
      const viewMs = performance.now() - start;
      start = performance.now();
      const outcomes = await store.recentOutcomes(minuteOf(new Date(now.getTime() - 15 * 60_000)));
      const alertMs = performance.now() - start;
      const same = JSON.stringify(before) === JSON.stringify(after);

      console.log(`\n${dialect}: ${hourly.length.toLocaleString('en')} hourly rows, ${minutes.length.toLocaleString('en')} minute rows`);
      console.log(`  first prune: ${first.hourRows.toLocaleString('en')} hourly rows folded in ${ms(firstMs)}`);
      console.log(`  hourly prune after it (steady state): ${steady.hourRows} rows in ${ms(steadyMs)}`);
      console.log(`  a terminal's view before pruning ${ms(viewBeforeMs)}, after ${ms(viewMs)}; totals equal to before: ${same ? 'yes' : 'NO'}`);
      console.log(`  payment-relay-failing window read (15 min, ${outcomes.length} terminals): ${ms(alertMs)}`);
      if (!same) process.exitCode = 1;
    } finally {
      await t.close();
    }
  }
} finally {
  await stopTestPostgres();
}
