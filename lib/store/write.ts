import { type CollectionCounts, type CollectionName, COLLECTIONS, type RowTypes } from '../contract';
import type { Table } from 'dexie';
import type { CuecardDb } from './db';
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
