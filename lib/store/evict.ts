/**
 * A full disk must never cost the rep their own data (DESIGN.md: "QuotaExceededError evicts cache
 * tables, never outbox rows"). When a write of the rep's own rows (outbox, recentSends, meta) is
 * refused for quota, people looked up outside the rep's scope go first (least recently viewed,
 * issue 17), then the oldest touches, in bounded batches, and the write is retried.
 * Cache writes (sync pages, import chunks) never come here: making room for more cache by
 * dropping cache would only trade one marketing history for another, so they fail as before.
 */
import { dropProspect } from './lookups';
import { isQuotaError } from './storage-errors';
import type { CuecardDb } from './db';

export const EVICTION_META_KEY = 'eviction';
/** Touches deleted per round: small enough to free space quickly, large enough to matter. */
export const EVICT_BATCH = 500;
/** At most this many rounds per write (20,000 touches): past that the disk is not the cache's fault. */
export const EVICT_MAX_ROUNDS = 40;

/** The meta row: what was given up and when (the touches themselves are gone). */
export interface EvictionRecord {
  /** ISO time of the last eviction. */
  at: string;
  /** Touches removed so far, in total. */
  touches: number;
  /** occurredAt (epoch ms) of the newest touch removed: everything older is gone too. */
  upToAt?: number;
}

export interface EvictOptions {
  batch?: number;
  maxRounds?: number;
  now?: () => number;
}

export interface OwnWrite<T> {
  value: T;
  /** Touches removed to make this write fit (0 when it fitted at once). */
  evicted: number;
  /** The running total in the meta row, when anything was removed. */
  record?: EvictionRecord;
}

/** Looked-up people per round: they are outside the rep's scope, and found again on demand. */
export const EVICT_LOOKED_UP = 20;

/** Drops up to `limit` looked-up people (least recently viewed first) with their touches; the touches removed. */
export async function evictLookedUp(db: CuecardDb, limit: number): Promise<{ prospects: number; touches: number }> {
  const marks = await db.lookups.toArray();
  if (marks.length === 0) return { prospects: 0, touches: 0 };
  const views = await db.prospectViews.bulkGet(marks.map((mark) => mark.prospectId));
  const order = marks.map((mark, i) => ({ id: mark.prospectId, viewedAt: views[i]?.viewedAt ?? 0 })).sort((a, b) => a.viewedAt - b.viewedAt);
  let touches = 0;
  for (const { id } of order.slice(0, limit)) touches += await dropProspect(db, id);
  return { prospects: Math.min(limit, order.length), touches };
}

/** Deletes up to `limit` of the oldest touches (by `at`, index v6); the number deleted and the newest `at` among them. */
export async function evictOldestTouches(db: CuecardDb, limit: number): Promise<{ deleted: number; upToAt?: number }> {
  return db.transaction('rw', db.touches, async () => {
    // Keys only: the index gives each touch's `at` and id without reading the touch itself.
    const ids: string[] = [];
    let upToAt: number | undefined;
    await db.touches
      .orderBy('at')
      .limit(limit)
      .eachKey((at, cursor) => {
        ids.push(cursor.primaryKey as string);
        upToAt = at as number;
      });
    if (ids.length === 0) return { deleted: 0 };
    await db.touches.bulkDelete(ids);
    return { deleted: ids.length, upToAt };
  });
}

/**
 * Runs `write` (one transaction writing the rep's own rows). On a quota error it evicts a batch of
 * the oldest touches and tries again, until the write fits, no touch is left or the rounds run
 * out; then the quota error is thrown as it came.
 */
export async function writeOwnData<T>(db: CuecardDb, write: () => Promise<T>, options: EvictOptions = {}): Promise<OwnWrite<T>> {
  const batch = options.batch ?? EVICT_BATCH;
  const maxRounds = options.maxRounds ?? EVICT_MAX_ROUNDS;
  let evicted = 0;
  let upToAt: number | undefined;
  for (let round = 0; ; round++) {
    try {
      const value = await write();
      if (evicted === 0) return { value, evicted };
      const record = await recordEviction(db, evicted, upToAt, options.now);
      return { value, evicted, record };
    } catch (error) {
      if (!isQuotaError(error) || round >= maxRounds) {
        if (evicted > 0) await recordEviction(db, evicted, upToAt, options.now).catch(() => undefined);
        throw error;
      }
      const lookedUp = await evictLookedUp(db, EVICT_LOOKED_UP);
      if (lookedUp.prospects > 0) {
        evicted += lookedUp.touches;
        continue;
      }
      const freed = await evictOldestTouches(db, batch);
      if (freed.deleted === 0) {
        if (evicted > 0) await recordEviction(db, evicted, upToAt, options.now).catch(() => undefined);
        throw error;
      }
      evicted += freed.deleted;
      upToAt = Math.max(upToAt ?? -Infinity, freed.upToAt ?? -Infinity);
    }
  }
}

/**
 * Adds to the running total. Best effort: the rep's row is already stored, and a record that does
 * not fit must not turn that success into a failure.
 */
async function recordEviction(db: CuecardDb, touches: number, upToAt: number | undefined, now: () => number = Date.now): Promise<EvictionRecord | undefined> {
  try {
    return await db.transaction('rw', db.meta, async () => {
      const previous = (await db.meta.get(EVICTION_META_KEY))?.value as Partial<EvictionRecord> | undefined;
      const total = (typeof previous?.touches === 'number' ? previous.touches : 0) + touches;
      const record: EvictionRecord = { at: new Date(now()).toISOString(), touches: total };
      const newest = Math.max(typeof previous?.upToAt === 'number' ? previous.upToAt : -Infinity, upToAt ?? -Infinity);
      if (Number.isFinite(newest)) record.upToAt = newest;
      await db.meta.put({ key: EVICTION_META_KEY, value: record });
      return record;
    });
  } catch {
    return undefined;
  }
}
