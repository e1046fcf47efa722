/** Looking at a CSV before importing it: delimiter, header, detected preset and date order. */
import { parseCsvDate, type DateOrder } from '../dates';
import { matchColumns } from '../presets/columns';
import { detectPreset, type PresetDetection } from '../presets/detect';
import { headerProblem, parsePiece, sniff, SNIFF_CHARS } from './parse';
import { withoutNul } from './read-text';

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
  sample = withoutNul(sample);
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
