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
import Papa from 'papaparse';
import { rowSchemas, type CollectionName, type Prospect, type RowTypes } from '../../contract';
import { crmKey, emailKeys } from '../../match/keys';
import type { CuecardDb, StoredProspect } from '../db';
import {
  fatalReport,
  DEFAULT_CHUNK_SIZE,
  type ImportProgress,
  type ImportReport,
  type ImportSink,
  type RowError,
} from '../import-bundle';
import {
  detectPreset,
  hash53,
  matchColumns,
  missingColumns,
  parseCsvDate,
  RowProblem,
  type CsvPreset,
  type CsvRowReader,
  type DateOrder,
  type PresetDetection,
  type ProspectLookup,
} from './presets';

export type CsvSource = File | Blob | string | ReadableStream<Uint8Array | string>;

/**
 * Finds prospects already in the store for a batch of people (CRM id first, then email, plus-tag
 * tolerant), in input order. Lets a vendor export attach touches to existing prospects and update
 * them in place (CSV values over stored ones) instead of creating `p-<hash>` twins.
 */
export type ProspectResolver = (lookups: readonly ProspectLookup[]) => Promise<readonly (Prospect | undefined)[]>;

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
const READ_PIECE_CHARS = 1 << 20;
const SNIFF_CHARS = 64 * 1024;
const GUESSED_DELIMITERS = [',', ';', '\t', '|'];
const MAX_SKIP_REASONS = 50;

// ---------------------------------------------------------------------------------------------
// Reading text in pieces

interface TextPieces {
  pieces: AsyncGenerator<string>;
  bytesRead(): number;
  totalBytes: number;
}

function readText(source: CsvSource, options: CsvImportOptions): TextPieces {
  let bytes = 0;
  if (typeof source === 'string') {
    const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
    return {
      totalBytes: text.length,
      bytesRead: () => bytes,
      pieces: (async function* () {
        for (let start = 0; start < text.length; start += READ_PIECE_CHARS) {
          const piece = text.slice(start, start + READ_PIECE_CHARS);
          bytes += piece.length;
          yield piece;
        }
      })(),
    };
  }
  const stream = source instanceof Blob ? (source.stream() as ReadableStream<Uint8Array>) : source;
  const totalBytes = source instanceof Blob ? source.size : (options.totalBytes ?? 0);
  return {
    totalBytes,
    bytesRead: () => bytes,
    pieces: (async function* () {
      const decoder = new TextDecoder(options.encoding ?? 'utf-8');
      const reader = stream.getReader();
      let first = true;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          let text: string;
          if (typeof value === 'string') {
            bytes += value.length;
            text = value;
          } else {
            bytes += value.byteLength;
            text = decoder.decode(value, { stream: true });
          }
          if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          if (text) first = false;
          if (text) yield text;
        }
        const rest = decoder.decode();
        if (rest) yield rest;
      } finally {
        // Stops the underlying file/network read when the import ends early (cancel, fatal error).
        await reader.cancel().catch(() => undefined);
      }
    })(),
  };
}

// ---------------------------------------------------------------------------------------------
// Incremental parsing

interface ParseSettings {
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
}

interface ParsedPiece {
  rows: string[][];
  /** Index into rows of rows papaparse flagged (bad quotes), with its message. */
  problems: Map<number, string>;
  rest: string;
}

/**
 * The delimiter the header row uses most, outside quotes. Headers are the reliable sample: data
 * rows of our own CSVs carry `;`-separated lists, which can outvote the commas in papaparse's guess.
 */
function headerDelimiter(text: string): string | undefined {
  const counts = new Map<string, number>();
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && GUESSED_DELIMITERS.includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  return ranked[0] && (ranked.length === 1 || ranked[0][1] > ranked[1]![1]) ? ranked[0][0] : undefined;
}

/** Delimiter (forced, else from the header, else papaparse's guess) and line ending, from the start of the file. */
function sniff(text: string, forced?: string): ParseSettings {
  const preview = Papa.parse<string[]>(text, {
    preview: 20,
    delimiter: forced ?? headerDelimiter(text) ?? '',
    delimitersToGuess: GUESSED_DELIMITERS,
  });
  const linebreak = preview.meta.linebreak;
  return {
    delimiter: preview.meta.delimiter || ',',
    newline: linebreak === '\r\n' || linebreak === '\r' ? linebreak : '\n',
  };
}

/** Parses the complete rows of `text`; the unfinished last row (maybe mid-quote) comes back as `rest`. */
function parsePiece(text: string, settings: ParseSettings, final: boolean): ParsedPiece {
  const parser = new Papa.Parser({ delimiter: settings.delimiter, newline: settings.newline, quoteChar: '"' });
  const result = parser.parse(text, 0, !final) as Papa.ParseResult<string[]>;
  const problems = new Map<number, string>();
  for (const error of result.errors) {
    if (error.row === undefined) continue;
    problems.set(
      error.row,
      error.code === 'MissingQuotes'
        ? 'a quoted value is never closed: the rest of the file was read into this row'
        : `malformed quotes (${error.message})`,
    );
  }
  return { rows: result.data, problems, rest: final ? '' : text.slice(result.meta.cursor) };
}

// ---------------------------------------------------------------------------------------------
// Duplicate ids: an open-addressing set of 53-bit hashes in one Float64Array

class HashSet53 {
  private slots = new Float64Array(1 << 12);
  private count = 0;

  /** Adds the hash; false when it was already there. */
  add(hash: number): boolean {
    const key = hash === 0 ? 1 : hash;
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    return this.insert(this.slots, key);
  }

  private insert(slots: Float64Array, key: number): boolean {
    const mask = slots.length - 1;
    for (let index = (key >>> 0) & mask; ; index = (index + 1) & mask) {
      const slot = slots[index]!;
      if (slot === key) return false;
      if (slot === 0) {
        slots[index] = key;
        if (slots === this.slots) this.count++;
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    const next = new Float64Array(old.length * 2);
    for (const key of old) if (key !== 0) this.insert(next, key);
    this.slots = next;
  }
}

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
    imported: { prospects: 0, touches: 0, messages: 0, assets: 0 },
    rejected: 0,
    errors: [],
    presetId: preset.id,
    collection: preset.collection,
    rowsRead: 0,
    duplicates: 0,
    skipped: 0,
    skippedReasons: {},
  };
}

function headerProblem(header: readonly string[], preset: CsvPreset): string | undefined {
  if (header.length === 0 || header.every((name) => !name.trim())) return 'The file is empty: no header row was found. Nothing was imported.';
  if (header.length === 1) {
    return `Only one column was found ("${header[0]!.slice(0, 80)}"): the columns must be separated by commas, semicolons or tabs. Save the file as CSV and try again. Nothing was imported.`;
  }
  const missing = missingColumns(preset, matchColumns(preset, header));
  if (missing.length > 0) {
    const found = header.filter((name) => name.trim()).slice(0, 12).map((name) => `"${name.slice(0, 40)}"`).join(', ');
    return `This file is missing required columns for "${preset.label}": ${missing.join(', ')}. Columns found: ${found}. Nothing was imported.`;
  }
  return undefined;
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

// ---------------------------------------------------------------------------------------------
// Looking at a file before importing it

export interface CsvInspection {
  header: string[];
  delimiter: string;
  detection: PresetDetection;
  /** From the sampled rows of the best preset's date columns: which orders their dates allow. */
  dates: { us: number; eu: number; ambiguous: number; suggested: DateOrder };
  /** Set when the file cannot be imported with any preset (empty, one column). */
  fatal?: string;
}

/**
 * Reads the first 64 KB: delimiter, header, preset detection and a date-order suggestion, for the
 * confirm step. Takes File/Blob/string only (a stream would be consumed).
 */
export async function inspectCsv(source: File | Blob | string, options: { delimiter?: string; sampleChars?: number } = {}): Promise<CsvInspection> {
  const size = options.sampleChars ?? SNIFF_CHARS;
  let sample = typeof source === 'string' ? source.slice(0, size) : await source.slice(0, size).text();
  if (sample.charCodeAt(0) === 0xfeff) sample = sample.slice(1);
  const complete = typeof source === 'string' ? source.length <= size : source.size <= size;
  const settings = sniff(sample, options.delimiter);
  const { rows } = parsePiece(sample, settings, complete);
  const header = (rows[0] ?? []).map((name) => name.trim());
  const detection = detectPreset(header);
  const dates = { us: 0, eu: 0, ambiguous: 0, suggested: 'auto' as DateOrder };
  const best = detection.best?.preset;
  if (best) {
    const columns = matchColumns(best, header);
    for (const row of rows.slice(1)) {
      for (const field of best.dateFields) {
        const index = columns.get(field);
        const value = index === undefined ? undefined : row[index]?.trim();
        if (!value) continue;
        const parsed = parseCsvDate(value, 'auto');
        if (!parsed.ok && parsed.ambiguous) dates.ambiguous++;
        else if (parsed.ok && parsed.order === 'us') dates.us++;
        else if (parsed.ok && parsed.order === 'eu') dates.eu++;
      }
    }
    // One unambiguous date settles the order for the file; exports use one locale throughout.
    if (dates.us > 0 && dates.eu === 0) dates.suggested = 'us';
    else if (dates.eu > 0 && dates.us === 0) dates.suggested = 'eu';
  }
  let fatal: string | undefined;
  if (header.length === 0 || header.every((name) => !name)) fatal = 'The file is empty: no header row was found.';
  else if (header.length === 1) fatal = headerProblem(header, best ?? detection.alternatives[0]!.preset);
  return { header, delimiter: settings.delimiter, detection, dates, ...(fatal ? { fatal } : {}) };
}

// ---------------------------------------------------------------------------------------------
// The store side of ProspectResolver (background / tests)

function contractProspect(stored: StoredProspect): Prospect {
  const { emailKeys: _emailKeys, crmKeys: _crmKeys, domainKey: _domainKey, companyKey: _companyKey, ...prospect } = stored;
  return prospect;
}

/** Resolves people against the Dexie store with indexed lookups only (crmKeys, emailKeys). */
export async function resolveProspectsInDb(db: CuecardDb, lookups: readonly ProspectLookup[]): Promise<(Prospect | undefined)[]> {
  const crmWanted = lookups.flatMap((lookup) => (lookup.crm ? [crmKey(lookup.crm.system, lookup.crm.recordId)] : []));
  const emailWanted = lookups.flatMap((lookup) => (lookup.email ? emailKeys(lookup.email) : []));
  const [byCrm, byEmail] = await Promise.all([
    crmWanted.length > 0 ? db.prospects.where('crmKeys').anyOf([...new Set(crmWanted)]).toArray() : [],
    emailWanted.length > 0 ? db.prospects.where('emailKeys').anyOf([...new Set(emailWanted)]).toArray() : [],
  ]);
  return matchProspects(lookups, [...byCrm, ...byEmail]);
}

/**
 * The matching rule of every ProspectResolver (extension store and hub): CRM id first, then the
 * email, plus-tag tolerant; among several candidates for one key, the first found wins. Callers
 * fetch candidates however their store indexes them; a superset is fine.
 */
export function matchProspects(lookups: readonly ProspectLookup[], candidates: readonly StoredProspect[]): (Prospect | undefined)[] {
  const crmIndex = new Map<string, StoredProspect>();
  const emailIndex = new Map<string, StoredProspect>();
  for (const prospect of candidates) {
    for (const key of prospect.crmKeys) if (!crmIndex.has(key)) crmIndex.set(key, prospect);
    for (const key of prospect.emailKeys) if (!emailIndex.has(key)) emailIndex.set(key, prospect);
  }
  return lookups.map((lookup) => {
    const viaCrm = lookup.crm ? crmIndex.get(crmKey(lookup.crm.system, lookup.crm.recordId)) : undefined;
    const viaEmail = lookup.email ? emailKeys(lookup.email).map((key) => emailIndex.get(key)).find(Boolean) : undefined;
    const found = viaCrm ?? viaEmail;
    return found ? contractProspect(found) : undefined;
  });
}
