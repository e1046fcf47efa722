/**
 * Opening a hub: database (PGlite folder or DATABASE_URL), migrations, HTTP server on 127.0.0.1.
 * Shared by the CLI, the benchmark and the tests.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { createHubApp, type HubAppOptions } from './app';
import { openDb, type HubDb } from './db';
import { migrate } from './migrations';

export interface OpenHubDbOptions {
  databaseUrl?: string;
  /** PGlite data folder; ignored when databaseUrl is a postgres:// URL; undefined = in memory. */
  dataDir?: string;
}

/**
 * PGlite is one process's database: two processes on one folder corrupt it. A lock file with
 * the owner's pid makes a second `npm run hub` (or `user add` while the hub runs) fail clearly.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, '.cuecard-hub.lock');
  try {
    const owner = Number(readFileSync(lockPath, 'utf8').trim());
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(`The hub data folder ${dataDir} is in use by process ${owner}; stop it first (PGlite allows one process per folder).`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(lockPath, String(process.pid));
  return () => rmSync(lockPath, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function openHubDb(options: OpenHubDbOptions): Promise<HubDb> {
  const usesServer = !!options.databaseUrl && /^postgres(ql)?:\/\//.test(options.databaseUrl);
  const dataDir = !usesServer && options.dataDir ? resolve(options.dataDir) : undefined;
  const unlock = dataDir ? lockDataDir(dataDir) : () => undefined;
  try {
    const db = await openDb({ databaseUrl: usesServer ? options.databaseUrl : undefined, dataDir });
    await migrate(db);
    const close = db.close.bind(db);
    return {
      ...db,
      close: async () => {
        await close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

export interface RunningHub {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHub(options: Omit<HubAppOptions, 'db'> & { db: HubDb; port?: number; host?: string }): Promise<RunningHub> {
  const app = createHubApp(options);
  const host = options.host ?? '127.0.0.1';
  const server: ServerType = await new Promise((resolvePromise, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolvePromise(started));
    started.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolvePromise) => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolvePromise());
      }),
  };
}
