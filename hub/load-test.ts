/**
 * A bounded load test on loopback: `reps` simulated reps, each with its own rep token, sync
 * (paging GET /v1/sync from its own cursor) and post usage (POST /v1/usage, fresh uuids) in a loop
 * for `seconds`, against a hub on 127.0.0.1 with the default rate limit. A 429 is honoured
 * (Retry-After) and the batch retried, like the extension's outbox does.
 *
 * "Events lost" = ids the hub acknowledged (2xx) that are not rows in usage_events afterwards,
 * plus ids never acknowledged by the end. Both must be 0.
 *
 *   import { runHubLoadTest } from './hub/load-test';  const result = await runHubLoadTest({ reps: 50, seconds: 60 });
 *   npx tsx hub/load-test.ts [--reps N] [--seconds S]     prints the result as JSON
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { syncResponse, USAGE_EVENT_TYPES, type UsageEvent } from '../lib/contract';
import { generateWorkspace } from '../lib/demo/generate';
import { importBundle } from '../lib/import/bundle';
import { DEFAULT_RATE_LIMIT } from './app';
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
  const db = await openHubDb({});
  const hub = await startHub({ db, host: '127.0.0.1', rateLimit: DEFAULT_RATE_LIMIT, logError: () => undefined });
  try {
    const workspace = generateWorkspace({ prospects: options.prospects ?? 200, touches: (options.prospects ?? 200) * 10, seed: 11 });
    await importBundle(workspace, hubImportSink(db));
    const tokens: string[] = [];
    for (let i = 0; i < reps; i++) tokens.push((await addUser(db, `Load rep ${i}`, 'rep')).token);

    const latencies: number[] = [];
    const acknowledged = new Set<string>();
    const posted = new Set<string>();
    let requests = 0;
    let syncRequests = 0;
    let usageRequests = 0;
    let rateLimited = 0;
    let errors = 0;
    let syncChanges = 0;
    const deadline = Date.now() + seconds * 1000;

    const call = async (token: string, path: string, body?: unknown): Promise<Response> => {
      requests++;
      const started = performance.now();
      const response = await fetch(hub.url + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      latencies.push(performance.now() - started);
      return response;
    };

    const rep = async (token: string, index: number) => {
      let cursor = 0;
      let pending: UsageEvent[] = [];
      let n = 0;
      while (Date.now() < deadline && requests < maxRequests) {
        // Sync: page until caught up (the first round downloads the workspace).
        const sync = await call(token, `/v1/sync?cursor=${cursor}&limit=1000`);
        syncRequests++;
        if (sync.status === 429) {
          rateLimited++;
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
        cursor = page.cursor;
        if (page.hasMore) continue;

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
        const usage = await call(token, '/v1/usage', { events: pending });
        usageRequests++;
        if (usage.status === 429) {
          rateLimited++;
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
        const usage = await call(token, '/v1/usage', { events: pending });
        usageRequests++;
        if (usage.ok) {
          await usage.json();
          for (const event of pending) acknowledged.add(event.id);
          pending = [];
        } else {
          if (usage.status === 429) rateLimited++;
          else errors++;
          await usage.body?.cancel();
          await sleep(Number(usage.headers.get('Retry-After') ?? 1) * 1000);
        }
      }
    };

    const started = Date.now();
    await Promise.all(tokens.map((token, index) => rep(token, index)));
    const elapsed = (Date.now() - started) / 1000;

    const stored = new Set<string>();
    const ids = [...posted];
    for (let i = 0; i < ids.length; i += 5_000) {
      const result = await db.query<{ id: string }>('SELECT id::text AS id FROM usage_events WHERE id = ANY($1::uuid[])', [ids.slice(i, i + 5_000)]);
      for (const row of result.rows) stored.add(row.id);
    }
    // acknowledged ⊆ posted: this counts both an acknowledged id missing and one never delivered.
    let lost = 0;
    for (const id of posted) if (!stored.has(id)) lost++;

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
    };
  } finally {
    await hub.close();
    await db.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { reps: { type: 'string' }, seconds: { type: 'string' } } });
  const result = await runHubLoadTest({
    reps: values.reps ? Number(values.reps) : undefined,
    seconds: values.seconds ? Number(values.seconds) : undefined,
  });
  console.log(JSON.stringify(result, null, 2));
}
