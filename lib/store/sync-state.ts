/**
 * What a hub sync writes: whole pages with the cursor after them, in one transaction, so a sync
 * killed at any point resumes from the cursor without loss or duplicates (DESIGN.md, hub protocol).
 */
import type { CollectionName } from '../contract';
import type { CuecardDb } from './db';
import { clearLookupMarks } from './lookups';
import { CURSOR_KEY, CURSOR_USER_KEY } from './meta-keys';

export async function readCursor(db: CuecardDb): Promise<number> {
  const row = await db.meta.get(CURSOR_KEY);
  return typeof row?.value === 'number' ? row.value : 0;
}

/** A different hub is a different change log: its cursor means nothing here. */
export async function forgetCursor(db: CuecardDb): Promise<void> {
  await db.meta.bulkDelete([CURSOR_KEY, CURSOR_USER_KEY]);
}

/**
 * Whose feed the cursor is a position in (issue 17: each hub user has their own). Undefined for a
 * cursor stored before feeds were per user.
 */
export async function readCursorUser(db: CuecardDb): Promise<string | undefined> {
  const row = await db.meta.get(CURSOR_USER_KEY);
  return typeof row?.value === 'string' ? row.value : undefined;
}

export async function writeCursorUser(db: CuecardDb, user: string): Promise<void> {
  await db.meta.put({ key: CURSOR_USER_KEY, value: user });
}

/**
 * Deletes, puts (already stored-row shaped) and the new cursor, in one transaction. Writes nothing
 * and answers false when another sync moved the cursor away from `requestedCursor` meanwhile.
 */
export async function writeSyncPage(
  db: CuecardDb,
  requestedCursor: number,
  page: { puts: ReadonlyMap<CollectionName, unknown[]>; deletes: ReadonlyMap<CollectionName, string[]>; cursor: number },
): Promise<boolean> {
  let written = false;
  await db.transaction('rw', [db.prospects, db.touches, db.messages, db.assets, db.meta, db.lookups], async () => {
    if ((await readCursor(db)) !== requestedCursor) return;
    const work: Promise<unknown>[] = [];
    for (const [collection, ids] of page.deletes) work.push(db.table(collection).bulkDelete(ids));
    for (const [collection, stored] of page.puts) work.push(db.table(collection).bulkPut(stored));
    // A prospect the feed sends is in the rep's scope (or leaves it): no longer a looked-up one.
    const prospectIds = [...(page.deletes.get('prospects') ?? []), ...((page.puts.get('prospects') ?? []) as { id: string }[]).map((row) => row.id)];
    work.push(clearLookupMarks(db, prospectIds));
    work.push(db.meta.put({ key: CURSOR_KEY, value: page.cursor }));
    await Promise.all(work);
    written = true;
  });
  return written;
}
