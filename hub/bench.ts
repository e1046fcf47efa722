/**
 * Hub throughput (DESIGN.md, "Budgets"): sync changes served per second and usage events
 * ingested per second, on PGlite persisted in a temp folder, over real HTTP to an in-process hub.
 * The client (fetch + JSON.parse/stringify) shares the process and its CPU with the hub, so the
 * numbers are a floor for what a separate client would see.
 *
 *   import { benchHub } from './hub/bench';  const result = await benchHub();
 *   npx tsx hub/bench.ts [--changes N] [--events M]     prints the result as JSON
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { syncResponse, USAGE_EVENT_TYPES, type UsageEvent } from '../lib/contract';
import { generateWorkspace } from '../lib/demo/generate';
import { importBundle } from '../lib/import/bundle';
import { openHubDb, startHub } from './server';
import { addUser, hubImportSink } from './store';

export const HUB_BUDGETS = { syncChangesPerSecond: 20_000, usageEventsPerSecond: 10_000 } as const;

export interface HubBenchOptions {
  /** Rows in the seeded workspace, all served by sync (default 100,000). */
  changes?: number;
  /** Usage events posted, in batches of `batch` (default 50,000 in batches of 1,000: the contract's maximum). */
  events?: number;
  batch?: number;
  /** Sync page size (default 5,000: the protocol's maximum). */
  pageSize?: number;
}

export interface HubBenchResult {
  database: 'pglite';
  changes: number;
  events: number;
  importRowsPerSecond: number;
  syncChangesPerSecond: number;
  usageEventsPerSecond: number;
  /**
   * PGlite alone, same run: batched INSERTs of the same events into a bare table (primary key
   * only), no HTTP, no validation. On a loaded machine every number drops; the ratio
   * usageEventsPerSecond / rawInsertsPerSecond says whether the hub itself got slower.
   */
  rawInsertsPerSecond: number;
  budgets: typeof HUB_BUDGETS;
  pass: boolean;
}

export async function benchHub(options: HubBenchOptions = {}): Promise<HubBenchResult> {
  const target = options.changes ?? 100_000;
  const eventCount = options.events ?? 50_000;
  const batch = options.batch ?? 1_000;
  const pageSize = options.pageSize ?? 5_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'cuecard-hub-bench-'));
  const db = await openHubDb({ dataDir });
  try {
    // About 1 prospect per 20 touches, like the budget's 10k/500k workspace.
    const prospects = Math.max(5, Math.round(target / 21));
    const bundle = generateWorkspace({ prospects, touches: Math.max(0, target - prospects - 3_000), seed: 42 });
    const importStart = performance.now();
    const report = await importBundle(bundle, hubImportSink(db));
    const importSeconds = (performance.now() - importStart) / 1000;
    const changes = Object.values(report.imported).reduce((sum, n) => sum + n, 0);

    const { token } = await addUser(db, 'Bench rep', 'rep');
    const hub = await startHub({ db, rateLimit: false });
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    try {
      let cursor = 0;
      let served = 0;
      const syncStart = performance.now();
      for (;;) {
        const response = await fetch(`${hub.url}/v1/sync?cursor=${cursor}&limit=${pageSize}`, { headers });
        if (!response.ok) throw new Error(`sync answered ${response.status}`);
        const page = (await response.json()) as { changes: unknown[]; cursor: number; hasMore: boolean };
        served += page.changes.length;
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      const syncSeconds = (performance.now() - syncStart) / 1000;
      if (served !== changes) throw new Error(`sync served ${served} changes, expected ${changes}`);
      // Shape check outside the timed loop: the benchmark must measure the real protocol.
      syncResponse.parse(await (await fetch(`${hub.url}/v1/sync?limit=10`, { headers })).json());

      const batches: string[] = [];
      for (let done = 0; done < eventCount; done += batch) {
        const events: UsageEvent[] = [];
        for (let i = done; i < Math.min(eventCount, done + batch); i++) {
          events.push({
            id: randomUUID(),
            type: USAGE_EVENT_TYPES[i % USAGE_EVENT_TYPES.length]!,
            at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
            surface: 'salesforce',
            prospectId: `p-${i % 500}`,
            messageId: `m-${String(i % 100).padStart(4, '0')}`,
            messageVersion: 1,
            rank: i % 5,
            reasons: ['same_industry', 'stage_fit'],
          });
        }
        batches.push(JSON.stringify({ events }));
      }
      let accepted = 0;
      const usageStart = performance.now();
      for (const body of batches) {
        const response = await fetch(`${hub.url}/v1/usage`, { method: 'POST', headers, body });
        if (!response.ok) throw new Error(`usage answered ${response.status}`);
        accepted += ((await response.json()) as { accepted: number }).accepted;
      }
      const usageSeconds = (performance.now() - usageStart) / 1000;
      if (accepted !== eventCount) throw new Error(`usage accepted ${accepted} events, expected ${eventCount}`);

      await db.query('CREATE TABLE bench_raw (id uuid PRIMARY KEY, type text, at timestamptz, surface text, prospect_id text, message_id text, rank integer, reasons jsonb)');
      const rawBatches = batches.slice(0, Math.min(batches.length, 20)).map((body) => JSON.stringify((JSON.parse(body) as { events: UsageEvent[] }).events.map((e) => ({ ...e, id: randomUUID() }))));
      const rawStart = performance.now();
      for (const rows of rawBatches) {
        await db.query(
          `INSERT INTO bench_raw SELECT * FROM json_to_recordset($1::json)
             AS e(id uuid, type text, at timestamptz, surface text, "prospectId" text, "messageId" text, rank integer, reasons jsonb)`,
          [rows],
        );
      }
      const rawRows = rawBatches.length * batch;
      const rawSeconds = (performance.now() - rawStart) / 1000;

      const result = {
        database: 'pglite' as const,
        changes,
        events: eventCount,
        importRowsPerSecond: Math.round(changes / importSeconds),
        syncChangesPerSecond: Math.round(served / syncSeconds),
        usageEventsPerSecond: Math.round(eventCount / usageSeconds),
        rawInsertsPerSecond: Math.round(rawRows / rawSeconds),
        budgets: HUB_BUDGETS,
      };
      return {
        ...result,
        pass: result.syncChangesPerSecond >= HUB_BUDGETS.syncChangesPerSecond && result.usageEventsPerSecond >= HUB_BUDGETS.usageEventsPerSecond,
      };
    } finally {
      await hub.close();
    }
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { changes: { type: 'string' }, events: { type: 'string' } } });
  benchHub({
    changes: values.changes ? Number(values.changes) : undefined,
    events: values.events ? Number(values.events) : undefined,
  }).then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    },
  );
}
