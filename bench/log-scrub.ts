/**
 * Logging: cost of masking personal numbers (electron/core/logging/scrub.ts) on every log and
 * audit line, for typical JSON log lines without personal numbers, lines with an ID number, a
 * phone and a card in the shapes the scrubber catches, and a 16 KiB line. Compared with the
 * plain ID-only regex the scrubber replaced, as a ratio. Target: ≤ 20 µs per typical line.
 * Run: node --import tsx bench/log-scrub.ts
 */
import { scrubPersonalNumbers } from '../electron/core/logging/scrub.ts';
import { row, summarize } from './bench-stats.ts';

const OLD_ID_LIKE = /(?<![0-9A-Za-z])([0-9A-Z]{3})([0-9A-Z]{8,11})([0-9]{3}[0-9Xx])(?![0-9A-Za-z])/g;
const oldScrub = (text: string) => text.replace(OLD_ID_LIKE, (all, h: string, m: string, t: string) => (/\d/.test(m) ? `${h}${'*'.repeat(m.length)}${t}` : all));

const plain = JSON.stringify({
  time: '2026-12-04T20:24:59.123Z', level: 'info', scope: 'kiosk.outbox', message: 'delivered',
  id: 18234, stream: 'credit', attempts: 3, latencyMs: 412, at: 1733338800123, hash: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
});
const personal = JSON.stringify({
  time: '2026-12-04T20:24:59.123Z', level: 'warn', scope: 'kiosk.upstream', message: 'rejected',
  detail: 'ID:110105 19491231 002X phone +86 139-1234-5678 card 6228 4800 1234 5671',
});
const big = `${plain.slice(0, -1)},"body":"${'status ok 12 items; '.repeat(820)}"}`;

function perLineMicros(scrub: (text: string) => string, line: string, iterations: number): number {
  for (let i = 0; i < 2000; i++) scrub(line);
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const started = performance.now();
    for (let i = 0; i < iterations; i++) scrub(line);
    rounds.push(((performance.now() - started) * 1000) / iterations);
  }
  return summarize(rounds).median;
}

console.log('log scrubber, median of 7 rounds (µs per line)');
for (const [label, line, iterations] of [
  [`typical line without personal numbers (${plain.length} B)`, plain, 50_000],
  [`line with ID, phone and card (${personal.length} B)`, personal, 50_000],
  [`16 KiB line (${big.length} B)`, big, 2_000],
] as const) {
  const now = perLineMicros(scrubPersonalNumbers, line, iterations);
  const before = perLineMicros(oldScrub, line, iterations);
  row(label, `${now.toFixed(2)} µs  (ID-only regex ${before.toFixed(2)} µs, ratio ${(now / before).toFixed(2)}×)`);
}
