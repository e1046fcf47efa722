/**
 * Firefox against a running hub (PGlite in a temp folder, HTTP on 127.0.0.1): hub URL and token
 * through the options page, "sync now", the Salesforce sidebar showing a prospect the browser only
 * has from the hub, an update and a delete made on the hub reaching the open sidebar (Firefox's
 * sidebar iframe hears of new data through the storage.local ping only), and a copy in the
 * sidebar reaching the hub exactly once on "sync now".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import type { Bundle } from '../../lib/contract';
import { generateWorkspace } from '../../lib/demo/generate';
import { clickInSidebar, findExtensionFrame, type FirefoxSession, launchFirefox, openExtensionPage, openWithSidebar, textOf, waitForText } from './harness/firefox';
import { startTestHub, type TestHub } from './harness/hub-server';
import { salesforceRecordUrl } from './harness/site-fixtures';

const DANA = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');
const MARCUS_LINK = 'a[href="/lightning/r/Contact/003Dn00000QxDefIAF/view"]';

let hub: TestHub;
let session: FirefoxSession;
let bundle: Bundle;
let repToken: string;
let page: Page;
let options: Page;

beforeAll(async () => {
  // The hub and the browser start together: both take seconds and the machine has two cores.
  const t0 = Date.now();
  const timed = <T,>(what: string, start: Promise<T>) => start.then((value) => (console.log(`${what} up after ${Date.now() - t0} ms`), value));
  const [startedHub, startedSession] = await Promise.all([timed('hub', startTestHub()), timed('firefox', launchFirefox())]);
  hub = startedHub;
  session = startedSession;
  bundle = generateWorkspace({ prospects: 40, touches: 600, seed: 11 });
  expect((await hub.importBundle(bundle)).rejected).toBe(0);
  repToken = await hub.addUser('Fiona Firefox', 'rep');
  console.log(`hub seeded ${Date.now() - t0} ms`);
});
afterAll(async () => {
  await session?.close();
  await hub?.close();
});

/** Clicks "sync now" and waits for the button's busy spell to end; returns the sync-status line. */
async function syncNow(): Promise<string> {
  await options.bringToFront();
  await options.evaluate(() => {
    const button = document.querySelector<HTMLButtonElement>('[data-testid="sync-now"]')!;
    const flag = window as unknown as { __cuecardBusySeen?: boolean };
    flag.__cuecardBusySeen = false;
    const observer = new MutationObserver(() => {
      if (button.disabled) {
        flag.__cuecardBusySeen = true;
        observer.disconnect();
      }
    });
    observer.observe(button, { attributes: true, attributeFilter: ['disabled'] });
  });
  await options.click('[data-testid="sync-now"]');
  await options.waitForFunction(
    () =>
      (window as unknown as { __cuecardBusySeen?: boolean }).__cuecardBusySeen === true &&
      !document.querySelector<HTMLButtonElement>('[data-testid="sync-now"]')!.disabled,
    { timeout: 30_000 },
  );
  return (await textOf(options.mainFrame(), 'sync-status')) ?? '';
}

const usageRows = async (type?: string) =>
  (
    await hub.db.query<{ id: string; type: string; message_id: string | null }>(
      type ? 'SELECT id, type, message_id FROM usage_events WHERE type = $1' : 'SELECT id, type, message_id FROM usage_events',
      type ? [type] : [],
    )
  ).rows;

describe('Firefox: hub connection and sync', () => {
  it('saves the hub URL and token on the options page', async () => {
    let sidebar: Frame;
    ({ page, sidebar } = await openWithSidebar(session, DANA));
    await waitForText(sidebar, 'no-match', /No workspace yet/);
    options = await openExtensionPage(session, sidebar, 'options.html');
    await options.waitForSelector('[data-testid="hub-url"]');
    await options.type('[data-testid="hub-url"]', hub.url);
    await options.type('[data-testid="hub-token"]', repToken);
    await options.click('[data-testid="save-settings"]');
    expect(await waitForText(options.mainFrame(), 'settings-message', /./, 10_000)).toBe('Saved.');
    // The token never comes back to the page.
    expect(await options.$eval('[data-testid="hub-token"]', (input) => (input as HTMLInputElement).value)).toBe('');
    expect(await options.evaluate(() => new XMLSerializer().serializeToString(document))).not.toContain(repToken);
  });

  it('syncs on "sync now", names the last successful sync, and the open sidebar shows the hub’s prospect', async () => {
    // Agreed before any action, so the copy below is recorded.
    await options.click('[data-testid="usage-consent"]');
    await options.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid="usage-consent"]')?.checked === true);
    const status = await syncNow();
    expect(status).toMatch(/Last successful sync: .+\d/);
    // No reload: the background's ping through storage.local reaches the sidebar iframe.
    await page.bringToFront();
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    expect(await waitForText(sidebar, 'prospect-name', /Dana/)).toBe('Dana Whitfield');
    expect(await textOf(sidebar, 'prospect-company')).toBe('Northwind Logistics');
  });

  it('applies an update and a delete made on the hub after the first sync', async () => {
    const dana = bundle.prospects!.find((p) => p.id === 'p-dana')!;
    await hub.importBundle({ format: 'cuecard/v1', prospects: [{ ...dana, name: 'Dana Whitfield-Reyes' }] });
    await hub.deleteItems([{ kind: 'prospect', id: 'p-marcus' }]);
    expect(await syncNow()).toMatch(/Last successful sync: .+\d/);
    // The rep goes back to the CRM tab: a page in a background tab is not watched until shown.
    await page.bringToFront();
    let sidebar = await findExtensionFrame(page, 'sidebar.html');
    expect(await waitForText(sidebar, 'prospect-name', /Reyes/)).toBe('Dana Whitfield-Reyes');
    // Marcus is gone from the workspace: his record page finds nobody.
    await sidebar.evaluate(() => ((window as unknown as { __sameSidebar: boolean }).__sameSidebar = true));
    await page.click(MARCUS_LINK);
    sidebar = await findExtensionFrame(page, 'sidebar.html');
    expect(await waitForText(sidebar, 'no-match', /Not in your workspace/)).toMatch(/^Not in your workspace/);
    expect(await textOf(sidebar, 'prospect-name')).toBeNull();
    // Firefox reports the SPA's pushState as a completed load; the sidebar must live on, not be
    // rebuilt by a second page script (lib/background/page-script.ts isRunning).
    expect(await sidebar.evaluate(() => (window as unknown as { __sameSidebar?: boolean }).__sameSidebar)).toBe(true);
    expect(await page.evaluate(() => document.querySelectorAll('[data-cuecard="root"]').length)).toBe(1);
  });
});

describe('Firefox: usage delivery', () => {
  it('delivers a copy made in the sidebar to the hub exactly once on "sync now"', async () => {
    await page.bringToFront();
    await page.goto(DANA);
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    await waitForText(sidebar, 'prospect-name', /Reyes/);
    await clickInSidebar(page, sidebar, '[data-testid="tab-messaging"]');
    await sidebar.waitForFunction(() => !!document.querySelector('[data-testid="message-item"] [data-testid="copy-message"]'), { timeout: 10_000 });
    const messageId = await sidebar.evaluate(() => document.querySelector('[data-testid="message-item"]')!.getAttribute('data-message-id'));
    await clickInSidebar(page, sidebar, '[data-testid="message-item"] [data-testid="copy-message"]');
    expect(await waitForText(sidebar, 'sidebar-notice', /./, 10_000)).toBe('Copied to the clipboard.');

    expect(await syncNow()).toMatch(/Last successful sync: .+\d/);
    const copies = await usageRows('message_copied');
    expect(copies).toHaveLength(1);
    expect(copies[0]!.message_id).toBe(messageId);
    // Flushing again sends nothing more.
    const total = (await usageRows()).length;
    await syncNow();
    expect(await usageRows('message_copied')).toHaveLength(1);
    expect(await usageRows()).toHaveLength(total);
  });
});
