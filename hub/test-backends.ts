/**
 * The databases the hub's route tests run on: embedded PGlite always, and a PostgreSQL server when
 * CUECARD_TEST_PG_URL is set (hub/ci-postgres.sh starts one and prints the URL). Same SQL, same
 * migrations, same assertions.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { HubDb } from './db';
import { openHubDb } from './server';

const PG_URL = process.env.CUECARD_TEST_PG_URL;

export interface Backend {
  name: string;
  skipReason?: string;
  /** url: a database URL for child processes (Postgres only). */
  open(): Promise<{ db: HubDb; url?: string; cleanup(): Promise<void> }>;
}

export const backends: Backend[] = [
  {
    name: 'PGlite (embedded, in memory)',
    open: async () => {
      const db = await openHubDb({});
      return { db, cleanup: () => db.close() };
    },
  },
  {
    name: 'PostgreSQL server (CUECARD_TEST_PG_URL)',
    skipReason: PG_URL ? undefined : 'set CUECARD_TEST_PG_URL=postgres://… to run it (`bash hub/ci-postgres.sh` starts a server and prints one)',
    open: async () => {
      // A schema per run keeps parallel CI jobs and leftovers of crashed runs apart.
      const schema = `hubtest_${randomUUID().replaceAll('-', '')}`;
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      const url = new URL(PG_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const db = await openHubDb({ databaseUrl: url.toString() });
      return {
        db,
        url: url.toString(),
        cleanup: async () => {
          await db.close();
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
        },
      };
    },
  },
];
