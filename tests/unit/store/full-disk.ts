/**
 * A full disk for Dexie tests: a DBCore middleware that, while `full`, refuses adds/puts unless
 * deletes made room. Used wherever a quota error must be met the way a browser raises it.
 */
import type { DBCoreMutateRequest, DBCoreMutateResponse } from 'dexie';
import type { CuecardDb } from '../../../lib/store/db';
import { freshDb } from './test-db';

export const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
/** How Dexie reports it: an AbortError whose `inner` is the quota error. */
export const dexieQuotaError = () => Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quotaError() });

/** Puts `wrap` under every table's writes (Dexie's DBCore, below every table API our code uses). */
export function interceptWrites(
  db: CuecardDb,
  name: string,
  wrap: (table: string, request: DBCoreMutateRequest, write: (request: DBCoreMutateRequest) => Promise<DBCoreMutateResponse>) => Promise<DBCoreMutateResponse>,
): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return { ...table, mutate: (request) => wrap(tableName, request, (next) => table.mutate(next)) };
      },
    }),
  });
}

/**
 * Like a full disk: while `full`, every add/put needs `cost` free slots per row, and only deletes
 * make slots. `deleted` counts deleted keys per table.
 */
export function fullDiskDb(makeError: () => unknown = quotaError) {
  const db = freshDb();
  const control = { full: false, free: 0, cost: 1, refused: 0, deleted: {} as Record<string, number> };
  interceptWrites(db, 'full-disk', async (name, request, write) => {
    if (request.type === 'delete' || request.type === 'deleteRange') {
      const result = await write(request);
      const n = request.type === 'delete' ? request.keys.length : 0;
      if (n > 0) control.deleted[name] = (control.deleted[name] ?? 0) + n;
      if (control.full) control.free += n;
      return result;
    }
    if (control.full) {
      const need = ('values' in request ? request.values.length : 1) * control.cost;
      if (control.free < need) {
        control.refused++;
        throw makeError();
      }
      control.free -= need;
    }
    return write(request);
  });
  return { db, control };
}
