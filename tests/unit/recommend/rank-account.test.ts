import { describe, expect, it } from 'vitest';
import type { ProspectSummary } from '../../../lib/contract';
import { rankAssetsForAccount, reasonText, type AccountPersonInput } from '../../../lib/recommend';
import { asset, cfo, NOW, sent, touch } from './fixtures';

const cio: ProspectSummary = { id: 'p-cio', email: 'marcus@northwind-logistics.com', name: 'Marcus Oyelaran', stage: 'mql', persona: 'it', industry: 'Logistics' };
const coo: ProspectSummary = { id: 'p-coo', email: 'lena@northwind-logistics.com', name: 'Lena Park', stage: 'sql', persona: 'executive', industry: 'Logistics' };

const person = (prospect: ProspectSummary, touches: AccountPersonInput['touches'] = [], usage: AccountPersonInput['usage'] = []): AccountPersonInput => ({ prospect, touches, usage });

describe('next best asset for an account', () => {
  const pricing = asset('a-pricing', { personas: ['finance', 'executive'], topics: ['pricing'] });
  const security = asset('a-security', { personas: ['it'], topics: ['security'] });
  const generic = asset('a-generic', { topics: ['pricing'] });

  it('prefers what suits several people over what suits one slightly better, and says for how many', () => {
    const people = [
      person(cfo, [touch('download', 2, ['pricing']), touch('webinar', 5, ['pricing'])]),
      person(cio, [touch('page_view', 3, ['security'])]),
      person(coo, [touch('event', 10, ['pricing'])]),
    ];
    const { ranked, topics } = rankAssetsForAccount({ people, assets: [security, pricing, generic], now: NOW });
    expect(ranked.map((r) => r.asset.id)).toEqual(['a-pricing', 'a-generic', 'a-security']);
    expect(ranked[0]!.people.map((p) => p.prospect.id)).toEqual(['p-cfo', 'p-coo']);
    expect(ranked[0]!.reasons).toEqual(['fits_people:2/3', 'account_topic:pricing', 'person_fit:p-cfo:persona_fit', 'not_sent_to_account']);
    const texts = ranked[0]!.reasons.map((code) => reasonText(code, { topics, now: NOW, people: people.map((p) => p.prospect) }));
    expect(texts).toEqual([
      'Fits 2 of the 3 most engaged people here',
      'People here read 3 pieces on pricing recently',
      'Dana Whitfield: Written for their role: Finance',
      'Not sent to anyone here before',
    ]);
    // The account score is the mean over everyone ranked, 0 for whom it does not fit.
    const generic3 = ranked.find((r) => r.asset.id === 'a-generic')!;
    expect(generic3.people).toHaveLength(3);
    expect(ranked[0]!.score).toBeCloseTo(ranked[0]!.people.reduce((sum, p) => sum + p.score, 0) / 3, 6);
  });

  it('leaves an asset out for the person who read it or was sent it recently, and does not call it new to the account', () => {
    const people = [person(cfo, [touch('download', 4, ['pricing'], { assetId: 'a-generic' })]), person(coo, [], [sent('a-pricing', 3, 'asset_inserted', coo.id)])];
    const { ranked } = rankAssetsForAccount({ people, assets: [pricing, generic], now: NOW });
    const byId = Object.fromEntries(ranked.map((r) => [r.asset.id, r]));
    expect(byId['a-generic']!.people.map((p) => p.prospect.id)).toEqual(['p-coo']);
    expect(byId['a-pricing']!.people.map((p) => p.prospect.id)).toEqual(['p-cfo']);
    expect(byId['a-pricing']!.reasons).not.toContain('not_sent_to_account');
  });

  it('gives the same answer for the same input, whatever the order of people and assets', () => {
    const people = [person(cfo, [touch('download', 2, ['pricing'])]), person(cio, [touch('page_view', 3, ['security'])])];
    const a = rankAssetsForAccount({ people, assets: [pricing, security, generic], now: NOW });
    const b = rankAssetsForAccount({ people: [...people].reverse(), assets: [generic, security, pricing], now: NOW });
    expect(b.ranked.map((r) => [r.asset.id, r.score])).toEqual(a.ranked.map((r) => [r.asset.id, r.score]));
    expect(rankAssetsForAccount({ people: [], assets: [pricing], now: NOW }).ranked).toEqual([]);
  });
});
