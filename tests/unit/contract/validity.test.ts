import { describe, expect, it } from 'vitest';
import { daysUntil, validDuring, validityProblem } from '../../../lib/contract';

const at = (iso: string) => Date.parse(iso);

describe('validity: one reading of validFrom/validUntil for ranking, the sidebar and the reports', () => {
  it('a bare validUntil date covers that whole day in UTC', () => {
    const item = { status: 'approved', validUntil: '2026-11-30' };
    expect(validityProblem(item, at('2026-11-30T23:59:59.999Z'))).toBeUndefined();
    expect(validityProblem(item, at('2026-12-01T00:00:00.000Z'))).toBe('expired');
  });

  it('content valid until the day a report period starts counts as usable in that period', () => {
    // The hub's report read "2026-11-30" as its first millisecond and left such content out of
    // "nobody used it" for a period starting at noon that day; the local dashboard did not check at all.
    expect(validDuring({ validUntil: '2026-11-30' }, at('2026-11-30T12:00:00Z'), at('2026-12-06T00:00:00Z'))).toBe(true);
    expect(validDuring({ validUntil: '2026-11-29' }, at('2026-11-30T12:00:00Z'), at('2026-12-06T00:00:00Z'))).toBe(false);
    expect(validDuring({ validFrom: '2026-12-07' }, at('2026-11-30T12:00:00Z'), at('2026-12-06T00:00:00Z'))).toBe(false);
    expect(validDuring({}, at('2026-11-30T12:00:00Z'), at('2026-12-06T00:00:00Z'))).toBe(true);
  });

  it('an unreadable bound never hides an item from a report, but never shows it to a rep', () => {
    expect(validDuring({ validUntil: 'soon' }, 0, 1)).toBe(true);
    expect(validityProblem({ status: 'approved', validUntil: 'soon' }, 0)).toBe('expired');
    expect(daysUntil('soon', 0)).toBeUndefined();
  });
});
