/**
 * One run per connector at a time, across hub instances, coordinated in Postgres only.
 *
 * - The lease row (`connectors.lease_owner`, `lease_until`) names the run; every page transaction
 *   checks it is still this run's (`fence`), so a run that lost its lease cannot write a row more.
 * - On a Postgres server the run also holds a session advisory lock for its whole length. Two
 *   instances cannot both hold it, and when an instance dies the server drops its session and the
 *   lock with it: the next instance takes the lease over at once instead of waiting for it to lapse.
 * - PGlite is one process's database (server.ts locks the folder) with a single session, so an
 *   advisory lock would not tell two runs in that process apart: the lease row does. A lease left
 *   by another process (killed mid-run) is stale by definition, since only one process opens the folder.
 *
 * Nothing is held only in memory: a killed hub leaves a lease that the next claimant recognizes as dead.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { HubDb, Queryable } from '../db';

/** This process: hubs on other machines or processes differ in every part. Owners are `<process>#<label>`. */
export const PROCESS_OWNER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

export function leaseOwner(label = 'hub'): string {
  return `${PROCESS_OWNER}#${label}-${randomUUID().slice(0, 8)}`;
}

/** Advisory lock keys (int4, int4): the hub's space, then a hash of the connector id. */
const LOCK_SPACE = 72_310_003;

function lockKey(connectorId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < connectorId.length; i++) hash = Math.imul(hash ^ connectorId.charCodeAt(i), 0x01000193);
  return hash | 0;
}

export interface Lease {
  owner: string;
  /**
   * Inside a page's transaction: renews the lease (adding the page's rows to the connector's
   * totals in the same statement), or throws when another run has taken it.
   */
  fence(tx: Queryable, written?: { people: number; touches: number; deleted: number }): Promise<void>;
  /** Outside transactions (long waits): keeps the lease from lapsing. */
  renew(): Promise<void>;
}

export class LeaseLost extends Error {}

export async function withLease<T>(
  db: HubDb,
  connectorId: string,
  owner: string,
  ttlMs: number,
  fn: (lease: Lease) => Promise<T>,
): Promise<T | 'busy' | 'missing'> {
  const exists = await db.query('SELECT 1 FROM connectors WHERE id = $1', [connectorId]);
  if (exists.rows.length === 0) return 'missing';
  const ttl = `${Math.max(1, Math.round(ttlMs / 1000))} seconds`;
  const lease: Lease = {
    owner,
    async fence(tx, written = { people: 0, touches: 0, deleted: 0 }) {
      const result = await tx.query(
        `UPDATE connectors SET lease_until = now() + $3::interval,
           totals = jsonb_build_object('people', (totals->>'people')::bigint + $4::bigint, 'touches', (totals->>'touches')::bigint + $5::bigint, 'deleted', (totals->>'deleted')::bigint + $6::bigint)
         WHERE id = $1 AND lease_owner = $2`,
        [connectorId, owner, ttl, written.people, written.touches, written.deleted],
      );
      if (result.affected !== 1) throw new LeaseLost('Another hub instance took this connector’s run over; this one stopped without writing more.');
    },
    async renew() {
      await db.query(`UPDATE connectors SET lease_until = now() + $3::interval WHERE id = $1 AND lease_owner = $2`, [connectorId, owner, ttl]);
    },
  };
  const release = () => db.query(`UPDATE connectors SET lease_owner = NULL, lease_until = NULL WHERE id = $1 AND lease_owner = $2`, [connectorId, owner]);

  if (db.driver === 'postgres') {
    return db.session(async (session) => {
      const got = await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LOCK_SPACE, lockKey(connectorId)]);
      if (got.rows[0]?.ok !== true) return 'busy' as const;
      try {
        // Holding the lock means no live run has this connector: any lease in the row is a dead instance's.
        await db.query(`UPDATE connectors SET lease_owner = $2, lease_until = now() + $3::interval WHERE id = $1`, [connectorId, owner, ttl]);
        try {
          return await fn(lease);
        } finally {
          await release();
        }
      } finally {
        await session.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, lockKey(connectorId)]);
      }
    });
  }

  const claimed = await db.query(
    `UPDATE connectors SET lease_owner = $2, lease_until = now() + $3::interval
     WHERE id = $1 AND (lease_owner IS NULL OR lease_until < now() OR split_part(lease_owner, '#', 1) <> $4)`,
    [connectorId, owner, ttl, PROCESS_OWNER],
  );
  if (claimed.affected !== 1) return 'busy';
  try {
    return await fn(lease);
  } finally {
    await release();
  }
}
