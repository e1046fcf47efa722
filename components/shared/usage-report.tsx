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
          <th scope="col" title="Inserted into the email being written: the closest to sent an extension can see">
            Sends
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
            <td colSpan={8} className="empty">
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
  const line = (kind: UsageKind, row: UsageReportRow) => [kind, row.key, row.label, row.copies, row.inserts, row.sends, row.opens, row.reps, row.lastUsedAt];
  return toCsv(['kind', 'id', 'title', 'copies', 'inserts', 'sends', 'opens', 'reps', 'last_used_at'], [
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
