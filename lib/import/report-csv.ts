/**
 * The row-level import report as CSV text, for the "download report" link. Values that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR at the start) are prefixed with an
 * apostrophe: reasons quote cells from the imported file, which may be hostile.
 */
import type { ImportReport } from './bundle';

const HEADER = ['row', 'collection', 'field', 'reason'];

function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function line(values: readonly (string | number)[]): string {
  return values.map(cell).join(',');
}

/**
 * One line per reported row error, then lines for the file-level problem, the rows not listed
 * (when more were rejected than kept), duplicates and skipped rows. CRLF line ends, as RFC 4180
 * and Excel expect; a UTF-8 BOM so Excel reads accents right.
 */
export function reportToCsv(report: ImportReport): string {
  const lines = [line(HEADER)];
  if (report.fatal) lines.push(line(['', '', '(file)', report.fatal]));
  for (const error of report.errors) lines.push(line([error.row, error.collection, error.field, error.reason]));
  const unlisted = report.rejected - report.errors.length;
  if (unlisted > 0) lines.push(line(['', '', '(more)', `${unlisted} more rejected rows are not listed`]));
  if (report.duplicates) lines.push(line(['', '', '(duplicates)', `${report.duplicates} rows repeated an earlier id; the last one was kept`]));
  for (const [reason, count] of Object.entries(report.skippedReasons ?? {})) {
    lines.push(line(['', '', '(skipped)', `${count} rows skipped: ${reason}`]));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** `cuecard-import-report-<file name without extension>.csv`, safe for any file system. */
export function reportFileName(importedFileName: string): string {
  const base = importedFileName.replace(/\.[^.]*$/, '').replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 80) || 'file';
  return `cuecard-import-report-${base}.csv`;
}
