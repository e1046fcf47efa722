/** Runs the import pipelines in an extension page, writing each chunk through the background. */
import type { CollectionName, RowTypes } from '../contract';
import { request } from '../messaging/client';
import { importCsv, type CsvImportOptions, type CsvImportReport } from '../store/csv/import-csv';
import type { CsvPreset, ProspectLookup } from '../store/csv/presets';
import { importBundleText, type ImportOptions, type ImportReport, type ImportSink } from '../store/import-bundle';

export const backgroundSink: ImportSink = {
  async write<C extends CollectionName>(collection: C, rows: RowTypes[C][]) {
    await request({ type: 'import:chunk', collection, rows } as never);
  },
};

export async function importJsonFile(file: File, options: ImportOptions): Promise<ImportReport> {
  const text = await file.text();
  return importBundleText(text, backgroundSink, options);
}

async function resolveInBackground(lookups: readonly ProspectLookup[]) {
  const found = await request({ type: 'import:resolve', lookups: [...lookups] });
  return found.map((prospect) => prospect ?? undefined);
}

export async function importCsvFile(file: File, preset: CsvPreset, options: Omit<CsvImportOptions, 'resolveProspects'>): Promise<CsvImportReport> {
  return importCsv(file, preset, backgroundSink, { ...options, resolveProspects: resolveInBackground });
}

export function isCsvFile(file: File): boolean {
  return /\.(csv|tsv|txt)$/i.test(file.name) || file.type === 'text/csv';
}
