/**
 * People looked up on the hub (issue 17): kept in the same prospects and touches tables as the
 * synced territory, so every query (context, timeline, ranking, committee) reads them the same way,
 * with a mark in `lookups` saying they are outside the rep's scope and when the hub answered.
 *
 * - A mark lasts a day (LOOKUP_FRESH_MS); past it the sidebar asks the hub again, and the sync
 *   cleans marked rows older than that away (dropExpiredLookups).
 * - A prospect the sync or an import writes loses its mark: it is in scope now (sync-state.ts, write.ts).
 * - Views are recorded per prospect (noteViewed): the cache's budget trims the least recently viewed first.
 */
import Dexie from 'dexie';
import type { Prospect, Touch } from '../contract';
import type { CuecardDb } from './db';
import { toStoredProspect, toStoredTouch } from './rows';

/** How long a looked-up person is served from this browser before the hub is asked again. */
export const LOOKUP_FRESH_MS = 24 * 60 * 60 * 1000;
/** Views closer together than this are one view (no write per sidebar refresh). */
const VIEW_RESOLUTION_MS = 60_000;

const lowest = (prospectId: string) => [prospectId, -8.64e15, ''];
const highest = (prospectId: string) => [prospectId, 8.64e15, Dexie.maxKey];

/**
 * Deletes a prospect's touches (one index range), inside the caller's transaction. By key, not
 * Collection.delete(): that runs its deletes outside the transaction's zone, where the
 * touchSummaries middleware (touch-summaries.ts) cannot follow it.
 */
export async function deleteTouchesOf(db: CuecardDb, prospectId: string): Promise<number> {
  const ids = (await db.touches.where('[prospectId+at+id]').between(lowest(prospectId), highest(prospectId), true, true).primaryKeys()) as string[];
  if (ids.length > 0) await db.touches.bulkDelete(ids);
  return ids.length;
}

/**
 * Stores the hub's answer: the people (best match first) and the first one's touches, replacing any
 * earlier answer about them. A prospect the browser already holds in scope (synced or imported) is
 * left as it is: the sync keeps it current.
 */
export async function cacheLookup(db: CuecardDb, rows: { prospects: Prospect[]; touches: Touch[] }, now = Date.now()): Promise<string[]> {
  const cached: string[] = [];
  await db.transaction('rw', [db.prospects, db.touches, db.lookups], async () => {
    const ids = rows.prospects.map((prospect) => prospect.id);
    const [held, marks] = await Promise.all([db.prospects.bulkGet(ids), db.lookups.bulkGet(ids)]);
    const writable = rows.prospects.filter((_, i) => !held[i] || marks[i]);
    for (const prospect of writable) await deleteTouchesOf(db, prospect.id);
    const writableIds = new Set(writable.map((prospect) => prospect.id));
    await db.prospects.bulkPut(writable.map(toStoredProspect));
    await db.touches.bulkPut(rows.touches.filter((touch) => writableIds.has(touch.prospectId)).map(toStoredTouch));
    await db.lookups.bulkPut(writable.map((prospect) => ({ prospectId: prospect.id, at: now })));
    cached.push(...writableIds);
  });
  return cached;
}

/** When the hub answered about this prospect, if the browser holds them only because of a lookup. */
export async function lookupMark(db: CuecardDb, prospectId: string): Promise<number | undefined> {
  const row = await db.lookups.get(prospectId);
  return typeof row?.at === 'number' ? row.at : undefined;
}

/**
 * The mark goes when the prospect arrives in scope (inside the sync's or the import's transaction).
 * Marks are few (a day of lookups): their keys are read and only those present deleted, so a sync
 * page of 5,000 prospects costs one small key read, not 5,000 deletes.
 */
export async function clearLookupMarks(db: CuecardDb, prospectIds: readonly string[]): Promise<void> {
  if (prospectIds.length === 0) return;
  const marked = new Set((await db.lookups.toCollection().primaryKeys()) as string[]);
  if (marked.size === 0) return;
  const gone = prospectIds.filter((id) => marked.has(id));
  if (gone.length > 0) await db.lookups.bulkDelete(gone);
}

/** Looked-up people older than `before` (epoch ms) leave the browser with their touches. */
export async function dropExpiredLookups(db: CuecardDb, before: number): Promise<number> {
  const expired = (await db.lookups.where('at').below(before).toArray()).map((row) => row.prospectId);
  for (const prospectId of expired) await dropProspect(db, prospectId);
  return expired.length;
}

/** One prospect out of this browser, with their touches, mark and view (the hub still has them). */
export async function dropProspect(db: CuecardDb, prospectId: string): Promise<number> {
  let touches = 0;
  await db.transaction('rw', [db.prospects, db.touches, db.lookups, db.prospectViews], async () => {
    touches = await deleteTouchesOf(db, prospectId);
    await Promise.all([db.prospects.delete(prospectId), db.lookups.delete(prospectId), db.prospectViews.delete(prospectId)]);
  });
  return touches;
}

/** The sidebar showed this prospect now. */
export async function noteViewed(db: CuecardDb, prospectId: string, now = Date.now()): Promise<void> {
  const last = await db.prospectViews.get(prospectId);
  if (last && now - last.viewedAt < VIEW_RESOLUTION_MS) return;
  await db.prospectViews.put({ prospectId, viewedAt: now });
}
