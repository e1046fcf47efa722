/**
 * Cursor sync from the hub (`GET /v1/sync`). Invariants:
 * - Each page's rows and the cursor after it are written in ONE Dexie transaction (cursor in
 *   `meta`), so a service worker killed at any point resumes at a page boundary: nothing lost,
 *   nothing applied twice (and applying twice would be harmless anyway: upserts by id).
 * - The transaction checks that the stored cursor is still the one the page was asked for; if a
 *   concurrent sync got there first the page is dropped, so an old copy of a row can never
 *   overwrite a newer one.
 * - A row that fails the contract is skipped and reported; the cursor still advances past it.
 * - A hub answering with a cursor (or a change) behind ours is refused: it was probably restored
 *   from an old backup, and applying it would silently mix two histories.
 * - Deletes remove the row. A deleted prospect's touches are kept as the hub keeps them (the hub
 *   sends touch tombstones of its own when it deletes touches): touches are only ever reached
 *   through their prospect, so orphans are invisible, and a prospect re-created with the same id
 *   gets its history back. The client mirrors the hub; it does not invent cascades.
 * - Throughput: pages of 5,000 (the hub's maximum), one bulkPut per table per page, and the next
 *   page is fetched, parsed, validated and converted while the current one is written.
 */
import { readCursor, writeSyncPage } from '../store/sync-state';
import { COLLECTION_OF_KIND, rowSchemas, syncKind, type CollectionName, type SkippedRow, type SyncChange, type SyncResponse } from '../contract';
import type { CuecardDb } from '../store/db';
import { toStoredRows } from '../store/rows';
import type { HubClient } from './hub-client';

export const SYNC_PAGE_LIMIT = 5_000;
export const MAX_SKIPPED_EXAMPLES = 20;

export interface PageResult {
  upserted: number;
  deleted: number;
  skipped: SkippedRow[];
  /** false when a concurrent sync had already moved the cursor: nothing was written. */
  written: boolean;
}

export interface SyncOutcome {
  pages: number;
  upserted: number;
  deleted: number;
  skippedCount: number;
  skipped: SkippedRow[];
  cursor: number;
}

export class SyncRefusedError extends Error {
  readonly code = 'cursor_backwards';
  constructor(message: string) {
    super(message);
    this.name = 'SyncRefusedError';
  }
}

function refuseIfBackwards(requested: number, page: SyncResponse): void {
  const firstBehind = page.changes.find((change) => change.seq <= requested);
  if (page.cursor < requested || firstBehind) {
    const theirs = firstBehind ? firstBehind.seq : page.cursor;
    throw new SyncRefusedError(
      `The hub sent changes older than this browser already has (hub at ${theirs}, this browser at ${requested}). ` +
        'It may have been restored from an older backup or replaced. Cuecard stopped syncing so nothing is overwritten with older data: ask your admin, then use "Wipe local data" to start over from the hub.',
    );
  }
}

interface PreparedPage {
  puts: Map<CollectionName, unknown[]>;
  deletes: Map<CollectionName, string[]>;
  skipped: SkippedRow[];
}

/** Validation and stored-row conversion, outside the transaction (IndexedDB transactions must not idle on CPU work). */
function preparePage(changes: SyncChange[]): PreparedPage {
  // The last change per (kind, id) wins; the hub's compact log has one per page anyway.
  const latest = new Map<string, SyncChange>();
  for (const change of [...changes].sort((a, b) => a.seq - b.seq)) latest.set(`${change.kind}\u0000${change.id}`, change);
  const rows = new Map<CollectionName, unknown[]>();
  const deletes = new Map<CollectionName, string[]>();
  const skipped: SkippedRow[] = [];
  for (const change of latest.values()) {
    const known = syncKind.safeParse(change.kind);
    if (!known.success) {
      skipped.push({ seq: change.seq, kind: change.kind, id: change.id, reason: `unknown kind "${change.kind.slice(0, 40)}"` });
      continue;
    }
    const collection = COLLECTION_OF_KIND[known.data];
    if (change.op === 'delete') {
      (deletes.get(collection) ?? deletes.set(collection, []).get(collection)!).push(change.id);
      continue;
    }
    const parsed = rowSchemas[collection].safeParse(change.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      skipped.push({ seq: change.seq, kind: change.kind, id: change.id, reason: issue ? `${issue.path.join('.') || 'row'}: ${issue.message}` : 'invalid row' });
      continue;
    }
    if (parsed.data.id !== change.id) {
      skipped.push({ seq: change.seq, kind: change.kind, id: change.id, reason: `row id "${parsed.data.id}" differs from the change's id` });
      continue;
    }
    (rows.get(collection) ?? rows.set(collection, []).get(collection)!).push(parsed.data);
  }
  const puts = new Map<CollectionName, unknown[]>();
  for (const [collection, list] of rows) puts.set(collection, toStoredRows(collection, list as never[]));
  return { puts, deletes, skipped };
}

/** Writes one page and the cursor after it, in one transaction. */
export async function applySyncPage(db: CuecardDb, requestedCursor: number, page: SyncResponse): Promise<PageResult> {
  refuseIfBackwards(requestedCursor, page);
  return writePreparedPage(db, requestedCursor, { ...preparePage(page.changes), cursor: page.cursor });
}

async function writePreparedPage(db: CuecardDb, requestedCursor: number, prepared: PreparedPage & { cursor: number }): Promise<PageResult> {
  const { puts, deletes, skipped, cursor } = prepared;
  const written = await writeSyncPage(db, requestedCursor, { puts, deletes, cursor });
  let upserted = 0;
  for (const list of puts.values()) upserted += list.length;
  let deleted = 0;
  for (const ids of deletes.values()) deleted += ids.length;
  return written ? { upserted, deleted, skipped, written } : { upserted: 0, deleted: 0, skipped: [], written };
}

export interface SyncOptions {
  limit?: number;
  /** Called after each written page (progress, tests that "kill" the worker between pages). */
  onPage?: (result: PageResult, cursor: number) => void | Promise<void>;
}

/** A fetched page, validated and converted while the previous page is still being written. */
interface FetchedPage {
  page: SyncResponse;
  prepared: PreparedPage & { cursor: number };
}

function fetchPage(client: Pick<HubClient, 'sync'>, cursor: number, limit: number): Promise<FetchedPage> {
  return client.sync(cursor, limit).then((page) => ({ page, prepared: { ...preparePage(page.changes), cursor: page.cursor } }));
}

export async function runSync(db: CuecardDb, client: Pick<HubClient, 'sync'>, options: SyncOptions = {}): Promise<SyncOutcome> {
  const limit = options.limit ?? SYNC_PAGE_LIMIT;
  let cursor = await readCursor(db);
  const outcome: SyncOutcome = { pages: 0, upserted: 0, deleted: 0, skippedCount: 0, skipped: [], cursor };
  let next = fetchPage(client, cursor, limit);
  for (;;) {
    const { page, prepared } = await next;
    refuseIfBackwards(cursor, page);
    if (page.hasMore && page.cursor === cursor) throw new SyncRefusedError('The hub said more changes follow but sent none; sync stopped to avoid a loop.');
    if (page.hasMore) {
      // The next page is fetched, parsed and validated while this one is written: IndexedDB
      // writes in the browser process, so the worker's own CPU work is off the critical path.
      // Nothing of it is written before this page has committed and onPage has returned.
      next = fetchPage(client, page.cursor, limit);
      // Awaited on the next turn; without this an error there while we write would be "unhandled".
      next.catch(() => undefined);
    }
    const result = await writePreparedPage(db, cursor, prepared);
    if (!result.written) break;
    outcome.pages += 1;
    outcome.upserted += result.upserted;
    outcome.deleted += result.deleted;
    outcome.skippedCount += result.skipped.length;
    for (const row of result.skipped) if (outcome.skipped.length < MAX_SKIPPED_EXAMPLES) outcome.skipped.push(row);
    cursor = page.cursor;
    outcome.cursor = cursor;
    await options.onPage?.(result, cursor);
    if (!page.hasMore) break;
  }
  return outcome;
}
