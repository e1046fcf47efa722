/**
 * Runs the import pipelines in an extension page, writing each chunk through the background.
 * A chunk whose background went away (worker stopped mid-reply) is sent again: chunks are puts by
 * id and the journal counts each chunk sequence once, so a re-sent chunk changes nothing twice.
 * Each file import is journaled (lib/store/import-journal.ts) and holds a Web Lock while it runs,
 * so another page can tell an import that stopped from one still running elsewhere.
 */
import type { CollectionName, ImportOutcome, RowTypes } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { retryWhenBackgroundGone, type RetryOptions } from '../../lib/messaging/retry';
import { importCsv, type CsvImportOptions, type CsvImportReport } from '../../lib/import/csv/import';
import type { CsvPreset } from '../../lib/import/presets/preset';
import type { ProspectLookup } from '../../lib/match/prospects';
import { importBundleText, type ImportOptions, type ImportReport, type ImportSink } from '../../lib/import/bundle';
import { IMPORT_LOCK_PREFIX } from '../shared/interrupted-imports';

/** Retries of the current import, for the page and for diagnostics. */
export interface ResilienceOptions {
  onRetry?: RetryOptions['onRetry'];
  signal?: AbortSignal;
}

export function makeBackgroundSink(journalId?: string, resilience: ResilienceOptions = {}): ImportSink {
  let seq = 0;
  return {
    async write<C extends CollectionName>(collection: C, rows: RowTypes[C][]) {
      seq += 1;
      const journal = journalId ? { id: journalId, seq } : undefined;
      await retryWhenBackgroundGone(() => request({ type: 'import:chunk', collection, rows, journal } as never), {
        onRetry: resilience.onRetry,
        signal: resilience.signal,
      });
    },
  };
}

/** Without a journal (the demo workspace): still resilient to a restarted worker. */
export const backgroundSink: ImportSink = makeBackgroundSink();

function outcomeOf(report: ImportReport): ImportOutcome {
  if (report.cancelled) return 'cancelled';
  return report.fatal ? 'failed' : 'done';
}

/** Holds `cuecard-import:<id>` for as long as `run` runs; released by the browser if the page dies. */
async function holdingLock<T>(id: string, run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks?.request) return run();
  return locks.request(`${IMPORT_LOCK_PREFIX}${id}`, run) as Promise<T>;
}

async function journaled<R extends ImportReport>(file: File, resilience: ResilienceOptions, run: (sink: ImportSink) => Promise<R>): Promise<R> {
  const journalId = crypto.randomUUID();
  return holdingLock(journalId, async () => {
    await retryWhenBackgroundGone(() => request({ type: 'import:journal-start', journalId, fileName: file.name.slice(0, 260) || 'file', fileSize: file.size }), {
      signal: resilience.signal,
    });
    const finish = (outcome: ImportOutcome) =>
      retryWhenBackgroundGone(() => request({ type: 'import:journal-finish', journalId, outcome })).catch(() => null);
    let report: R;
    try {
      report = await run(makeBackgroundSink(journalId, resilience));
    } catch (error) {
      await finish('failed');
      throw error;
    }
    await finish(outcomeOf(report));
    return report;
  });
}

export async function importJsonFile(file: File, options: ImportOptions, resilience: ResilienceOptions = {}): Promise<ImportReport> {
  const text = await file.text();
  return journaled(file, { signal: options.signal, ...resilience }, (sink) => importBundleText(text, sink, options));
}

async function resolveInBackground(lookups: readonly ProspectLookup[]) {
  const found = await retryWhenBackgroundGone(() => request({ type: 'import:resolve', lookups: [...lookups] }));
  return found.map((prospect) => prospect ?? undefined);
}

export async function importCsvFile(
  file: File,
  preset: CsvPreset,
  options: Omit<CsvImportOptions, 'resolveProspects'>,
  resilience: ResilienceOptions = {},
): Promise<CsvImportReport> {
  return journaled(file, { signal: options.signal, ...resilience }, (sink) => importCsv(file, preset, sink, { ...options, resolveProspects: resolveInBackground }));
}

export function isCsvFile(file: File): boolean {
  return /\.(csv|tsv|txt)$/i.test(file.name) || file.type === 'text/csv';
}

