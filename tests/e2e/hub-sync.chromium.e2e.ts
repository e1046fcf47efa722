/**
 * The extension against a running hub (PGlite in a temp folder, HTTP on 127.0.0.1): settings
 * through the options page, sync with an update and a delete made on the hub afterwards, usage
 * delivered exactly once although the hub was down and the service worker was killed mid-flush,
 * and the dashboard showing the hub's counts.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bundle, UsageEvent } from '../../lib/contract';
import { generateWorkspace } from '../../lib/demo/generate';
import { killServiceWorker, launchChromium, type ChromiumSession, sendFromPage } from './harness/chromium';
import { startTestHub, type TestHub } from './harness/hub-server';

let hub: TestHub;
let session: ChromiumSession;
let options: Page;
let bundle: Bundle;
let imported: Record<string, number>;
let repToken: string;
let marketingToken: string;

const EVENTS = 1_200;

/** Pages of the extension have the chrome.* API; this file is type-checked for Node. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

beforeAll(async () => {
  hub = await startTestHub();
  bundle = generateWorkspace({ prospects: 80, touches: 1_500, seed: 11 });
  const report = await hub.importBundle(bundle);
  imported = report.imported;
  repToken = await hub.addUser('Ann Rep', 'rep');
  marketingToken = await hub.addUser('Mo Marketing', 'marketing');
  session = await launchChromium();
  options = await session.openExtensionPage('options.html');
});
afterAll(async () => {
  await session?.close();
  await hub?.close();
});

const send = sendFromPage;

async function saveConnection(token: string) {
  await options.getByTestId('hub-url').fill(hub.url);
  await options.getByTestId('hub-token').fill(token);
  await options.getByTestId('save-settings').click();
  await expect.poll(() => options.getByTestId('settings-message').textContent()).toBe('Saved.');
}

/** Reads a prospect from the background's own database, where the sidebar's data lives. */
async function storedProspect(id: string): Promise<{ name?: string; title?: string } | undefined> {
  const worker = await session.serviceWorker();
  return worker.evaluate(
    (prospectId) =>
      new Promise<{ name?: string; title?: string } | undefined>((resolve, reject) => {
        const open = indexedDB.open('cuecard');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('prospects').objectStore('prospects').get(prospectId);
          get.onsuccess = () => {
            resolve(get.result as { name?: string; title?: string } | undefined);
            open.result.close();
          };
          get.onerror = () => reject(get.error);
        };
      }),
    id,
  );
}

describe('hub connection and sync', () => {
  it('tests the connection with the saved token and names the user and role', async () => {
    await saveConnection(repToken);
    await options.getByTestId('test-connection').click();
    await expect.poll(() => options.getByTestId('hub-me').textContent()).toBe('Connected as Ann Rep (rep).');
    // The token never comes back to the page.
    const settings = await send<{ hasToken: boolean }>(options, { type: 'settings:get' });
    expect(JSON.stringify(settings)).not.toContain(repToken);
    expect(settings.hasToken).toBe(true);
  });

  it('syncs the workspace on "sync now" and names the last successful sync', async () => {
    const started = Date.now();
    await options.getByTestId('sync-now').click();
    await expect.poll(() => options.getByTestId('sync-status').textContent(), { timeout: 30_000 }).toMatch(/Last successful sync: .+\d/);
    console.log(`first sync of ${Object.values(imported).reduce((a, b) => a + b, 0)} rows through the options page: ${Date.now() - started} ms`);
    const counts = await send<Record<string, number>>(options, { type: 'store:counts' });
    expect(counts).toEqual(imported);
  });

  it('applies an update and a delete made on the hub after the first sync', async () => {
    const dana = bundle.prospects!.find((p) => p.id === 'p-dana')!;
    await hub.importBundle({ format: 'cuecard/v1', prospects: [{ ...dana, title: 'Chief Financial Officer (updated on the hub)' }] });
    await hub.deleteItems([{ kind: 'prospect', id: 'p-marcus' }]);
    const status = await send<{ sync: { lastChanges?: number; error?: unknown } }>(options, { type: 'sync:now' });
    expect(status.sync.error).toBeUndefined();
    expect(status.sync.lastChanges).toBe(2);
    expect((await storedProspect('p-dana'))?.title).toBe('Chief Financial Officer (updated on the hub)');
    expect(await storedProspect('p-marcus')).toBeUndefined();
    expect((await send<Record<string, number>>(options, { type: 'store:counts' })).prospects).toBe(imported.prospects! - 1);
  });
});

describe('usage delivery', () => {
  it('records nothing before the rep agreed to share usage', async () => {
    await send(options, { type: 'usage:record', event: makeEvents(1, 'f')[0] });
    expect((await send<{ pending: number }>(options, { type: 'sync:status' })).pending).toBe(0);
  });

  it('delivers every event exactly once after the hub was down and the worker was killed mid-flush', async () => {
    await options.getByTestId('usage-consent').check();
    await expect.poll(async () => (await send<{ settings: { usageConsent: boolean } }>(options, { type: 'settings:get' })).settings.usageConsent).toBe(true);

    await hub.stop();
    const events = makeEvents(EVENTS, 'a');
    await options.evaluate(async (list) => {
      for (let i = 0; i < list.length; i += 100) {
        await Promise.all(list.slice(i, i + 100).map((event) => chrome.runtime.sendMessage({ type: 'usage:record', event })));
      }
    }, events);
    const down = await send<{ pending: number; flush: { error?: { message: string } } }>(options, { type: 'sync:now' });
    expect(down.pending).toBe(EVENTS);
    await options.reload();
    await expect.poll(() => options.getByTestId('sync-status').textContent()).toMatch(/Cannot reach the hub at http:\/\/127\.0\.0\.1:\d+/);
    expect(await hub.usageCount()).toBe(0);

    await hub.start();
    const started = Date.now();
    void options.evaluate(() => chrome.runtime.sendMessage({ type: 'sync:now' })).catch(() => undefined);
    let atKill = 0;
    await expect.poll(async () => (atKill = await hub.usageCount()), { interval: 5, timeout: 20_000 }).toBeGreaterThan(0);
    await killServiceWorker(session);
    console.log(`service worker killed with ${atKill} of ${EVENTS} events on the hub`);

    // A new worker starts on the next message; sync:now forces a flush despite the backoff.
    const page = await session.openExtensionPage('options.html');
    await expect.poll(async () => (await send<{ pending: number }>(page, { type: 'sync:now' })).pending, { timeout: 30_000 }).toBe(0);
    console.log(`outbox of ${EVENTS} delivered in ${Date.now() - started} ms (including the kill and restart)`);
    expect(await hub.usageCount()).toBe(EVENTS);
    // Flushing again sends nothing and changes nothing.
    await send(page, { type: 'sync:now' });
    expect(await hub.usageCount()).toBe(EVENTS);
    await page.close();
  });
});

describe('marketing dashboard', () => {
  it('tells a rep the dashboard is for marketing', async () => {
    const dashboard = await session.openExtensionPage('dashboard.html');
    await expect.poll(() => dashboard.getByTestId('dashboard-forbidden').textContent()).toMatch(/marketing and admins; your hub role is rep/);
    await dashboard.close();
  });

  it('shows the hub’s counts per message and asset, the unused content, and exports the table', async () => {
    await saveConnection(marketingToken);
    const dashboard = await session.openExtensionPage('dashboard.html');
    const copied = dashboard.locator('[data-testid="usage-row"][data-message-id="m-it-integration"]');
    await expect.poll(() => copied.getByTestId('copies').textContent(), { timeout: 20_000 }).toBe(String(EVENTS / 3));
    expect(await copied.getByTestId('reps').textContent()).toBe('1');
    const inserted = dashboard.locator('[data-testid="usage-row"][data-message-id="m-finance-freight-roi"]');
    expect(await inserted.getByTestId('inserts').textContent()).toBe(String(EVENTS / 3));
    // Inserted is not sent: sends count only sends detected in Gmail/Outlook (compose-send e2e).
    expect(await inserted.getByTestId('sends').textContent()).toBe('0');
    expect(await inserted.getByTestId('sent-as-approved').textContent()).toBe('—');
    const asset = dashboard.locator('[data-testid="usage-row"][data-asset-id="a-pricing-guide"]');
    expect(await asset.getByTestId('copies').textContent()).toBe(String(EVENTS / 3));
    expect(await dashboard.getByTestId('unused-item').count()).toBeGreaterThan(0);
    expect(await dashboard.locator('[data-testid="unused-item"][data-message-id="m-it-integration"]').count()).toBe(0);
    await dashboard.screenshot({ path: '/tmp/cuecard-dashboard.png', fullPage: true });

    const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.getByTestId('export-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toMatch(/^kind,id,title,copies,inserts,sends,opens,reps,last_used_at,sent_as_approved,median_retained\r\n/);
    expect(csv).toContain(`message,m-it-integration,`);
    expect(csv).toMatch(new RegExp(`asset,a-pricing-guide,[^\\r]*,${EVENTS / 3},0,0,0,1,`));
    await dashboard.close();
  });
});

function makeEvents(count: number, prefix: string): UsageEvent[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const base = { id: `${prefix}0000000-0000-4000-8000-${String(i).padStart(12, '0')}`, at: new Date(now - i * 1000).toISOString(), surface: 'gmail' as const, prospectId: 'p-dana' };
    if (i % 3 === 0) return { ...base, type: 'message_copied' as const, messageId: 'm-it-integration' };
    if (i % 3 === 1) return { ...base, type: 'message_inserted' as const, messageId: 'm-finance-freight-roi' };
    return { ...base, type: 'asset_copied' as const, assetId: 'a-pricing-guide' };
  });
}
