/**
 * When an approved message or asset is valid: the one reading of `validFrom`/`validUntil` that the
 * ranking, the sidebar's "expires in", the hub's reports and the dashboards all share.
 * A bare date ("2027-01-31") means that whole day in UTC: marketing writing "valid until 31 January"
 * means through that day, not until its first millisecond. Zod-free: the page side may import it.
 */
export const DAY_MS = 86_400_000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds for a validity bound. Unparseable bounds come back NaN and callers fail closed. */
export function validityBound(value: string, edge: 'start' | 'end'): number {
  const trimmed = value.trim();
  const ms = Date.parse(trimmed);
  if (edge === 'end' && DATE_ONLY.test(trimmed)) return ms + DAY_MS - 1;
  return ms;
}

export type ValidityCode = 'not_approved' | 'expired' | 'not_yet_valid';

export interface Validity {
  status: string;
  validFrom?: string;
  validUntil?: string;
}

/**
 * Why an item cannot be shown at `nowMs`, or undefined when it can. Both bounds are inclusive: an
 * item is still valid at the exact millisecond of `validUntil` and already valid at that of `validFrom`.
 */
export function validityProblem(item: Validity, nowMs: number): ValidityCode | undefined {
  if (item.status !== 'approved') return 'not_approved';
  if (item.validUntil !== undefined) {
    const until = validityBound(item.validUntil, 'end');
    if (!(nowMs <= until)) return 'expired';
  }
  if (item.validFrom !== undefined) {
    const from = validityBound(item.validFrom, 'start');
    if (!(nowMs >= from)) return 'not_yet_valid';
  }
  return undefined;
}

/**
 * Whether an item's window overlaps [startMs, endMs] at all (reports: "approved content nobody
 * used" counts only what reps could have used in the period). A bound that does not parse does
 * not exclude: the report lists the item rather than hide it.
 */
export function validDuring(item: Pick<Validity, 'validFrom' | 'validUntil'>, startMs: number, endMs: number): boolean {
  const from = item.validFrom ? validityBound(item.validFrom, 'start') : NaN;
  const until = item.validUntil ? validityBound(item.validUntil, 'end') : NaN;
  return !(until < startMs) && !(from > endMs);
}

/** Whole days until `validUntil` runs out (0 = its last day); undefined when none or unreadable. */
export function daysUntil(validUntil: string | undefined, nowMs: number): number | undefined {
  if (!validUntil) return undefined;
  const end = validityBound(validUntil, 'end');
  if (Number.isNaN(end)) return undefined;
  return Math.floor((end - nowMs) / DAY_MS);
}
