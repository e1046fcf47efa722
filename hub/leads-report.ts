/**
 * GET /v1/reports/leads: what happened to the leads marketing handed to sales, grouped by
 * campaign, source, feedback reason or rep. The words (handed over, followed up, never, feedback)
 * are defined once, in lib/contract/leads.ts; this file computes them.
 *
 * - campaign: the prospect's `source`, else the campaign of their oldest touch; source: `source`
 *   only; reason: the latest feedback code; rep: the owner's address (label: their hub user's name).
 * - Follow-up and feedback are one SQL statement over the period's handed-over leads, passed in as
 *   one JSON parameter: `qualifiedAt` is a contract date (anything Date.parse reads), so it is
 *   read in JS, where a date Postgres would not cast cannot fail the whole report.
 * - Grouping happens in JS over one row per lead; the groupBy value only picks a key function.
 */
import { asLeadReason, emptyFeedbackCounts, LEADS_NONE_KEY, type LeadReason, type LeadsGroupBy, type LeadsReportResponse, type LeadsReportRow } from '../lib/contract';
import { normalizeEmail } from '../lib/match/keys';
import { toIso, type Queryable } from './db';
import { toJsonParam } from './store';

export { leadsReportResponse } from '../lib/contract';

const HOUR_MS = 3_600_000;

/** One handed-over lead and what became of it. */
interface LeadFacts {
  id: string;
  owner: string;
  ownerName: string | null;
  qualifiedAt: number;
  source: string | null;
  firstCampaign: string | null;
  /** Hours from handover to the owner's first action; null: none yet. */
  hoursToFollowUp: number | null;
  feedback: LeadReason | null;
}

async function handedOverLeads(db: Queryable, fromMs: number, toMs: number): Promise<Omit<LeadFacts, 'ownerName' | 'firstCampaign' | 'hoursToFollowUp' | 'feedback'>[]> {
  const result = await db.query<{ id: string; owner: string; qualified_at: string; source: string | null }>(
    `SELECT c.id, c.data ->> 'owner' AS owner, c.data ->> 'qualifiedAt' AS qualified_at, nullif(btrim(c.data ->> 'source'), '') AS source
     FROM changes c
     WHERE c.kind = 'prospect' AND c.op = 'upsert' AND c.data ->> 'owner' IS NOT NULL AND c.data ->> 'qualifiedAt' IS NOT NULL`,
  );
  const leads = [];
  for (const row of result.rows) {
    const qualifiedAt = Date.parse(row.qualified_at);
    const owner = normalizeEmail(row.owner);
    if (!Number.isFinite(qualifiedAt) || !owner || qualifiedAt < fromMs || qualifiedAt >= toMs) continue;
    leads.push({ id: row.id, owner, qualifiedAt, source: row.source });
  }
  return leads;
}

export async function leadsReport(db: Queryable, query: { from?: string; to?: string; groupBy: LeadsGroupBy }): Promise<LeadsReportResponse> {
  const fromMs = query.from ? Date.parse(query.from) : -Infinity;
  const toMs = query.to ? Date.parse(query.to) : Infinity;
  const handed = await handedOverLeads(db, fromMs, toMs);
  const facts: LeadFacts[] = [];
  if (handed.length > 0) {
    const param = toJsonParam(handed.map((lead) => ({ id: lead.id, owner: lead.owner, qualified_at: new Date(lead.qualifiedAt).toISOString() })));
    const outcome = await db.query<{ id: string; owner_name: string | null; first_at: unknown; reason: string | null }>(
      // The owner is the hub user with the lead's owner address (users.email is unique, compared
      // as the contract compares emails); their first event naming the lead at or after the handover
      // is the follow-up, whatever its type. Feedback: the latest lead_feedback of anyone.
      `WITH h AS (SELECT * FROM json_to_recordset($1::json) AS h(id text, owner text, qualified_at timestamptz)),
       o AS (SELECT h.id, h.qualified_at, u.id AS user_id, u.name AS owner_name FROM h LEFT JOIN users u ON lower(btrim(u.email)) = h.owner),
       f AS (SELECT o.id, min(e.at) AS first_at FROM o JOIN usage_events e ON e.prospect_id = o.id AND e.rep_id = o.user_id AND e.at >= o.qualified_at GROUP BY o.id),
       fb AS (SELECT DISTINCT ON (e.prospect_id) e.prospect_id, e.reason FROM usage_events e
              WHERE e.type = 'lead_feedback' AND e.reason IS NOT NULL AND e.prospect_id IN (SELECT id FROM h)
              ORDER BY e.prospect_id, e.at DESC, e.id DESC)
       SELECT o.id, o.owner_name, f.first_at, fb.reason FROM o LEFT JOIN f ON f.id = o.id LEFT JOIN fb ON fb.prospect_id = o.id`,
      [param],
    );
    const byId = new Map(outcome.rows.map((row) => [row.id, row]));
    const firstCampaigns = query.groupBy === 'campaign' ? await firstCampaignOf(db, handed.filter((lead) => !lead.source).map((lead) => lead.id)) : new Map<string, string>();
    for (const lead of handed) {
      const row = byId.get(lead.id);
      const firstAt = toIso(row?.first_at);
      facts.push({
        ...lead,
        ownerName: row?.owner_name ?? null,
        firstCampaign: firstCampaigns.get(lead.id) ?? null,
        hoursToFollowUp: firstAt ? Math.max(0, Date.parse(firstAt) - lead.qualifiedAt) / HOUR_MS : null,
        feedback: asLeadReason(row?.reason) ?? null,
      });
    }
  }

  const keyOf: Record<LeadsGroupBy, (lead: LeadFacts) => { key: string; label: string | null }> = {
    campaign: (lead) => ({ key: lead.source ?? lead.firstCampaign ?? LEADS_NONE_KEY, label: null }),
    source: (lead) => ({ key: lead.source ?? LEADS_NONE_KEY, label: null }),
    reason: (lead) => ({ key: lead.feedback ?? LEADS_NONE_KEY, label: null }),
    rep: (lead) => ({ key: lead.owner, label: lead.ownerName }),
  };
  const groups = new Map<string, { label: string | null; leads: LeadFacts[] }>();
  for (const lead of facts) {
    const { key, label } = keyOf[query.groupBy](lead);
    const group = groups.get(key) ?? groups.set(key, { label, leads: [] }).get(key)!;
    group.leads.push(lead);
  }
  const rows = [...groups.entries()]
    .map(([key, group]) => summarize(key, group.label, group.leads))
    .sort((a, b) => b.handedOver - a.handedOver || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { from: query.from ?? null, to: query.to ?? null, groupBy: query.groupBy, rows, totals: summarize('all', null, facts) };
}

/**
 * The campaign of each lead's oldest touch, for leads without a source: one pass over the touches
 * of exactly those leads. ISO times from imports and connectors sort as text.
 */
async function firstCampaignOf(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const result = await db.query<{ prospect_id: string; campaign: string }>(
    `SELECT DISTINCT ON (t.data ->> 'prospectId') t.data ->> 'prospectId' AS prospect_id, t.data ->> 'campaign' AS campaign
     FROM changes t
     WHERE t.kind = 'touch' AND t.op = 'upsert' AND t.data ->> 'prospectId' = ANY($1::text[]) AND coalesce(btrim(t.data ->> 'campaign'), '') <> ''
     ORDER BY t.data ->> 'prospectId', t.data ->> 'occurredAt', t.id`,
    [ids],
  );
  return new Map(result.rows.map((row) => [row.prospect_id, row.campaign]));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(value * 100) / 100;
}

function summarize(key: string, label: string | null, leads: LeadFacts[]): LeadsReportRow {
  const hours = leads.map((lead) => lead.hoursToFollowUp).filter((h): h is number => h !== null);
  const feedback = emptyFeedbackCounts();
  let withFeedback = 0;
  for (const lead of leads) {
    if (!lead.feedback) continue;
    feedback[lead.feedback] += 1;
    withFeedback += 1;
  }
  return {
    key,
    label,
    handedOver: leads.length,
    followedUp: hours.length,
    within1Day: hours.filter((h) => h <= 24).length,
    within3Days: hours.filter((h) => h <= 72).length,
    never: leads.length - hours.length,
    medianHoursToFollowUp: median(hours),
    withFeedback,
    feedback,
  };
}
