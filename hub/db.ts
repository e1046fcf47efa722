/**
 * The hub's one database interface, with two implementations that run the SAME SQL:
 * PGlite (embedded Postgres compiled to WASM, persisted in a data folder, the default) and a
 * Postgres server through `pg` (DATABASE_URL=postgres://…).
 *
 * Invariants:
 * - Only `$n` placeholders reach the database; no value is ever spliced into SQL text.
 * - Drivers differ in how they return int8 (PGlite: number, pg: string) and timestamps: callers
 *   normalize with Number()/toIso() rather than relying on a driver's type parsers.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface QueryResult<Row> {
  rows: Row[];
  /** Rows inserted/updated/deleted by the statement (0 for SELECT). */
  affected: number;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
}

export interface HubDb extends Queryable {
  readonly driver: 'pglite' | 'postgres';
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Runs fn on one connection held until it settles, for session-level advisory locks (a
   * connector run holds one for its whole length). PGlite has a single session: fn gets it.
   */
  session<T>(fn: (conn: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDbOptions {
  /** postgres://… uses a Postgres server; anything else is ignored. */
  databaseUrl?: string;
  /** PGlite data folder; undefined = in memory (tests). */
  dataDir?: string;
}

export async function openDb(options: OpenDbOptions): Promise<HubDb> {
  const url = options.databaseUrl;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  return openPglite(options.dataDir);
}

export async function openPglite(dataDir?: string): Promise<HubDb> {
  const lite = dataDir ? new PGlite(dataDir) : new PGlite();
  await lite.waitReady;
  const run = async <Row>(target: Pick<PGlite, 'query'>, sql: string, params?: unknown[]): Promise<QueryResult<Row>> => {
    const result = await target.query<Row>(sql, params);
    return { rows: result.rows, affected: result.affectedRows ?? 0 };
  };
  return {
    driver: 'pglite',
    query: (sql, params) => run(lite, sql, params),
    transaction: (fn) => lite.transaction((tx) => fn({ query: (sql, params) => run(tx, sql, params) })),
    session: (fn) => fn({ query: (sql, params) => run(lite, sql, params) }),
    close: () => lite.close(),
  };
}

export async function openPostgres(url: string): Promise<HubDb> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client losing its server connection emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', () => undefined);
  const run = async <Row>(target: pg.Pool | pg.PoolClient, sql: string, params?: unknown[]): Promise<QueryResult<Row>> => {
    const result = await target.query(sql, params as unknown[] | undefined);
    return { rows: result.rows as Row[], affected: result.rowCount ?? 0 };
  };
  await run(pool, 'SELECT 1');
  return {
    driver: 'postgres',
    query: (sql, params) => run(pool, sql, params),
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const value = await fn({ query: (sql, params) => run(client, sql, params) });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    session: async (fn) => {
      const client = await pool.connect();
      let broken = false;
      try {
        return await fn({ query: (sql, params) => run(client, sql, params) });
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        // A client whose session may still hold a lock goes away rather than back to the pool.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
