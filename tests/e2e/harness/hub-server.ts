/**
 * A real hub for e2e tests, in this process: PGlite in a temporary folder (no Postgres server
 * needed in CI), HTTP on 127.0.0.1. `stop()` takes the HTTP side down while keeping the database,
 * so a test can play "hub down, then up again" on the same port.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Bundle, Role } from '../../../lib/contract';
import { importBundle, type ImportReport } from '../../../lib/import/bundle';
import type { HubDb } from '../../../hub/db';
import { secretBoxFromKey, type SecretBox } from '../../../hub/secret-box';
import { openHubDb, startHub, type RunningHub } from '../../../hub/server';
import { addUser, deleteItems, hubImportSink, type ItemRef } from '../../../hub/store';

export interface TestHub {
  url: string;
  db: HubDb;
  /** What seals this hub's secrets (e.g. to save single sign-on settings in a test). */
  secrets: SecretBox;
  /** The token; `email` is the user's own address (their leads are the prospects it owns). */
  addUser(name: string, role: Role, email?: string): Promise<string>;
  importBundle(bundle: Bundle): Promise<ImportReport>;
  deleteItems(items: ItemRef[]): Promise<void>;
  usageCount(): Promise<number>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestHub(): Promise<TestHub> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cuecard-hub-'));
  const db = await openHubDb({ dataDir });
  // Secrets (an identity provider's client secret) sealed with a key of this run, never ./hub-data's.
  const secrets = secretBoxFromKey(randomBytes(32));
  let running: RunningHub | undefined = await startHub({ db, port: 0, secrets });
  const port = running.port;
  return {
    url: running.url,
    db,
    secrets,
    addUser: async (name, role, email) => (await addUser(db, name, role, email)).token,
    importBundle: (bundle) => importBundle(bundle, hubImportSink(db)),
    deleteItems: async (items) => void (await db.transaction((tx) => deleteItems(tx, items))),
    usageCount: async () => Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM usage_events')).rows[0]?.n ?? 0),
    async stop() {
      await running?.close();
      running = undefined;
    },
    async start() {
      running ??= await startHub({ db, port, secrets });
    },
    async close() {
      await running?.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
