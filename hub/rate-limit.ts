/**
 * Token buckets: per token (every request), per client address (failed sign-ins), per user
 * (lookups). On a Postgres server the buckets live in Postgres (`rate_buckets`, migration 9), so
 * several hub processes behind one address share them: a client spreading its requests over the
 * processes gets one budget, not one per process. PGlite is one process's database
 * (server.ts locks its folder): there the buckets stay in memory, with the same arithmetic.
 *
 * Time is the database's clock on Postgres: processes on different machines agree on it.
 */
import type { HubDb } from './db';

export interface RateLimit {
  /** Requests a key may make in a burst. */
  burst: number;
  perSecond: number;
}

export interface RateLimiter {
  /** Spends one request of `key`'s bucket: 0 when it may go ahead, else the whole seconds to wait. */
  take(key: string, limit: RateLimit): Promise<number>;
  /** Like take, without spending. */
  peek(key: string, limit: RateLimit): Promise<number>;
}

function waitSeconds(tokens: number, limit: RateLimit): number {
  return Math.max(1, Math.ceil((1 - tokens) / limit.perSecond));
}

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly limit: RateLimit) {}

  /** Like take, without spending: 0 when a request could go ahead now. */
  peek(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key);
    if (!bucket) return 0;
    const tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    return tokens >= 1 ? 0 : waitSeconds(tokens, this.limit);
  }

  /** 0 when the request may go ahead, else the seconds to wait. */
  take(key: string, now = Date.now()): number {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= 10_000) this.prune(now);
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return waitSeconds(bucket.tokens, this.limit);
  }

  /** Full buckets carry no information: dropping them bounds memory under a flood of made-up tokens. */
  private prune(now: number) {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.limit.perSecond >= this.limit.burst) this.buckets.delete(key);
    }
  }
}

/** One process's buckets, one set per limit. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly sets = new Map<string, TokenBuckets>();
  private bucketsFor(limit: RateLimit): TokenBuckets {
    const id = `${limit.burst}/${limit.perSecond}`;
    let buckets = this.sets.get(id);
    if (!buckets) this.sets.set(id, (buckets = new TokenBuckets(limit)));
    return buckets;
  }
  async take(key: string, limit: RateLimit): Promise<number> {
    return this.bucketsFor(limit).take(key);
  }
  async peek(key: string, limit: RateLimit): Promise<number> {
    return this.bucketsFor(limit).peek(key);
  }
}

/** A bucket idle this long is full under any limit the hub uses (600 / 100 per second refills in 6 s). */
const IDLE_BUCKET = '10 minutes';
/** Every this many takes per process, idle buckets are deleted (bounds the table under made-up tokens). */
const PRUNE_EVERY = 1_000;

/**
 * One statement per request: the bucket is refilled for the time since its last use, spent if it
 * holds a whole token, and says whether it did. Row locking serializes two processes spending the
 * same bucket at once.
 */
const TAKE_SQL = `
  INSERT INTO rate_buckets AS b (key, tokens, at, allowed)
  SELECT $1, $2::float8 - 1, clock_timestamp(), true
  ON CONFLICT (key) DO UPDATE SET
    tokens = least($2::float8, b.tokens + extract(epoch FROM EXCLUDED.at - b.at) * $3::float8)
      - CASE WHEN least($2::float8, b.tokens + extract(epoch FROM EXCLUDED.at - b.at) * $3::float8) >= 1 THEN 1 ELSE 0 END,
    allowed = least($2::float8, b.tokens + extract(epoch FROM EXCLUDED.at - b.at) * $3::float8) >= 1,
    at = EXCLUDED.at
  RETURNING allowed, tokens`;

export class PostgresRateLimiter implements RateLimiter {
  private takes = 0;
  constructor(private readonly db: HubDb) {}

  async take(key: string, limit: RateLimit): Promise<number> {
    if (++this.takes % PRUNE_EVERY === 0) {
      await this.db.query(`DELETE FROM rate_buckets WHERE at < clock_timestamp() - interval '${IDLE_BUCKET}'`).catch(() => undefined);
    }
    const row = (await this.db.query<{ allowed: boolean; tokens: number }>(TAKE_SQL, [key, limit.burst, limit.perSecond])).rows[0];
    return row?.allowed ? 0 : waitSeconds(Number(row?.tokens ?? 0), limit);
  }

  async peek(key: string, limit: RateLimit): Promise<number> {
    const row = (
      await this.db.query<{ tokens: number }>(
        `SELECT least($2::float8, tokens + extract(epoch FROM clock_timestamp() - at) * $3::float8) AS tokens FROM rate_buckets WHERE key = $1`,
        [key, limit.burst, limit.perSecond],
      )
    ).rows[0];
    if (!row) return 0;
    return Number(row.tokens) >= 1 ? 0 : waitSeconds(Number(row.tokens), limit);
  }
}

/** Postgres-backed on a server (shared by every process), in memory on PGlite (one process). */
export function rateLimiterFor(db: HubDb): RateLimiter {
  return db.driver === 'postgres' ? new PostgresRateLimiter(db) : new MemoryRateLimiter();
}
