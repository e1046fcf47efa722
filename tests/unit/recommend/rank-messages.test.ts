import { describe, expect, it } from 'vitest';
import { DEMO_NOW, generateWorkspace } from '../../../lib/demo/generate';
import type { Message } from '../../../lib/contract/data';
import { rankMessages, searchMessages } from '../../../lib/recommend/rank-messages';
import { NOW, cfo, daysAgo, daysAhead, message } from './fixtures';

const rankIds = (messages: Message[], prospect = cfo) => rankMessages({ prospect, messages, now: NOW }).ranked.map((r) => r.message.id);

describe('rankMessages: what the rep sees first', () => {
  const cases: { name: string; messages: Message[]; expected: string[] }[] = [
    {
      name: 'the finance-logistics opener comes before the generic one, which comes before the IT opener',
      messages: [
        message('m-it', { personas: ['it'] }),
        message('m-generic'),
        message('m-cfo-logistics', { personas: ['finance'], industries: ['Logistics'] }),
      ],
      expected: ['m-cfo-logistics', 'm-generic', 'm-it'],
    },
    {
      name: 'more matching segments rank higher: persona+industry+stage before persona alone',
      messages: [
        message('m-persona', { personas: ['finance'] }),
        message('m-all-three', { personas: ['finance'], industries: ['Logistics'], stages: ['sql'] }),
        message('m-two', { personas: ['finance'], stages: ['sql'] }),
      ],
      expected: ['m-all-three', 'm-two', 'm-persona'],
    },
    {
      name: 'on equal fit, the newer version first, then the title alphabetically',
      messages: [
        message('m-1', { title: 'Bravo', version: 1 }),
        message('m-2', { title: 'Alpha', version: 1 }),
        message('m-3', { title: 'Zulu', version: 4 }),
      ],
      expected: ['m-3', 'm-2', 'm-1'],
    },
    {
      name: 'identical titles and versions fall back to the id, so the order never shuffles',
      messages: [message('m-b', { title: 'Same' }), message('m-a', { title: 'Same' })],
      expected: ['m-a', 'm-b'],
    },
    {
      name: 'messages for other segments still follow, partial fits first',
      messages: [
        message('m-healthcare-it', { personas: ['it'], industries: ['Healthcare'] }),
        message('m-finance-healthcare', { personas: ['finance'], industries: ['Healthcare'] }),
      ],
      expected: ['m-finance-healthcare', 'm-healthcare-it'],
    },
    { name: 'no messages, no list', messages: [], expected: [] },
  ];

  it.each(cases)('$name', ({ messages, expected }) => {
    expect(rankIds(messages)).toEqual(expected);
  });

  it('marks which messages fit and why', () => {
    const { ranked } = rankMessages({
      prospect: cfo,
      now: NOW,
      messages: [message('m-fit', { personas: ['finance'], stages: ['sql'] }), message('m-other', { personas: ['it'] })],
    });
    expect(ranked.map((r) => [r.message.id, r.fit, r.reasons, r.mismatches])).toEqual([
      ['m-fit', true, ['stage_fit', 'persona_fit'], []],
      ['m-other', false, [], ['persona']],
    ]);
  });
});

describe('rankMessages: never shown to a rep', () => {
  const cases: { name: string; message: Message; code: string | undefined }[] = [
    { name: 'a draft', message: message('m', { status: 'draft' }), code: 'not_approved' },
    { name: 'a retired version', message: message('m', { status: 'retired' }), code: 'not_approved' },
    { name: 'an offer that ended yesterday', message: message('m', { validUntil: daysAgo(1) }), code: 'expired' },
    { name: 'a launch message before launch day', message: message('m', { validFrom: daysAhead(1) }), code: 'not_yet_valid' },
    { name: 'a message starting this very millisecond is shown', message: message('m', { validFrom: NOW.toISOString() }), code: undefined },
    { name: 'a message ending this very millisecond is shown', message: message('m', { validUntil: NOW.toISOString() }), code: undefined },
    {
      name: 'a message ending one millisecond ago is not',
      message: message('m', { validUntil: new Date(NOW.getTime() - 1).toISOString() }),
      code: 'expired',
    },
    { name: 'a message with a garbled end date fails closed', message: message('m', { validUntil: 'soon' }), code: 'expired' },
  ];
  it.each(cases)('$name → $code', ({ message: m, code }) => {
    const result = rankMessages({ prospect: cfo, messages: [m], now: NOW });
    expect(result.excluded[0]?.code).toBe(code);
    expect(result.ranked.length).toBe(code ? 0 : 1);
  });

  it('on the demo workspace, Dana sees the current finance opener first and never the draft, retired, expired or 2027 ones', () => {
    const bundle = generateWorkspace({ prospects: 20, touches: 100, seed: 3 });
    const dana = bundle.prospects?.find((p) => p.id === 'p-dana');
    if (!dana) throw new Error('showcase missing');
    const { ranked, excluded } = rankMessages({ prospect: dana, messages: (bundle.messages ?? []) as Message[], now: new Date(DEMO_NOW) });
    expect(ranked[0]?.message.id).toBe('m-finance-freight-roi');
    const shown = ranked.map((r) => r.message.id);
    for (const hidden of ['m-pricing-draft', 'm-finance-freight-roi-v2', 'm-finance-freight-roi-v1', 'm-q3-promo-expired', 'm-2027-launch']) {
      expect(shown).not.toContain(hidden);
    }
    expect(Object.fromEntries(excluded.map((e) => [e.message.id, e.code]))).toMatchObject({
      'm-pricing-draft': 'not_approved',
      'm-finance-freight-roi-v2': 'not_approved',
      'm-q3-promo-expired': 'expired',
      'm-2027-launch': 'not_yet_valid',
    });
    expect(ranked.find((r) => r.message.id === 'm-it-integration')?.fit).toBe(false);
  });
});

describe('searchMessages', () => {
  const list = [
    message('m-pricing', { title: 'Pricing objection: annual vs monthly', body: 'Hi {{first_name}}, on budgets…' }),
    message('m-security', { title: 'Security review in days', body: 'SOC 2 report, DPA and pricing appendix.' }),
    message('m-cafe', { title: 'Café owners', body: 'Résumé of results for Tomás.' }),
  ];

  it.each([
    ['pricing', ['m-pricing', 'm-security']],
    ['PRICING', ['m-pricing', 'm-security']],
    ['pric annual', ['m-pricing']],
    ['soc dpa', ['m-security']],
    ['tomas', ['m-cafe']],
    ['cafe resume', ['m-cafe']],
    ['   ', ['m-pricing', 'm-security', 'm-cafe']],
    ['nothing-like-this', []],
    ['<script>', []],
    ['{{first_name}}', ['m-pricing']],
  ] as const)('"%s" finds %j (title hits first)', (query, expected) => {
    expect(searchMessages(list, query).map((m) => m.id)).toEqual(expected);
  });

  it('searches ranked results and keeps their fit information', () => {
    const { ranked } = rankMessages({ prospect: cfo, messages: list, now: NOW });
    const found = searchMessages(ranked, 'security');
    expect(found.map((r) => [r.message.id, r.fit])).toEqual([['m-security', true]]);
  });

  it('searches 2,000 messages in a few milliseconds once warmed up', () => {
    const many = Array.from({ length: 2000 }, (_, i) =>
      message(`m-${i}`, { title: `Opener ${i} for ${['finance', 'it', 'ops'][i % 3]}`, body: `Body ${i} `.repeat(100) }),
    );
    searchMessages(many, 'warm');
    const times: number[] = [];
    let found: typeof many = [];
    for (let run = 0; run < 9; run++) {
      const started = performance.now();
      found = searchMessages(many, `opener finance ${run + 10}`);
      times.push(performance.now() - started);
    }
    const elapsed = times.sort((a, b) => a - b)[4] ?? Infinity;
    console.info(`searchMessages 2,000 messages: median ${elapsed.toFixed(2)} ms`);
    expect(found.length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(20);
  });
});
