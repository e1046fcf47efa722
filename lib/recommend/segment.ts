/**
 * Eligibility rules shared by messages and assets: status, validity window and segment fit.
 * One implementation, so a message and an asset with the same fields are judged the same way.
 */
import type { Dimension, ProspectSummary } from '../contract';

export const DIMENSIONS: readonly Dimension[] = ['stage', 'persona', 'industry'];

export interface Segmented {
  personas?: string[];
  industries?: string[];
  stages?: string[];
}

export interface SegmentFit {
  /** Dimensions the item names explicitly and the prospect matches: these earn credit. */
  fits: Dimension[];
  /** Dimensions the item restricts and the prospect's known value is outside of. */
  mismatches: Dimension[];
}

const NON_ASCII = /[\u0080-\uffff]/;

/** Unicode normalization, skipped for ASCII: String#normalize costs microseconds even when it changes nothing. */
export function normalizeText(value: string, form: 'NFC' | 'NFKC' | 'NFKD'): string {
  return NON_ASCII.test(value) ? value.normalize(form) : value;
}

/** "Financial Services", "financial_services" and " financial  services " are one segment value. */
export function segmentKey(value: string): string {
  return normalizeText(value, 'NFKC').trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

const LIST_OF: Record<Dimension, keyof Segmented> = { persona: 'personas', industry: 'industries', stage: 'stages' };

/**
 * An empty or missing list fits everyone (DESIGN: "empty = fits all") but earns no credit, so a
 * piece written for this segment outranks a generic one. A prospect whose value is unknown is not
 * a mismatch either: half-filled CRM records are the norm, and hiding everything targeted from
 * them would leave the rep with nothing.
 */
export function segmentFit(item: Segmented, prospect: Pick<ProspectSummary, Dimension>): SegmentFit {
  const fits: Dimension[] = [];
  const mismatches: Dimension[] = [];
  for (const dimension of DIMENSIONS) {
    const list = item[LIST_OF[dimension]];
    if (!list || list.length === 0) continue;
    const value = prospect[dimension];
    if (value === undefined || segmentKey(value) === '') continue;
    const key = segmentKey(value);
    if (list.some((entry) => segmentKey(entry) === key)) fits.push(dimension);
    else mismatches.push(dimension);
  }
  return { fits, mismatches };
}

export function nowMillis(now: Date): number {
  const ms = now.getTime();
  if (Number.isNaN(ms)) throw new TypeError('recommend: "now" is an invalid Date');
  return ms;
}

/** Plain code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}
