/**
 * The marketing dashboard on the hub: what reps used and sent by message, asset, rep, surface and
 * week, approved content nobody used, the leads report, and what reps asked for. The same
 * components as the extension's dashboard (components/shared/usage-report.tsx, leads-report.tsx,
 * charts.tsx), fed from the hub's `GET /v1/reports/usage` and `GET /v1/reports/leads` with the
 * console's session, over the same default period.
 */
import { useState } from 'react';
import { resolveRange, WEEK_MS, weeksIn, type DashboardRange, type LeadsGroupBy, type UsageReportResponse } from '../../lib/contract';
import { BarChart } from '../../components/shared/charts';
import { LeadsReportCard } from '../../components/shared/leads-report';
import { ContentRequests, downloadCsv, RepTable, UnusedList, UsageTable, usageCsv } from '../../components/shared/usage-report';
import { api } from './api';
import { useLoad } from './hooks';
import { STRINGS } from './strings';

const used = (row: UsageReportResponse['rows'][number]) => row.copies + row.inserts + row.opens;
const dayInput = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function UsageView() {
  const [now] = useState(() => Date.now());
  const [range, setRange] = useState<DashboardRange>({});
  const { fromMs, toMs } = resolveRange(range, now);
  const from = new Date(fromMs).toISOString();
  const to = new Date(toMs).toISOString();
  const period = `${from}|${to}`;

  // The leads report loads beside the usage rows; the view is busy until both are in.
  const [leadsGroupBy, setLeadsGroupBy] = useState<LeadsGroupBy>('campaign');
  const leads = useLoad(() => api.leadsReport({ from, to, groupBy: leadsGroupBy }), `${from}|${to}|${leadsGroupBy}`);
  const report = useLoad(async () => {
    const [messages, assets, reps, surfaces, byWeek] = await Promise.all(
      (['message', 'asset', 'rep', 'surface', 'week'] as const).map((groupBy) => api.usageReport({ from, to, groupBy })),
    );
    return { messages: messages!, assets: assets!, reps: reps!, surfaces: surfaces!, byWeek: byWeek! };
  }, period);

  // The per-row weekly trend takes two reports a week: asked for once the tables are on screen.
  const weeks = weeksIn(fromMs, toMs);
  const trends = useLoad(
    async () => {
      if (!report.data) return undefined;
      const series: Record<string, number[]> = {};
      const weekly = await Promise.all(
        weeks.flatMap((start) => {
          const window = { from: new Date(Math.max(start, fromMs)).toISOString(), to: new Date(Math.min(start + WEEK_MS, toMs)).toISOString() };
          return [api.usageReport({ ...window, groupBy: 'message' }), api.usageReport({ ...window, groupBy: 'asset' })];
        }),
      );
      weeks.forEach((_, index) => {
        for (const [kind, answer] of [['message', weekly[index * 2]], ['asset', weekly[index * 2 + 1]]] as const) {
          for (const row of answer?.rows ?? []) (series[`${kind}:${row.key}`] ??= weeks.map(() => 0))[index] = used(row);
        }
      });
      return series;
    },
    `${period}|${report.data ? 'ready' : 'waiting'}`,
  );

  const setDay = (key: 'from' | 'to', value: string) => setRange((current) => ({ ...current, [key]: value ? new Date(`${value}T00:00:00.000Z`).toISOString() : undefined }));
  const data = report.data;
  const weekLabels = weeks.map(dayInput);

  return (
    <main className="view" data-view="usage" aria-busy={report.loading || (leads.loading && !leads.data)} aria-labelledby="usage-title">
      <h1 id="usage-title">{STRINGS.views.usage}</h1>
      <p className="hint">What reps used, from every rep’s extension. Sends are emails sent from Gmail or Outlook with the text inserted, seen in the rep’s browser after the undo window.</p>
      <form className="filters card" onSubmit={(event) => event.preventDefault()} aria-label="Period">
        <label>
          From <input type="date" data-testid="filter-from" value={dayInput(fromMs)} onChange={(event) => setDay('from', event.target.value)} />
        </label>
        <label>
          To <input type="date" data-testid="filter-to" value={dayInput(toMs)} onChange={(event) => setDay('to', event.target.value)} />
        </label>
        <button
          type="button"
          data-testid="export-csv"
          disabled={!data}
          onClick={() => data && downloadCsv(`cuecard-usage-${dayInput(fromMs)}-to-${dayInput(toMs)}.csv`, usageCsv(data.messages.rows, data.assets.rows))}
        >
          Export CSV
        </button>
        {report.loading && <span className="hint">Loading…</span>}
      </form>
      {report.error && (
        <p className="status error" role="alert">
          {report.error}
        </p>
      )}
      {data && (
        <>
          <section className="card">
            <UsageTable kind="message" rows={data.messages.rows} weeks={weekLabels} trends={trends.data} />
          </section>
          <section className="card">
            <UsageTable kind="asset" rows={data.assets.rows} weeks={weekLabels} trends={trends.data} />
          </section>
          <div className="grid2">
            <section className="card">
              <h2>By week</h2>
              <BarChart
                label="Events by week"
                bars={[...data.byWeek.rows].sort((a, b) => a.key.localeCompare(b.key)).map((row) => ({ key: row.key, label: `Week of ${row.key}`, value: used(row) }))}
              />
            </section>
            <section className="card">
              <h2>By surface</h2>
              <BarChart label="Events by surface" bars={data.surfaces.rows.map((row) => ({ key: row.key, label: row.key, value: row.events }))} />
            </section>
            {data.reps.rows.length > 0 && (
              <section className="card">
                <h2>By rep</h2>
                <BarChart label="Copies and inserts by rep" bars={data.reps.rows.map((row) => ({ key: row.key, label: row.label ?? row.key, value: row.copies + row.inserts }))} />
              </section>
            )}
          </div>
          {data.reps.rows.length > 0 && (
            <section className="card">
              <RepTable rows={data.reps.rows} />
            </section>
          )}
          <section className="card">
            <h2>Approved content nobody used in this period</h2>
            <UnusedList unused={data.messages.unused} />
          </section>
          <LeadsReportCard
            groupBy={leadsGroupBy}
            onGroupBy={setLeadsGroupBy}
            report={leads.data}
            error={leads.error}
            loading={leads.loading}
            notice={!leads.data && leads.loading ? <p className="hint">Loading…</p> : undefined}
          />
          <section className="card">
            <h2>What reps asked for and did not find</h2>
            <ContentRequests groups={data.messages.contentRequests} noneInPeriod={data.messages.contentRequests.length === 0} />
          </section>
        </>
      )}
    </main>
  );
}
