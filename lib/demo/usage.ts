/**
 * Demo usage: what a team of reps did with marketing's content over the last weeks, so the
 * dashboard has something true-to-life to show. Deterministic for a seed. Approved content only,
 * skewed (a few messages do most of the work) and leaving some approved items unused on purpose:
 * the "nobody uses this" list is the point of the dashboard.
 */
import { type Bundle, contentRequestText, type Surface, type UsageEvent } from '../contract';
import { createRandom } from './random';

export interface DemoUsageOptions {
  reps: number;
  seed: number;
  /** ISO time the demo pretends it is. */
  now: string;
  weeks?: number;
  eventsPerRep?: number;
}

const SURFACE_WEIGHTS: [Surface, number][] = [
  ['salesforce', 5],
  ['gmail', 4],
  ['outlook', 2],
  ['hubspot', 2],
  ['pipedrive', 1],
  ['dynamics', 1],
];

const CONTENT_REQUESTS = [
  'A case study for a mid-size logistics company in the Nordics',
  'One-pager on SOC 2 and data residency for procurement',
  'ROI calculator for finance teams comparing us to spreadsheets',
  'Short email for a champion who went quiet after the demo',
  'Security questionnaire answers for healthcare buyers',
  'Integration overview for SAP shops',
];

/** Events per rep index (0-based); ids are uuid-shaped and stable for a seed. */
export function generateDemoUsage(bundle: Bundle, options: DemoUsageOptions): UsageEvent[][] {
  const random = createRandom(options.seed);
  const now = Date.parse(options.now);
  const weeks = options.weeks ?? 8;
  const perRep = options.eventsPerRep ?? 60;
  const messages = (bundle.messages ?? []).filter((m) => m.status === 'approved');
  const assets = (bundle.assets ?? []).filter((a) => a.status === 'approved');
  // Leave the last quarter of each list unused: marketing should see dead weight.
  const usedMessages = messages.slice(0, Math.max(1, Math.ceil(messages.length * 0.75)));
  const usedAssets = assets.slice(0, Math.max(1, Math.ceil(assets.length * 0.75)));
  const prospects = bundle.prospects ?? [];
  let counter = 0;
  const uuid = () => {
    counter += 1;
    const hex = (random.int(0, 0xffffffff) >>> 0).toString(16).padStart(8, '0');
    const tail = counter.toString(16).padStart(12, '0');
    return `${hex}-${(options.seed & 0xffff).toString(16).padStart(4, '0')}-4000-8000-${tail}`;
  };
  const pickSkewed = <T>(list: readonly T[]): T => list[Math.min(list.length - 1, Math.floor(list.length * random.next() ** 2))]!;
  const surfaces = SURFACE_WEIGHTS.flatMap(([surface, weight]) => Array<Surface>(weight).fill(surface));

  const teams = Array.from({ length: options.reps }, () => {
    const events: UsageEvent[] = [];
    for (let i = 0; i < perRep; i++) {
      const at = new Date(now - random.int(0, weeks * 7 * 86_400_000)).toISOString();
      const surface = random.pick(surfaces);
      const prospectId = prospects.length > 0 ? random.pick(prospects).id : undefined;
      const roll = random.next();
      if (roll < 0.55 && usedMessages.length > 0) {
        const message = pickSkewed(usedMessages);
        events.push({
          id: uuid(),
          type: random.chance(0.6) ? 'message_inserted' : 'message_copied',
          at,
          surface,
          prospectId,
          messageId: message.id,
          messageVersion: message.version,
        });
      } else if (roll < 0.92 && usedAssets.length > 0) {
        const asset = pickSkewed(usedAssets);
        const type = random.pick(['asset_inserted', 'asset_copied', 'asset_opened', 'recommendation_dismissed'] as const);
        events.push({ id: uuid(), type, at, surface, prospectId, assetId: asset.id, rank: random.int(0, 4) });
      } else if (roll < 0.96) {
        events.push({ id: uuid(), type: 'brief_copied', at, surface, prospectId });
      } else {
        // No prospect identity in a content request, by contract: only the segment, as the sidebar sends it.
        const prospect = prospects.length > 0 ? random.pick(prospects) : undefined;
        const request = contentRequestText(random.pick(CONTENT_REQUESTS), { persona: prospect?.persona, industry: prospect?.industry, stage: prospect?.stage });
        events.push({ id: uuid(), type: 'content_request', at, surface, request });
      }
    }
    return events;
  });
  addSends(teams, options, now);
  return teams;
}

/**
 * Most drafts holding an insert in Gmail or Outlook get sent (message_sent / asset_sent), some
 * as approved, some edited, some mostly rewritten — and a few messages more often rewritten than
 * others, which is what the dashboard's "median kept" is for. A stream of its own, after the
 * other events, so adding sends changed none of them.
 */
function addSends(teams: UsageEvent[][], options: DemoUsageOptions, now: number): void {
  const random = createRandom(options.seed ^ 0x5e4d);
  let counter = 0;
  const uuid = () => {
    counter += 1;
    const hex = (random.int(0, 0xffffffff) >>> 0).toString(16).padStart(8, '0');
    return `${hex}-${(options.seed & 0xffff).toString(16).padStart(4, '0')}-4000-9000-${counter.toString(16).padStart(12, '0')}`;
  };
  // Stable per item: how often reps rewrite it.
  const rewriteRate = (id: string) => ([...id].reduce((sum, char) => sum + char.charCodeAt(0), 0) % 5) / 8;
  for (const events of teams) {
    const inserts = events.filter((e) => (e.type === 'message_inserted' || e.type === 'asset_inserted') && (e.surface === 'gmail' || e.surface === 'outlook'));
    for (const inserted of inserts) {
      if (!random.chance(0.8)) continue;
      const item = inserted.messageId ?? inserted.assetId ?? '';
      const roll = random.next();
      const retained = roll < rewriteRate(item) ? random.int(5, 60) / 100 : roll < 0.75 ? 1 : random.int(80, 99) / 100;
      const at = new Date(Math.min(now, Date.parse(inserted.at) + random.int(2, 40) * 60_000)).toISOString();
      const sent: UsageEvent = { ...inserted, id: uuid(), at, type: inserted.type === 'message_inserted' ? 'message_sent' : 'asset_sent', retained, scheduled: random.chance(0.1) };
      delete sent.reasons;
      events.push(sent);
    }
  }
}
