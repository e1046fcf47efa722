/**
 * Next best asset: which approved asset the rep should send this prospect now, and why.
 * Pure and deterministic: the same input (including `now`) always gives the same ranking.
 * Scoring is explained in plain words in ./README.md; keep the two in step.
 */
import type { Asset } from '../contract/data';
import type { UsageEvent } from '../contract/usage';
import type { Dimension, ProspectSummary, TopicInterest, TouchView } from '../contract';
import { DAY_MS, validityBound, validityProblem } from '../contract/validity';
import { REASON_TEXT } from './labels';
import { compareText, nowMillis, segmentFit } from './segment';
import { topicInterests, topicKey, touchTime } from './topics';

export const ASSET_WEIGHTS = {
  stage: 3,
  persona: 2,
  industry: 2,
  /** Times the share (0..1) of the prospect's recent attention that falls on the asset's topics. */
  topic: 4,
  /** Times the 0..1 outcome with similar prospects. */
  similar: 3,
  /** Times freshness: 1 current, 0.5 expiring soon, 0 replaced by a newer asset. */
  fresh: 1,
  notSentBefore: 0.5,
} as const;

/** Runner-up assets the sidebar and the brief show under the top one. */
export const ALTERNATE_COUNT = 4;
export const SENT_RECENTLY_DAYS = 14;
export const EXPIRING_SOON_DAYS = 14;
/** Below this, "worked with similar prospects" is too weak to say out loud (it still scores). */
export const SIMILAR_REASON_MIN = 0.5;
/** A topic is named as a reason only when it is one of the prospect's top topics. */
export const TOPIC_REASON_TOP = 3;
/** UsageEvent.reasons entries are capped at 100 characters by the contract. */
const TOPIC_IN_CODE_MAX = 80;

export type ReasonCode =
  | 'stage_fit'
  | 'persona_fit'
  | 'industry_fit'
  | `topic_affinity:${string}`
  | 'effective_with_similar'
  | 'fresh'
  | 'not_sent_before';

export type AssetExclusionCode =
  | 'not_approved'
  | 'expired'
  | 'not_yet_valid'
  | 'segment_mismatch'
  | 'already_consumed'
  | 'sent_recently';

export interface ScoreBreakdown {
  stage: number;
  persona: number;
  industry: number;
  topic: number;
  similar: number;
  fresh: number;
  notSentBefore: number;
}

export interface RankedAsset {
  asset: Asset;
  score: number;
  /** Strongest first, so the UI can show the first few. */
  reasons: ReasonCode[];
  breakdown: ScoreBreakdown;
}

export interface ExcludedAsset {
  asset: Asset;
  code: AssetExclusionCode;
  /** segment_mismatch: the dimensions that did not fit ("persona,stage"); sent_recently/already_consumed: when. */
  detail?: string;
}

/** A touch as ranking reads it. TouchView fits; `assetId` is needed for already_consumed. */
export type RankTouch = Pick<TouchView, 'type' | 'occurredAt' | 'topics' | 'automated'> &
  Partial<Pick<TouchView, 'at'>> & { assetId?: string };

export type RankUsage = Pick<UsageEvent, 'type' | 'at' | 'assetId' | 'prospectId'>;

export interface RankAssetsInput {
  prospect: ProspectSummary;
  touches: readonly RankTouch[];
  assets: readonly Asset[];
  /** This rep's usage events for this prospect; events for other prospects are ignored. */
  usage: readonly RankUsage[];
  /** assetId → 0..1, how well the asset did with similar prospects. */
  similarOutcomes?: ReadonlyMap<string, number>;
  now: Date;
}

export interface RankAssetsResult {
  ranked: RankedAsset[];
  /** In asset id order. */
  excluded: ExcludedAsset[];
  /** The topic interests the ranking used; handy for reasonText and the brief. */
  topics: TopicInterest[];
}

/** Opening an email that featured an asset is not reading the asset; every other touch is. */
const CONSUMING_TOUCH = (touch: RankTouch) => touch.type !== 'email_open';
// A detected send (asset_sent) usually follows an insert already counted; it also covers an insert
// whose event was lost (recorded before consent).
const SENDING_EVENT = new Set<string>(['asset_copied', 'asset_inserted', 'asset_sent']);

function clamp01(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/** Six decimals: enough to rank, few enough that float noise never decides a tie. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function freshness(asset: Pick<Asset, 'replacedBy' | 'validUntil'>, nowMs: number): number {
  if (asset.replacedBy) return 0;
  if (asset.validUntil !== undefined && validityBound(asset.validUntil, 'end') - nowMs <= EXPIRING_SOON_DAYS * DAY_MS) {
    return 0.5;
  }
  return 1;
}

const FIT_REASON: Record<Dimension, ReasonCode> = { stage: 'stage_fit', persona: 'persona_fit', industry: 'industry_fit' };
const FIT_WEIGHT: Record<Dimension, number> = {
  stage: ASSET_WEIGHTS.stage,
  persona: ASSET_WEIGHTS.persona,
  industry: ASSET_WEIGHTS.industry,
};
/** Fixed order for reasons of equal weight, so the reason list is deterministic too. */
const REASON_ORDER = ['stage_fit', 'persona_fit', 'industry_fit', 'topic_affinity', 'effective_with_similar', 'fresh', 'not_sent_before'];
const reasonRank = (code: string) => REASON_ORDER.indexOf(code.startsWith('topic_affinity:') ? 'topic_affinity' : code);

export function compareRanked(a: RankedAsset, b: RankedAsset): number {
  if (a.score !== b.score) return b.score - a.score;
  const va = a.asset.version ?? 0;
  const vb = b.asset.version ?? 0;
  if (va !== vb) return vb - va;
  return a.asset.id < b.asset.id ? -1 : a.asset.id > b.asset.id ? 1 : 0;
}

export function rankAssets(input: RankAssetsInput): RankAssetsResult {
  const nowMs = nowMillis(input.now);
  const { prospect } = input;

  const consumedAt = new Map<string, number>();
  for (const touch of input.touches) {
    // A link scanner "clicking" the asset is not the prospect reading it.
    if (!touch.assetId || touch.automated || !CONSUMING_TOUCH(touch)) continue;
    const at = touchTime(touch);
    consumedAt.set(touch.assetId, Math.max(consumedAt.get(touch.assetId) ?? -Infinity, at));
  }

  const lastSentAt = new Map<string, number>();
  for (const event of input.usage) {
    if (!event.assetId || !SENDING_EVENT.has(event.type)) continue;
    if (event.prospectId !== undefined && event.prospectId !== prospect.id) continue;
    const at = Date.parse(event.at);
    if (Number.isNaN(at)) continue;
    lastSentAt.set(event.assetId, Math.max(lastSentAt.get(event.assetId) ?? -Infinity, at));
  }

  const topics = topicInterests(input.touches, input.now);
  const shareOf = new Map(topics.map((t) => [t.topic, t.share]));
  const namedTopics = new Set(topics.slice(0, TOPIC_REASON_TOP).map((t) => t.topic));

  const ranked: RankedAsset[] = [];
  const excluded: ExcludedAsset[] = [];
  for (const asset of input.assets) {
    const problem = validityProblem(asset, nowMs);
    if (problem) {
      excluded.push({ asset, code: problem });
      continue;
    }
    const fit = segmentFit(asset, prospect);
    if (fit.mismatches.length > 0) {
      excluded.push({ asset, code: 'segment_mismatch', detail: fit.mismatches.join(',') });
      continue;
    }
    const consumed = consumedAt.get(asset.id);
    if (consumed !== undefined) {
      excluded.push({ asset, code: 'already_consumed', detail: Number.isNaN(consumed) ? undefined : new Date(consumed).toISOString() });
      continue;
    }
    const sent = lastSentAt.get(asset.id);
    // Inclusive: an asset sent exactly 14 days ago still counts as sent recently.
    if (sent !== undefined && nowMs - sent <= SENT_RECENTLY_DAYS * DAY_MS) {
      excluded.push({ asset, code: 'sent_recently', detail: new Date(sent).toISOString() });
      continue;
    }

    const weighted: { code: ReasonCode; value: number; said: boolean }[] = [];
    const breakdown: ScoreBreakdown = { stage: 0, persona: 0, industry: 0, topic: 0, similar: 0, fresh: 0, notSentBefore: 0 };
    for (const dimension of fit.fits) {
      breakdown[dimension] = FIT_WEIGHT[dimension];
      weighted.push({ code: FIT_REASON[dimension], value: FIT_WEIGHT[dimension], said: true });
    }

    const assetTopics = [...new Set((asset.topics ?? []).map(topicKey).filter(Boolean))];
    for (const topic of assetTopics) {
      const share = shareOf.get(topic) ?? 0;
      if (share <= 0) continue;
      const value = ASSET_WEIGHTS.topic * share;
      breakdown.topic += value;
      const code: ReasonCode = `topic_affinity:${topic.slice(0, TOPIC_IN_CODE_MAX)}`;
      weighted.push({ code, value, said: namedTopics.has(topic) });
    }

    const similar = clamp01(input.similarOutcomes?.get(asset.id));
    breakdown.similar = ASSET_WEIGHTS.similar * similar;
    weighted.push({ code: 'effective_with_similar', value: breakdown.similar, said: similar >= SIMILAR_REASON_MIN });

    const fresh = freshness(asset, nowMs);
    breakdown.fresh = ASSET_WEIGHTS.fresh * fresh;
    weighted.push({ code: 'fresh', value: breakdown.fresh, said: fresh === 1 });

    if (sent === undefined) {
      breakdown.notSentBefore = ASSET_WEIGHTS.notSentBefore;
      weighted.push({ code: 'not_sent_before', value: breakdown.notSentBefore, said: true });
    }

    for (const key of Object.keys(breakdown) as (keyof ScoreBreakdown)[]) breakdown[key] = round(breakdown[key]);
    const score = round(Object.values(breakdown).reduce((sum, value) => sum + value, 0));
    const reasons = weighted
      .filter((w) => w.said && w.value > 0)
      .sort((a, b) => round(b.value) - round(a.value) || reasonRank(a.code) - reasonRank(b.code) || compareText(a.code, b.code))
      .map((w) => w.code);
    ranked.push({ asset, score, reasons, breakdown });
  }

  ranked.sort(compareRanked);
  excluded.sort((a, b) => (a.asset.id < b.asset.id ? -1 : a.asset.id > b.asset.id ? 1 : 0));
  return { ranked, excluded, topics };
}

export interface ReasonContext {
  prospect?: Pick<ProspectSummary, 'stage' | 'persona' | 'industry'>;
  /** Topic interests (rankAssets returns them) to say "read 3 pieces on pricing". */
  topics?: readonly TopicInterest[];
  now?: Date;
  /** An account's people, to name the one a `person_fit:<id>:<code>` reason is about (rank-account.ts). */
  people?: readonly ProspectSummary[];
}

const RECENT_MS = 30 * DAY_MS;

/** A reason code in plain English for the rep. Unknown codes come back as a neutral sentence. */
export function reasonText(code: ReasonCode | string, context: ReasonContext = {}): string {
  const { prospect } = context;
  switch (code) {
    case 'stage_fit':
      return REASON_TEXT.stageFit(prospect?.stage);
    case 'persona_fit':
      return REASON_TEXT.personaFit(prospect?.persona);
    case 'industry_fit':
      return REASON_TEXT.industryFit(prospect?.industry);
    case 'effective_with_similar':
      return REASON_TEXT.effectiveWithSimilar;
    case 'fresh':
      return REASON_TEXT.fresh;
    case 'not_sent_before':
      return REASON_TEXT.notSentBefore;
    case 'not_sent_to_account':
      return REASON_TEXT.notSentToAccount;
  }
  const fitsPeople = /^fits_people:(\d+)\/(\d+)$/.exec(code);
  if (fitsPeople) return REASON_TEXT.fitsPeople(Number(fitsPeople[1]), Number(fitsPeople[2]));
  if (code.startsWith('account_topic:')) {
    const topic = code.slice('account_topic:'.length);
    const interest = context.topics?.find((t) => t.topic === topic);
    if (!interest || interest.touches === 0) return REASON_TEXT.topicInterest(topic);
    const recent = context.now !== undefined && context.now.getTime() - interest.lastAt <= RECENT_MS;
    return REASON_TEXT.accountTopicCount(interest.touches, topic, recent);
  }
  if (code.startsWith('person_fit:')) {
    const rest = code.slice('person_fit:'.length);
    const split = rest.lastIndexOf(':');
    const person = context.people?.find((p) => p.id === rest.slice(0, split));
    const inner = reasonText(rest.slice(split + 1), { ...context, prospect: person ?? context.prospect });
    return person ? REASON_TEXT.forPerson(person.name || person.email, inner) : inner;
  }
  if (code.startsWith('topic_affinity:')) {
    const topic = code.slice('topic_affinity:'.length);
    const interest = context.topics?.find((t) => t.topic === topic);
    if (!interest || interest.touches === 0) return REASON_TEXT.topicInterest(topic);
    const recent = context.now !== undefined && context.now.getTime() - interest.lastAt <= RECENT_MS;
    return REASON_TEXT.topicCount(interest.touches, topic, recent);
  }
  return 'Recommended for this prospect';
}
