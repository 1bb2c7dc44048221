/** Small helpers shared by the benchmarks: percentiles and aligned printing. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface Summary {
  n: number;
  min: number;
  median: number;
  p90: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, min: sorted[0] ?? Number.NaN, median: percentile(sorted, 50), p90: percentile(sorted, 90), max: sorted.at(-1) ?? Number.NaN };
}

export const ms = (value: number, digits = 1): string => `${value.toFixed(digits)} ms`;

export function row(label: string, value: string): void {
  console.log(`  ${label.padEnd(50)} ${value}`);
}

export function describeSummary(s: Summary, digits = 1): string {
  return `median ${ms(s.median, digits)}  p90 ${ms(s.p90, digits)}  min ${ms(s.min, digits)}  max ${ms(s.max, digits)}  (n=${s.n})`;
}
