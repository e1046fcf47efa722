/**
 * A bounded load test on loopback: `reps` simulated reps, each with its own rep token, sync
 * (paging GET /v1/sync from its own cursor) and post usage (POST /v1/usage, fresh uuids) in a loop
 * for `seconds`, against a hub on 127.0.0.1 with the default rate limit. A 429 is honoured
 * (Retry-After) and the batch retried, like the extension's outbox does.
 *
 * "Events lost" = ids the hub acknowledged (2xx) that are not rows in usage_events afterwards,
 * plus ids never acknowledged by the end. Both must be 0.
 *
 * Several hub processes (issue 17): with `databaseUrl`, the hub runs as `processes` separate
 * `npm run hub` processes on one Postgres server (in a schema of this run's own), the reps spread
 * over them. Each process's p95 is reported; every rep's first sync must receive the same rows
 * whichever process served it; usage must be stored exactly once (a fresh schema: rows = ids
 * posted); one user's lookups sent to every process in turn must meet one limit, not one per
 * process; and with `killAfterSeconds` one process is SIGKILLed mid-run, its reps carrying on
 * against the others (an unacknowledged batch is sent again, as the outbox does).
 *
 *   import { runHubLoadTest } from './hub/load-test';  const result = await runHubLoadTest({ reps: 50, seconds: 60 });
 *   npx tsx hub/load-test.ts [--reps N] [--seconds S] [--database-url postgres://… --processes 2 [--kill-after S]]
 *     prints the result as JSON
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { syncResponse, USAGE_EVENT_TYPES, type UsageEvent } from '../lib/contract';
import { generateWorkspace } from '../lib/demo/generate';
import { importBundle } from '../lib/import/bundle';
import { DEFAULT_RATE_LIMIT } from './app';
import type { HubDb } from './db';
import { LOOKUP_RATE_LIMIT } from './lookup';
import { openHubDb, startHub } from './server';
import { addUser, hubImportSink } from './store';

export interface HubLoadOptions {
  reps?: number;
  seconds?: number;
  /** Events per POST /v1/usage (default 10). */
  batch?: number;
  /** Prospects in the seeded workspace every rep syncs (default 200, with 2,000 touches). */
  prospects?: number;
  /** Hard cap on requests, whatever the time (default 200,000): the test must stay bounded. */
  maxRequests?: number;
  /** A Postgres server: the hub runs as separate processes on it (default: one hub in this process on PGlite). */
  databaseUrl?: string;
  /** Hub processes on databaseUrl (default 2). */
  processes?: number;
  /** SIGKILL the last process this many seconds in; its reps carry on against the others. */
  killAfterSeconds?: number;
}

export interface HubProcessResult {
  url: string;
  requests: number;
  p95Ms: number;
  killed: boolean;
}

export interface HubLoadResult {
  reps: number;
  seconds: number;
  requests: number;
  syncRequests: number;
  usageRequests: number;
  rateLimited: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  eventsPosted: number;
  eventsAcknowledged: number;
  eventsStored: number;
  eventsLost: number;
  /** Sync pages served and changes received across all reps (each rep syncs the workspace once, then polls). */
  syncChanges: number;
  /** Changes each rep's first full sync received, least and most across reps, and the rows the hub holds. */
  firstSync: { min: number; max: number; expected: number };
  /** Requests that found no process listening (a killed one): retried on another. */
  connectionErrors: number;
  /** Rows in usage_events (a fresh database or schema): equal to eventsPosted when nothing is doubled. */
  eventsRows: number;
  /** Per hub process (one entry when the hub runs in this process). */
  processes: HubProcessResult[];
  /**
   * One user's lookups sent to every process in turn, twice the limit's burst: how many were
   * allowed; at most burst + refill (the tokens regained while they were sent) when the limit is shared.
   */
  sharedLimit?: { sent: number; allowed: number; burst: number; refill: number };
}

/** A fresh schema on the server for this run: nothing of an earlier run is counted. */
async function schemaOnServer(databaseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `loadtest_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

/** `npm run hub` as its own process on databaseUrl; resolves with its URL once it listens. */
function spawnHub(databaseUrl: string, secretKeyHex: string): Promise<{ url: string; child: ChildProcess }> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'hub/cli.ts', '--port', '0'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, CUECARD_SECRET_KEY: secretKeyHex },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`hub process did not start in 60 s: ${err}`)), 60_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub process exited (${code}): ${err}`));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runHubLoadTest(options: HubLoadOptions = {}): Promise<HubLoadResult> {
  const reps = options.reps ?? 50;
  const seconds = options.seconds ?? 60;
  const batch = options.batch ?? 10;
  const maxRequests = options.maxRequests ?? 200_000;
  const server = options.databaseUrl ? await schemaOnServer(options.databaseUrl) : undefined;
  let db: HubDb | undefined;
  const children: ChildProcess[] = [];
  let inProcess: Awaited<ReturnType<typeof startHub>> | undefined;
  try {
    db = await openHubDb(server ? { databaseUrl: server.url } : {});
    const urls: string[] = [];
    if (server) {
      const key = randomBytes(32).toString('hex');
      for (let i = 0; i < (options.processes ?? 2); i++) {
        const spawned = await spawnHub(server.url, key);
        children.push(spawned.child);
        urls.push(spawned.url);
      }
    } else {
      inProcess = await startHub({ db, host: '127.0.0.1', rateLimit: DEFAULT_RATE_LIMIT, logError: () => undefined });
      urls.push(inProcess.url);
    }
    const hubDb = db;
    const workspace = generateWorkspace({ prospects: options.prospects ?? 200, touches: (options.prospects ?? 200) * 10, seed: 11 });
    const report = await importBundle(workspace, hubImportSink(db));
    const expected = Object.values(report.imported).reduce((sum, n) => sum + n, 0);
    const tokens: string[] = [];
    for (let i = 0; i < reps; i++) tokens.push((await addUser(db, `Load rep ${i}`, 'rep')).token);

    const latencies: number[] = [];
    const perProcess = urls.map(() => [] as number[]);
    const dead = new Set<number>();
    const firstSyncs: number[] = [];
    let connectionErrors = 0;
    const acknowledged = new Set<string>();
    const posted = new Set<string>();
    let requests = 0;
    let syncRequests = 0;
    let usageRequests = 0;
    let rateLimited = 0;
    let errors = 0;
    let syncChanges = 0;
    // Set when the reps start (after the shared-limit check).
    let deadline = Number.POSITIVE_INFINITY;

    /** A request to the rep's process; a process that is gone answers as a 503 and the rep moves to the next. */
    const call = async (token: string, path: string, target: { at: number }, body?: unknown): Promise<Response> => {
      requests++;
      const started = performance.now();
      try {
        const response = await fetch(urls[target.at]! + path, {
          method: body === undefined ? 'GET' : 'POST',
          headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const ms = performance.now() - started;
        latencies.push(ms);
        perProcess[target.at]!.push(ms);
        return response;
      } catch {
        connectionErrors++;
        if (urls.length > 1) target.at = (target.at + 1) % urls.length;
        await sleep(100);
        return new Response(null, { status: 503, headers: { 'Retry-After': '0' } });
      }
    };

    const rep = async (token: string, index: number) => {
      const target = { at: index % urls.length };
      let first = 0;
      let firstDone = false;
      let cursor = 0;
      let pending: UsageEvent[] = [];
      let n = 0;
      while (Date.now() < deadline && requests < maxRequests) {
        // Sync: page until caught up (the first round downloads the workspace).
        const sync = await call(token, `/v1/sync?cursor=${cursor}&limit=1000`, target);
        syncRequests++;
        if (sync.status === 429 || sync.status === 503) {
          if (sync.status === 429) rateLimited++;
          await sleep(Number(sync.headers.get('Retry-After') ?? 1) * 1000);
          continue;
        }
        if (!sync.ok) {
          errors++;
          await sync.body?.cancel();
          continue;
        }
        const page = syncResponse.parse(await sync.json());
        syncChanges += page.changes.length;
        if (!firstDone) first += page.changes.length;
        cursor = page.cursor;
        if (page.hasMore) continue;
        if (!firstDone) {
          firstDone = true;
          firstSyncs.push(first);
        }

        // Usage: a batch of new events, retried as is until acknowledged (idempotent on id).
        if (pending.length === 0) {
          pending = Array.from({ length: batch }, () => {
            const event: UsageEvent = {
              id: randomUUID(),
              type: USAGE_EVENT_TYPES[n++ % USAGE_EVENT_TYPES.length]!,
              at: new Date().toISOString(),
              surface: 'salesforce',
              prospectId: `p-${index}`,
              messageId: `m-${n % 7}`,
            };
            posted.add(event.id);
            return event;
          });
        }
        const usage = await call(token, '/v1/usage', target, { events: pending });
        usageRequests++;
        if (usage.status === 429 || usage.status === 503) {
          if (usage.status === 429) rateLimited++;
          await sleep(Number(usage.headers.get('Retry-After') ?? 1) * 1000);
          continue;
        }
        if (!usage.ok) {
          errors++;
          await usage.body?.cancel();
          continue;
        }
        await usage.json();
        for (const event of pending) acknowledged.add(event.id);
        pending = [];
      }
      // Whatever is still pending is delivered after the clock stops: the outbox never drops events.
      for (let attempt = 0; pending.length > 0 && attempt < 20; attempt++) {
        const usage = await call(token, '/v1/usage', target, { events: pending });
        usageRequests++;
        if (usage.ok) {
          await usage.json();
          for (const event of pending) acknowledged.add(event.id);
          pending = [];
        } else {
          if (usage.status === 429) rateLimited++;
          else if (usage.status !== 503) errors++;
          await usage.body?.cancel();
          await sleep(Number(usage.headers.get('Retry-After') ?? 1) * 1000);
        }
      }
    };

    // One user's lookups to every process in turn, before the run, twice the burst, as fast as they go: with
    // the buckets in Postgres about one burst passes, not one per process.
    let sharedLimit: HubLoadResult['sharedLimit'];
    if (urls.length > 1) {
      const { token } = await addUser(hubDb, 'Lookup rep', 'rep');
      const sent = LOOKUP_RATE_LIMIT.burst * 2;
      let allowed = 0;
      const t0 = performance.now();
      for (let i = 0; i < sent; i++) {
        const response = await fetch(`${urls[i % urls.length]}/v1/lookup?email=nobody-${i}%40example.com`, { headers: { Authorization: `Bearer ${token}` } });
        if (response.status === 200) allowed++;
        await response.body?.cancel();
      }
      sharedLimit = { sent, allowed, burst: LOOKUP_RATE_LIMIT.burst, refill: Math.ceil(((performance.now() - t0) / 1000) * LOOKUP_RATE_LIMIT.perSecond) };
    }

    const started = Date.now();
    deadline = started + seconds * 1000;
    const killer =
      options.killAfterSeconds !== undefined && children.length > 1
        ? setTimeout(() => {
            dead.add(children.length - 1);
            children[children.length - 1]!.kill('SIGKILL');
          }, options.killAfterSeconds * 1000)
        : undefined;
    await Promise.all(tokens.map((token, index) => rep(token, index)));
    clearTimeout(killer);
    const elapsed = (Date.now() - started) / 1000;


    const stored = new Set<string>();
    const ids = [...posted];
    for (let i = 0; i < ids.length; i += 5_000) {
      const result = await hubDb.query<{ id: string }>('SELECT id::text AS id FROM usage_events WHERE id = ANY($1::uuid[])', [ids.slice(i, i + 5_000)]);
      for (const row of result.rows) stored.add(row.id);
    }
    // acknowledged ⊆ posted: this counts both an acknowledged id missing and one never delivered.
    let lost = 0;
    for (const id of posted) if (!stored.has(id)) lost++;

    const eventsRows = Number((await hubDb.query<{ n: number }>('SELECT count(*)::int AS n FROM usage_events')).rows[0]?.n ?? 0);
    const sorted = [...latencies].sort((a, b) => a - b);
    const round = (value: number) => Math.round(value * 10) / 10;
    return {
      reps,
      seconds,
      requests,
      syncRequests,
      usageRequests,
      rateLimited,
      errors,
      requestsPerSecond: Math.round(requests / elapsed),
      p50Ms: round(percentile(sorted, 50)),
      p95Ms: round(percentile(sorted, 95)),
      maxMs: round(sorted.at(-1) ?? 0),
      eventsPosted: posted.size,
      eventsAcknowledged: acknowledged.size,
      eventsStored: stored.size,
      eventsLost: lost,
      syncChanges,
      firstSync: { min: Math.min(...firstSyncs), max: Math.max(...firstSyncs), expected },
      connectionErrors,
      eventsRows,
      processes: urls.map((url, i) => {
        const own = [...perProcess[i]!].sort((a, b) => a - b);
        return { url, requests: own.length, p95Ms: round(percentile(own, 95)), killed: dead.has(i) };
      }),
      ...(sharedLimit ? { sharedLimit } : {}),
    };
  } finally {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
    await inProcess?.close();
    await db?.close();
    await server?.drop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { reps: { type: 'string' }, seconds: { type: 'string' }, 'database-url': { type: 'string' }, processes: { type: 'string' }, 'kill-after': { type: 'string' } },
  });
  const result = await runHubLoadTest({
    reps: values.reps ? Number(values.reps) : undefined,
    seconds: values.seconds ? Number(values.seconds) : undefined,
    databaseUrl: values['database-url'],
    processes: values.processes ? Number(values.processes) : undefined,
    killAfterSeconds: values['kill-after'] ? Number(values['kill-after']) : undefined,
  });
  console.log(JSON.stringify(result, null, 2));
}
