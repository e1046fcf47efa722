/**
 * The one import pipeline for cuecard/v1 bundles: validate row by row, hand whole chunks to a
 * sink (the background's Dexie store, the hub's change log, a test store). Bad rows are reported
 * and skipped; good rows always import. The report types here are the CSV pipeline's too.
 */
import {
  BUNDLE_FORMAT,
  type CollectionName,
  type RowTypes,
  rowSchemas,
} from '../contract';

export interface ImportSink {
  write<C extends CollectionName>(collection: C, rows: RowTypes[C][]): Promise<void>;
}

export interface RowError {
  collection: CollectionName;
  /**
   * Bundles: zero-based position in the file's array for that collection. CSV: the spreadsheet row
   * number (header = row 1, first data row = row 2; a quoted multi-line cell is one row).
   */
  row: number;
  field: string;
  reason: string;
}

export interface ImportProgress {
  collection: CollectionName;
  done: number;
  total: number;
}

export interface ImportReport {
  imported: Record<CollectionName, number>;
  rejected: number;
  /** The first row errors (MAX_REPORTED_ERRORS for bundles, CSV_MAX_REPORTED_ERRORS for CSV); `rejected` is the total. */
  errors: RowError[];
  /** CSV: rows whose id repeated an earlier row's (the last one was kept). */
  duplicates?: number;
  /** CSV: rows deliberately not imported (vendor events that are not marketing touches, report footers). */
  skipped?: number;
  /** CSV: the skipped rows by reason. */
  skippedReasons?: Record<string, number>;
  /** Set when the file could not be read at all; nothing was written. */
  fatal?: string;
  cancelled?: boolean;
}

export const MAX_REPORTED_ERRORS = 20;
/** The skip reason of a vendor's report footer lines (CSV presets with a `footer`). */
export const REPORT_FOOTER = 'report footer';
export const DEFAULT_CHUNK_SIZE = 2_000;

/** Parents before children, so a sidebar opened mid-import finds prospects before their touches. */
const IMPORT_ORDER: CollectionName[] = ['prospects', 'messages', 'assets', 'touches'];

export interface ImportOptions {
  chunkSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

/** A report of nothing imported yet: the start of every import, and the base of a fatal one. */
export function emptyImportReport(): ImportReport {
  return { imported: { prospects: 0, touches: 0, messages: 0, assets: 0 }, rejected: 0, errors: [] };
}

export function fatalReport(message: string): ImportReport {
  return { ...emptyImportReport(), fatal: message };
}

/** Reads the file text; a file that is not JSON or not a cuecard/v1 bundle is a fatal report. */
export async function importBundleText(text: string, sink: ImportSink, options: ImportOptions = {}): Promise<ImportReport> {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    return fatalReport(`This file is not valid JSON (${(error as Error).message}). Nothing was imported.`);
  }
  return importBundle(value, sink, options);
}

export async function importBundle(value: unknown, sink: ImportSink, options: ImportOptions = {}): Promise<ImportReport> {
  const header = checkHeader(value);
  if (typeof header === 'string') return fatalReport(header);
  const report = emptyImportReport();
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  for (const collection of IMPORT_ORDER) {
    const rows = header[collection];
    if (!rows) continue;
    const schema = rowSchemas[collection];
    let chunk: RowTypes[typeof collection][] = [];
    const flush = async (done: number) => {
      if (chunk.length > 0) {
        await sink.write(collection, chunk);
        report.imported[collection] += chunk.length;
        chunk = [];
      }
      options.onProgress?.({ collection, done, total: rows.length });
    };
    for (let index = 0; index < rows.length; index++) {
      if (options.signal?.aborted) return { ...report, cancelled: true };
      const parsed = schema.safeParse(rows[index]);
      if (parsed.success) {
        chunk.push(parsed.data as RowTypes[typeof collection]);
      } else {
        report.rejected++;
        if (report.errors.length < MAX_REPORTED_ERRORS) {
          const issue = parsed.error.issues[0]!;
          report.errors.push({
            collection,
            row: index,
            field: issue.path.length > 0 ? issue.path.join('.') : '(row)',
            reason: issue.message,
          });
        }
      }
      if (chunk.length >= chunkSize) await flush(index + 1);
    }
    await flush(rows.length);
  }
  return report;
}

type Header = Partial<Record<CollectionName, unknown[]>>;

function checkHeader(value: unknown): Header | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'This file is not a Cuecard workspace: expected a JSON object with "format": "cuecard/v1".';
  }
  const record = value as Record<string, unknown>;
  if (record.format !== BUNDLE_FORMAT) {
    const found = typeof record.format === 'string' ? `"${record.format.slice(0, 40)}"` : 'missing';
    return `This file is not a Cuecard workspace: format is ${found}, expected "${BUNDLE_FORMAT}".`;
  }
  const header: Header = {};
  for (const collection of IMPORT_ORDER) {
    const rows = record[collection];
    if (rows === undefined) continue;
    if (!Array.isArray(rows)) return `"${collection}" must be a list of rows. Nothing was imported.`;
    header[collection] = rows;
  }
  return header;
}

/** One line for the options page; ends with digits as DESIGN.md requires of `import-status`. */
export function summarizeReport(report: ImportReport): string {
  if (report.fatal) return `${report.fatal} Rejected rows: 0`;
  const counts = `prospects ${report.imported.prospects}, touches ${report.imported.touches}, messages ${report.imported.messages}, assets ${report.imported.assets}`;
  const head = report.cancelled ? 'Import cancelled after' : 'Imported';
  const footer = report.skippedReasons?.[REPORT_FOOTER] ?? 0;
  const notTouches = (report.skipped ?? 0) - footer;
  const notes = [
    report.duplicates ? `${report.duplicates} duplicate ids, last row kept` : '',
    notTouches ? `${notTouches} rows skipped as not marketing touches` : '',
    footer ? `${footer} report footer lines skipped` : '',
  ].filter(Boolean);
  return `${head} ${counts}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}. Rejected rows: ${report.rejected}`;
}
