import type { ImportReportResponse } from '../../lib/contract';

/** How many rejected rows an import report lists on screen; the downloadable row report has them all. */
const SHOWN_ROWS = 200;

/**
 * The rejected rows of an import report, as the options page and the console show them after an
 * import (the report lists the first errors; `rejected` is the total).
 */
export function RejectedRowsTable({ report }: { report: Pick<ImportReportResponse, 'errors' | 'rejected'> }) {
  return (
    <table className="errors">
      <caption>{report.errors.length < report.rejected ? `First ${report.errors.length} of ${report.rejected} rejected rows` : `${report.rejected} rejected rows`}</caption>
      <thead>
        <tr>
          <th scope="col">Collection</th>
          <th scope="col">Row</th>
          <th scope="col">Field</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {report.errors.slice(0, SHOWN_ROWS).map((error) => (
          <tr key={`${error.collection}-${error.row}-${error.field}`}>
            <td>{error.collection}</td>
            <td>{error.row}</td>
            <td>{error.field}</td>
            <td>{error.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
