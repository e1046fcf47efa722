import { type CollectionCounts, type CollectionName, COLLECTIONS, type RowTypes } from '../contract';
import type { Table } from 'dexie';
import type { CuecardDb } from './db';
import { CURSOR_KEY, IMPORT_JOURNAL_KEY } from './meta-keys';
import { toStoredRows } from './rows';

/** Work that commits or fails with the chunk itself (the import journal's row count). */
export interface ChunkCompanion {
  tables: Table[];
  run(written: number): Promise<void>;
}

/** One chunk, one transaction: an interrupted import leaves whole chunks, never half of one. */
export async function writeChunk<C extends CollectionName>(
  db: CuecardDb,
  collection: C,
  rows: RowTypes[C][],
  companion?: ChunkCompanion,
): Promise<number> {
  const stored = toStoredRows(collection, rows);
  const table = db.table(collection);
  await db.transaction('rw', [table, ...(companion?.tables ?? [])], async () => {
    await table.bulkPut(stored);
    await companion?.run(stored.length);
  });
  return stored.length;
}

export async function countRows(db: CuecardDb): Promise<CollectionCounts> {
  const counts = await Promise.all(COLLECTIONS.map((name) => db.table(name).count()));
  return Object.fromEntries(COLLECTIONS.map((name, i) => [name, counts[i]!])) as CollectionCounts;
}

/**
 * Deletes the cached workspace, the sync cursor and the import journal (a warning that rows of a
 * stopped import are kept would be wrong after this). The outbox and the recent sends stay: they
 * are the rep's work not yet delivered, not a cache.
 */
export async function wipeWorkspace(db: CuecardDb): Promise<CollectionCounts> {
  await db.transaction('rw', [db.prospects, db.touches, db.messages, db.assets, db.meta], async () => {
    await Promise.all([db.prospects.clear(), db.touches.clear(), db.messages.clear(), db.assets.clear(), db.meta.delete(CURSOR_KEY), db.meta.delete(IMPORT_JOURNAL_KEY)]);
  });
  return countRows(db);
}
