/**
 * Marketing's usage dashboard. Data comes from the background (`reports:usage`): the page never
 * holds the hub token. Segment filtering uses what marketing tagged each message/asset with
 * (personas, industries; an untagged item fits every segment).
 */
import { useEffect, useMemo, useState } from 'react';
import type { DashboardData, UsageReportRow } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { toCsv } from './csv-export';
import { BarChart, Sparkline } from './charts';

type Kind = 'message' | 'asset';
const dayInput = (iso: string) => iso.slice(0, 10);

function fitsSegment(data: DashboardData, kind: Kind, id: string, segment: string): boolean {
  if (!segment) return true;
  const tags = data.segments[`${kind}:${id}`];
  if (!tags) return false;
  // A segment value is a persona or an industry; untagged content fits every segment.
  return tags.personas.includes(segment) || tags.industries.includes(segment) || (tags.personas.length === 0 && tags.industries.length === 0);
}

function formatWhen(iso: string | null): string {
  return iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' }) : '—';
}

/** Below this median share of approved words kept, reps mostly rewrite the text before sending. */
const MOSTLY_REWRITTEN = 0.5;
const SENDS_TITLE = 'Emails sent from Gmail or Outlook with this inserted (detected in the rep’s browser after the undo window; scheduled sends included)';
const APPROVED_TITLE = 'Sends that kept at least 90 % of the approved words';
const MEDIAN_TITLE = 'Median share of the approved words still in the email when it was sent';

const percent = (share: number) => `${Math.round(share * 100)} %`;

/** "3 of 4 (75 %)": sends as approved out of all sends. */
function sentAsApprovedText(row: UsageReportRow): string {
  return row.sends === 0 ? '—' : `${row.sentAsApproved} of ${row.sends} (${percent(row.sentAsApproved / row.sends)})`;
}

/** The sent-as-approved and median-kept cells, with a flag where reps mostly rewrite the approved text. */
function SentCells({ row }: { row: UsageReportRow }) {
  const rewritten = row.medianRetained !== null && row.medianRetained < MOSTLY_REWRITTEN;
  return (
    <>
      <td data-testid="sent-as-approved">{sentAsApprovedText(row)}</td>
      <td data-testid="median-retained" className={rewritten ? 'rewritten' : undefined}>
        {row.medianRetained === null ? '—' : percent(row.medianRetained)}
        {rewritten && (
          <span className="flag" data-testid="mostly-rewritten">
            {' '}
            mostly rewritten
          </span>
        )}
      </td>
    </>
  );
}

function UsageTable({ data, kind, rows }: { data: DashboardData; kind: Kind; rows: UsageReportRow[] }) {
  return (
    <table className="usage">
      <caption>{kind === 'message' ? 'Messages' : 'Assets'}</caption>
      <thead>
        <tr>
          <th scope="col">{kind === 'message' ? 'Message' : 'Asset'}</th>
          <th scope="col">Copies</th>
          <th scope="col">Inserts</th>
          <th scope="col" title={SENDS_TITLE}>
            Sends
          </th>
          <th scope="col" title={APPROVED_TITLE}>
            Sent as approved
          </th>
          <th scope="col" title={MEDIAN_TITLE}>
            Median kept
          </th>
          {kind === 'asset' && <th scope="col">Opens</th>}
          <th scope="col">Reps</th>
          <th scope="col">Last used</th>
          <th scope="col">Trend by week</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={10} className="empty">
              No usage in this period.
            </td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={row.key} data-testid="usage-row" {...(kind === 'message' ? { 'data-message-id': row.key } : { 'data-asset-id': row.key })}>
            <th scope="row">{row.label ?? row.key}</th>
            <td data-testid="copies">{row.copies}</td>
            <td data-testid="inserts">{row.inserts}</td>
            <td data-testid="sends">{row.sends}</td>
            <SentCells row={row} />
            {kind === 'asset' && <td data-testid="opens">{row.opens}</td>}
            <td data-testid="reps">{row.reps}</td>
            <td>{formatWhen(row.lastUsedAt)}</td>
            <td>
              <Sparkline values={data.trends[`${kind}:${row.key}`] ?? data.weeks.map(() => 0)} label={`${row.label ?? row.key} use`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Per rep: what they sent, and how much of the approved text they kept. */
function RepTable({ rows }: { rows: UsageReportRow[] }) {
  return (
    <table className="usage">
      <caption>Sent by rep</caption>
      <thead>
        <tr>
          <th scope="col">Rep</th>
          <th scope="col">Inserts</th>
          <th scope="col" title={SENDS_TITLE}>
            Sends
          </th>
          <th scope="col" title={APPROVED_TITLE}>
            Sent as approved
          </th>
          <th scope="col" title={MEDIAN_TITLE}>
            Median kept
          </th>
        </tr>
      </thead>
      <tbody>
        {[...rows]
          .sort((a, b) => b.sends - a.sends || b.inserts - a.inserts || a.key.localeCompare(b.key))
          .map((row) => (
            <tr key={row.key} data-testid="rep-row" data-rep-id={row.key}>
              <th scope="row">{row.label ?? row.key}</th>
              <td data-testid="inserts">{row.inserts}</td>
              <td data-testid="sends">{row.sends}</td>
              <SentCells row={row} />
            </tr>
          ))}
      </tbody>
    </table>
  );
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
    const rows = [
      ...messages.map((row) => ['message', row.key, row.label, row.copies, row.inserts, row.sends, row.opens, row.reps, row.lastUsedAt, row.sentAsApproved, row.medianRetained]),
      ...assets.map((row) => ['asset', row.key, row.label, row.copies, row.inserts, row.sends, row.opens, row.reps, row.lastUsedAt, row.sentAsApproved, row.medianRetained]),
    ];
    // New columns go at the end: spreadsheets built on the first nine keep working.
    const csv = toCsv(['kind', 'id', 'title', 'copies', 'inserts', 'sends', 'opens', 'reps', 'last_used_at', 'sent_as_approved', 'median_retained'], rows);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `cuecard-usage-${dayInput(data.from)}-to-${dayInput(data.to)}${segment ? `-${segment}` : ''}.csv`;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
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
            <UsageTable data={data} kind="message" rows={messages} />
          </section>
          <section className="card">
            <UsageTable data={data} kind="asset" rows={assets} />
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
            <ul className="unused">
              {data.unused.messages
                .filter((item) => fitsSegment(data, 'message', item.id, segment))
                .map((item) => (
                  <li key={`m:${item.id}`} data-testid="unused-item" data-message-id={item.id}>
                    Message: {item.title ?? item.id}
                  </li>
                ))}
              {data.unused.assets
                .filter((item) => fitsSegment(data, 'asset', item.id, segment))
                .map((item) => (
                  <li key={`a:${item.id}`} data-testid="unused-item" data-asset-id={item.id}>
                    Asset: {item.title ?? item.id}
                    {item.kind ? ` (${item.kind})` : ''}
                  </li>
                ))}
            </ul>
          </section>
          <section className="card">
            <h2>What reps asked for and did not find</h2>
            {data.contentRequests.length === 0 && <p className="hint">No content requests in this period.</p>}
            {data.contentRequests
              .filter((group) => !segment || group.persona === segment || group.industry === segment)
              .map((group) => (
                <details key={group.segment} data-testid="content-request-group">
                  <summary>
                    {group.segment}: {group.count} request{group.count === 1 ? '' : 's'}
                  </summary>
                  <ul>
                    {group.requests.map((text, index) => (
                      <li key={index}>{text}</li>
                    ))}
                  </ul>
                </details>
              ))}
          </section>
        </>
      )}
    </main>
  );
}
