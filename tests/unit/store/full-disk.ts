/**
 * A full disk for Dexie tests: a DBCore middleware that, while `full`, refuses adds/puts unless
 * deletes made room. Used wherever a quota error must be met the way a browser raises it.
 */
import { freshDb } from './test-db';

export const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
export const dexieQuotaError = () => Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: quotaError() });

/**
 * Like a full disk: while `full`, every add/put needs `cost` free slots per row, and only deletes
 * make slots. `deleted` counts deleted keys per table.
 */
export function fullDiskDb(makeError: () => unknown = quotaError) {
  const db = freshDb();
  const control = { full: false, free: 0, cost: 1, refused: 0, deleted: {} as Record<string, number> };
  db.use({
    stack: 'dbcore',
    name: 'full-disk',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: async (request) => {
            if (request.type === 'delete' || request.type === 'deleteRange') {
              const result = await table.mutate(request);
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
            return table.mutate(request);
          },
        };
      },
    }),
  });
  return { db, control };
}
