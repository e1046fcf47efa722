import { describe, expect, it } from 'vitest';
import { contentRequestText, daysUntil, makeUsageEvent, usageEvent } from '../../../lib/contract';

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
