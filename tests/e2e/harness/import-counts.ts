/** Row counts for the fault tests: what a file must leave in the store, and what the store and the import status line say. */
import { readFileSync } from 'node:fs';
import type { CollectionCounts, CollectionName } from '../../../lib/contract';
import { importBundle } from '../../../lib/import/bundle';
import { sendFromPage, type EvaluatingPage } from './extension-messages';

/** What the store must hold after importing `file` into an empty profile: distinct valid ids per collection. */
export async function expectedCounts(file: string): Promise<{ counts: CollectionCounts; total: number }> {
  const ids: Record<CollectionName, Set<string>> = { prospects: new Set(), touches: new Set(), messages: new Set(), assets: new Set() };
  await importBundle(JSON.parse(readFileSync(file, 'utf8')), {
    write: async (collection, rows) => {
      for (const row of rows) ids[collection].add(row.id);
    },
  });
  const counts = Object.fromEntries(Object.entries(ids).map(([name, set]) => [name, set.size])) as CollectionCounts;
  return { counts, total: totalRows(counts) };
}

export const totalRows = (counts: CollectionCounts) => Object.values(counts).reduce((a, b) => a + b, 0);

/** The counts in the options page's final `import-status` line. */
export function statusCounts(status: string): CollectionCounts {
  const [prospects, touches, messages, assets] = status.match(/prospects (\d+), touches (\d+), messages (\d+), assets (\d+)/)!.slice(1).map(Number);
  return { prospects: prospects!, touches: touches!, messages: messages!, assets: assets! };
}

/** The background's `store:counts`, asked from one of our extension pages. */
export function storeCounts(page: EvaluatingPage): Promise<CollectionCounts> {
  return sendFromPage<CollectionCounts>(page, { type: 'store:counts' });
}

/** The wording of the options page's `import-interrupted` warning; group 1 is the rows written. */
export const INTERRUPTED_WARNING =
  /^The import of ‘workspace\.json’ \(started \d\d:\d\d\) stopped after ([\d,]+) of its rows, when the browser or the page closed or Cuecard restarted\. The [\d,]+ rows are kept; import the same file again to finish — rows already imported are updated, not doubled\.$/;

export const parseCount = (digits: string) => Number(digits.replace(/,/g, ''));
