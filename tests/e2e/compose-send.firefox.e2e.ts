/**
 * Firefox: the send flow on the Gmail fixture against a loopback hub (issue 15 part 1). Insert the
 * approved message from the sidebar (real mouse clicks), edit a word, press Send: the hub receives
 * exactly one `message_sent` with the retained share the edit left, ids and numbers only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { SEND_UNDO_WINDOW_KEY } from '../../lib/contract/storage-keys';
import { generateWorkspace } from '../../lib/demo/generate';
import { retainedShare } from '../../lib/match/retained';
import { sendFromPage } from './harness/extension-messages';
import { clickInSidebar, findExtensionFrame, type FirefoxSession, launchFirefox, openExtensionPage, poll, waitForText } from './harness/firefox';
import { startTestHub, type TestHub } from './harness/hub-server';

const GMAIL = 'https://mail.google.com/mail/u/0/';
const THREAD_DANA = 'FMfcgzQXJWDsKmbNcrPqTvWzLxHgRbnT';
const BODY = '[role="dialog"] [aria-label="Message Body"]';
const CARD = '[data-testid="message-item"][data-message-id="m-finance-freight-roi"]';
const UNDO_WINDOW_MS = 1_500;

/** Pages of the extension have the chrome.* API (Firefox too); this file is type-checked for Node. */
declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };

let hub: TestHub;
let session: FirefoxSession;
let page: Page;
let options: Page;

beforeAll(async () => {
  [hub, session] = await Promise.all([startTestHub(), launchFirefox()]);
  await hub.importBundle(generateWorkspace({ prospects: 60, touches: 300, seed: 7 }));
  const token = await hub.addUser('Fiona Firefox', 'rep');
  page = await session.newFixturePage();
  // A thread shows the sidebar ("no workspace yet"), from which our options page opens.
  await page.goto(`${GMAIL}#inbox/${THREAD_DANA}`);
  options = await openExtensionPage(session, await findExtensionFrame(page, 'sidebar.html'), 'options.html');
  await sendFromPage(options, { type: 'settings:save', patch: { hubUrl: hub.url, hubToken: token } });
  // Through the checkbox: Firefox's own data-collection permission is asked by that click (lib/contract/data-consent.ts).
  await options.click('[data-testid="usage-consent"]');
  await options.waitForFunction(() => document.querySelector<HTMLInputElement>('[data-testid="usage-consent"]')?.checked === true);
  await sendFromPage(options, { type: 'sync:now' });
  await options.evaluate(([key, ms]) => chrome.storage.local.set({ [key as string]: ms }), [SEND_UNDO_WINDOW_KEY, UNDO_WINDOW_MS] as const);
});
afterAll(async () => {
  await session?.close();
  await hub?.close();
});

const bodyText = () => page.$eval(BODY, (body) => (body as HTMLElement).innerText);

describe('Firefox: a Gmail draft holding an approved message is sent', () => {
  it('reaches the hub as one message_sent with the share of words the rep kept, and no text', async () => {
    // A fresh page script: it reads the shortened undo window when it starts. The options page
    // opened in front; a page in a background tab is not watched until shown.
    await page.bringToFront();
    await page.goto(`${GMAIL}#inbox`);
    await page.reload();
    await page.click('[gh="cm"]');
    const to = await page.waitForSelector('[role="dialog"] [name="to"] input');
    await to!.type('dana.whitfield@northwind-logistics.com');
    await to!.press('Enter');
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    await waitForText(sidebar, 'prospect-name', /Dana Whitfield/);
    await page.click(BODY);
    await clickInSidebar(page, sidebar, '[data-testid="tab-messaging"]');
    await sidebar.waitForFunction((card) => !!document.querySelector(`${card} [data-testid="insert-message"]`), { timeout: 10_000 }, CARD);
    await clickInSidebar(page, sidebar, `${CARD} [data-testid="insert-message"]`);
    const inserted = await poll(bodyText, (text) => text.includes('Northwind Logistics typically find'));
    expect(inserted).toContain('Northwind Logistics typically find');

    // The rep changes one word of the approved text.
    await page.evaluate((selector) => {
      const root = document.querySelector(selector) as HTMLElement;
      root.focus();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.nodeValue!.indexOf('typically');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'typically'.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
    }, BODY);
    await page.keyboard.type('usually');
    const edited = await poll(bodyText, (text) => text.includes('usually find'));
    expect(edited).toContain('Northwind Logistics usually find');

    await page.click('[role="dialog"] [data-fixture="send"]');
    await page.waitForSelector('#link_vsm', { visible: true });
    await new Promise((resolve) => setTimeout(resolve, UNDO_WINDOW_MS + 1_200));
    await sendFromPage(options, { type: 'sync:now' });
    const rows = (await hub.db.query<Record<string, unknown>>("SELECT * FROM usage_events WHERE type IN ('message_sent', 'asset_sent')")).rows;
    const expected = retainedShare(inserted, edited);
    console.log(`retained measured in Firefox (one word of the approved message changed): ${String(rows[0]?.retained)}`);
    expect(expected).toBeGreaterThan(0.9);
    expect(expected).toBeLessThan(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'message_sent', surface: 'gmail', prospect_id: 'p-dana', message_id: 'm-finance-freight-roi', retained: expected, scheduled: false, request: null, reasons: null });
    const all = JSON.stringify((await hub.db.query('SELECT * FROM usage_events')).rows);
    for (const fragment of ['usually', 'Northwind Logistics', 'cost per lane', 'dana.whitfield']) expect(all).not.toContain(fragment);
  });
});
