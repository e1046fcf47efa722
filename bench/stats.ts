/** Percentiles by nearest rank: with 20 samples, p95 is the 19th smallest. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export const median = (values: readonly number[]) => percentile(values, 50);

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** e.g. "≤ 20" or "≥ 0.5"; empty when the row only informs. */
  budget?: string;
  pass?: boolean;
  note?: string;
}

export function formatTable(rows: readonly BenchRow[]): string {
  const cells = rows.map((row) => [
    row.metric,
    formatNumber(row.value),
    row.unit,
    row.budget ?? '',
    row.pass === undefined ? '' : row.pass ? 'ok' : 'OVER',
    row.note ?? '',
  ]);
  const header = ['metric', 'value', 'unit', 'budget', '', 'note'];
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => cell[column]!.length)));
  const line = (cell: string[]) => `| ${cell.map((text, column) => text.padEnd(widths[column]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...cells.map(line)].join('\n');
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en');
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
