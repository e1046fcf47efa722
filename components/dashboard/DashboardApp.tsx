/**
 * Marketing's usage dashboard. Data comes from the background (`reports:usage`): the page never
 * holds the hub token. Segment filtering uses what marketing tagged each message/asset with
 * (personas, industries; an untagged item fits every segment).
 */
import { useEffect, useMemo, useState } from 'react';
import type { DashboardData } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { BarChart } from '../shared/charts';
import { ContentRequests, downloadCsv, RepTable, UnusedList, UsageTable, usageCsv } from '../shared/usage-report';
import { LeadsReport } from './LeadsReport';

type Kind = 'message' | 'asset';
const dayInput = (iso: string) => iso.slice(0, 10);

function fitsSegment(data: DashboardData, kind: Kind, id: string, segment: string): boolean {
  if (!segment) return true;
  const tags = data.segments[`${kind}:${id}`];
  if (!tags) return false;
  // A segment value is a persona or an industry; untagged content fits every segment.
  return tags.personas.includes(segment) || tags.industries.includes(segment) || (tags.personas.length === 0 && tags.industries.length === 0);
}

export function DashboardApp() {
  const [data, setData] = useState<DashboardData>();
  const [error, setError] = useState<string>();
  const [range, setRange] = useState<{ from?: string; to?: string }>({});
  const [segment, setSegment] = useState('');
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let alive = true;
    setLoading(true);
    request({ type: 'reports:usage', ...range })
      .then((value) => alive && (setData(value), setError(undefined)))
      .catch((reason: Error) => alive && setError(reason.message))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, [range]);

  const segments = useMemo(() => {
    const all = new Set<string>();
    for (const tags of Object.values(data?.segments ?? {})) for (const value of [...tags.personas, ...tags.industries]) all.add(value);
    return [...all].sort();
  }, [data]);

  const messages = useMemo(() => (data ? data.messages.filter((row) => fitsSegment(data, 'message', row.key, segment)) : []), [data, segment]);
  const assets = useMemo(() => (data ? data.assets.filter((row) => fitsSegment(data, 'asset', row.key, segment)) : []), [data, segment]);

  const exportCsv = () => {
    if (!data) return;
    downloadCsv(`cuecard-usage-${dayInput(data.from)}-to-${dayInput(data.to)}${segment ? `-${segment}` : ''}.csv`, usageCsv(messages, assets));
  };

  const setDay = (key: 'from' | 'to', value: string) =>
    setRange((current) => ({ ...current, [key]: value ? new Date(`${value}T00:00:00.000Z`).toISOString() : undefined }));

  return (
    <main className="dashboard">
      <header>
        <h1>
          <span aria-hidden="true">◆</span> Cuecard usage
        </h1>
        <p className="hint">
          {data?.mode === 'local'
            ? 'Local only: no hub is configured, so this is your own usage in this browser.'
            : data?.user
              ? `What reps used, from the hub. Signed in as ${data.user.name} (${data.user.role}).`
              : 'What reps used, from the hub.'}
        </p>
      </header>
      {error && (
        <p role="alert" className="status error" data-testid="dashboard-error">
          {error}
        </p>
      )}
      {data?.mode === 'forbidden' && (
        <p role="alert" className="status error" data-testid="dashboard-forbidden">
          The usage dashboard is for marketing and admins; your hub role is {data.user?.role}.
        </p>
      )}
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          From <input type="date" data-testid="filter-from" value={data ? dayInput(data.from) : ''} onChange={(event) => setDay('from', event.target.value)} />
        </label>
        <label>
          To <input type="date" data-testid="filter-to" value={data ? dayInput(data.to) : ''} onChange={(event) => setDay('to', event.target.value)} />
        </label>
        <label>
          Segment
          <select data-testid="filter-segment" value={segment} onChange={(event) => setSegment(event.target.value)}>
            <option value="">All segments</option>
            {segments.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="export-csv" onClick={exportCsv} disabled={!data}>
          Export CSV
        </button>
        {loading && <span className="hint">Loading…</span>}
      </form>
      {data && data.mode !== 'forbidden' && (
        <>
          <section className="card">
            <UsageTable kind="message" rows={messages} weeks={data.weeks} trends={data.trends} />
          </section>
          <section className="card">
            <UsageTable kind="asset" rows={assets} weeks={data.weeks} trends={data.trends} />
          </section>
          <div className="grid2">
            <section className="card">
              <h2>By week</h2>
              <BarChart label="Events by week" bars={data.byWeek.map((row) => ({ key: row.key, label: `Week of ${row.key}`, value: row.copies + row.inserts + row.opens }))} />
            </section>
            <section className="card">
              <h2>By surface</h2>
              <BarChart label="Events by surface" bars={data.surfaces.map((row) => ({ key: row.key, label: row.key, value: row.events }))} />
            </section>
            {data.reps.length > 0 && (
              <section className="card">
                <h2>By rep</h2>
                <BarChart label="Copies and inserts by rep" bars={data.reps.map((row) => ({ key: row.key, label: row.label ?? row.key, value: row.copies + row.inserts }))} />
              </section>
            )}
          </div>
          {data.reps.length > 0 && (
            <section className="card">
              <RepTable rows={data.reps} />
            </section>
          )}
          <section className="card">
            <h2>Approved content nobody used in this period</h2>
            <UnusedList
              unused={{
                messages: data.unused.messages.filter((item) => fitsSegment(data, 'message', item.id, segment)),
                assets: data.unused.assets.filter((item) => fitsSegment(data, 'asset', item.id, segment)),
              }}
            />
          </section>
          <LeadsReport range={range} />
          <section className="card">
            <h2>What reps asked for and did not find</h2>
            <ContentRequests
              groups={data.contentRequests.filter((group) => !segment || group.persona === segment || group.industry === segment)}
              noneInPeriod={data.contentRequests.length === 0}
            />
          </section>
        </>
      )}
    </main>
  );
}
