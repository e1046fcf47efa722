/**
 * The dashboard's leads report, assembled in the background (the page never holds the token):
 * `GET /v1/reports/leads` for one grouping, over the same period as the usage report. Hub mode
 * only: whether leads were followed up needs every rep's actions, which only the hub has.
 */
import type { LeadsDashboardData, LeadsGroupBy } from '../contract';
import { resolveRange, type DashboardRange } from './dashboard-data';
import type { HubClient } from './hub-client';

function period(range: DashboardRange, now: number): { from: string; to: string } {
  const { fromMs, toMs } = resolveRange(range, now);
  return { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
}

export function localLeadsDashboard(range: DashboardRange, groupBy: LeadsGroupBy, now = Date.now()): LeadsDashboardData {
  return { mode: 'local', ...period(range, now), groupBy, rows: [] };
}

export async function hubLeadsDashboard(client: HubClient, range: DashboardRange, groupBy: LeadsGroupBy, now = Date.now()): Promise<LeadsDashboardData> {
  const me = await client.me();
  const { from, to } = period(range, now);
  const user = { name: me.user.name, role: me.user.role };
  if (me.user.role === 'rep') return { mode: 'forbidden', user, from, to, groupBy, rows: [] };
  const report = await client.leadsReport({ from, to, groupBy });
  return { mode: 'hub', user, from, to, groupBy, rows: report.rows, totals: report.totals };
}
