import { describe, expect, it } from 'vitest';
import { HALF_LIFE_DAYS, TOUCH_TYPE_WEIGHTS, decayFactor, topTopics } from '../../../lib/recommend/topics';
import { DAY, NOW, touch } from './fixtures';

const names = (list: { topic: string }[]) => list.map((t) => t.topic);

describe('topTopics: what they care about', () => {
  const cases: { name: string; touches: ReturnType<typeof touch>[]; expected: string[] }[] = [
    { name: 'no touches, no topics', touches: [], expected: [] },
    { name: 'touches without topics say nothing', touches: [touch('page_view', 1, [])], expected: [] },
    {
      name: 'three pricing pages beat one security page from the same week',
      touches: [touch('page_view', 1, ['pricing']), touch('page_view', 2, ['pricing']), touch('page_view', 3, ['pricing']), touch('page_view', 1, ['security'])],
      expected: ['pricing', 'security'],
    },
    {
      name: 'one download this week beats two page views from last quarter',
      touches: [touch('page_view', 90, ['security']), touch('page_view', 95, ['security']), touch('download', 2, ['roi'])],
      expected: ['roi', 'security'],
    },
    {
      name: 'a webinar attended says more than an email opened the same day',
      touches: [touch('email_open', 1, ['pricing']), touch('webinar', 1, ['analytics'])],
      expected: ['analytics', 'pricing'],
    },
    {
      name: 'Apple Mail Privacy Protection opens are ignored, however many',
      touches: [...Array.from({ length: 20 }, () => touch('email_open', 0, ['ai'], { automated: true })), touch('email_open', 200, ['pricing'])],
      expected: ['pricing'],
    },
    {
      name: 'topic names are trimmed and case-folded into one topic',
      touches: [touch('page_view', 1, ['Pricing ']), touch('page_view', 1, ['pricing', 'PRICING'])],
      expected: ['pricing'],
    },
    {
      name: 'equal interest is ordered by topic name',
      touches: [touch('page_view', 5, ['security', 'compliance'])],
      expected: ['compliance', 'security'],
    },
  ];
  it.each(cases)('$name', ({ touches, expected }) => {
    expect(names(topTopics(touches, NOW, 5))).toEqual(expected);
  });

  it('limits the list', () => {
    const touches = [touch('download', 1, ['a', 'b', 'c', 'd'])];
    expect(topTopics(touches, NOW, 2)).toHaveLength(2);
    expect(topTopics(touches, NOW, 0)).toEqual([]);
    expect(topTopics(touches, NOW, -1)).toEqual([]);
  });

  it('counts touches, keeps the newest time and gives shares that add up to 1', () => {
    const list = topTopics([touch('page_view', 10, ['pricing']), touch('download', 3, ['pricing', 'roi'])], NOW, 5);
    expect(list[0]).toMatchObject({ topic: 'pricing', touches: 2, lastAt: NOW.getTime() - 3 * DAY });
    expect(list.reduce((sum, t) => sum + t.share, 0)).toBeCloseTo(1, 9);
  });

  it('falls back to occurredAt when the epoch time is missing, and skips unparseable dates', () => {
    const list = topTopics(
      [
        { type: 'page_view', occurredAt: new Date(NOW.getTime() - DAY).toISOString(), topics: ['pricing'] },
        { type: 'page_view', occurredAt: 'not a date', topics: ['garbage'] },
      ],
      NOW,
      5,
    );
    expect(names(list)).toEqual(['pricing']);
  });
});

describe('decay', () => {
  it.each([
    [0, 1],
    [HALF_LIFE_DAYS, 0.5],
    [2 * HALF_LIFE_DAYS, 0.25],
    [-10, 1],
  ])('a touch %d days old weighs %d', (days, factor) => {
    expect(decayFactor(days * DAY)).toBeCloseTo(factor, 9);
  });

  it('a page view exactly one half-life old scores half a fresh one', () => {
    const [topic] = topTopics([touch('page_view', HALF_LIFE_DAYS, ['pricing'])], NOW, 1);
    expect(topic?.score).toBeCloseTo(TOUCH_TYPE_WEIGHTS.page_view / 2, 9);
  });

  it('a touch stamped in the future counts as new, not more', () => {
    const [topic] = topTopics([touch('download', -5, ['pricing'])], NOW, 1);
    expect(topic?.score).toBeCloseTo(TOUCH_TYPE_WEIGHTS.download, 9);
  });
});
