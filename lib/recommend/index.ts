/**
 * Next best asset, messaging, meeting brief and avoid-phrase rules for one prospect, from data the
 * background has already loaded. Pure: no storage, no clock (pass `now`), no browser APIs.
 */
import type { Asset, Message } from '../contract/data';
import type { AvoidPhraseRule, Brief, ProspectSummary, TopicInterest, TouchView } from '../contract';
import { avoidRulesFromMessages } from './avoid-phrases';
import { buildBrief } from './brief';
import { ALTERNATE_COUNT, rankAssets, type RankAssetsResult, type RankUsage } from './rank-assets';
import { rankMessages, type RankMessagesResult } from './rank-messages';
import { topTopics } from './topics';

export * from './avoid-phrases';
export * from './brief';
export * from './fill-template';
export * from './labels';
export * from './rank-account';
export * from './rank-assets';
export * from './rank-messages';
export * from './topics';
export * from './utm';
export { segmentFit } from './segment';

export const TOP_TOPIC_COUNT = 3;

export interface RecommendInput {
  context: {
    prospect: ProspectSummary;
    committee: readonly ProspectSummary[];
    /** Newest first, as prospectContext() returns them; `assetId` is needed for already_consumed. */
    touches: readonly (TouchView & { assetId?: string })[];
  };
  assets: readonly Asset[];
  messages: readonly Message[];
  /** This rep's usage events for this prospect. */
  usage: readonly RankUsage[];
  similarOutcomes?: ReadonlyMap<string, number>;
  now: Date;
}

export interface Recommendation {
  assets: RankAssetsResult;
  topAsset?: RankAssetsResult['ranked'][number];
  alternates: RankAssetsResult['ranked'];
  messages: RankMessagesResult;
  topTopics: TopicInterest[];
  /** For the content script's avoid-phrase matcher (compileAvoidPhrases), best-fitting messages first. */
  avoidRules: AvoidPhraseRule[];
  brief: Brief;
}

export function recommendFor(input: RecommendInput): Recommendation {
  const { context, now } = input;
  const assets = rankAssets({
    prospect: context.prospect,
    touches: context.touches,
    assets: input.assets,
    usage: input.usage,
    similarOutcomes: input.similarOutcomes,
    now,
  });
  const messages = rankMessages({ prospect: context.prospect, messages: input.messages, now });
  const topAsset = assets.ranked[0];
  const alternates = assets.ranked.slice(1, 1 + ALTERNATE_COUNT);
  const top = topTopics(context.touches, now, TOP_TOPIC_COUNT);
  const avoidRules = avoidRulesFromMessages(
    messages.ranked.map((r) => r.message),
    now,
  );
  const brief = buildBrief({ context, topAsset, alternates, messages: messages.ranked, topTopics: top, now });
  return { assets, topAsset, alternates, messages, topTopics: top, avoidRules, brief };
}
