/**
 * Turn 2 fields of generated prospects: `owner` (the rep who owns the account in the CRM),
 * `qualifiedAt` (when marketing handed them to sales: an MQL date) and `source` (their first
 * campaign). Set after the touches exist, since both dates and sources follow the touch history.
 * The caller passes a Random of its own: drawing these from the workspace's stream would shift
 * every row generated after them.
 */
import type { Prospect, Touch } from '../contract/data';
import { DAY, iso } from './format';
import type { Random } from './random';
import { DEMO_REP, DEMO_TEAM, OFFLINE_SOURCES, OFFLINE_SOURCE_WEIGHTS } from './vocabulary';

const REPS = [DEMO_REP, ...DEMO_TEAM];

/**
 * Who was handed over, and when (days before now). Everyone past MQL went through it once; a
 * share of later stages came in through sales and has no MQL date.
 */
const QUALIFIED: Record<string, { share: number; fromDays: number; toDays: number }> = {
  mql: { share: 1, fromDays: 0, toDays: 42 },
  sql: { share: 0.85, fromDays: 3, toDays: 90 },
  opportunity: { share: 0.85, fromDays: 14, toDays: 180 },
  customer: { share: 0.85, fromDays: 60, toDays: 540 },
};
/** Share of MQLs handed over in the last two days: the rep's "waiting leads" are about these. */
const FRESH_MQL_SHARE = 0.25;
const FRESH_DAYS = 2;
/** Subscribers still in marketing's nurture belong to no rep yet. */
const UNOWNED_SUBSCRIBER_SHARE = 0.7;
/** Inbound leads routed round-robin rather than to the account's owner. */
const ROUTED_SHARE = 0.1;

export function assignHandover(rng: Random, prospects: readonly Prospect[], touches: readonly Touch[], nowMs: number): void {
  const own = new Set(prospects.map((p) => p.id));
  const touchesOf = new Map<string, Touch[]>();
  for (const t of touches) {
    if (!own.has(t.prospectId)) continue;
    let list = touchesOf.get(t.prospectId);
    if (!list) touchesOf.set(t.prospectId, (list = []));
    list.push(t);
  }
  const accountOwner = new Map<string, string>();
  for (const p of prospects) {
    const history = touchesOf.get(p.id) ?? [];
    const account = p.domain ?? p.company ?? p.id;
    let owner = accountOwner.get(account);
    if (!owner) accountOwner.set(account, (owner = rng.pick(REPS).email));
    if (p.stage === 'subscriber' && rng.chance(UNOWNED_SUBSCRIBER_SHARE)) owner = undefined;
    else if (rng.chance(ROUTED_SHARE)) owner = rng.pick(REPS).email;
    if (owner) p.owner = owner;

    const qualifiedAt = drawQualifiedAt(rng, p.stage, history, nowMs);
    if (qualifiedAt !== undefined) p.qualifiedAt = iso(qualifiedAt);

    p.source = firstCampaign(history) ?? rng.weighted(OFFLINE_SOURCES, OFFLINE_SOURCE_WEIGHTS);
  }
}

/** A few minutes to two hours after the touch that tipped their score, when they have one in the window. */
function drawQualifiedAt(rng: Random, stage: string | undefined, history: readonly Touch[], nowMs: number): number | undefined {
  const rule = stage === undefined ? undefined : QUALIFIED[stage];
  if (!rule || !rng.chance(rule.share)) return undefined;
  const [fromDays, toDays] = stage === 'mql' && rng.chance(FRESH_MQL_SHARE) ? [0, FRESH_DAYS] : [rule.fromDays, rule.toDays];
  const lo = nowMs - toDays * DAY;
  const hi = nowMs - fromDays * DAY;
  const tipping = history.filter((t) => !t.automated && inside(Date.parse(t.occurredAt), lo, hi));
  const at =
    tipping.length > 0
      ? Date.parse(rng.pick(tipping).occurredAt) + rng.int(5, 120) * 60_000
      : Math.floor((lo + rng.next() * (hi - lo)) / 60_000) * 60_000;
  // Never in the future, whatever the tipping touch's time.
  return Math.min(at, nowMs - 60_000);
}

function inside(at: number, lo: number, hi: number): boolean {
  return at >= lo && at <= hi;
}

/** The campaign of their oldest touch (ISO times from the generator compare as text). */
function firstCampaign(history: readonly Touch[]): string | undefined {
  let oldest: Touch | undefined;
  for (const t of history) if (t.campaign && (!oldest || t.occurredAt < oldest.occurredAt)) oldest = t;
  return oldest?.campaign;
}
