/**
 * The account at a glance (`sidebar:account`): an account/company page's last 90 days across its
 * people: touches by week, the most engaged people, top topics, the campaigns that reached them,
 * and the next best asset for the account, ranked over its most engaged people (lib/recommend
 * rankAssetsForAccount). Asked after the company view has painted, so the people list never waits
 * for it. Reads: the company's people by index (as the company view), one touch-index range per
 * person bounded to the window, one recent-sends range per ranked person, approved assets by status.
 */
import type { AccountCampaign, AccountEngagement, EngagedPerson, EngagementWeek, ProspectRef, TouchView } from '../contract';
import { DAY_MS } from '../contract/validity';
import { rankAssetsForAccount, reasonText, topTopics, type AccountPersonInput } from '../recommend';
import { approvedAssets } from '../store/content';
import type { CuecardDb } from '../store/db';
import { companyContext, touchesSince } from '../store/queries';
import { recentUsageFor } from './recommendations';

export const ACCOUNT_WINDOW_DAYS = 90;
/** Touches read per person: far more than anyone's 90 days, bounded for the budget. */
const TOUCHES_PER_PERSON = 1_000;
/** The asset is ranked over this many of the most engaged people. */
export const ACCOUNT_PEOPLE_RANKED = 10;
const ENGAGED_SHOWN = 5;
const CAMPAIGNS_SHOWN = 6;
const TOPICS_SHOWN = 5;
const ASSETS_SHOWN = 3;
const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the week holding `ms` (the dashboard's weeks start the same way). */
function weekStart(ms: number): number {
  const day = new Date(ms);
  day.setUTCHours(0, 0, 0, 0);
  return day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS;
}

export async function accountEngagementFor(db: CuecardDb, ref: ProspectRef, now: Date): Promise<AccountEngagement | undefined> {
  const started = performance.now();
  const company = await companyContext(db, ref);
  if (!company) return undefined;
  const nowMs = now.getTime();
  const since = nowMs - ACCOUNT_WINDOW_DAYS * DAY_MS;
  const touchesOf = await Promise.all(company.people.map((person) => touchesSince(db, person.id, since, TOUCHES_PER_PERSON)));
  const inWindow = (touch: TouchView) => touch.at <= nowMs;
  const deliberate = (touch: TouchView) => !touch.automated && inWindow(touch);

  const weeks: EngagementWeek[] = [];
  const firstWeek = weekStart(since);
  const index = new Map<number, EngagementWeek>();
  for (let at = firstWeek; at <= nowMs; at += WEEK_MS) {
    const week = { start: new Date(at).toISOString().slice(0, 10), touches: 0 };
    weeks.push(week);
    index.set(at, week);
  }
  const engaged: EngagedPerson[] = [];
  const campaigns = new Map<string, AccountCampaign & { ids: Set<string> }>();
  let total = 0;
  company.people.forEach((person, i) => {
    const touches = touchesOf[i]!;
    let count = 0;
    let lastAt = -Infinity;
    for (const touch of touches) {
      if (!inWindow(touch)) continue;
      // Marketing ran the campaign whether a person or a privacy proxy opened it: every touch counts here.
      if (touch.campaign) {
        const entry = campaigns.get(touch.campaign) ?? campaigns.set(touch.campaign, { name: touch.campaign, touches: 0, people: 0, lastAt: -Infinity, ids: new Set() }).get(touch.campaign)!;
        entry.touches += 1;
        entry.ids.add(person.id);
        entry.lastAt = Math.max(entry.lastAt, touch.at);
      }
      if (touch.automated) continue;
      count += 1;
      lastAt = Math.max(lastAt, touch.at);
      const week = index.get(weekStart(touch.at));
      if (week) week.touches += 1;
    }
    total += count;
    if (count > 0) engaged.push({ person, touches: count, lastAt });
  });
  engaged.sort((a, b) => b.touches - a.touches || b.lastAt - a.lastAt || (a.person.id < b.person.id ? -1 : 1));

  const allTouches = touchesOf.flat().filter(deliberate);
  const ranked = await rankForAccount(db, engaged, company.people, touchesOf, now);
  const topics = topTopics(allTouches, now, TOPICS_SHOWN);

  return {
    from: new Date(since).toISOString(),
    to: now.toISOString(),
    days: ACCOUNT_WINDOW_DAYS,
    people: company.people.length,
    touches: total,
    weeks,
    engaged: engaged.slice(0, ENGAGED_SHOWN),
    topTopics: topics,
    campaigns: [...campaigns.values()]
      .map(({ ids, ...campaign }) => ({ ...campaign, people: ids.size }))
      .sort((a, b) => b.touches - a.touches || b.lastAt - a.lastAt || (a.name < b.name ? -1 : 1))
      .slice(0, CAMPAIGNS_SHOWN),
    assets: ranked,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

/**
 * Ranked over the most engaged people (those with touches in the window); an account nobody
 * engaged with yet is ranked over its first people, so the rep still gets a sensible opener.
 */
async function rankForAccount(
  db: CuecardDb,
  engaged: EngagedPerson[],
  people: AccountEngagement['engaged'][number]['person'][],
  touchesOf: TouchView[][],
  now: Date,
): Promise<AccountEngagement['assets']> {
  const chosen = (engaged.length > 0 ? engaged.map((e) => e.person) : people).slice(0, ACCOUNT_PEOPLE_RANKED);
  if (chosen.length === 0) return [];
  const touchesById = new Map(people.map((person, i) => [person.id, touchesOf[i]!]));
  const [assets, usage] = await Promise.all([approvedAssets(db), Promise.all(chosen.map((person) => recentUsageFor(db, person.id, now)))]);
  const inputs: AccountPersonInput[] = chosen.map((prospect, i) => ({ prospect, touches: touchesById.get(prospect.id) ?? [], usage: usage[i]! }));
  const result = rankAssetsForAccount({ people: inputs, assets, now });
  return result.ranked.slice(0, ASSETS_SHOWN).map((item) => ({
    asset: item.asset,
    score: item.score,
    reasons: item.reasons,
    reasonTexts: item.reasons.map((code) => reasonText(code, { topics: result.topics, now, people: chosen })),
    people: item.people.map((fit) => fit.prospect),
  }));
}
