/**
 * GET /v1/reports/usage: what reps used, grouped by message, asset, rep, surface or week; the
 * approved content nobody used; and the content reps asked for, by segment.
 *
 * Definitions (the dashboard shows these words):
 * - copies: message_copied + asset_copied.
 * - inserts: message_inserted + asset_inserted.
 * - sends: message_sent + asset_sent: a draft holding an inserted approved message or asset link
 *   was sent from Gmail or Outlook (detected in the rep's browser, after the undo window;
 *   scheduled sends count, flagged `scheduled` on the event). Not inserts.
 * - sentAsApproved: sends whose `retained` (share of the approved words still in the email) is at
 *   least SENT_AS_APPROVED; medianRetained: the median `retained` of the sends (null: none).
 * - opens: asset_opened. dismissals: recommendation_dismissed. events: every event in the group.
 * - reps: distinct reps with any event in the group. lastUsedAt: the newest event's `at`.
 * - Period: `from` inclusive, `to` exclusive, on the event's `at`; either may be left open.
 * - unused: approved messages/assets (latest version on the hub, valid at some point in the
 *   period; with no `from`, valid at its end) with no event of any type naming them in the period.
 * - contentRequests: content_request events grouped by persona and industry: the segment the
 *   sidebar appends to the request text, or the prospect's when the event names one the hub
 *   knows ("unknown" otherwise).
 *
 * Group keys and label joins come from a fixed table below; the user's groupBy only selects an
 * entry (after zod validation), it never becomes SQL text.
 */
import { z } from 'zod';
import { SENT_AS_APPROVED, validDuring, type UsageReportResponse, type usageGroupBy } from '../lib/contract';
import { toIso, type Queryable } from './db';

type GroupBy = z.infer<typeof usageGroupBy>;

// The answer's shape lives in the contract, which the extension's dashboard parses with.
export { usageReportResponse, usageReportRow } from '../lib/contract';
export type UsageReport = UsageReportResponse;

const GROUPS: Record<GroupBy, { key: string; filter: string; label: string; join: string }> = {
  message: {
    key: 'u.message_id',
    filter: 'u.message_id IS NOT NULL',
    label: "c.data ->> 'title'",
    join: "LEFT JOIN changes c ON c.kind = 'message' AND c.id = g.key AND c.op = 'upsert'",
  },
  asset: {
    key: 'u.asset_id',
    filter: 'u.asset_id IS NOT NULL',
    label: "c.data ->> 'title'",
    join: "LEFT JOIN changes c ON c.kind = 'asset' AND c.id = g.key AND c.op = 'upsert'",
  },
  rep: { key: 'u.rep_id', filter: 'TRUE', label: 'r.name', join: 'LEFT JOIN users r ON r.id = g.key' },
  surface: { key: 'u.surface', filter: 'TRUE', label: 'NULL::text', join: '' },
  // Weeks start on Monday in UTC, whatever the server's time zone.
  week: {
    key: "to_char(date_trunc('week', u.at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')",
    filter: 'TRUE',
    label: 'NULL::text',
    join: '',
  },
};

const SENT = "u.type IN ('message_sent', 'asset_sent')";

const PERIOD = '($1::timestamptz IS NULL OR u.at >= $1::timestamptz) AND ($2::timestamptz IS NULL OR u.at < $2::timestamptz)';

interface GroupRow {
  key: string;
  label: string | null;
  events: number;
  copies: number;
  inserts: number;
  sends: number;
  sent_as_approved: number;
  median_retained: number | null;
  opens: number;
  dismissals: number;
  reps: number;
  last_used_at: unknown;
}

export async function usageReport(db: Queryable, query: { from?: string; to?: string; groupBy: GroupBy }): Promise<UsageReport> {
  const period = [query.from ?? null, query.to ?? null];
  const group = GROUPS[query.groupBy];
  const grouped = await db.query<GroupRow>(
    `SELECT g.*, ${group.label} AS label FROM (
       SELECT ${group.key} AS key,
         count(*)::int AS events,
         count(*) FILTER (WHERE u.type IN ('message_copied', 'asset_copied'))::int AS copies,
         count(*) FILTER (WHERE u.type IN ('message_inserted', 'asset_inserted'))::int AS inserts,
         count(*) FILTER (WHERE ${SENT})::int AS sends,
         count(*) FILTER (WHERE ${SENT} AND u.retained >= ${SENT_AS_APPROVED})::int AS sent_as_approved,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY u.retained) FILTER (WHERE ${SENT}) AS median_retained,
         count(*) FILTER (WHERE u.type = 'asset_opened')::int AS opens,
         count(*) FILTER (WHERE u.type = 'recommendation_dismissed')::int AS dismissals,
         count(DISTINCT u.rep_id)::int AS reps,
         max(u.at) AS last_used_at
       FROM usage_events u
       WHERE ${PERIOD} AND ${group.filter}
       GROUP BY 1
     ) g ${group.join}
     ORDER BY g.copies + g.inserts DESC, g.events DESC, g.key`,
    period,
  );

  const candidates = await db.query<{
    kind: 'message' | 'asset';
    id: string;
    title: string | null;
    asset_kind: string | null;
    valid_from: string | null;
    valid_until: string | null;
  }>(
    `SELECT c.kind, c.id, c.data ->> 'title' AS title, c.data ->> 'kind' AS asset_kind,
       c.data ->> 'validFrom' AS valid_from, c.data ->> 'validUntil' AS valid_until
     FROM changes c
     WHERE c.op = 'upsert' AND c.data ->> 'status' = 'approved' AND (
       -- NOT IN over NULL-free subqueries: one hashed scan of the period, not one probe per item.
       (c.kind = 'message' AND c.id NOT IN (SELECT u.message_id FROM usage_events u WHERE u.message_id IS NOT NULL AND ${PERIOD}))
       OR (c.kind = 'asset' AND c.id NOT IN (SELECT u.asset_id FROM usage_events u WHERE u.asset_id IS NOT NULL AND ${PERIOD})))
     ORDER BY c.kind, c.id`,
    period,
  );
  // Validity dates are contract strings parsed by Date.parse; comparing them here keeps a date
  // Postgres would not cast from failing the whole report.
  const periodEnd = query.to ? Date.parse(query.to) : Date.now();
  // An open start would make every long-expired item "unused"; it means "valid at the end" instead.
  const periodStart = query.from ? Date.parse(query.from) : periodEnd;
  const unused: UsageReport['unused'] = { messages: [], assets: [] };
  for (const row of candidates.rows) {
    if (!validDuring({ validFrom: row.valid_from ?? undefined, validUntil: row.valid_until ?? undefined }, periodStart, periodEnd)) continue;
    if (row.kind === 'message') unused.messages.push({ id: row.id, title: row.title });
    else unused.assets.push({ id: row.id, title: row.title, kind: row.asset_kind });
  }

  const requests = await db.query<{ persona: string; industry: string; count: number; last_at: unknown; requests: unknown }>(
    // The sidebar sends no prospect identity with a request, only the segment at the end of the
    // text ("… [persona=finance, industry=Logistics, stage=sql]"); an event naming a prospect the
    // hub knows uses that prospect's segment.
    `SELECT coalesce(p.data ->> 'persona', substring(u.request from 'persona=([^],]+)'), 'unknown') AS persona,
       coalesce(p.data ->> 'industry', substring(u.request from 'industry=([^],]+)'), 'unknown') AS industry,
       count(*)::int AS count,
       max(u.at) AS last_at,
       to_jsonb((array_agg(u.request ORDER BY u.at DESC) FILTER (WHERE u.request IS NOT NULL))[1:20]) AS requests
     FROM usage_events u
     LEFT JOIN changes p ON p.kind = 'prospect' AND p.id = u.prospect_id AND p.op = 'upsert'
     WHERE u.type = 'content_request' AND ${PERIOD}
     GROUP BY 1, 2
     ORDER BY count DESC, 1, 2`,
    period,
  );

  return {
    from: query.from ?? null,
    to: query.to ?? null,
    groupBy: query.groupBy,
    rows: grouped.rows.map((row) => ({
      key: row.key,
      label: row.label ?? null,
      events: row.events,
      copies: row.copies,
      inserts: row.inserts,
      sends: row.sends,
      sentAsApproved: row.sent_as_approved,
      // percentile_cont interpolates in double precision: three decimals are all it means.
      medianRetained: row.median_retained === null ? null : Math.round(Number(row.median_retained) * 1000) / 1000,
      opens: row.opens,
      dismissals: row.dismissals,
      reps: row.reps,
      lastUsedAt: toIso(row.last_used_at),
    })),
    unused,
    contentRequests: requests.rows.map((row) => ({
      segment: `${row.persona} · ${row.industry}`,
      persona: row.persona,
      industry: row.industry,
      count: row.count,
      lastAt: toIso(row.last_at),
      requests: Array.isArray(row.requests) ? row.requests.map(String) : [],
    })),
  };
}
