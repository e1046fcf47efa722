/** Runs the import pipeline in an extension page, writing each chunk through the background. */
import type { CollectionName, RowTypes } from '../contract';
import { request } from '../messaging/client';
import { importBundleText, type ImportOptions, type ImportReport, type ImportSink } from '../store/import-bundle';

export const backgroundSink: ImportSink = {
  async write<C extends CollectionName>(collection: C, rows: RowTypes[C][]) {
    await request({ type: 'import:chunk', collection, rows } as never);
  },
};

export async function importFile(file: File, options: ImportOptions): Promise<ImportReport> {
  const text = await file.text();
  return importBundleText(text, backgroundSink, options);
}
