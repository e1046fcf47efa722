import { describe, expect, it } from 'vitest';
import { contentRequestText, daysUntil, makeUsageEvent, medianShare, SENT_AS_APPROVED, usageEvent, usageReportRow } from '../../../lib/contract';

describe('usage events (lib/contract/usage.ts)', () => {
  it('are valid contract events with a fresh uuid and the site as surface', () => {
    const a = makeUsageEvent('gmail', { type: 'message_copied', prospectId: 'p-dana', messageId: 'm-1', messageVersion: 3, rank: 1 });
    const b = makeUsageEvent('gmail', { type: 'message_copied' });
    expect(usageEvent.parse(a)).toEqual(a);
    expect(a.id).not.toBe(b.id);
    expect(a.surface).toBe('gmail');
  });

  it('a content request keeps the note and the segment within 500 characters, no identity', () => {
    const text = contentRequestText('  A case study for\nbiotech procurement  ', { persona: 'procurement', industry: 'Biotech', stage: 'opportunity' });
    expect(text).toBe('A case study for biotech procurement [persona=procurement, industry=Biotech, stage=opportunity]');
    expect(contentRequestText('x'.repeat(900), { persona: 'it' })).toHaveLength(500);
    expect(contentRequestText('x'.repeat(900), { persona: 'it' }).endsWith('[persona=it]')).toBe(true);
  });

  it('counts whole days to a validUntil, a bare date meaning the end of that day', () => {
    const now = Date.parse('2026-11-20T12:00:00Z');
    expect(daysUntil('2026-11-25', now)).toBe(5);
    expect(daysUntil('2026-11-20T23:00:00Z', now)).toBe(0);
    expect(daysUntil(undefined, now)).toBeUndefined();
    expect(daysUntil('not a date', now)).toBeUndefined();
  });
});

describe('usage report rows (lib/contract/hub.ts)', () => {
  const row = { key: 'm-1', label: 'ROI note', events: 3, copies: 1, inserts: 1, sends: 1, opens: 0, dismissals: 0, reps: 1, lastUsedAt: null };

  it('still reads a hub from before sent-as-approved: no sends as approved, no median', () => {
    expect(usageReportRow.parse(row)).toEqual({ ...row, sentAsApproved: 0, medianRetained: null });
    expect(usageReportRow.parse({ ...row, sentAsApproved: 1, medianRetained: 0.95 })).toMatchObject({ sentAsApproved: 1, medianRetained: 0.95 });
    expect(usageReportRow.safeParse({ ...row, medianRetained: 1.5 }).success).toBe(false);
  });

  it('takes the median of retained shares to three decimals, null for no sends', () => {
    expect(medianShare([])).toBeNull();
    expect(medianShare([0.35])).toBe(0.35);
    expect(medianShare([1, 0.35])).toBe(0.675);
    expect(medianShare([0.9, 0.2, 1])).toBe(0.9);
    expect(SENT_AS_APPROVED).toBe(0.9);
  });
});
