/**
 * The usage dashboard's period and weeks: the extension's dashboard (lib/sync/dashboard-data.ts)
 * and the hub's console show the same default period and the same week buckets. Zod-free.
 */
export const MAX_TREND_WEEKS = 12;
export const WEEK_MS = 7 * 24 * 3600 * 1000;

export interface DashboardRange {
  from?: string;
  to?: string;
}

/** Monday 00:00 UTC of the week holding `ms` (the hub's `week` grouping starts weeks there too). */
export function weekStart(ms: number): number {
  const day = new Date(ms);
  day.setUTCHours(0, 0, 0, 0);
  const offset = (day.getUTCDay() + 6) % 7;
  return day.getTime() - offset * 24 * 3600 * 1000;
}

/** The Mondays of the weeks overlapping [fromMs, toMs), the last MAX_TREND_WEEKS of them. */
export function weeksIn(fromMs: number, toMs: number): number[] {
  const weeks: number[] = [];
  for (let at = weekStart(fromMs); at < toMs; at += WEEK_MS) weeks.push(at);
  return weeks.slice(-MAX_TREND_WEEKS);
}

/** No `to`: now. No `from`: the start of the week eight weeks back, so a default view shows eight weeks. */
export function resolveRange(range: DashboardRange, now: number): { fromMs: number; toMs: number } {
  const toMs = range.to ? Date.parse(range.to) : now;
  const fromMs = range.from ? Date.parse(range.from) : weekStart(toMs) - 7 * WEEK_MS;
  return { fromMs: Number.isNaN(fromMs) ? weekStart(now) - 7 * WEEK_MS : fromMs, toMs: Number.isNaN(toMs) ? now : toMs };
}
