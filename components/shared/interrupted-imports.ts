/**
 * Imports that stopped without finishing (the browser or the page closed mid-import), for the
 * options page's and the popup's warning. An import lives in the options page that runs it and
 * holds a Web Lock named IMPORT_LOCK_PREFIX + its journal id while it runs; the background's
 * journal (`import:journal`) says which imports started and how far they got.
 */
import type { ImportJournalEntry } from '../../lib/contract';
import { request } from '../../lib/messaging/client';
import { retryWhenBackgroundGone } from '../../lib/messaging/retry';

export const IMPORT_LOCK_PREFIX = 'cuecard-import:';

/**
 * Unfinished entries that no live page is running. `running` holds the ids whose page still holds
 * its lock; when the page cannot tell (no Web Locks), an entry quiet for `quietMs` counts as stopped.
 */
export function interruptedImports(
  entries: readonly ImportJournalEntry[],
  running: ReadonlySet<string> | undefined,
  now = Date.now(),
  quietMs = 120_000,
): ImportJournalEntry[] {
  return entries
    .filter((entry) => entry.status === 'running')
    .filter((entry) => (running ? !running.has(entry.id) : now - entry.updatedAt > quietMs))
    .sort((a, b) => b.startedAt - a.startedAt);
}

const formatCount = (n: number) => n.toLocaleString('en');

function formatStarted(at: number, now: number, timeZone?: string): string {
  const time = new Date(at).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone });
  const day = (t: number) => new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone });
  return day(at) === day(now) ? time : `${day(at)}, ${time}`;
}

/** The warning the rep reads; plain text (rendered as text, never as markup). */
export function describeInterruptedImport(entry: ImportJournalEntry, now = Date.now(), timeZone?: string): string {
  const started = formatStarted(entry.startedAt, now, timeZone);
  const rows = formatCount(entry.rowsWritten);
  const kept =
    entry.rowsWritten > 0
      ? `The ${rows} ${entry.rowsWritten === 1 ? 'row is' : 'rows are'} kept; import the same file again to finish — rows already imported are updated, not doubled.`
      : 'Nothing from it was written; import the file again.';
  return `The import of ‘${entry.fileName}’ (started ${started}) stopped after ${rows} of its rows, when the browser or the page closed or Cuecard restarted. ${kept}`;
}

/** Ids of imports some live page of ours is running now; undefined when the browser cannot say. */
async function runningImportIds(): Promise<Set<string> | undefined> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks?.query) return undefined;
  try {
    const snapshot = await locks.query();
    const names = [...(snapshot.held ?? []), ...(snapshot.pending ?? [])].map((lock) => lock.name ?? '');
    return new Set(names.filter((name) => name.startsWith(IMPORT_LOCK_PREFIX)).map((name) => name.slice(IMPORT_LOCK_PREFIX.length)));
  } catch {
    return undefined;
  }
}

/** Imports that stopped without finishing (browser or page closed), newest first. */
export async function loadInterruptedImports(): Promise<ImportJournalEntry[]> {
  const [entries, running] = await Promise.all([retryWhenBackgroundGone(() => request({ type: 'import:journal' })), runningImportIds()]);
  return interruptedImports(entries, running);
}

export async function dismissInterruptedImport(journalId: string): Promise<void> {
  await retryWhenBackgroundGone(() => request({ type: 'import:journal-finish', journalId, outcome: 'dismissed' }));
}
