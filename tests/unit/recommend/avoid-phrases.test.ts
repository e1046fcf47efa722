import { describe, expect, it } from 'vitest';
import { DEMO_NOW, generateWorkspace } from '../../../lib/demo/generate';
import type { Message } from '../../../lib/contract/data';
import { avoidRulesFromMessages, compileAvoidPhrases, findAvoidPhrases } from '../../../lib/recommend/avoid-phrases';
import { type AvoidPhraseRule } from '../../../lib/contract';
import { NOW, daysAgo, message } from './fixtures';

const rules: AvoidPhraseRule[] = [
  { id: 'm-finance', phrases: ['guarantee', 'cheapest'], alternative: 'Finance opener' },
  { id: 'm-procurement', phrases: ['Guarantee', '100% uptime'], alternative: 'Procurement pack' },
  { id: 'm-exec', phrases: ['best in class', "can't lose", '#1 rated', 'co-op', 'garantía', '!!!'] },
];
const found = (text: string) => findAvoidPhrases(text, rules).map((m) => m.phrase);

describe('findAvoidPhrases', () => {
  it.each([
    ['We guarantee results', ['guarantee']],
    ['We GUARANTEE results', ['guarantee']],
    ['results are guaranteed', []],
    ['an unguarantee', []],
    ['guarantee_x', []],
    ['"guarantee."', ['guarantee']],
    ['the cheapest, the best in class', ['cheapest', 'best in class']],
    ['Best\u00A0in   class', ['best in class']],
    ['best\nin\nclass', ['best in class']],
    ['best-in-class', []],
    ['100% Uptime, promised', ['100% uptime']],
    ['1100% uptime', []],
    ['you can\u2019t lose', ["can't lose"]],
    ['we are #1 rated', ['#1 rated']],
    ['a co-op deal', ['co-op']],
    ['Con garantía total', ['garantía']],
    ['Con garantíatotal', []],
    ['Con garanti\u0301a total', ['garantía']],
    ['wow!!! nice', ['!!!']],
    ['guarantee guarantee GUARANTEE', ['guarantee']],
    ['', []],
    ['<script>guarantee</script>', ['guarantee']],
  ] as const)('%j → %j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('reports a phrase once, naming the first rule and its alternative, and every rule that lists it', () => {
    expect(findAvoidPhrases('We guarantee it', rules)).toEqual([
      { phrase: 'guarantee', ruleId: 'm-finance', ruleIds: ['m-finance', 'm-procurement'], alternative: 'Finance opener' },
    ]);
  });

  it('lists matches in the order they appear in the draft', () => {
    expect(found('cheapest first, then guarantee, then 100% uptime')).toEqual(['cheapest', 'guarantee', '100% uptime']);
  });

  it('with no rules nothing is flagged', () => {
    expect(findAvoidPhrases('guarantee', [])).toEqual([]);
    expect(compileAvoidPhrases([{ id: 'x', phrases: ['', '   '] }]).phraseCount).toBe(0);
  });

  it('matches astral-plane letters as word characters', () => {
    expect(findAvoidPhrases('𝒢uarantee 𝒳', [{ id: 'm', phrases: ['𝒳'] }]).map((m) => m.phrase)).toEqual(['𝒳']);
    expect(findAvoidPhrases('𝒳𝒳', [{ id: 'm', phrases: ['𝒳'] }])).toEqual([]);
  });
});

describe('avoidRulesFromMessages', () => {
  it('takes rules from approved, valid messages only, naming the message as the approved alternative', () => {
    const messages: Message[] = [
      message('m-live', { title: 'Finance opener', avoidPhrases: ['guarantee'] }),
      message('m-draft', { status: 'draft', avoidPhrases: ['cheapest'] }),
      message('m-expired', { validUntil: daysAgo(1), avoidPhrases: ['free forever'] }),
      message('m-none'),
    ];
    expect(avoidRulesFromMessages(messages, NOW)).toEqual([{ id: 'm-live', phrases: ['guarantee'], alternative: 'Finance opener' }]);
  });

  it('on the demo workspace, "guarantee" in a draft to Dana points to the approved finance opener', () => {
    const bundle = generateWorkspace({ prospects: 20, touches: 50, seed: 5 });
    const matcher = compileAvoidPhrases(avoidRulesFromMessages((bundle.messages ?? []) as Message[], new Date(DEMO_NOW)));
    const [match] = matcher.check('Hi Dana, we guarantee savings. Free forever!');
    expect(match).toMatchObject({ phrase: 'guarantee', ruleId: 'm-finance-freight-roi' });
    // "free forever" belongs to an expired offer only.
    expect(matcher.check('free forever')).toEqual([]);
  });
});

describe('avoid-phrase speed', () => {
  it('checks a 5,000-character draft against 2,000 messages\u2019 phrases in under 5 ms', () => {
    const words = ['freight', 'lane', 'carrier', 'savings', 'report', 'guarantee', 'team', 'quarter', 'pricing', 'route', 'cost', 'plan'];
    const bulk: AvoidPhraseRule[] = Array.from({ length: 2000 }, (_, i) => ({
      id: `m-${i}`,
      phrases: [`${words[i % words.length]} phrase${i}`, `banned${i}`, `${words[(i * 7) % words.length]} ${words[(i * 3) % words.length]} ${i}`],
      alternative: `Message ${i}`,
    }));
    const compileStart = performance.now();
    const matcher = compileAvoidPhrases(bulk);
    const compileMs = performance.now() - compileStart;

    let draft = '';
    for (let i = 0; draft.length < 5000; i++) draft += `${words[(i * 5) % words.length]} ${i % 50 === 0 ? 'banned1999 ' : ''}`;
    draft = draft.slice(0, 5000);

    for (let i = 0; i < 20; i++) matcher.check(draft);
    const times: number[] = [];
    for (let i = 0; i < 50; i++) {
      const started = performance.now();
      matcher.check(draft);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const median = times[25] ?? Infinity;
    const p95 = times[47] ?? Infinity;
    console.info(
      `avoid phrases: ${matcher.phraseCount} phrases compiled in ${compileMs.toFixed(1)} ms; 5,000-char check median ${median.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms`,
    );
    expect(matcher.check(draft).map((m) => m.ruleId)).toEqual(['m-1999']);
    expect(median).toBeLessThan(5);
  });
});
