/**
 * The `touchSummaries` table: per prospect, its company domain, its touch counts by type and its
 * newest touch. The context query reads a prospect's counts and its whole buying committee's last
 * touches from it in two indexed reads; before, it counted eight index ranges (milliseconds for a
 * prospect with a thousand touches) and read one index range per committee member.
 *
 * A Dexie middleware keeps it, so every writer does, present and future (imports, sync pages,
 * eviction, wipes, tests writing rows directly): each read-write transaction that includes
 * `touches` or `prospects` also includes `touchSummaries`, and each write to either table updates
 * it before the write's promise settles.
 *
 * What holds after every write (tests/unit/store/touch-summaries.test.ts checks it against the
 * tables themselves):
 * - `counts`: per known touch type, the prospect's rows of that type: what the [prospectId+type]
 *   index counted before (a row with a damaged time counts; one of an unknown type does not).
 * - `at`/`id`: the prospect's greatest [at, id] on the timeline index (numeric `at` inside
 *   AT_MIN..AT_MAX), absent when it has none.
 * - `domainKey`: the prospect's own ('' for touches whose prospect is not stored). A row exists for
 *   every prospect with a domain and everyone with a touch. The query does not trust the domain for
 *   correctness: a committee member missing from the read by domain is read by id.
 *
 * Writes replace rows whole, so the rows they replace are read first, but only when there can be
 * any: one count over the span of the written ids says whether any of them is stored (none, in a
 * first import or sync, whose ids arrive in order).
 */
import { cmp, type DBCore, type DBCoreKeyRange, type DBCoreMutateRequest, type DBCoreMutateResponse, type DBCoreTable, type DBCoreTransaction, type Middleware } from 'dexie';
import { TOUCH_TYPES, type TouchType } from '../contract';
import { AT_MAX, AT_MIN, TIMELINE_INDEX } from './timeline';

export interface TouchSummaryRow {
  prospectId: string;
  /** The prospect's domainKey; '' when the prospect is not stored. */
  domainKey: string;
  /** Rows per known touch type; absent when there are none. */
  counts?: Partial<Record<TouchType, number>>;
  /** The greatest [at, id] of the prospect's touches on the timeline index; absent without touches there. */
  at?: number;
  id?: string;
}

const TOUCHES = 'touches';
const PROSPECTS = 'prospects';
export const TOUCH_SUMMARIES = 'touchSummaries';

/** Dexie's DBCoreRangeType (a const enum, which isolated modules cannot read). */
const RANGE_RANGE = 2;
const RANGE_ANY = 3;

const TOUCH_TYPE_SET: ReadonlySet<string> = new Set(TOUCH_TYPES);

interface Newest {
  at: number;
  id: string;
}

/** The prospect a row counts for, and its type, when the type index counts it. */
function countedAs(row: unknown): { prospectId: string; type: TouchType } | undefined {
  const r = row as { prospectId?: unknown; type?: unknown } | null;
  return typeof r?.prospectId === 'string' && typeof r.type === 'string' && TOUCH_TYPE_SET.has(r.type) ? { prospectId: r.prospectId, type: r.type as TouchType } : undefined;
}

/** The row's key on the timeline index, when the committee's read of it would find it. */
function timelineKey(row: unknown): (Newest & { prospectId: string }) | undefined {
  const r = row as { prospectId?: unknown; at?: unknown; id?: unknown } | null;
  if (typeof r?.prospectId !== 'string' || typeof r.at !== 'number' || !(r.at >= AT_MIN && r.at <= AT_MAX)) return undefined;
  return { prospectId: r.prospectId, at: r.at, id: r.id as string };
}

function newer(a: Newest | undefined, b: Newest | undefined): Newest | undefined {
  if (!a) return b;
  if (!b) return a;
  return cmp([a.at, a.id], [b.at, b.id]) >= 0 ? a : b;
}

/** Map keys for IndexedDB keys: primitives as themselves, anything else by type and JSON. */
function keyId(key: unknown): unknown {
  return key !== null && typeof key === 'object' ? `${Object.prototype.toString.call(key)}:${JSON.stringify(key)}` : key;
}

function primaryKeys(table: DBCoreTable, req: DBCoreMutateRequest & { type: 'add' | 'put' }): unknown[] {
  const extract = table.schema.primaryKey.extractKey;
  return req.values.map((value, i) => req.keys?.[i] ?? extract?.(value));
}

/** Each key's last value in a put/add that did not fail (a key written twice keeps its second value). */
function lastPerKey(values: readonly unknown[], keys: readonly unknown[], failed: (i: number) => boolean): unknown[] {
  const rows = new Map<unknown, unknown>();
  values.forEach((value, i) => {
    if (!failed(i)) rows.set(keyId(keys[i]), value);
  });
  return [...rows.values()];
}

/** The stored rows with these keys: none without a read when no key in their span is stored. */
async function storedRows(table: DBCoreTable, trans: DBCoreTransaction, keys: readonly unknown[]): Promise<unknown[]> {
  const unique = new Map<unknown, unknown>();
  for (const key of keys) if (key !== undefined) unique.set(keyId(key), key);
  const valid = [...unique.values()];
  if (valid.length === 0) return [];
  let lower = valid[0];
  let upper = valid[0];
  for (const key of valid) {
    if (cmp(key, lower) < 0) lower = key;
    if (cmp(key, upper) > 0) upper = key;
  }
  const query = { index: table.schema.primaryKey, range: { type: RANGE_RANGE, lower, upper, lowerOpen: false, upperOpen: false } as DBCoreKeyRange };
  const inSpan = await table.count({ trans, query });
  if (inSpan === 0) return [];
  const wanted = new Set(unique.keys());
  // A span holding a few times as many rows as asked for is cheaper read whole than key by key.
  if (inSpan <= 4 * valid.length) {
    const { result } = await table.query({ trans, query, values: true });
    const extract = table.schema.primaryKey.extractKey;
    return result.filter((row) => wanted.has(keyId(extract?.(row))));
  }
  return (await table.getMany({ trans, keys: valid })).filter((row) => row !== undefined);
}

/** A prospect's newest touch as the timeline index has it now. */
async function newestOnIndex(core: DBCore, trans: DBCoreTransaction, prospectId: string): Promise<Newest | undefined> {
  const touches = core.table(TOUCHES);
  const index = touches.schema.getIndexByKeyPath(['prospectId', 'at', 'id'])!;
  const range: DBCoreKeyRange = { type: RANGE_RANGE, lower: [prospectId, AT_MIN, ''], upper: [prospectId, AT_MAX, core.MAX_KEY], lowerOpen: false, upperOpen: false };
  const { result } = await touches.query({ trans, query: { index, range }, values: true, limit: 1, direction: 'prev' });
  const key = timelineKey(result[0]);
  return key && { at: key.at, id: key.id };
}

function isEmpty(counts: Partial<Record<TouchType, number>> | undefined): boolean {
  return !counts || Object.keys(counts).length === 0;
}

/** A row as it should be stored: undefined when it says nothing (no domain, no touch). */
function normalized(row: TouchSummaryRow): TouchSummaryRow | undefined {
  const out: TouchSummaryRow = { prospectId: row.prospectId, domainKey: row.domainKey };
  if (!isEmpty(row.counts)) out.counts = row.counts;
  if (row.at !== undefined && row.id !== undefined) {
    out.at = row.at;
    out.id = row.id;
  }
  return out.domainKey || out.counts || out.at !== undefined ? out : undefined;
}

function sameRow(a: TouchSummaryRow | undefined, b: TouchSummaryRow | undefined): boolean {
  if (!a || !b) return a === b;
  const countsA = a.counts ?? {};
  const countsB = b.counts ?? {};
  return (
    a.domainKey === b.domainKey &&
    a.at === b.at &&
    (a.id === b.id || (a.id !== undefined && b.id !== undefined && cmp(a.id, b.id) === 0)) &&
    TOUCH_TYPES.every((type) => countsA[type] === countsB[type])
  );
}

async function store(summaries: DBCoreTable, trans: DBCoreTransaction, before: (TouchSummaryRow | undefined)[], after: (TouchSummaryRow | undefined)[], ids: string[]): Promise<void> {
  const puts: TouchSummaryRow[] = [];
  const deletes: string[] = [];
  ids.forEach((prospectId, i) => {
    const next = after[i] && normalized(after[i]);
    if (sameRow(before[i], next)) return;
    if (next) puts.push(next);
    else if (before[i]) deletes.push(prospectId);
  });
  const work: Promise<DBCoreMutateResponse>[] = [];
  if (puts.length > 0) work.push(summaries.mutate({ trans, type: 'put', values: puts }));
  if (deletes.length > 0) work.push(summaries.mutate({ trans, type: 'delete', keys: deletes }));
  for (const res of await Promise.all(work)) if (res.numFailures > 0) throw Object.values(res.failures)[0];
}

/** The prospects a write changes: those of the rows it removes (replaced or deleted) and of those it adds. */
function affectedIds(removed: readonly unknown[], added: readonly unknown[]): string[] {
  const ids = new Set<string>();
  for (const row of [...removed, ...added]) {
    const prospectId = (row as { prospectId?: unknown } | null)?.prospectId;
    if (typeof prospectId === 'string') ids.add(prospectId);
  }
  return [...ids];
}

/**
 * The rows `ids` have after a write that removes `removed` and adds `added`, from their rows
 * `before` it. `reread`: prospects whose newest touch was removed; only the timeline index, read
 * after the write, knows theirs (their `after` rows then carry only the newest among `added`).
 */
function plan(ids: readonly string[], before: readonly (TouchSummaryRow | undefined)[], removed: readonly unknown[], added: readonly unknown[]) {
  const delta = new Map<string, Partial<Record<TouchType, number>>>();
  const change = (row: unknown, by: number) => {
    const counted = countedAs(row);
    if (!counted) return;
    const counts = delta.get(counted.prospectId) ?? {};
    counts[counted.type] = (counts[counted.type] ?? 0) + by;
    delta.set(counted.prospectId, counts);
  };
  removed.forEach((row) => change(row, -1));
  added.forEach((row) => change(row, 1));
  const candidates = new Map<string, Newest>();
  for (const row of added) {
    const key = timelineKey(row);
    if (key) candidates.set(key.prospectId, newer(candidates.get(key.prospectId), key)!);
  }
  const position = new Map(ids.map((id, i) => [id, i]));
  const reread = new Set<string>();
  for (const row of removed) {
    const key = timelineKey(row);
    const stored = key && before[position.get(key.prospectId)!];
    if (key && stored?.at === key.at && stored.id !== undefined && cmp(stored.id, key.id) === 0) reread.add(key.prospectId);
  }
  const after = ids.map((prospectId, i): TouchSummaryRow => {
    const row = before[i];
    const counts: Partial<Record<TouchType, number>> = { ...row?.counts };
    for (const [type, by] of Object.entries(delta.get(prospectId) ?? {}) as [TouchType, number][]) {
      const n = (counts[type] ?? 0) + by;
      if (n > 0) counts[type] = n;
      else delete counts[type];
    }
    const stored = row?.at !== undefined && row.id !== undefined && !reread.has(prospectId) ? { at: row.at, id: row.id } : undefined;
    return { prospectId, domainKey: row?.domainKey ?? '', counts, ...newer(stored, candidates.get(prospectId)) };
  });
  return { after, reread };
}

/** Rows of prospects whose newest touch was removed: their newest from the timeline index, read now. */
async function withNewestFromIndex(core: DBCore, trans: DBCoreTransaction, ids: readonly string[], after: TouchSummaryRow[], reread: ReadonlySet<string>): Promise<void> {
  await Promise.all(
    ids.map(async (prospectId, i) => {
      if (!reread.has(prospectId)) return;
      const { at: _at, id: _id, ...rest } = after[i]!;
      after[i] = { ...rest, ...(await newestOnIndex(core, trans, prospectId)) };
    }),
  );
}

/** After a write to touches: `removed` are the rows it replaced or deleted, `added` the rows it stored. */
async function afterTouchWrite(core: DBCore, trans: DBCoreTransaction, removed: readonly unknown[], added: readonly unknown[]): Promise<void> {
  const ids = affectedIds(removed, added);
  if (ids.length === 0) return;
  const summaries = core.table(TOUCH_SUMMARIES);
  const before = (await summaries.getMany({ trans, keys: ids })) as (TouchSummaryRow | undefined)[];
  const { after, reread } = plan(ids, before, removed, added);
  await withNewestFromIndex(core, trans, ids, after, reread);
  await store(summaries, trans, before, after, ids);
}

/** Rows rebuilt from the indexes alone (after a write some of whose rows failed). */
async function recount(core: DBCore, trans: DBCoreTransaction, ids: readonly string[]): Promise<void> {
  const summaries = core.table(TOUCH_SUMMARIES);
  const touches = core.table(TOUCHES);
  const byType = touches.schema.getIndexByKeyPath(['prospectId', 'type'])!;
  const before = (await summaries.getMany({ trans, keys: [...ids] })) as (TouchSummaryRow | undefined)[];
  const after = await Promise.all(
    ids.map(async (prospectId, i): Promise<TouchSummaryRow> => {
      const counts: Partial<Record<TouchType, number>> = {};
      await Promise.all(
        TOUCH_TYPES.map(async (type) => {
          const n = await touches.count({ trans, query: { index: byType, range: { type: 1, lower: [prospectId, type], upper: [prospectId, type] } as DBCoreKeyRange } });
          if (n > 0) counts[type] = n;
        }),
      );
      return { prospectId, domainKey: before[i]?.domainKey ?? '', counts, ...(await newestOnIndex(core, trans, prospectId)) };
    }),
  );
  await store(summaries, trans, before, after, [...ids]);
}

/**
 * A put of touches, in as few round trips as a plain put: the summaries it needs are read while
 * it is sent, and the new summaries are written right behind it, on the assumption that every row
 * is stored. When some are not (a failed add), the prospects concerned are recounted.
 */
async function putTouches(core: DBCore, touches: DBCoreTable, req: DBCoreMutateRequest & { type: 'add' | 'put' }): Promise<DBCoreMutateResponse> {
  const { trans } = req;
  const summaries = core.table(TOUCH_SUMMARIES);
  const keys = primaryKeys(touches, req);
  const added = lastPerKey(req.values, keys, () => false);
  const addedIds = affectedIds([], added);
  const [replaced, addedBefore] = await Promise.all([storedRows(touches, trans, keys), summaries.getMany({ trans, keys: addedIds })]);
  const ids = affectedIds(replaced, added);
  const fetched = new Map(addedIds.map((id, i) => [id, addedBefore[i] as TouchSummaryRow | undefined]));
  const more = ids.filter((id) => !fetched.has(id));
  if (more.length > 0) (await summaries.getMany({ trans, keys: more })).forEach((row, i) => fetched.set(more[i]!, row as TouchSummaryRow | undefined));
  const before = ids.map((id) => fetched.get(id));
  const { after, reread } = plan(ids, before, replaced, added);
  const settled = ids.map((id, i) => i).filter((i) => !reread.has(ids[i]!));
  // If rows fail, any of them may be the one stored under a key given twice.
  const everyone = affectedIds(replaced, req.values);
  const res = await untilSettled(core, trans, everyone, [
    touches.mutate(req),
    store(summaries, trans, settled.map((i) => before[i]), settled.map((i) => after[i]), settled.map((i) => ids[i]!)),
  ]);
  if (res.numFailures > 0) {
    await recount(core, trans, everyone);
    return res;
  }
  if (reread.size > 0) {
    const rereadIds = ids.filter((id) => reread.has(id));
    const rereadAfter = rereadIds.map((id) => after[ids.indexOf(id)]!);
    await withNewestFromIndex(core, trans, rereadIds, rereadAfter, reread);
    await store(summaries, trans, rereadIds.map((id) => before[ids.indexOf(id)]), rereadAfter, rereadIds);
  }
  return res;
}

async function mutateTouches(core: DBCore, touches: DBCoreTable, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
  const { trans } = req;
  if (req.type === 'add' || req.type === 'put') return putTouches(core, touches, req);
  if (req.type === 'deleteRange' && req.range.type === RANGE_ANY) {
    const res = await touches.mutate(req);
    const summaries = core.table(TOUCH_SUMMARIES);
    const { result } = await summaries.query({ trans, query: { index: summaries.schema.primaryKey, range: req.range }, values: true });
    const before = result as TouchSummaryRow[];
    // No touch is left: rows keep only the domain of a stored prospect.
    const after = before.map(({ prospectId, domainKey }) => ({ prospectId, domainKey }));
    await store(summaries, trans, before, after, before.map((row) => row.prospectId));
    return res;
  }
  const removed =
    req.type === 'delete'
      ? await storedRows(touches, trans, req.keys)
      : (await touches.query({ trans, query: { index: touches.schema.primaryKey, range: req.range }, values: true })).result;
  const ids = affectedIds(removed, []);
  const res = await untilSettled(core, trans, ids, [touches.mutate(req)]);
  if (res.numFailures > 0) await recount(core, trans, ids);
  else await afterTouchWrite(core, trans, removed, []);
  return res;
}

/**
 * The write's response once it and the bookkeeping sent with it are done. A write that throws
 * part-way (a row with no valid key) may have stored the rows before it: the prospects concerned
 * are recounted before the error goes on (a transaction that aborts takes it all back anyway).
 */
async function untilSettled(core: DBCore, trans: DBCoreTransaction, ids: readonly string[], work: [Promise<DBCoreMutateResponse>, ...Promise<unknown>[]]): Promise<DBCoreMutateResponse> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((outcome) => outcome.status === 'rejected');
  if (failed) {
    await recount(core, trans, ids).catch(() => undefined);
    throw failed.reason;
  }
  return (settled[0] as PromiseFulfilledResult<DBCoreMutateResponse>).value;
}

/** After prospects were written or removed: their rows follow their domain. */
async function mutateProspects(core: DBCore, prospects: DBCoreTable, req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> {
  const { trans } = req;
  const summaries = core.table(TOUCH_SUMMARIES);
  let domains: Map<string, string>;
  let res: DBCoreMutateResponse;
  if (req.type === 'add' || req.type === 'put') {
    try {
      res = await prospects.mutate(req);
    } catch (error) {
      // Rows before the one that threw may be stored: their summaries follow what is stored.
      const ids = primaryKeys(prospects, req).filter((id): id is string => typeof id === 'string');
      await followStoredDomains(core, trans, ids).catch(() => undefined);
      throw error;
    }
    domains = new Map();
    for (const row of lastPerKey(req.values, primaryKeys(prospects, req), (i) => Boolean(res.failures[i]))) {
      const { id, domainKey } = row as { id?: unknown; domainKey?: unknown };
      if (typeof id === 'string') domains.set(id, typeof domainKey === 'string' ? domainKey : '');
    }
  } else {
    const keys =
      req.type === 'delete'
        ? req.keys
        : (await prospects.query({ trans, query: { index: prospects.schema.primaryKey, range: req.range }, values: false })).result;
    res = await prospects.mutate(req);
    domains = new Map(keys.filter((id): id is string => typeof id === 'string').map((id) => [id, '']));
  }
  const ids = [...domains.keys()];
  if (ids.length === 0) return res;
  const before = (await summaries.getMany({ trans, keys: ids })) as (TouchSummaryRow | undefined)[];
  const after = ids.map((prospectId, i) => ({ ...before[i], prospectId, domainKey: domains.get(prospectId)! }));
  await store(summaries, trans, before, after, ids);
  return res;
}

async function followStoredDomains(core: DBCore, trans: DBCoreTransaction, ids: string[]): Promise<void> {
  const summaries = core.table(TOUCH_SUMMARIES);
  const [rows, before] = await Promise.all([core.table(PROSPECTS).getMany({ trans, keys: ids }), summaries.getMany({ trans, keys: ids })]);
  const after = ids.map((prospectId, i) => {
    const domainKey = (rows[i] as { domainKey?: unknown } | undefined)?.domainKey;
    return { ...(before[i] as TouchSummaryRow | undefined), prospectId, domainKey: typeof domainKey === 'string' ? domainKey : '' };
  });
  await store(summaries, trans, before as (TouchSummaryRow | undefined)[], after, ids);
}

/**
 * A write and its bookkeeping run one after the other within a transaction: sync writes prospects
 * and touches side by side, and two read-modify-writes of the same row must not interleave.
 */
const queues = new WeakMap<DBCoreTransaction, Promise<unknown>>();
function inTurn<T>(trans: DBCoreTransaction, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(trans) ?? Promise.resolve()).then(work, work);
  queues.set(
    trans,
    run.catch(() => undefined),
  );
  return run;
}

export const touchSummariesMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: TOUCH_SUMMARIES,
  create(down) {
    // Upgrades run older versions' steps before the table exists; the v8 step fills it from scratch.
    if (!down.schema.tables.some((table) => table.name === TOUCH_SUMMARIES)) return down;
    return {
      ...down,
      transaction(stores, mode, options) {
        const tracked = mode === 'readwrite' && (stores.includes(TOUCHES) || stores.includes(PROSPECTS)) && !stores.includes(TOUCH_SUMMARIES);
        return down.transaction(tracked ? [...stores, TOUCH_SUMMARIES] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name === TOUCHES) return { ...table, mutate: (req) => inTurn(req.trans, () => mutateTouches(down, table, req)) };
        if (name === PROSPECTS) return { ...table, mutate: (req) => inTurn(req.trans, () => mutateProspects(down, table, req)) };
        return table;
      },
    };
  },
};

/**
 * Fills `touchSummaries` from what a database already holds (the v8 upgrade), from index counts
 * and keys, never a touch row, and without walking 500,000 index entries one cursor step at a
 * time (each step waits for the one before): the prospects come from the domain index, and every
 * other request is sent without waiting for another. Per prospect, one count per touch type and
 * one newest key on the timeline; people with touches but no prospect row are found by counting
 * each index between consecutive prospect ids, and walked only where such a count is not zero.
 */
export async function buildTouchSummaries(trans: IDBTransaction): Promise<number> {
  const rows = new Map<string, TouchSummaryRow>();
  const rowOf = (prospectId: string) => rows.get(prospectId) ?? rows.set(prospectId, { prospectId, domainKey: '' }).get(prospectId)!;
  const prospects: string[] = [];
  await walkKeys(trans.objectStore(PROSPECTS).index('domainKey').openKeyCursor(), (cursor) => {
    if (typeof cursor.primaryKey === 'string') {
      prospects.push(cursor.primaryKey);
      if (typeof cursor.key === 'string' && cursor.key) rowOf(cursor.primaryKey).domainKey = cursor.key;
    }
    cursor.continue();
  });
  prospects.sort();
  const byType = trans.objectStore(TOUCHES).index('[prospectId+type]');
  const timeline = trans.objectStore(TOUCHES).index(TIMELINE_INDEX);
  const [typeOnly, timelineOnly] = await Promise.all([idsBeyond(byType, prospects), idsBeyond(timeline, prospects)]);
  const everyone = new Set([...prospects, ...typeOnly, ...timelineOnly]);
  const pending: Promise<void>[] = [];
  for (const prospectId of everyone) {
    for (const type of TOUCH_TYPES) {
      pending.push(
        result(byType.count([prospectId, type])).then((n) => {
          if (n > 0) (rowOf(prospectId).counts ??= {})[type] = n;
        }),
      );
    }
    const range = IDBKeyRange.bound([prospectId, AT_MIN, ''], [prospectId, AT_MAX, []]);
    pending.push(
      result(timeline.openKeyCursor(range, 'prev')).then((cursor) => {
        const [, at, id] = (cursor?.key ?? []) as unknown[];
        const key = timelineKey({ prospectId, at, id });
        if (key) Object.assign(rowOf(prospectId), { at: key.at, id: key.id });
      }),
    );
  }
  await Promise.all(pending);
  const summaries = trans.objectStore(TOUCH_SUMMARIES);
  for (const row of rows.values()) summaries.put(row);
  return rows.size;
}

/** String prospect ids on an index keyed [prospectId, …] that are not in `known` (sorted). */
async function idsBeyond(index: IDBIndex, known: readonly string[]): Promise<string[]> {
  // Keys whose first part lies strictly between two known ids, before the first or after the last:
  // [id + U+0000] is the least key after every [id, …], and [id] the least key of id's own.
  const gaps: IDBKeyRange[] = [];
  for (let i = 0; i <= known.length; i++) {
    const after = i > 0 ? [`${known[i - 1]}\u0000`] : undefined;
    const before = i < known.length ? [known[i]!] : undefined;
    if (after && before) gaps.push(IDBKeyRange.bound(after, before, false, true));
    else if (after) gaps.push(IDBKeyRange.lowerBound(after));
    else if (before) gaps.push(IDBKeyRange.upperBound(before, true));
  }
  if (gaps.length === 0) gaps.push(IDBKeyRange.lowerBound([]));
  const counts = await Promise.all(gaps.map((gap) => result(index.count(gap))));
  const found = new Set<string>();
  for (const [i, gap] of gaps.entries()) {
    if (counts[i] === 0) continue;
    await walkKeys(index.openKeyCursor(gap), (cursor) => {
      const first = (cursor.key as unknown[])[0];
      if (typeof first === 'string') found.add(first);
      cursor.continue();
    });
  }
  return [...found];
}

function result<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function walkKeys(request: IDBRequest<IDBCursor | null>, step: (cursor: IDBCursor) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => {
      const cursor = request.result;
      if (cursor) step(cursor);
      else resolve();
    };
    request.onerror = () => reject(request.error);
  });
}
