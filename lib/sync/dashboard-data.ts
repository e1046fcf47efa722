/**
 * What the marketing dashboard shows, assembled in the background (the page never holds the
 * token). Hub mode: `GET /v1/reports/usage` grouped by message, asset, rep, surface and week, plus
 * one message/asset report per week for the per-row trend. Local-only mode (no hub): the rep's
 * own events, which never leave the outbox because there is nowhere to send them, summarized the
 * same way. Segments come from the local copy of messages/assets (personas, industries): the hub
 * report has no segment filter, and the synced rows carry exactly what marketing tagged.
 */
import { resolveRange, WEEK_MS, weekStart, weeksIn, type DashboardRange } from '../contract/dashboard-range';
import { medianShare, SENT_AS_APPROVED, validDuring, type Asset, type ContentSegment, type DashboardData, type Message, type UsageEvent, type UsageReportResponse, type UsageReportRow } from '../contract';
import { allContent } from '../store/content';
import { outboxEvents } from '../store/outbox';
import { prospectSegments } from '../store/queries';
import type { CuecardDb } from '../store/db';
import type { HubClient } from './hub-client';

// The dashboard's weeks and default period, shared with the hub's console (lib/contract/dashboard-range.ts).
export { MAX_TREND_WEEKS, resolveRange, weekStart, weeksIn, type DashboardRange } from '../contract/dashboard-range';

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const used = (row: UsageReportRow) => row.copies + row.inserts + row.opens;

function segmentsOf(content: { messages: readonly Message[]; assets: readonly Asset[] }): { segments: Record<string, ContentSegment>; titles: Record<string, string> } {
  const segments: Record<string, ContentSegment> = {};
  const titles: Record<string, string> = {};
  for (const [kind, rows] of [['message', content.messages], ['asset', content.assets]] as const) {
    for (const row of rows) {
      segments[`${kind}:${row.id}`] = { personas: row.personas ?? [], industries: row.industries ?? [] };
      titles[`${kind}:${row.id}`] = row.title;
    }
  }
  return { segments, titles };
}

export async function hubDashboard(db: CuecardDb, client: HubClient, range: DashboardRange, now = Date.now()): Promise<DashboardData> {
  const me = await client.me();
  const { fromMs, toMs } = resolveRange(range, now);
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  const base: Omit<DashboardData, 'mode'> = {
    user: { name: me.user.name, role: me.user.role },
    from,
    to,
    weeks: [],
    messages: [],
    assets: [],
    reps: [],
    surfaces: [],
    byWeek: [],
    trends: {},
    unused: { messages: [], assets: [] },
    contentRequests: [],
    segments: {},
  };
  if (me.user.role === 'rep') return { mode: 'forbidden', ...base };
  const weeks = weeksIn(fromMs, toMs);
  const [messages, assets, reps, surfaces, byWeek, ...weekly] = await Promise.all([
    client.usageReport({ from, to, groupBy: 'message' }),
    client.usageReport({ from, to, groupBy: 'asset' }),
    client.usageReport({ from, to, groupBy: 'rep' }),
    client.usageReport({ from, to, groupBy: 'surface' }),
    client.usageReport({ from, to, groupBy: 'week' }),
    ...weeks.flatMap((start) => {
      const window = { from: new Date(Math.max(start, fromMs)).toISOString(), to: new Date(Math.min(start + WEEK_MS, toMs)).toISOString() };
      return [client.usageReport({ ...window, groupBy: 'message' }), client.usageReport({ ...window, groupBy: 'asset' })];
    }),
  ]);
  const trends: Record<string, number[]> = {};
  weeks.forEach((_, index) => {
    for (const [kind, report] of [['message', weekly[index * 2]], ['asset', weekly[index * 2 + 1]]] as const) {
      for (const row of report?.rows ?? []) {
        const series = (trends[`${kind}:${row.key}`] ??= weeks.map(() => 0));
        series[index] = used(row);
      }
    }
  });
  const { segments } = segmentsOf(await allContent(db));
  return {
    ...base,
    mode: 'hub',
    weeks: weeks.map(isoDay),
    messages: messages.rows,
    assets: assets.rows,
    reps: reps.rows,
    surfaces: surfaces.rows,
    // The hub ranks every grouping by use; weeks read as a timeline, oldest first, as in local mode.
    byWeek: [...byWeek.rows].sort((a, b) => a.key.localeCompare(b.key)),
    trends,
    unused: messages.unused,
    contentRequests: messages.contentRequests,
    segments,
  };
}

type Counter = UsageReportRow;

function emptyRow(key: string, label: string | null): Counter {
  return { key, label, events: 0, copies: 0, inserts: 0, sends: 0, sentAsApproved: 0, medianRetained: null, opens: 0, dismissals: 0, reps: 1, lastUsedAt: null };
}

/** Each row's sends' retained shares, for its median (kept beside the row, which crosses to the page). */
const retainedOf = new WeakMap<Counter, number[]>();

/** As the hub's report counts (hub/report.ts): sends are detected sends, not inserts. */
function count(row: UsageReportRow, event: UsageEvent): void {
  row.events += 1;
  if (event.type === 'message_copied' || event.type === 'asset_copied') row.copies += 1;
  if (event.type === 'message_inserted' || event.type === 'asset_inserted') row.inserts += 1;
  if (event.type === 'message_sent' || event.type === 'asset_sent') {
    row.sends += 1;
    if (event.retained !== undefined) {
      if (event.retained >= SENT_AS_APPROVED) row.sentAsApproved += 1;
      const values = retainedOf.get(row) ?? [];
      values.push(event.retained);
      retainedOf.set(row, values);
    }
  }
  if (event.type === 'asset_opened') row.opens += 1;
  if (event.type === 'recommendation_dismissed') row.dismissals += 1;
  if (!row.lastUsedAt || Date.parse(event.at) > Date.parse(row.lastUsedAt)) row.lastUsedAt = event.at;
}

const byUse = (a: UsageReportRow, b: UsageReportRow) => b.copies + b.inserts - (a.copies + a.inserts) || b.events - a.events || a.key.localeCompare(b.key);

/** The rep's own events, summarized like the hub's report (reps is always 1: it is this rep). */
export function summarizeEvents(
  events: UsageEvent[],
  fromMs: number,
  toMs: number,
  titles: Record<string, string>,
  prospectSegments: Record<string, { persona?: string; industry?: string }> = {},
): Pick<DashboardData, 'weeks' | 'messages' | 'assets' | 'surfaces' | 'byWeek' | 'trends' | 'contentRequests'> {
  const weeks = weeksIn(fromMs, toMs);
  const groups = { message: new Map<string, Counter>(), asset: new Map<string, Counter>(), surface: new Map<string, Counter>(), week: new Map<string, Counter>() };
  const trends: Record<string, number[]> = {};
  const requests = new Map<string, UsageReportResponse['contentRequests'][number]>();
  const bump = (map: Map<string, Counter>, key: string, label: string | null, event: UsageEvent) => {
    const row = map.get(key) ?? map.set(key, emptyRow(key, label)).get(key)!;
    count(row, event);
  };
  for (const event of [...events].sort((a, b) => Date.parse(b.at) - Date.parse(a.at))) {
    const at = Date.parse(event.at);
    if (at < fromMs || at >= toMs) continue;
    if (event.messageId) bump(groups.message, event.messageId, titles[`message:${event.messageId}`] ?? null, event);
    if (event.assetId) bump(groups.asset, event.assetId, titles[`asset:${event.assetId}`] ?? null, event);
    bump(groups.surface, event.surface, null, event);
    bump(groups.week, isoDay(weekStart(at)), null, event);
    const weekIndex = weeks.indexOf(weekStart(at));
    const useful = event.type.endsWith('_copied') || event.type.endsWith('_inserted') || event.type === 'asset_opened';
    for (const key of [event.messageId && `message:${event.messageId}`, event.assetId && `asset:${event.assetId}`]) {
      if (!key || weekIndex < 0 || !useful) continue;
      const series = (trends[key] ??= weeks.map(() => 0));
      series[weekIndex] = (series[weekIndex] ?? 0) + 1;
    }
    if (event.type === 'content_request') {
      const segment = (event.prospectId && prospectSegments[event.prospectId]) || {};
      const persona = segment.persona ?? 'unknown';
      const industry = segment.industry ?? 'unknown';
      const key = `${persona} · ${industry}`;
      const group = requests.get(key) ?? requests.set(key, { segment: key, persona, industry, count: 0, lastAt: null, requests: [] }).get(key)!;
      group.count += 1;
      group.lastAt ??= event.at;
      if (event.request && group.requests.length < 20) group.requests.push(event.request);
    }
  }
  for (const group of Object.values(groups)) for (const row of group.values()) row.medianRetained = medianShare(retainedOf.get(row) ?? []);
  return {
    weeks: weeks.map(isoDay),
    messages: [...groups.message.values()].sort(byUse),
    assets: [...groups.asset.values()].sort(byUse),
    surfaces: [...groups.surface.values()].sort(byUse),
    byWeek: [...groups.week.values()].sort((a, b) => a.key.localeCompare(b.key)),
    trends,
    contentRequests: [...requests.values()].sort((a, b) => b.count - a.count),
  };
}

export async function localDashboard(db: CuecardDb, range: DashboardRange, now = Date.now()): Promise<DashboardData> {
  const { fromMs, toMs } = resolveRange(range, now);
  const [events, content] = await Promise.all([outboxEvents(db), allContent(db)]);
  const { segments, titles } = segmentsOf(content);
  const prospectIds = [...new Set(events.filter((e) => e.type === 'content_request' && e.prospectId).map((e) => e.prospectId!))];
  const prospectSegmentsById = await prospectSegments(db, prospectIds);
  const summary = summarizeEvents(events, fromMs, toMs, titles, prospectSegmentsById);
  const usedKeys = new Set([...summary.messages.map((r) => `message:${r.key}`), ...summary.assets.map((r) => `asset:${r.key}`)]);
  // As the hub's report: approved content a rep could have used at some point in the period.
  const unusable = (row: Message | Asset) => row.status !== 'approved' || !validDuring(row, fromMs, toMs);
  const unused: DashboardData['unused'] = {
    messages: content.messages.filter((row) => !unusable(row) && !usedKeys.has(`message:${row.id}`)).map((row) => ({ id: row.id, title: row.title })),
    assets: content.assets.filter((row) => !unusable(row) && !usedKeys.has(`asset:${row.id}`)).map((row) => ({ id: row.id, title: row.title, kind: row.kind })),
  };
  return {
    mode: 'local',
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    reps: [],
    unused,
    segments,
    ...summary,
  };
}
