/**
 * CSV imports through the one import pipeline: rows stream from the file through a preset into
 * the same ImportSink and the same ImportReport as JSON bundles.
 *
 * Invariants
 * - Memory is bounded by the chunk size, not the file: text is read in pieces, parsed with
 *   papaparse's incremental parser, mapped and written chunk by chunk. The only per-file state
 *   that grows is the duplicate-id set (8–16 bytes per distinct id, a 53-bit hash each).
 * - One chunk = one sink.write per collection = one transaction each, the people a chunk names
 *   first (prospects before the touches that point at them, as bundles do). Cancel (AbortSignal)
 *   is checked between chunks: a cancelled or failed import leaves whole chunks or nothing, and
 *   running it again is safe (ids are the export's own or deterministic, so rows are replaced).
 * - Rows of a touches export that name a person (email, name, ids) make that person known: a new
 *   prospect, or the stored one updated with what the row says. Those are `imported.prospects`.
 * - A vendor's report footer (preset.footer) is skipped as "report footer", not rejected.
 * - Nothing is written when the header lacks a required column or the file has one column.
 * - Row numbers (RowError.row) are spreadsheet row numbers: the header is row 1, the first data
 *   row is row 2, and a quoted cell spanning lines is still one row — what Excel or Sheets shows.
 */
import { rowSchemas, type CollectionName, type Prospect, type RowTypes } from '../../contract';
import type { ProspectLookup, ProspectResolver } from '../../match/prospects';
import { mergeKnownProspect, mergeNamedPerson, sameProspect } from '../people';
import { DEFAULT_CHUNK_SIZE, emptyImportReport, fatalReport, REPORT_FOOTER, type ImportProgress, type ImportReport, type ImportSink, type RowError } from '../bundle';
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
  /** Absent for a skipped row that still names a person. */
  row?: RowTypes[CollectionName];
  person?: ProspectLookup;
  /** Touches presets: the person the row names, as a prospect row. */
  prospect?: Prospect;
}

interface PersonInChunk {
  prospect: Prospect;
  /** The stored prospect it updates; absent for someone new. */
  known?: Prospect;
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
  const seenPeople = new HashSet53();
  const describedPeople = new HashSet53();
  const text = readText(source, options);
  let inFooter = false;
  let blanksBeforeFooter = 0;

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
    const known = options.resolveProspects ? await resolveBatch(batch, options.resolveProspects) : new Map<PendingRow, Prospect>();
    const byId = new Map<string, RowTypes[CollectionName]>();
    const people = new Map<string, PersonInChunk>();
    let fresh = 0;
    let repeated = 0;
    for (const item of batch) {
      const existing = known.get(item);
      let person: Prospect | undefined;
      // A person described exactly as by an earlier row of this file was handled then: a touches export
      // names the same people again and again, and each is checked and merged once, not per row.
      const description = item.prospect ? hash53(JSON.stringify(item.prospect)) : 0;
      if (item.prospect && !describedPeople.has(description)) {
        const parsed = rowSchemas.prospects.safeParse(item.prospect);
        if (parsed.success) {
          person = parsed.data;
          describedPeople.add(description);
        } else if (item.row) {
          const issue = parsed.error.issues[0]!;
          reject({ row: item.rowNumber, field: `person.${issue.path.join('.') || '(row)'}`, reason: issue.message });
          continue;
        }
        // A skipped row is already counted as skipped: a person it names that fails the contract is only left out.
      }
      if (item.row) {
        let candidate = item.row;
        if (existing && collection === 'touches') candidate = { ...(candidate as RowTypes['touches']), prospectId: existing.id };
        else if (existing && collection === 'prospects') candidate = mergeKnownProspect(existing, candidate as Prospect);
        const parsed = schema.safeParse(candidate);
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
      if (person) {
        // One row per person and chunk: several rows naming them merge, later rows over earlier ones.
        const id = existing?.id ?? person.id;
        const earlier = people.get(id);
        const base = earlier?.prospect ?? existing;
        people.set(id, { prospect: base ? mergeNamedPerson(base, person) : person, known: earlier ? earlier.known : existing });
      }
    }
    // A known person the rows say nothing new about is not rewritten (no change for every client to sync).
    const personRows = [...people.values()].filter(({ prospect, known: stored }) => !stored || !sameProspect(stored, prospect)).map(({ prospect }) => prospect);
    if (options.signal?.aborted) throw new CancelledImport();
    if (personRows.length > 0) await sink.write('prospects', personRows);
    if (byId.size > 0) await sink.write(collection, [...byId.values()]);
    // Counted once written, so a cancelled or failed run reports only what reached the store.
    for (const prospect of personRows) if (seenPeople.add(hash53(prospect.id))) report.imported.prospects++;
    report.imported[collection] += fresh;
    report.duplicates += repeated;
  };

  const skip = (reason: string, rows = 1) => {
    report.skipped += rows;
    const reasons = report.skippedReasons;
    if (reason in reasons || Object.keys(reasons).length < MAX_SKIP_REASONS) reasons[reason] = (reasons[reason] ?? 0) + rows;
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
    if (fields.length === 1) {
      const text = fields[0]!.trim();
      if (!text) {
        // A blank line is nothing, unless footer lines follow it (the end of the file is no footer line).
        if (preset.footer) blanksBeforeFooter++;
        return;
      }
      if (preset.footer && (inFooter || preset.footer.some((line) => line.test(text)))) {
        inFooter = true;
        skip(REPORT_FOOTER, 1 + blanksBeforeFooter);
        blanksBeforeFooter = 0;
        return;
      }
    }
    blanksBeforeFooter = 0;
    inFooter = false;
    if (problem) {
      reject({ row: rowNumber, field: '(row)', reason: problem });
      return;
    }
    reader.fields = fields;
    try {
      const result = preset.map(reader, context);
      if (result.kind === 'skip') {
        skip(result.reason);
        if (result.prospect) pending.push({ rowNumber, person: result.person, prospect: result.prospect });
        return;
      }
      pending.push({ rowNumber, row: result.row, person: result.person, prospect: result.prospect });
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

/** The stored prospect of each row that names a person, when the store knows them. */
async function resolveBatch(batch: readonly PendingRow[], resolve: ProspectResolver): Promise<Map<PendingRow, Prospect>> {
  const asking = batch.filter((item) => item.person);
  const known = new Map<PendingRow, Prospect>();
  if (asking.length === 0) return known;
  const found = await resolve(asking.map((item) => item.person!));
  asking.forEach((item, index) => {
    const existing = found[index];
    if (existing) known.set(item, existing);
  });
  return known;
}
