/**
 * The scheduled daily restart at a quiet hour (3 a.m. by default): long-running Chromium and Node
 * processes on kiosks slowly leak; a planned restart when the service zone is empty is cheaper
 * than an unplanned one at noon. Local time, as the site staff mean it.
 */

/** The next local `hour`:00 strictly after `from`. */
export function nextDailyRestart(from: Date, hour: number): Date {
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new RangeError(`restart hour must be 0-23, got ${hour}`);
  const candidate = new Date(from.getFullYear(), from.getMonth(), from.getDate(), hour, 0, 0, 0);
  if (candidate.getTime() <= from.getTime()) candidate.setDate(candidate.getDate() + 1);
  // A day where the hour does not exist (DST gap) yields the next valid time: still once a day.
  return candidate;
}

export function msUntilDailyRestart(from: Date, hour: number): number {
  return nextDailyRestart(from, hour).getTime() - from.getTime();
}
