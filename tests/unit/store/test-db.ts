import Dexie from 'dexie';
import { openDb, type CuecardDb } from '../../../lib/store/db';
import type { ImportSink } from '../../../lib/import/bundle';
import { writeChunk } from '../../../lib/store/write';

let counter = 0;

/** A fresh database per test, in fake-indexeddb. */
export function freshDb(): CuecardDb {
  counter += 1;
  return openDb(`cuecard-test-${counter}-${Math.random().toString(36).slice(2)}`);
}

export function dbSink(db: CuecardDb): ImportSink {
  return { write: async (collection, rows) => void (await writeChunk(db, collection, rows)) };
}

/** The stores as lib/store/db.ts declared them at versions 5 and 6: upgrade tests start from a database that old. */
const OLD_STORES = {
  5: {
    prospects: 'id, *emailKeys, *crmKeys, domainKey, companyKey',
    touches: 'id, [prospectId+at+id], [prospectId+type]',
    messages: 'id, status',
    assets: 'id, status',
    meta: 'key',
    outbox: 'id, at',
    recentSends: 'id, at, [prospectId+at]',
  },
  6: {
    prospects: 'id, *emailKeys, *crmKeys, domainKey, companyKey',
    touches: 'id, [prospectId+at+id], [prospectId+type], at',
    messages: 'id, status',
    assets: 'id, status',
    meta: 'key',
    outbox: 'id, at',
    recentSends: 'id, at, [prospectId+at]',
  },
} as const;

/** A database named `name` with the schema of an old version (not opened yet). */
export function oldVersionDb(name: string, version: keyof typeof OLD_STORES): Dexie {
  const old = new Dexie(name);
  old.version(version).stores(OLD_STORES[version]);
  return old;
}
