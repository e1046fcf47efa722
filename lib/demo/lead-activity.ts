/**
 * Demo lead follow-up: what the team did with the leads marketing handed them, so the leads report
 * has a true-to-life story from the start. Deterministic for a seed. Per lead owned by a team rep:
 * most are opened (the first follow-up) within hours, some after days, some never (the report's
 * point); about half of those opened get the rep's feedback, mostly "good fit", then the usual
 * reasons. The demo rep's own leads are left alone: `npm run demo` shows them waiting.
 */
import { LEAD_REASONS, type LeadReason, type Prospect, type UsageEvent } from '../contract';
import { normalizeEmail } from '../match/keys';
import { createRandom } from './random';
import type { DemoRep } from './vocabulary';

const HOUR = 3_600_000;
/** Shares of handed-over leads: opened the same day, within three days, later, never. */
const FOLLOW_UP = { sameDay: 0.45, withinThreeDays: 0.2, later: 0.15 } as const;
const FEEDBACK_SHARE = 0.55;
/** How often reps give each reason (same order as LEAD_REASONS): good fits lead, bad timing next. */
const REASON_WEIGHTS: Record<LeadReason, number> = {
  good_fit: 34,
  not_decision_maker: 12,
  no_budget: 10,
  bad_timing: 15,
  bad_contact_data: 8,
  competitor: 5,
  existing_customer: 4,
  not_a_business: 5,
  duplicate: 4,
  other: 3,
};

export interface DemoLeadActivityOptions {
  seed: number;
  /** ISO time the demo pretends it is: nothing happens after it. */
  now: string;
}

/** Events per rep, in the order of `reps`; ids are uuid-shaped and stable for a seed. */
export function generateDemoLeadActivity(prospects: readonly Prospect[], reps: readonly DemoRep[], options: DemoLeadActivityOptions): UsageEvent[][] {
  const random = createRandom(options.seed ^ 0x1ead);
  const now = Date.parse(options.now);
  const index = new Map(reps.map((rep, i) => [normalizeEmail(rep.email), i]));
  const events: UsageEvent[][] = reps.map(() => []);
  let counter = 0;
  const uuid = () => `${(random.int(0, 0xffffffff) >>> 0).toString(16).padStart(8, '0')}-1ead-4000-8000-${(++counter).toString(16).padStart(12, '0')}`;
  const weights = LEAD_REASONS.map((reason) => REASON_WEIGHTS[reason]);
  for (const prospect of prospects) {
    const rep = prospect.owner ? index.get(normalizeEmail(prospect.owner)) : undefined;
    const handed = prospect.qualifiedAt ? Date.parse(prospect.qualifiedAt) : NaN;
    if (rep === undefined || !Number.isFinite(handed)) continue;
    const roll = random.next();
    let delay: number;
    if (roll < FOLLOW_UP.sameDay) delay = random.int(5, 8 * 60) * 60_000;
    else if (roll < FOLLOW_UP.sameDay + FOLLOW_UP.withinThreeDays) delay = random.int(24, 72) * HOUR;
    else if (roll < FOLLOW_UP.sameDay + FOLLOW_UP.withinThreeDays + FOLLOW_UP.later) delay = random.int(4, 20) * 24 * HOUR;
    else continue;
    const openedAt = handed + delay;
    if (openedAt > now) continue;
    const list = events[rep]!;
    list.push({ id: uuid(), type: 'sidebar_opened', at: new Date(openedAt).toISOString(), surface: 'salesforce', prospectId: prospect.id });
    if (!random.chance(FEEDBACK_SHARE)) continue;
    const saidAt = Math.min(now, openedAt + random.int(2, 5 * 24 * 60) * 60_000);
    list.push({ id: uuid(), type: 'lead_feedback', at: new Date(saidAt).toISOString(), surface: 'salesforce', prospectId: prospect.id, reason: random.weighted(LEAD_REASONS, weights) });
  }
  return events;
}
