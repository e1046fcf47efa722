/**
 * The usage report as marketing reads it, shown by the extension's dashboard and the hub's console
 * alike: each app loads the hub's `GET /v1/reports/usage` its own way (the background for the
 * extension, the session for the console) and hands the rows here.
 */
import type { UsageReportResponse, UsageReportRow } from '../../lib/contract';
import { Sparkline } from './charts';
import { toCsv } from './csv-export';

export type UsageKind = 'message' | 'asset';

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

function SentHeaders() {
  return (
    <>
      <th scope="col" title={SENDS_TITLE}>
        Sends
      </th>
      <th scope="col" title={APPROVED_TITLE}>
        Sent as approved
      </th>
      <th scope="col" title={MEDIAN_TITLE}>
        Median kept
      </th>
    </>
  );
}

/**
 * One table per kind. `trends` (`<kind>:<id>` → use per week, aligned with `weeks`) draws the
 * sparkline column; without it (still loading, or not asked for) the column says so.
 */
export function UsageTable({ kind, rows, weeks, trends }: { kind: UsageKind; rows: UsageReportRow[]; weeks: string[]; trends?: Record<string, number[]> }) {
  return (
    <table className="usage">
      <caption>{kind === 'message' ? 'Messages' : 'Assets'}</caption>
      <thead>
        <tr>
          <th scope="col">{kind === 'message' ? 'Message' : 'Asset'}</th>
          <th scope="col">Copies</th>
          <th scope="col">Inserts</th>
          <SentHeaders />
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
            <td>{trends ? <Sparkline values={trends[`${kind}:${row.key}`] ?? weeks.map(() => 0)} label={`${row.label ?? row.key} use`} /> : <span className="empty">…</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Per rep: what they sent, and how much of the approved text they kept. */
export function RepTable({ rows }: { rows: UsageReportRow[] }) {
  return (
    <table className="usage">
      <caption>Sent by rep</caption>
      <thead>
        <tr>
          <th scope="col">Rep</th>
          <th scope="col">Inserts</th>
          <SentHeaders />
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

/** Approved content nobody used in the period. */
export function UnusedList({ unused }: { unused: UsageReportResponse['unused'] }) {
  return (
    <ul className="unused">
      {unused.messages.map((item) => (
        <li key={`m:${item.id}`} data-testid="unused-item" data-message-id={item.id}>
          Message: {item.title ?? item.id}
        </li>
      ))}
      {unused.assets.map((item) => (
        <li key={`a:${item.id}`} data-testid="unused-item" data-asset-id={item.id}>
          Asset: {item.title ?? item.id}
          {item.kind ? ` (${item.kind})` : ''}
        </li>
      ))}
    </ul>
  );
}

/**
 * Reps' "missing something?" requests, by the segment they were looking at. `noneInPeriod` says
 * there were none at all (a segment filter that hides every group says nothing).
 */
export function ContentRequests({ groups, noneInPeriod }: { groups: UsageReportResponse['contentRequests']; noneInPeriod: boolean }) {
  return (
    <>
      {noneInPeriod && <p className="hint">No content requests in this period.</p>}
      {groups.map((group) => (
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
    </>
  );
}

/** The export both apps offer: one line per message and asset row shown. */
export function usageCsv(messages: UsageReportRow[], assets: UsageReportRow[]): string {
  const line = (kind: UsageKind, row: UsageReportRow) => [kind, row.key, row.label, row.copies, row.inserts, row.sends, row.opens, row.reps, row.lastUsedAt, row.sentAsApproved, row.medianRetained];
  // New columns go at the end: spreadsheets built on the first nine keep working.
  return toCsv(['kind', 'id', 'title', 'copies', 'inserts', 'sends', 'opens', 'reps', 'last_used_at', 'sent_as_approved', 'median_retained'], [
    ...messages.map((row) => line('message', row)),
    ...assets.map((row) => line('asset', row)),
  ]);
}

export function downloadCsv(fileName: string, csv: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
