/**
 * The next best asset for a whole account: each of its people is ranked as one prospect
 * (rankAssets), then the rankings are put together. Pure and deterministic like rankAssets.
 *
 * - An asset's account score is the mean of its scores over the people ranked, counting 0 for a
 *   person it is not eligible for (wrong segment, already read, sent to them recently). So an
 *   asset that suits several people outranks one that suits only the best of them slightly better.
 * - Reasons, strongest first: how many of the people it fits (`fits_people:<n>/<m>`, when more
 *   than one person was ranked), the account's own top topics it covers (`account_topic:<topic>`,
 *   from every ranked person's touches together), the segment fits of the person it suits best
 *   (`person_fit:<prospectId>:<code>`), and `not_sent_to_account` when nobody here was sent it.
 */
import type { Asset } from '../contract/data';
import type { ProspectSummary, TopicInterest } from '../contract';
import { compareText, nowMillis } from './segment';
import { rankAssets, type RankTouch, type RankUsage, TOPIC_REASON_TOP } from './rank-assets';
import { topicInterests, topicKey } from './topics';

export interface AccountPersonInput {
  prospect: ProspectSummary;
  /** Newest first; `assetId` is needed for already_consumed. */
  touches: readonly RankTouch[];
  /** This rep's recent sends to this person (sent_recently). */
  usage: readonly RankUsage[];
}

export interface AccountPersonFit {
  prospect: ProspectSummary;
  score: number;
  reasons: string[];
}

export interface RankedAccountAsset {
  asset: Asset;
  score: number;
  reasons: string[];
  /** The people it is eligible for, best score first (ties: prospect id). */
  people: AccountPersonFit[];
}

export interface RankAccountInput {
  people: readonly AccountPersonInput[];
  assets: readonly Asset[];
  similarOutcomes?: ReadonlyMap<string, number>;
  now: Date;
}

export interface RankAccountResult {
  ranked: RankedAccountAsset[];
  /** The account's topic interests (every ranked person's touches together). */
  topics: TopicInterest[];
}

/** Segment fits of the best-suited person that are worth naming. */
const PERSON_FIT_CODES = new Set(['stage_fit', 'persona_fit', 'industry_fit']);

const round = (value: number) => Math.round(value * 1e6) / 1e6;

export function rankAssetsForAccount(input: RankAccountInput): RankAccountResult {
  nowMillis(input.now);
  const people = input.people;
  const topics = topicInterests(
    people.flatMap((person) => person.touches),
    input.now,
  );
  const named = topics.slice(0, TOPIC_REASON_TOP).map((t) => t.topic);
  const byAsset = new Map<string, { asset: Asset; people: AccountPersonFit[]; sentBefore: boolean }>();
  for (const person of people) {
    const result = rankAssets({ prospect: person.prospect, touches: person.touches, assets: input.assets, usage: person.usage, similarOutcomes: input.similarOutcomes, now: input.now });
    for (const ranked of result.ranked) {
      const entry = byAsset.get(ranked.asset.id) ?? byAsset.set(ranked.asset.id, { asset: ranked.asset, people: [], sentBefore: false }).get(ranked.asset.id)!;
      entry.people.push({ prospect: person.prospect, score: ranked.score, reasons: ranked.reasons });
      if (!ranked.reasons.includes('not_sent_before')) entry.sentBefore = true;
    }
    // Sent to this person recently: it was sent to the account, even if another person could get it.
    for (const excluded of result.excluded) {
      if (excluded.code === 'sent_recently') {
        const entry = byAsset.get(excluded.asset.id);
        if (entry) entry.sentBefore = true;
        else byAsset.set(excluded.asset.id, { asset: excluded.asset, people: [], sentBefore: true });
      }
    }
  }

  const ranked: RankedAccountAsset[] = [];
  for (const { asset, people: fits, sentBefore } of byAsset.values()) {
    if (fits.length === 0) continue;
    fits.sort((a, b) => b.score - a.score || compareText(a.prospect.id, b.prospect.id));
    const score = round(fits.reduce((sum, fit) => sum + fit.score, 0) / Math.max(1, people.length));
    const reasons: string[] = [];
    if (people.length > 1) reasons.push(`fits_people:${fits.length}/${people.length}`);
    const assetTopics = new Set((asset.topics ?? []).map(topicKey));
    for (const topic of named) if (assetTopics.has(topic)) reasons.push(`account_topic:${topic}`);
    const best = fits[0]!;
    for (const code of best.reasons) if (PERSON_FIT_CODES.has(code)) reasons.push(`person_fit:${best.prospect.id}:${code}`);
    if (!sentBefore) reasons.push('not_sent_to_account');
    ranked.push({ asset, score, reasons, people: fits });
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      b.people.length - a.people.length ||
      (b.asset.version ?? 0) - (a.asset.version ?? 0) ||
      (a.asset.id < b.asset.id ? -1 : a.asset.id > b.asset.id ? 1 : 0),
  );
  return { ranked, topics };
}
