import { describe, expect, it } from 'vitest';
import type { Asset, Message } from '../../../lib/contract/data';
import { DEMO_NOW, HOSTILE, generateWorkspace } from '../../../lib/demo/generate';
import { buildBrief, briefDate, type BriefInput } from '../../../lib/recommend/brief';
import { recommendFor } from '../../../lib/recommend';
import type { ProspectContext, TouchView } from '../../../lib/contract';
import { NOW, asset, cfo } from './fixtures';

const bundle = generateWorkspace({ prospects: 20, touches: 300, seed: 11 });
const now = new Date(DEMO_NOW);

function demoContext(id: string): ProspectContext & { touches: (TouchView & { assetId?: string })[] } {
  const row = bundle.prospects?.find((p) => p.id === id);
  if (!row) throw new Error(id);
  const { email, name, title, company, stage, persona, industry } = row;
  const prospect = { id, email, name, title, company, stage, persona, industry };
  const touches = (bundle.touches ?? [])
    .filter((t) => t.prospectId === id)
    .map((t) => ({ ...t, at: Date.parse(t.occurredAt) }))
    .sort((a, b) => b.at - a.at);
  const committee = (bundle.prospects ?? [])
    .filter((p) => p.id !== id && p.domain === row.domain)
    .map(({ id: pid, email: e, name: n, title: t, company: c, stage: s, persona: pe, industry: i }) => ({
      id: pid, email: e, name: n, title: t, company: c, stage: s, persona: pe, industry: i,
    }));
  return { prospect, matchedBy: 'crm_id', matchedValue: 'x', committee, touches, touchCount: touches.length, countsByType: {}, alsoMatched: [] };
}

function danaRecommendation() {
  return recommendFor({
    context: demoContext('p-dana'),
    assets: (bundle.assets ?? []) as Asset[],
    messages: (bundle.messages ?? []) as Message[],
    usage: [],
    now,
  });
}

describe('buildBrief for Dana before her meeting', () => {
  const { brief, topAsset } = danaRecommendation();

  it('names her, her role, company and segment at the top', () => {
    expect(brief.text).toContain('Meeting brief: Dana Whitfield');
    expect(brief.text).toContain('Dana Whitfield, VP Finance at Northwind Logistics');
    expect(brief.text).toContain('Stage: SQL · Role: Finance · Industry: Logistics');
  });

  it('lists the buying committee at Northwind', () => {
    expect(brief.text).toContain('Buying committee (2)');
    expect(brief.text).toContain('- Marcus Oyelaran, Director of IT Operations (IT, MQL)');
    expect(brief.text).toContain('- Lena Park, Chief Operating Officer (Executive, SQL)');
  });

  it('summarises her last touches by campaign, newest campaign first, and leaves the scanner open out', () => {
    const section = brief.text.split('What marketing did')[1]?.split('\n\n')[0] ?? '';
    const campaigns = section.split('\n').filter((l) => l.startsWith('- ') && l.includes(': ') && /touch(es)?, latest/.test(l));
    expect(campaigns[0]).toBe('- Route Analytics Webinar Series: 2 touches, latest 18 Nov 2026');
    expect(section).toContain('1 automated open (privacy proxy or scanner) left out.');
    expect(section).not.toContain('Opened: Reminder');
    const listed = section.split('\n').filter((l) => l.startsWith('    - '));
    expect(listed).toHaveLength(10);
  });

  it('brings the pricing guide and says why', () => {
    expect(topAsset?.asset.id).toBe('a-pricing-guide');
    expect(brief.text).toContain('- Pricing and packaging guide 2026 — https://www.meridian-analytics.example/resources/pricing-guide-2026.pdf');
    expect(brief.text).toMatch(/- Why: .*Read \d+ pieces on pricing recently/);
    expect(brief.markdown).toContain('- [Pricing and packaging guide 2026](https://www.meridian-analytics.example/resources/pricing-guide-2026.pdf)');
  });

  it('offers the approved finance opener as a talking point and asks SQL-stage, finance questions', () => {
    expect(brief.text).toContain('- Finance opener: cut freight spend without new headcount');
    expect(brief.text).toContain('- Who else is involved in the decision, and how do they usually buy?');
    expect(brief.text).toContain('- What saving or payback would make this worth it for them?');
    expect(brief.text).toContain('- Are Marcus Oyelaran and Lena Park part of the decision?');
  });

  it('renders the hostile touch title as inert text in both formats', () => {
    expect(brief.text).toContain(HOSTILE.touchTitle);
    expect(brief.markdown).not.toMatch(/(^|[^\\])</);
    expect(brief.markdown).toContain('\\<img src=x onerror=alert(1)\\>');
  });

  it('is the same every time for the same input', () => {
    expect(danaRecommendation().brief).toEqual(brief);
  });
});

describe('buildBrief edge cases', () => {
  const empty: BriefInput = {
    context: { prospect: { id: 'p-x', email: 'someone@example.com' }, committee: [], touches: [] },
    alternates: [],
    messages: [],
    topTopics: [],
    now: NOW,
  };

  it('with nothing known, every section says so instead of going blank', () => {
    const { text, markdown } = buildBrief(empty);
    expect(text).toContain('Meeting brief: someone@example.com');
    expect(text).toContain('No one else from this company is known yet.');
    expect(text).toContain('No marketing touches recorded yet.');
    expect(text).toContain('Not enough activity to tell yet.');
    expect(text).toContain('No approved messaging for this segment yet.');
    expect(text).toContain('No eligible asset right now.');
    expect(text).toContain('- Who else will weigh in on the decision?');
    expect(markdown.startsWith('# Meeting brief: someone@example.com\n')).toBe(true);
  });

  it('a bidi override or line break in a company name cannot reorder or break the brief', () => {
    const { text, markdown } = buildBrief({
      ...empty,
      context: {
        ...empty.context,
        prospect: { id: 'p', email: 'x@example.com', name: 'Eve\n# Injected heading', company: 'Kestrel \u202EHealth Systems', title: '**Boss** [x](javascript:alert(1))' },
      },
    });
    expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(text).toContain('Kestrel Health Systems');
    expect(text.split('\n').some((line) => line.startsWith('# Injected'))).toBe(false);
    expect(markdown).toContain('\\*\\*Boss\\*\\* \\[x\\](javascript:alert(1))');
    expect(markdown.split('\n').some((line) => line.startsWith('# Injected'))).toBe(false);
  });

  it('only https asset links become Markdown links', () => {
    const ranked = { asset: { ...asset('a'), url: 'javascript:alert(1)' }, score: 1, reasons: [], breakdown: { stage: 0, persona: 0, industry: 0, topic: 0, similar: 0, fresh: 0, notSentBefore: 0 } };
    const { text, markdown } = buildBrief({ ...empty, context: { ...empty.context, prospect: cfo }, topAsset: ranked });
    expect(text).not.toContain('javascript:');
    expect(markdown).not.toContain('](');
  });

  it.each([
    [Date.UTC(2026, 10, 20, 23, 59), '20 Nov 2026'],
    [Date.UTC(2027, 0, 1, 0, 0), '1 Jan 2027'],
    [Number.NaN, ''],
  ])('dates are written in UTC: %d → "%s"', (ms, text) => {
    expect(briefDate(ms)).toBe(text);
  });
});

describe('recommendFor', () => {
  it('gives the background everything the sidebar needs in one call', () => {
    const result = danaRecommendation();
    expect(result.topAsset?.reasons.length).toBeGreaterThan(0);
    expect(result.alternates.length).toBeLessThanOrEqual(4);
    expect(result.messages.ranked[0]?.message.id).toBe('m-finance-freight-roi');
    expect(result.topTopics.map((t) => t.topic)).toContain('pricing');
    expect(result.avoidRules[0]).toEqual({ id: 'm-finance-freight-roi', phrases: ['guarantee', 'cheapest'], alternative: 'Finance opener: cut freight spend without new headcount' });
  });
});
