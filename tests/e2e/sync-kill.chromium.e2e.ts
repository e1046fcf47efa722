/**
 * The service worker killed mid-sync, in a real Chromium against a running hub (SECURITY.md
 * "4. Faults"; the unit twin is tests/unit/sync/sync.test.ts). Each page of changes and the
 * cursor are written in one transaction, so a worker closed over CDP in the middle of a 30,000-row
 * first sync leaves whole pages and the cursor that matches them: the next sync:now resumes from
 * there, writes exactly the rows still missing, and ends with the hub's cursor and rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CollectionCounts } from '../../lib/contract';
import { generateWorkspace } from '../../lib/demo/generate';
import { killServiceWorker, launchChromium, sendFromPage, type ChromiumSession } from './harness/chromium';
import { startTestHub, type TestHub } from './harness/hub-server';
import { storeCounts, totalRows } from './harness/import-counts';

/** Pages of the extension have the chrome.* API; this file is type-checked for Node. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

interface SyncView {
  sync: { lastSuccessAt?: string; cursor?: number; lastChanges?: number; error?: { message: string } };
}

let hub: TestHub;
let session: ChromiumSession;
let expected: CollectionCounts;
let hubCursor: number;

beforeAll(async () => {
  hub = await startTestHub();
  // ~30,500 changes: 7 pages of 5,000, several seconds of IndexedDB writes on this machine.
  const report = await hub.importBundle(generateWorkspace({ prospects: 400, touches: 30_000, seed: 31 }));
  expected = report.imported as CollectionCounts;
  hubCursor = Number((await hub.db.query<{ seq: string }>('SELECT max(seq)::text AS seq FROM changes')).rows[0]!.seq);
  const token = await hub.addUser('Kim Rep', 'rep');
  session = await launchChromium();
  const options = await session.openExtensionPage('options.html');
  await options.getByTestId('hub-url').fill(hub.url);
  await options.getByTestId('hub-token').fill(token);
  await options.getByTestId('save-settings').click();
  // expect.poll is for tests only.
  await options.getByTestId('settings-message').filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: 15_000 });
  await options.close();
});
afterAll(async () => {
  await session?.close();
  await hub?.close();
});

describe('service worker killed mid-sync', () => {
  it('resumes from the last written page: exactly the missing rows, the hub’s cursor, no error', async () => {
    expect(totalRows(expected)).toBeGreaterThan(30_000);
    let page = await session.openExtensionPage('options.html');
    expect(totalRows(await storeCounts(page))).toBe(0);
    let kept = 0;
    const keptAtKills: number[] = [];
    for (const share of [0.2, 0.6]) {
      void page.evaluate(() => chrome.runtime.sendMessage({ type: 'sync:now' })).catch(() => undefined);
      await expect
        .poll(async () => totalRows(await storeCounts(page).catch(() => ({ prospects: 0, touches: 0, messages: 0, assets: 0 }))), { interval: 50, timeout: 60_000 })
        .toBeGreaterThanOrEqual(share * totalRows(expected));
      await killServiceWorker(session);
      await page.close();
      // A new worker starts on the next message; what the killed one committed is all there is.
      page = await session.openExtensionPage('options.html');
      const now = totalRows(await storeCounts(page));
      expect(now).toBeGreaterThanOrEqual(kept);
      expect(now).toBeLessThan(totalRows(expected));
      kept = now;
      keptAtKills.push(now);
    }
    console.log(`sync killed twice, with ${keptAtKills.join(' and ')} of ${totalRows(expected)} rows written`);

    const view = await sendFromPage<SyncView>(page, { type: 'sync:now' });
    expect(view.sync.error).toBeUndefined();
    expect(view.sync.lastSuccessAt).toBeTruthy();
    // Resumed, not restarted: this sync wrote exactly what the killed ones had not.
    expect(view.sync.lastChanges).toBe(totalRows(expected) - kept);
    expect(view.sync.cursor).toBe(hubCursor);
    expect(await storeCounts(page)).toEqual(expected);
    // Nothing left to do: another sync changes nothing.
    const again = await sendFromPage<SyncView>(page, { type: 'sync:now' });
    expect(again.sync.lastChanges).toBe(0);
    expect(await storeCounts(page)).toEqual(expected);
    // The sync was asked by a runtime message, not this page's button: the page follows the status
    // as the background writes it (storage.onChanged), well before its 5-second poll.
    await expect.poll(() => page.getByTestId('sync-status').textContent(), { timeout: 2_000 }).toMatch(/Last successful sync/);
    await page.close();
  });
});
