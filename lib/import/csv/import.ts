/**
 * CSV imports through the one import pipeline: rows stream from the file through a preset into
 * the same ImportSink and the same ImportReport as JSON bundles.
 *
 * Invariants
 * - Memory is bounded by the chunk size, not the file: text is read in pieces, parsed with
 *   papaparse's incremental parser, mapped and written chunk by chunk. The only per-file state
 *   that grows is the duplicate-id set (8–16 bytes per distinct id, a 53-bit hash each).
 * - One chunk = one sink.write = one transaction. Cancel (AbortSignal) is checked between chunks:
 *   a cancelled or failed import leaves whole chunks or nothing, and running it again is safe
 *   (ids are the export's own or deterministic, so rows are replaced, not doubled).
 * - Nothing is written when the header lacks a required column or the file has one column.
 * - Row numbers (RowError.row) are spreadsheet row numbers: the header is row 1, the first data
 *   row is row 2, and a quoted cell spanning lines is still one row — what Excel or Sheets shows.
 */
import { rowSchemas, type CollectionName, type Prospect, type RowTypes } from '../../contract';
import type { ProspectLookup, ProspectResolver } from '../../match/prospects';
import { DEFAULT_CHUNK_SIZE, emptyImportReport, fatalReport, type ImportProgress, type ImportReport, type ImportSink, type RowError } from '../bundle';
import type { DateOrder } from '../dates';
import { hash53 } from '../ids';
import { matchColumns } from '../presets/columns';
import { RowProblem, type CsvPreset, type CsvRowReader } from '../presets/preset';
import { headerProblem, parsePiece, sniff, SNIFF_CHARS, type ParsedPiece, type ParseSettings } from './parse';
import { readText, type CsvSource } from './read-text';
import { HashSet53 } from './seen-ids';

export type { CsvSource } from './read-text';

export interface CsvImportProgress extends ImportProgress {
  /** For CSV, done/total count bytes (row totals are unknown until the end); total is 0 when unknown. */
  done: number;
  total: number;
  rowsRead: number;
}

export interface CsvImportOptions {
  /** Rows per sink.write (one transaction). */
  chunkSize?: number;
  onProgress?: (progress: CsvImportProgress) => void;
  signal?: AbortSignal;
  /** How to read 03/04/2026. 'auto' rejects such rows as ambiguous (inspectCsv suggests an order). */
  dateOrder?: DateOrder;
  /** Forces the delimiter; by default papaparse guesses among `,` `;` tab and `|`. */
  delimiter?: string;
  /** Text encoding of byte sources (TextDecoder label). Default utf-8; a UTF-8 BOM is dropped. */
  encoding?: string;
  /** Size of a ReadableStream when known, for progress. */
  totalBytes?: number;
  resolveProspects?: ProspectResolver;
  /** Row errors kept in the report (all are counted). Default CSV_MAX_REPORTED_ERRORS. */
  maxReportedErrors?: number;
}

export interface CsvImportReport extends ImportReport {
  presetId: string;
  collection: CollectionName;
  /** Data rows read (header excluded, blank rows included). */
  rowsRead: number;
  /** Rows whose id repeated an earlier row's: the last one is kept. */
  duplicates: number;
  /** Rows read and deliberately not imported (delivery events, "Sent" members…), counted by reason. */
  skipped: number;
  skippedReasons: Record<string, number>;
  delimiter?: string;
}

/** Enough for the downloadable report to be useful, small enough to hold in a page. */
export const CSV_MAX_REPORTED_ERRORS = 5_000;
const MAX_SKIP_REASONS = 50;

// ---------------------------------------------------------------------------------------------
// The import

interface PendingRow {
  rowNumber: number;
  row: RowTypes[CollectionName];
  person?: ProspectLookup;
}

class CancelledImport extends Error {}

function rowReader(header: readonly string[], columns: ReadonlyMap<string, number>): CsvRowReader & { fields: string[] } {
  const reader = {
    fields: [] as string[],
    get(field: string): string | undefined {
      const index = columns.get(field);
      if (index === undefined) return undefined;
      const value = reader.fields[index]?.trim();
      return value ? value : undefined;
    },
    column(field: string): string {
      const index = columns.get(field);
      return index === undefined ? field : (header[index] ?? field);
    },
  };
  return reader;
}

function emptyCsvReport(preset: CsvPreset): CsvImportReport {
  return {
    ...emptyImportReport(),
    presetId: preset.id,
    collection: preset.collection,
    rowsRead: 0,
    duplicates: 0,
    skipped: 0,
    skippedReasons: {},
  };
}

/**
 * Streams a CSV through `preset` into `sink`. Never throws for bad input: problems come back in
 * the report (`fatal` for the file, `errors` for rows); a failing sink ends the import with
 * `fatal`, keeping the chunks already written.
 */
export async function importCsv(
  source: CsvSource,
  preset: CsvPreset,
  sink: ImportSink,
  options: CsvImportOptions = {},
): Promise<CsvImportReport> {
  const report = emptyCsvReport(preset);
  const chunkSize = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK_SIZE);
  const maxErrors = options.maxReportedErrors ?? CSV_MAX_REPORTED_ERRORS;
  const context = { dateOrder: options.dateOrder ?? 'auto' };
  const collection = preset.collection;
  const schema = rowSchemas[collection];
  const seenIds = new HashSet53();
  const text = readText(source, options);

  let settings: ParseSettings | undefined;
  let reader: ReturnType<typeof rowReader> | undefined;
  let rowNumber = 0;
  let pending: PendingRow[] = [];

  const reject = (error: Omit<RowError, 'collection'>) => {
    report.rejected++;
    if (report.errors.length < maxErrors) report.errors.push({ collection, ...error });
  };
  const progress = () =>
    options.onProgress?.({ collection, done: text.bytesRead(), total: text.totalBytes, rowsRead: report.rowsRead });

  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    if (options.resolveProspects && batch.some((item) => item.person)) await resolveBatch(batch, collection, options.resolveProspects);
    const byId = new Map<string, RowTypes[CollectionName]>();
    let fresh = 0;
    let repeated = 0;
    for (const item of batch) {
      const parsed = schema.safeParse(item.row);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        reject({ row: item.rowNumber, field: issue.path.length > 0 ? issue.path.join('.') : '(row)', reason: issue.message });
        continue;
      }
      const row = parsed.data as RowTypes[CollectionName];
      if (seenIds.add(hash53(row.id))) fresh++;
      else repeated++;
      byId.delete(row.id); // last wins, and sits where the last one was
      byId.set(row.id, row);
    }
    if (options.signal?.aborted) throw new CancelledImport();
    if (byId.size > 0) await sink.write(collection, [...byId.values()]);
    // Counted once written, so a cancelled or failed run reports only what reached the store.
    report.imported[collection] += fresh;
    report.duplicates += repeated;
  };

  const takeRow = (fields: string[], problem: string | undefined): void => {
    rowNumber++;
    if (!reader) {
      const header = fields.map((name) => name.trim());
      const fatal = headerProblem(header, preset);
      if (fatal) throw new FatalImport(fatal);
      reader = rowReader(header, matchColumns(preset, header));
      return;
    }
    report.rowsRead++;
    if (fields.length === 1 && !fields[0]!.trim()) return; // blank line
    if (problem) {
      reject({ row: rowNumber, field: '(row)', reason: problem });
      return;
    }
    reader.fields = fields;
    try {
      const result = preset.map(reader, context);
      if (result.kind === 'skip') {
        report.skipped++;
        const reasons = report.skippedReasons;
        if (result.reason in reasons || Object.keys(reasons).length < MAX_SKIP_REASONS) reasons[result.reason] = (reasons[result.reason] ?? 0) + 1;
        return;
      }
      pending.push({ rowNumber, row: result.row, person: result.person });
    } catch (error) {
      if (!(error instanceof RowProblem)) throw error;
      reject({ row: rowNumber, field: error.field, reason: error.reason });
    }
  };

  const takePiece = async (piece: ParsedPiece) => {
    for (let index = 0; index < piece.rows.length; index++) {
      takeRow(piece.rows[index]!, piece.problems.get(index));
      if (pending.length >= chunkSize) {
        await flush();
        progress();
      }
    }
  };

  try {
    let unparsed = '';
    for await (const piece of text.pieces) {
      if (options.signal?.aborted) throw new CancelledImport();
      unparsed += piece;
      if (!settings) {
        if (unparsed.length < SNIFF_CHARS) continue;
        settings = sniff(unparsed, options.delimiter);
      }
      const parsed = parsePiece(unparsed, settings, false);
      unparsed = parsed.rest;
      await takePiece(parsed);
      progress();
    }
    if (options.signal?.aborted) throw new CancelledImport();
    settings ??= sniff(unparsed, options.delimiter);
    report.delimiter = settings.delimiter;
    await takePiece(parsePiece(unparsed, settings, true));
    if (!reader) return { ...report, ...fatalReport('The file is empty: no header row was found. Nothing was imported.') };
    await flush();
    progress();
    return report;
  } catch (error) {
    report.delimiter = settings?.delimiter;
    if (error instanceof CancelledImport) return { ...report, cancelled: true };
    if (error instanceof FatalImport) return { ...report, fatal: error.message };
    const written = Object.values(report.imported).reduce((sum, count) => sum + count, 0);
    return {
      ...report,
      fatal: `The import stopped at row ${rowNumber} (${(error as Error).message || String(error)}). ${written} rows written before it stay; run the import again to finish.`,
    };
  }
}

class FatalImport extends Error {}

/** Swaps derived prospect ids for the ids of prospects already stored; merges prospect rows into them. */
async function resolveBatch(batch: PendingRow[], collection: CollectionName, resolve: ProspectResolver): Promise<void> {
  const asking = batch.filter((item) => item.person);
  const found = await resolve(asking.map((item) => item.person!));
  asking.forEach((item, index) => {
    const existing = found[index];
    if (!existing) return;
    if (collection === 'touches') {
      (item.row as RowTypes['touches']).prospectId = existing.id;
    } else if (collection === 'prospects') {
      const incoming = item.row as Prospect;
      const crmIds = existing.crmIds || incoming.crmIds ? { ...existing.crmIds, ...incoming.crmIds } : undefined;
      item.row = { ...existing, ...incoming, id: existing.id, ...(crmIds ? { crmIds } : {}) };
    }
  });
}
