/**
 * The leads report as marketing reads it, shown by the extension's dashboard and the hub's console
 * alike: the leads marketing handed over in the period, how fast their owners followed up, and
 * what reps said of them, by campaign, source, rep or feedback. "Webinar X: 40 handed over,
 * 12 good fit, 9 bad timing" reads off one row. Each app loads `GET /v1/reports/leads` its own way
 * (the background for the extension, the session for the console) and hands the answer here.
 * Words: lib/contract/leads.ts.
 */
import type { ReactNode } from 'react';
import { LEADS_NONE_KEY, type LeadReason, type LeadsGroupBy, type LeadsReportRow } from '../../lib/contract';
import { LEAD_REASON_LABELS } from './lead-reasons';

export const LEADS_GROUPS: { id: LeadsGroupBy; label: string; column: string }[] = [
  { id: 'campaign', label: 'Campaign', column: 'Campaign (source or first campaign)' },
  { id: 'source', label: 'Source', column: 'Lead source' },
  { id: 'rep', label: 'Rep', column: 'Rep (lead owner)' },
  { id: 'reason', label: 'Feedback', column: 'Rep feedback' },
];

function groupName(row: LeadsReportRow, groupBy: LeadsGroupBy): string {
  if (row.key === LEADS_NONE_KEY) return groupBy === 'reason' ? 'No feedback yet' : groupBy === 'rep' ? 'No owner' : 'Unknown';
  if (groupBy === 'reason') return LEAD_REASON_LABELS[row.key as LeadReason] ?? row.key;
  if (groupBy === 'rep') return row.label ? `${row.label} (${row.key})` : `${row.key} (no hub user)`;
  return row.key;
}

/** "12 good fit, 9 bad timing, 6 not the decision maker": most said first. */
export function feedbackWords(row: LeadsReportRow): string {
  const said = (Object.entries(row.feedback) as [LeadReason, number][]).filter(([, count]) => count > 0).sort((a, b) => b[1] - a[1]);
  return said.length === 0 ? '—' : said.map(([reason, count]) => `${count} ${LEAD_REASON_LABELS[reason].toLowerCase()}`).join(', ');
}

const hours = (value: number | null) => (value === null ? '—' : value < 48 ? `${value.toFixed(1)} h` : `${(value / 24).toFixed(1)} days`);
const share = (part: number, whole: number) => (whole === 0 ? '' : ` (${Math.round((part / whole) * 100)} %)`);

function Row({ row, name, total }: { row: LeadsReportRow; name: string; total?: boolean }) {
  const Cell = total ? 'th' : 'td';
  return (
    <tr data-testid={total ? 'leads-total' : 'leads-row'} data-key={row.key}>
      <th scope="row">{name}</th>
      <Cell data-testid="handed-over">{row.handedOver}</Cell>
      <Cell data-testid="within-1-day">
        {row.within1Day}
        {share(row.within1Day, row.handedOver)}
      </Cell>
      <Cell data-testid="within-3-days">
        {row.within3Days}
        {share(row.within3Days, row.handedOver)}
      </Cell>
      <Cell data-testid="never">
        {row.never}
        {share(row.never, row.handedOver)}
      </Cell>
      <Cell data-testid="median-hours">{hours(row.medianHoursToFollowUp)}</Cell>
      <Cell data-testid="feedback">{feedbackWords(row)}</Cell>
    </tr>
  );
}

export interface LeadsReportBody {
  /** The grouping these rows are in (the select may already ask for the next one). */
  groupBy: LeadsGroupBy;
  rows: LeadsReportRow[];
  totals?: LeadsReportRow;
}

/**
 * The report's card. `report` is what the hub answered for `groupBy` (undefined while it loads, or
 * when the app has no report to show: `notice` then says why).
 */
export function LeadsReportCard({
  groupBy,
  onGroupBy,
  report,
  error,
  notice,
  loading,
}: {
  groupBy: LeadsGroupBy;
  onGroupBy(groupBy: LeadsGroupBy): void;
  report?: LeadsReportBody;
  error?: string;
  notice?: ReactNode;
  loading?: boolean;
}) {
  return (
    <section className="card" aria-labelledby="leads-title" data-testid="leads-report" aria-busy={loading}>
      <h2 id="leads-title">Leads marketing handed to sales</h2>
      {error && (
        <p role="alert" className="status error">
          {error}
        </p>
      )}
      {notice}
      {report && (
        <>
          <p className="hint">
            Handed over: leads whose handover (MQL date) is in the period. Followed up: the lead owner’s first action in Cuecard after it (the sidebar opened on them, a copy, an insert, a send, feedback). Feedback: each lead’s latest word from a rep.
          </p>
          <label className="group-by">
            Group by{' '}
            <select data-testid="leads-group-by" value={groupBy} onChange={(event) => onGroupBy(event.target.value as LeadsGroupBy)}>
              {LEADS_GROUPS.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
          <table className="usage leads">
            <thead>
              <tr>
                <th scope="col">{LEADS_GROUPS.find((g) => g.id === report.groupBy)!.column}</th>
                <th scope="col">Handed over</th>
                <th scope="col">Followed up within 1 day</th>
                <th scope="col">Within 3 days</th>
                <th scope="col">Never</th>
                <th scope="col">Median time to follow-up</th>
                <th scope="col">What reps said</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.length === 0 && (
                <tr>
                  <td colSpan={7} className="empty">
                    No leads handed over in this period.
                  </td>
                </tr>
              )}
              {report.rows.map((row) => (
                <Row key={row.key} row={row} name={groupName(row, report.groupBy)} />
              ))}
            </tbody>
            {report.totals && report.rows.length > 1 && (
              <tfoot>
                <Row row={report.totals} name="All leads" total />
              </tfoot>
            )}
          </table>
        </>
      )}
    </section>
  );
}
