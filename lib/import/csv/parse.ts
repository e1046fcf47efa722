/**
 * The shape of a CSV file: its delimiter and line ending (sniffed from the start), its rows
 * (parsed piece by piece with papaparse's incremental parser), and whether its header can be
 * imported with a preset at all.
 */
import Papa from 'papaparse';
import { matchColumns, missingColumns } from '../presets/columns';
import type { CsvPreset } from '../presets/preset';

/** How much of the file the delimiter sniffing and the inspection read. */
export const SNIFF_CHARS = 64 * 1024;
const GUESSED_DELIMITERS = [',', ';', '\t', '|'];

export interface ParseSettings {
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
}

export interface ParsedPiece {
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
export function sniff(text: string, forced?: string): ParseSettings {
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
export function parsePiece(text: string, settings: ParseSettings, final: boolean): ParsedPiece {
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

/** Why a header row cannot be imported with `preset` (empty, one column, required columns missing), in words. */
export function headerProblem(header: readonly string[], preset: CsvPreset): string | undefined {
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

