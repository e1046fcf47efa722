import type { CollectionName, CollectionCounts, RowTypes } from '../contract';
import { COLLECTIONS } from '../contract';
import type { CuecardDb } from './db';
import { toStoredRows } from './rows';

/** One chunk, one transaction: an interrupted import leaves whole chunks, never half of one. */
export async function writeChunk<C extends CollectionName>(
  db: CuecardDb,
  collection: C,
  rows: RowTypes[C][],
): Promise<number> {
  const stored = toStoredRows(collection, rows);
  const table = db.table(collection);
  await db.transaction('rw', table, () => table.bulkPut(stored));
  return stored.length;
}

export async function countRows(db: CuecardDb): Promise<CollectionCounts> {
  const counts = await Promise.all(COLLECTIONS.map((name) => db.table(name).count()));
  return Object.fromEntries(COLLECTIONS.map((name, i) => [name, counts[i]!])) as CollectionCounts;
}
