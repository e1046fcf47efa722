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
