import type { ImportReportResponse } from '../../lib/contract';

/** How many rejected rows an import report lists on screen; the downloadable row report has them all. */
const SHOWN_ROWS = 200;

/**
 * The rejected rows of an import report, as the options page and the console show them after an
 * import (the report lists the first errors; `rejected` is the total).
 */
function RejectedRowsTable({ report }: { report: Pick<ImportReportResponse, 'errors' | 'rejected'> }) {
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

/**
 * What an import with rejected rows or a fatal error leaves on screen: the rejected rows, and the
 * full row report to download (the caller writes the CSV: lib/import is not the shared folder's).
 */
export function RowReport({ report, onDownload }: { report: Pick<ImportReportResponse, 'errors' | 'rejected'>; onDownload(): void }) {
  return (
    <>
      {report.errors.length > 0 && <RejectedRowsTable report={report} />}
      <button type="button" className="secondary" data-testid="import-report" onClick={onDownload}>
        Download the row report (CSV)
      </button>
    </>
  );
}
