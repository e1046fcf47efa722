/**
 * A real first sync for the bench: a hub in this process (PGlite in a temp folder, HTTP on
 * 127.0.0.1, the default rate limit a real hub has) seeded through the hub's own import code, and
 * the extension pointed at it through the options page, then `sync:now` and `sync:status` polled
 * until the sync has finished.
 *
 *   CUECARD_OUT_DIR=.output-x npx tsx bench/hub-sync.ts [--prospects N] [--touches M]
 *     standalone: one first sync into a fresh Chromium, timed (default 2,000 / 100,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { ChromiumSession } from '../tests/e2e/harness/chromium';
import type { Bundle } from '../lib/contract';
import { importBundle } from '../lib/import/bundle';
import type { HubDb } from '../hub/db';
import { openHubDb, startHub, type RunningHub } from '../hub/server';
import { addUser, hubImportSink } from '../hub/store';

export interface BenchHub {
  url: string;
  repToken: string;
  /** Rows the hub imported (= changes a first sync receives). */
  rows: number;
  importSeconds: number;
  close(): Promise<void>;
}

export async function startBenchHub(bundle: Bundle): Promise<BenchHub> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'cuecard-bench-hub-'));
  let db: HubDb | undefined;
  let running: RunningHub | undefined;
  try {
    db = await openHubDb({ dataDir });
    const t0 = performance.now();
    const report = await importBundle(bundle, hubImportSink(db));
    const importSeconds = (performance.now() - t0) / 1000;
    if (report.rejected > 0 || report.fatal) throw new Error(`hub import rejected rows: ${report.fatal ?? report.rejected}`);
    const rows = Object.values(report.imported).reduce((sum, n) => sum + n, 0);
    const { token } = await addUser(db, 'Bench rep', 'rep');
    running = await startHub({ db });
    const hubDb = db;
    const hub = running;
    return {
      url: hub.url,
      repToken: token,
      rows,
      importSeconds,
      async close() {
        await hub.close();
        await hubDb.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await running?.close();
    await db?.close();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Extension pages have chrome.*; this file is type-checked for Node. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

export async function sendFromPage<T>(page: Page, message: unknown): Promise<T> {
  const reply = (await page.evaluate((m) => chrome.runtime.sendMessage(m), message)) as { ok: boolean; value?: T; error?: { message: string } };
  if (!reply?.ok) throw new Error(`${(message as { type: string }).type}: ${reply?.error?.message ?? 'no reply'}`);
  return reply.value as T;
}

interface SyncStatusReply {
  sync: { lastSuccessAt?: string; lastChanges?: number; cursor?: number; skippedCount?: number; error?: { code: string; message: string } };
}

export interface FirstSyncResult {
  seconds: number;
  changes: number;
  counts: Record<string, number>;
}

/**
 * The background's periodic sync alarm first fires 6 s after the worker starts. If it fires while
 * "sync now" runs, two syncs race (one drops its pages and reports success early), and the timing
 * would be of neither. Waits until the next firing is at least 10 minutes away.
 */
async function quietSyncAlarm(session: ChromiumSession): Promise<void> {
  const worker = await session.serviceWorker();
  for (;;) {
    const next = await worker.evaluate(async () => {
      const alarm = await (globalThis as unknown as { chrome: { alarms: { get(name: string): Promise<{ scheduledTime: number } | undefined> } } }).chrome.alarms.get('sync');
      return alarm ? alarm.scheduledTime - Date.now() : Number.POSITIVE_INFINITY;
    });
    if (next > 10 * 60_000) return;
    await new Promise((resolve) => setTimeout(resolve, Math.max(500, next + 1_000)));
  }
}

/**
 * Connects the options page to the hub like a rep does (URL, token, Save), then times "sync now"
 * until `sync:status` names a successful sync. The status is polled rather than the reply awaited:
 * a reply can be lost if the service worker restarts, the stored status cannot.
 */
export async function firstSyncThroughOptions(session: ChromiumSession, options: Page, hub: BenchHub, timeoutMs = 900_000): Promise<FirstSyncResult> {
  await quietSyncAlarm(session);
  await options.getByTestId('hub-url').fill(hub.url);
  await options.getByTestId('hub-token').fill(hub.repToken);
  await options.getByTestId('save-settings').click();
  await options.getByTestId('settings-message').filter({ hasText: 'Saved.' }).waitFor({ timeout: 30_000 });
  const before = await sendFromPage<SyncStatusReply>(options, { type: 'sync:status' });
  if (before.sync.lastSuccessAt) throw new Error('a sync already ran before "sync now": the timing would not be a first sync');

  const t0 = Date.now();
  void options.evaluate(() => chrome.runtime.sendMessage({ type: 'sync:now' })).catch(() => undefined);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const status = await sendFromPage<SyncStatusReply>(options, { type: 'sync:status' });
    if (status.sync.lastSuccessAt) break;
    if (status.sync.error) throw new Error(`sync failed: ${status.sync.error.message}`);
    if (Date.now() - t0 > timeoutMs) throw new Error(`sync did not finish within ${timeoutMs / 1000} s`);
  }
  const seconds = (Date.now() - t0) / 1000;
  const counts = await sendFromPage<Record<string, number>>(options, { type: 'store:counts' });
  const changes = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (changes !== hub.rows) throw new Error(`the sync stored ${changes} rows, the hub has ${hub.rows}`);
  return { seconds, changes, counts };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { prospects: { type: 'string', default: '2000' }, touches: { type: 'string', default: '100000' } },
  });
  const { generateWorkspace } = await import('../lib/demo/generate');
  const { launchChromium } = await import('../tests/e2e/harness/chromium');
  const bundle = generateWorkspace({ prospects: Number(values.prospects), touches: Number(values.touches), seed: 42 });
  const hub = await startBenchHub(bundle);
  console.log(`hub import: ${hub.rows} rows in ${hub.importSeconds.toFixed(1)} s`);
  const session = await launchChromium();
  try {
    const options = await session.openExtensionPage('options.html');
    const result = await firstSyncThroughOptions(session, options, hub);
    console.log(`first sync: ${result.changes} rows in ${result.seconds.toFixed(1)} s = ${Math.round(result.changes / result.seconds)} rows/s`, result.counts);
  } finally {
    await session.close();
    await hub.close();
  }
}
