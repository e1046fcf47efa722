/**
 * Demo touches: the showcase histories, then a heavy-tailed history for the generated prospects
 * (a few with hundreds of touches, many with a handful or none), drawn from campaigns that fit each
 * prospect's persona and industry, inside each campaign's dates. Each prospect's rows get ids newest first.
 */
import type { Prospect, Touch, TouchType } from '../contract/data';
import type { DemoAssets } from './assets';
import { DAY, iso, longText, padId } from './format';
import { weightedTable, type Random } from './random';
import { showcaseTouches, type DemoFlags } from './showcase';
import {
  CAMPAIGNS,
  CHANNEL_TYPES,
  DEMO_SITE,
  PAGES,
  PERSONA_TOPICS,
  TOPIC_SUBJECTS,
  type Campaign,
  type DemoIndustry,
  type DemoPersona,
  type Page,
} from './vocabulary';

const HISTORY_DAYS = 548; // ~18 months

export interface TouchPlan {
  /** Touches in all, showcase included (the showcase's are kept even when the budget is smaller). */
  touchBudget: number;
  /** The generated prospects, who share what the budget leaves after the showcase. */
  generatedProspects: Prospect[];
  assets: DemoAssets;
}

export function generateTouches(rng: Random, plan: TouchPlan, nowMs: number, flags: DemoFlags): Touch[] {
  const { generatedProspects } = plan;
  const touches: Touch[] = flags.showcase ? showcaseTouches() : [];
  let remaining = Math.max(0, plan.touchBudget - touches.length);
  const campaignTable = new Map<string, (r: number) => Campaign>();
  const campaignFor = (persona: DemoPersona, industry: DemoIndustry): ((r: number) => Campaign) => {
    const key = `${persona}|${industry}`;
    let table = campaignTable.get(key);
    if (!table) {
      const weights = CAMPAIGNS.map((cp) => {
        let w = cp.weight;
        if (cp.topics.some((t) => PERSONA_TOPICS[persona].includes(t))) w *= 3;
        if (cp.industries.length > 0) w *= cp.industries.includes(industry) ? 4 : 0.15;
        return w;
      });
      table = weightedTable(CAMPAIGNS, weights);
      campaignTable.set(key, table);
    }
    return table;
  };
  const typeTables = new Map<Campaign['channel'], (r: number) => TouchType>();
  for (const [channel, [types, weights]] of Object.entries(CHANNEL_TYPES) as [Campaign['channel'], [TouchType[], number[]]][]) {
    typeTables.set(channel, weightedTable(types, weights));
  }
  const pagesByCampaign = new Map<string, Page[]>();
  for (const cp of CAMPAIGNS) {
    const matching = PAGES.filter((pg) => pg.topics.some((t) => cp.topics.includes(t)));
    pagesByCampaign.set(cp.name, matching.length > 0 ? matching : PAGES);
  }
  const earliest = nowMs - HISTORY_DAYS * DAY;

  let touchSeq = 0;
  const nextTouchId = () => padId('t-', ++touchSeq, 7);
  if (flags.hostile && generatedProspects.length > 0) {
    const p = generatedProspects[0] as Prospect;
    touches.push({
      id: nextTouchId(),
      prospectId: p.id,
      type: 'page_view',
      occurredAt: iso(nowMs - 3 * DAY - 3_600_000),
      title: longText('Visited: Blog — An extremely long article title about freight analytics, lanes, carriers and costs, ', 498),
      campaign: 'Website',
      url: `${DEMO_SITE}/blog/long-read?utm_source=${'x'.repeat(200)}`,
      topics: ['analytics'],
    });
    remaining = Math.max(0, remaining - 1);
  }
  if (generatedProspects.length === 0 || remaining === 0) return touches;

  const counts = touchCounts(rng, generatedProspects, remaining);
  for (let pi = 0; pi < generatedProspects.length; pi++) {
    const n = counts[pi] as number;
    if (n === 0) continue;
    const p = generatedProspects[pi] as Prospect;
    const chooseCampaign = campaignFor(p.persona as DemoPersona, p.industry as DemoIndustry);
    const rows: Touch[] = new Array(n);
    for (let k = 0; k < n; k++) {
      const cp = chooseCampaign(rng.next());
      const type = typeTables.get(cp.channel)!(rng.next());
      const from = Math.max(earliest, nowMs - cp.startDaysAgo * DAY);
      const to = Math.min(nowMs - 60_000, nowMs - cp.endDaysAgo * DAY);
      const at = Math.floor((from + rng.next() * Math.max(0, to - from)) / 1000) * 1000;
      const t: Touch = { id: '', prospectId: p.id, type, occurredAt: iso(at), title: '', campaign: cp.name, topics: cp.topics };
      describeTouch(rng, t, cp, pagesByCampaign.get(cp.name)!, plan.assets);
      t.topics = (t.topics as string[]).slice();
      rows[k] = t;
    }
    rows.sort((a, b) => (a.occurredAt < b.occurredAt ? 1 : a.occurredAt > b.occurredAt ? -1 : 0));
    for (const t of rows) {
      t.id = nextTouchId();
      touches.push(t);
    }
  }
  return touches;
}

/** How many of `remaining` touches each prospect gets: heavy-tailed, busier further down the funnel, some none. */
function touchCounts(rng: Random, prospects: readonly Prospect[], remaining: number): number[] {
  const stageBoost: Record<string, number> = { subscriber: 0.5, lead: 0.8, mql: 1.2, sql: 1.6, opportunity: 2, customer: 1.4 };
  // The cap keeps one prospect from owning a large share of a small workspace.
  const cap = Math.min(150, Math.max(10, prospects.length / 10));
  const weights = prospects.map((p) => rng.pareto(1.16, cap) * (stageBoost[p.stage ?? ''] ?? 1) * (rng.chance(0.12) ? 0 : 1));
  let total = 0;
  for (const w of weights) total += w;
  if (total === 0) {
    weights.fill(1);
    total = weights.length;
  }
  const counts = weights.map((w) => Math.floor((remaining * w) / total));
  let assigned = 0;
  for (const n of counts) assigned += n;
  const pickIndex = weightedTable(weights.map((_, i) => i), weights);
  for (; assigned < remaining; assigned++) {
    const i = pickIndex(rng.next());
    counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

/** Title, link, asset and topics of one touch, as the campaign's channel and the touch type would word them. */
function describeTouch(rng: Random, t: Touch, cp: Campaign, pages: readonly Page[], assets: DemoAssets): void {
  const subject = (): string =>
    cp.channel === 'webinar' || cp.channel === 'event'
      ? `${rng.pick(['Reminder', "You're registered", 'Last chance', 'Recording available'])} — ${cp.headline}`
      : rng.chance(0.3)
        ? cp.headline
        : rng.pick(TOPIC_SUBJECTS[rng.pick(cp.topics)]);
  switch (t.type) {
    case 'email_open':
      t.title = `Opened: ${subject()}`;
      if (rng.chance(0.05)) t.automated = true;
      break;
    case 'email_click':
      t.title = `Clicked: ${subject()}`;
      t.url = `${DEMO_SITE}/${rng.pick(pages).path.slice(1)}?utm_source=email&utm_campaign=${cp.slug}`;
      break;
    case 'webinar': {
      const list = assets.byCampaign.get(cp.name)!.webinars;
      const a = list.length > 0 ? rng.pick(list) : assets.allWebinars.length > 0 ? rng.pick(assets.allWebinars) : undefined;
      t.title = rng.chance(0.8) ? `Attended: ${cp.headline}` : `Watched on demand: ${cp.headline}`;
      if (a) {
        t.assetId = a.id;
        t.topics = a.topics!;
      }
      break;
    }
    case 'download': {
      const list = assets.byCampaign.get(cp.name)!.downloads;
      const a = list.length > 0 ? rng.pick(list) : assets.allDownloads.length > 0 ? rng.pick(assets.allDownloads) : undefined;
      if (a) {
        t.title = `Downloaded: ${a.title.slice(0, 450)}`;
        t.assetId = a.id;
        t.topics = a.topics!;
      } else t.title = `Downloaded: ${cp.headline}`;
      break;
    }
    case 'page_view': {
      const page = rng.pick(pages);
      t.title = `Visited: ${page.title}`;
      t.url = `${DEMO_SITE}${page.path}`;
      t.topics = page.topics;
      break;
    }
    case 'ad_click':
      t.title = `Clicked ad: ${cp.headline}`;
      t.url = `${DEMO_SITE}/lp/${cp.slug}?utm_source=${rng.pick(['linkedin', 'google', 'bing', 'meta'])}&utm_campaign=${cp.slug}`;
      break;
    case 'event':
      t.title = `${rng.pick(['Visited booth', 'Attended', 'Badge scanned'])}: ${cp.headline}`;
      break;
    case 'form_submit':
      t.title = `Submitted form: ${cp.channel === 'webinar' || cp.channel === 'event' ? `Register — ${cp.headline}` : rng.pick(['Request a demo', 'Contact sales', 'Newsletter signup', 'Download gated content'])}`;
      t.url = `${DEMO_SITE}/${rng.pick(['demo', 'contact', 'subscribe', 'resources'])}`;
      break;
  }
}
