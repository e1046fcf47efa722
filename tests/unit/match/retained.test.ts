import { describe, expect, it } from 'vitest';
import { MAX_DIFF_CELLS, retainedShare, wordsOf } from '../../../lib/match/retained';

// 38 words (25 + 13), as the sidebar fills it in (lib/recommend/fill-template.ts).
const APPROVED =
  'Hi Dana, finance teams at companies like Northwind Logistics typically find that route analytics cuts freight spend ' +
  'by eight to twelve percent within two quarters. Would a short call next week to walk through the model be useful?';

describe('words', () => {
  it('compares words without case, edge punctuation or compatibility forms', () => {
    expect(wordsOf('Hi Dana, — it’s “ROI”! ﬁne\u00a0e-mail')).toEqual(['hi', 'dana', 'it’s', 'roi', 'fine', 'e-mail']);
  });
});

describe('the share of inserted words still in the email', () => {
  it('is 1 for the approved text sent verbatim, with the rep’s own lines around it', () => {
    expect(wordsOf(APPROVED)).toHaveLength(38);
    expect(retainedShare(APPROVED, APPROVED)).toBe(1);
    expect(retainedShare(APPROVED, `Great to meet you yesterday.\n\n${APPROVED}\n\nBest, Sam`)).toBe(1);
  });

  it('ignores case, spacing and punctuation the rep changed', () => {
    const retyped = APPROVED.toLowerCase().replace(/[,.?]/g, '').replace(/ /g, '\n ');
    expect(retainedShare(APPROVED, retyped)).toBe(1);
  });

  it('counts a light edit as most of the text kept: two words of 38 changed', () => {
    const edited = APPROVED.replace('typically', 'often').replace('short', 'quick');
    expect(retainedShare(APPROVED, edited)).toBe(0.95); // 36 of 38
  });

  it('counts a dropped sentence as lost', () => {
    const cut = APPROVED.replace(' Would a short call next week to walk through the model be useful?', '');
    expect(retainedShare(APPROVED, cut)).toBe(0.66); // 25 of 38
  });

  it('keeps the longer of two sentences the rep swapped around', () => {
    const [first, second] = APPROVED.split('. ');
    expect(retainedShare(APPROVED, `${second} ${first}.`)).toBe(0.66); // the first sentence, 25 of 38
  });

  it('is near 0 for a rewrite, though the rep’s words share plenty of common ones with the original', () => {
    const rewrite =
      'Hi Dana, thanks for the time on Tuesday. I put together the numbers for your team and it looks like we could ' +
      'take a good chunk out of what you spend on freight. Are you free next week for a call to go through it?';
    // Only "hi dana" and "next week" survive as runs (4 of 38); a plain word LCS would also keep
    // the scattered "spend", "freight", "a", "call", "to", "through" and score 0.21.
    expect(retainedShare(APPROVED, rewrite)).toBe(0.11);
  });

  it('does not count lone common words scattered through the rep’s text', () => {
    expect(retainedShare('cut freight spend', 'we cut costs and now spend far less on freight')).toBe(0);
    expect(retainedShare('cut freight spend', 'we cut freight costs and spend less')).toBe(0.67);
  });

  it('takes a one-word insert as kept when the word is there', () => {
    expect(retainedShare('Thanks!', 'thanks for the call')).toBe(1);
    expect(retainedShare('Thanks!', 'cheers')).toBe(0);
  });

  it('has nothing to lose for an insert without words, and nothing kept in an empty draft', () => {
    expect(retainedShare('—', 'anything')).toBe(1);
    expect(retainedShare(APPROVED, '')).toBe(0);
  });

  it('stays within its cell budget on a very long draft, reading it from the start', () => {
    const long = `${APPROVED} ${'filler words here '.repeat(40_000)}`;
    const started = performance.now();
    expect(retainedShare(APPROVED, long)).toBe(1);
    expect(retainedShare(APPROVED, `${'filler words here '.repeat(40_000)} ${APPROVED}`)).toBe(0);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(MAX_DIFF_CELLS).toBeLessThanOrEqual(2_000_000);
  });
});
