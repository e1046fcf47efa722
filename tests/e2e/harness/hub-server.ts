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
  readonly db: HubDb;
  /** The PGlite folder: a CLI child process (`npm run hub -- … --data DIR`) may use it inside withDbClosed. */
  dataDir: string;
  /** CUECARD_SECRET_KEY the hub seals secrets with (connector credentials, SSO settings), for CLI children. */
  secretKeyHex: string;
  /** What seals this hub's secrets (e.g. to save single sign-on settings in a test): the hub's one box. */
  secrets: SecretBox;
  /** The token; `email` is the user's own address (their leads are the prospects it owns). */
  addUser(name: string, role: Role, email?: string): Promise<string>;
  importBundle(bundle: Bundle): Promise<ImportReport>;
  deleteItems(items: ItemRef[]): Promise<void>;
  usageCount(): Promise<number>;
  stop(): Promise<void>;
  start(): Promise<void>;
  /**
   * A PGlite folder belongs to one process: stops the HTTP side and closes the database, runs fn
   * (a CLI child on the folder), then opens both again on the same port.
   */
  withDbClosed<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function startTestHub(): Promise<TestHub> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cuecard-hub-'));
  let db = await openHubDb({ dataDir });
  // Secrets sealed with a key of this run, never ./hub-data's: one box for SSO and the connector routes.
  const secretKey = randomBytes(32);
  const secrets = secretBoxFromKey(secretKey);
  const serve = (port: number) => startHub({ db, port, secrets, connectors: { secrets } });
  let running: RunningHub | undefined = await serve(0);
  const port = running.port;
  return {
    url: running.url,
    get db() {
      return db;
    },
    dataDir,
    secretKeyHex: secretKey.toString('hex'),
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
      running ??= await serve(port);
    },
    async withDbClosed(fn) {
      await running?.close();
      running = undefined;
      await db.close();
      try {
        return await fn();
      } finally {
        db = await openHubDb({ dataDir });
        running = await serve(port);
      }
    },
    async close() {
      await running?.close();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
