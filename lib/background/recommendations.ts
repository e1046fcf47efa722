/**
 * What the sidebar's cue-card panels show for one prospect: approved messaging, next best asset
 * with reasons in words, the meeting brief and the avoid-phrase rules. Computed here, in the
 * background, from indexed reads only (status index for messages/assets, the prospect's touch
 * range, the outbox's time index), then handed to the pure engine in lib/recommend.
 * Kept apart from sidebarState so the header and timeline paint before ranking runs.
 */
import type { AssetCue, SidebarRecommendations } from '../contract';
import { recentSendsFor } from '../store/outbox';
import { avoidRulesFromMessages, recommendFor, reasonText, type RankUsage } from '../recommend';
import { SENT_RECENTLY_DAYS } from '../recommend/rank-assets';
import { approvedAssets, approvedMessages } from '../store/content';
import type { CuecardDb } from '../store/db';
import { committeeSummaries, prospectById, touchPage } from '../store/queries';

/** Touches read for ranking: enough for any real prospect's interest, bounded for the budget. */
export const RANKING_TOUCH_LIMIT = 2_000;
/** Ranked assets sent to the sidebar: the top one, four alternates, and spares for "not now". */
export const ASSETS_SENT = 10;
const DAY_MS = 86_400_000;
const COMMITTEE_FOR_BRIEF = 10;

/**
 * This prospect's asset sends of the last SENT_RECENTLY_DAYS (+1 for clock slack), from the
 * recent-sends table: the outbox forgets an event once the hub has it.
 */
export async function recentUsageFor(db: CuecardDb, prospectId: string, now: Date): Promise<RankUsage[]> {
  const since = now.getTime() - (SENT_RECENTLY_DAYS + 1) * DAY_MS;
  const rows = await recentSendsFor(db, prospectId, since);
  return rows.map(({ type, at, assetId }) => ({ type, at: new Date(at).toISOString(), assetId, prospectId }));
}

export async function recommendationsFor(
  db: CuecardDb,
  prospectId: string,
  now: Date,
  options: { repName?: string } = {},
): Promise<SidebarRecommendations | undefined> {
  const started = performance.now();
  const found = await prospectById(db, prospectId);
  if (!found) return undefined;
  const { prospect } = found;
  const [committee, touches, messages, assets, usage] = await Promise.all([
    committeeSummaries(db, found.domain, prospectId, COMMITTEE_FOR_BRIEF),
    touchPage(db, prospectId, RANKING_TOUCH_LIMIT),
    approvedMessages(db),
    approvedAssets(db),
    recentUsageFor(db, prospectId, now),
  ]);
  const result = recommendFor({ context: { prospect, committee, touches }, assets, messages, usage, now });

  const reasonContext = { prospect, topics: result.assets.topics, now };
  const cues: AssetCue[] = result.assets.ranked.slice(0, ASSETS_SENT).map((ranked, index) => ({
    asset: ranked.asset,
    rank: index + 1,
    score: ranked.score,
    reasons: ranked.reasons,
    reasonTexts: ranked.reasons.map((code) => reasonText(code, reasonContext)),
  }));
  const versions: SidebarRecommendations['versions'] = {};
  for (const m of messages) versions[m.id] = { title: m.title, version: m.version, kind: 'message' };
  for (const a of assets) versions[a.id] = { title: a.title, version: a.version, kind: 'asset' };

  return {
    prospectId,
    at: now.toISOString(),
    messages: result.messages.ranked,
    assets: cues,
    versions,
    topTopics: result.topTopics,
    brief: result.brief,
    avoidRules: result.avoidRules,
    ...(options.repName ? { repName: options.repName } : {}),
    tookMs: Math.round((performance.now() - started) * 10) / 10,
    counts: { messages: messages.length, assets: assets.length, touches: touches.length, usage: usage.length },
  };
}

/**
 * Avoid-phrase rules for the content script: phrases and rule (message) ids only. The
 * alternative's title stays here; the sidebar names it from its own copy of the messages.
 */
export async function composeRules(db: CuecardDb, now: Date): Promise<{ id: string; phrases: string[] }[]> {
  const approved = await approvedMessages(db);
  return avoidRulesFromMessages(approved, now).map((rule) => ({ id: rule.id, phrases: [...rule.phrases] }));
}
