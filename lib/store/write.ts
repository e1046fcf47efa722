import { type CollectionCounts, type CollectionName, COLLECTIONS, type Prospect, type RowTypes } from '../contract';
import type { Table } from 'dexie';
import { adoptableProspectIds } from '../match/prospects';
import type { CuecardDb } from './db';
import { clearLookupMarks } from './lookups';
import { CURSOR_KEY, CURSOR_USER_KEY, IMPORT_JOURNAL_KEY } from './meta-keys';
import { toStoredRows } from './rows';

/** Work that commits or fails with the chunk itself (the import journal's row count). */
export interface ChunkCompanion {
  tables: Table[];
  run(written: number): Promise<void>;
}

interface Adoption {
  from: string;
  to: string;
}

/** Touches filed under a lead id before its prospect was known (lib/match/prospects.ts), and who takes them. */
function adoptionsOf(prospects: readonly Prospect[]): Adoption[] {
  return prospects.flatMap((prospect) => adoptableProspectIds(prospect).map((from) => ({ from, to: prospect.id })));
}

/**
 * One chunk, one transaction: an interrupted import leaves whole chunks, never half of one.
 * Prospects that carry a marketing platform's lead id take over, in the same transaction, the
 * touches imported earlier under that lead id alone (Marketo activities before their lead).
 */
export async function writeChunk<C extends CollectionName>(
  db: CuecardDb,
  collection: C,
  rows: RowTypes[C][],
  companion?: ChunkCompanion,
): Promise<number> {
  const stored = toStoredRows(collection, rows);
  const table = db.table(collection);
  const adoptions = collection === 'prospects' ? adoptionsOf(rows as Prospect[]) : [];
  const prospectIds = collection === 'prospects' ? (rows as Prospect[]).map((row) => row.id) : [];
  const tables = [table, ...(adoptions.length > 0 ? [db.touches] : []), ...(prospectIds.length > 0 ? [db.lookups] : []), ...(companion?.tables ?? [])];
  await db.transaction('rw', tables, async () => {
    await table.bulkPut(stored);
    // Imported people are the rep's own workspace, not a lookup.
    await clearLookupMarks(db, prospectIds);
    // The [prospectId+type] index bounds each lead's touches; a workspace without lead ids asks nothing.
    await Promise.all(
      adoptions.map(({ from, to }) => db.touches.where('[prospectId+type]').between([from, ''], [from, '\uffff']).modify({ prospectId: to })),
    );
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
  await db.transaction('rw', [db.prospects, db.touches, db.messages, db.assets, db.meta, db.lookups, db.prospectViews], async () => {
    await Promise.all([
      db.prospects.clear(),
      db.touches.clear(),
      db.messages.clear(),
      db.assets.clear(),
      db.lookups.clear(),
      db.prospectViews.clear(),
      db.meta.bulkDelete([CURSOR_KEY, CURSOR_USER_KEY, IMPORT_JOURNAL_KEY]),
    ]);
  });
  return countRows(db);
}
