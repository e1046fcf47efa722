/**
 * What reps actually sent (issue 15 part 1), end to end in Chromium against a loopback hub:
 * insert from the sidebar into a Gmail / Outlook draft, edit it, send it through the fixture's own
 * controls, and find on the HUB exactly one `message_sent` / `asset_sent` with the `retained` the
 * edit left, ids and numbers only. Nothing for a discarded draft, nothing after Undo, `scheduled`
 * for a scheduled send. The undo window is shortened through storage.local (SEND_UNDO_WINDOW_KEY).
 */
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEND_UNDO_WINDOW_KEY } from '../../lib/contract/storage-keys';
import { generateWorkspace } from '../../lib/demo/generate';
import { retainedShare } from '../../lib/match/retained';
import { launchChromium, sendFromPage, type ChromiumSession } from './harness/chromium';
import { startTestHub, type TestHub } from './harness/hub-server';
import { sidebarOf } from './harness/sidebar';

const GMAIL = 'https://mail.google.com/mail/u/0/#inbox';
const OUTLOOK = 'https://outlook.office.com/mail/inbox';
const DANA = 'dana.whitfield@northwind-logistics.com';
const MESSAGE = 'm-finance-freight-roi';
const UNDO_WINDOW_MS = 1_500;
const GMAIL_BODY = '[role="dialog"] [aria-label="Message Body"]';
const OUTLOOK_BODY = '#ReadingPaneContainerId [aria-multiline="true"]';

/** Pages of the extension have the chrome.* API; this file is type-checked for Node. */
declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };

let hub: TestHub;
let session: ChromiumSession;
let options: Page;
const measured: Record<string, number> = {};

beforeAll(async () => {
  const [startedHub, startedSession] = await Promise.all([startTestHub(), launchChromium()]);
  hub = startedHub;
  session = startedSession;
  await hub.importBundle(generateWorkspace({ prospects: 60, touches: 300, seed: 7 }));
  const token = await hub.addUser('Sam Rep', 'rep');
  options = await session.openExtensionPage('options.html');
  await sendFromPage(options, { type: 'settings:save', patch: { hubUrl: hub.url, hubToken: token, usageConsent: true } });
  await sendFromPage(options, { type: 'sync:now' });
  await options.evaluate(([key, ms]) => chrome.storage.local.set({ [key as string]: ms }), [SEND_UNDO_WINDOW_KEY, UNDO_WINDOW_MS]);
});
afterAll(async () => {
  console.log(`retained measured in Chromium: ${JSON.stringify(measured)}`);
  await session?.close();
  await hub?.close();
});

interface SentRow {
  type: string;
  surface: string;
  prospect_id: string | null;
  message_id: string | null;
  message_version: number | null;
  asset_id: string | null;
  rank: number | null;
  reasons: unknown;
  request: string | null;
  retained: number | null;
  scheduled: boolean | null;
}

/** Flushes the outbox now, then what the hub holds of sends, oldest first. */
async function hubSends(): Promise<SentRow[]> {
  await sendFromPage(options, { type: 'sync:now' });
  const rows = await hub.db.query<SentRow>(
    `SELECT type, surface, prospect_id, message_id, message_version, asset_id, rank, reasons, request, retained, scheduled
     FROM usage_events WHERE type IN ('message_sent', 'asset_sent') ORDER BY received_at, at`,
  );
  return rows.rows;
}

/** Waits past the undo window (and the fixture's "Sending…"), so a send would have been reported. */
const pastUndoWindow = (page: Page) => page.waitForTimeout(UNDO_WINDOW_MS + 1_200);

/** Selects `word` inside the draft body and types `replacement` over it, as a rep edits. */
async function replaceWord(page: Page, body: string, word: string, replacement: string) {
  await page.evaluate(
    ([selector, target]) => {
      const root = document.querySelector(selector!) as HTMLElement;
      root.focus();
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.nodeValue!.indexOf(target!);
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + target!.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
      throw new Error(`"${target}" is not in the draft`);
    },
    [body, word],
  );
  await page.keyboard.type(replacement);
}

/** Inserts the approved message from the sidebar and waits for it in the draft (the notice may be a previous insert's). */
async function insertMessage(page: Page, body: string) {
  const sidebar: FrameLocator = sidebarOf(page);
  await sidebar.getByTestId('tab-messaging').click();
  await sidebar.locator(`[data-testid="message-item"][data-message-id="${MESSAGE}"]`).getByTestId('insert-message').click();
  await expect.poll(() => page.locator(body).innerText(), { timeout: 10_000 }).toContain('Northwind Logistics typically find');
}

async function gmailDraftToDana(page: Page) {
  await page.locator('[gh="cm"]').click();
  const to = page.locator('[role="dialog"] [name="to"] input').first();
  await to.fill(DANA);
  await to.press('Enter');
  await sidebarOf(page).getByTestId('prospect-name').filter({ hasText: 'Dana Whitfield' }).waitFor({ timeout: 15_000 });
  await page.locator(GMAIL_BODY).click();
}

describe('Gmail: what the rep sent reaches the hub as ids and numbers', () => {
  let page: Page;
  beforeAll(async () => {
    page = await session.context.newPage();
    await page.goto(GMAIL);
  });

  it('one message_sent for an inserted message the rep lightly edited, with the share of words kept', async () => {
    await gmailDraftToDana(page);
    await insertMessage(page, GMAIL_BODY);
    const inserted = await page.locator(GMAIL_BODY).innerText();
    await replaceWord(page, GMAIL_BODY, 'typically', 'often');
    await replaceWord(page, GMAIL_BODY, '20-minute', 'quick');
    const edited = await page.locator(GMAIL_BODY).innerText();
    await page.locator('[role="dialog"] [data-fixture="send"]').click();
    await expect.poll(() => page.locator('#link_vsm').isVisible()).toBe(true);
    expect(await hubSends()).toEqual([]); // still in the undo window
    await pastUndoWindow(page);
    const rows = await hubSends();
    const expected = retainedShare(inserted, edited);
    expect(expected).toBeGreaterThan(0.9);
    expect(expected).toBeLessThan(1);
    expect(rows).toEqual([
      { type: 'message_sent', surface: 'gmail', prospect_id: 'p-dana', message_id: MESSAGE, message_version: 3, asset_id: null, rank: expect.any(Number), reasons: null, request: null, retained: expected, scheduled: false },
    ]);
    measured['gmail light edit'] = rows[0]!.retained!;
    // No text of the email reached the hub, in any event.
    const all = JSON.stringify((await hub.db.query('SELECT * FROM usage_events')).rows);
    for (const fragment of ['often', 'Northwind Logistics', 'cost per lane', 'quick look', DANA]) expect(all).not.toContain(fragment);
  });

  it('nothing for a send the rep undid, nor for a draft discarded', async () => {
    const before = (await hubSends()).length;
    await gmailDraftToDana(page);
    await insertMessage(page, GMAIL_BODY);
    await page.locator('[role="dialog"] [data-fixture="send"]').click();
    await page.locator('#link_undo').click();
    // Gmail reopens the draft; the rep throws it away.
    await page.locator(GMAIL_BODY).waitFor();
    await page.locator('[role="dialog"] [data-fixture="discard"]').click();
    await expect.poll(() => page.locator('.vh').textContent()).toContain('Draft discarded');
    await pastUndoWindow(page);
    expect(await page.evaluate(() => (window as unknown as { __cuecardGmailFixture: { sent: { undone: boolean }[] } }).__cuecardGmailFixture.sent.map((s) => s.undone))).toEqual([false, true]);
    expect((await hubSends()).length).toBe(before);
  });

  it('a scheduled send of the next best asset is recorded as scheduled', async () => {
    await gmailDraftToDana(page);
    const sidebar = sidebarOf(page);
    await sidebar.getByTestId('tab-asset').click();
    const top = sidebar.getByTestId('next-best-asset');
    const assetId = await top.getAttribute('data-asset-id');
    await top.getByRole('button', { name: 'Insert link' }).click();
    await expect.poll(() => page.locator(GMAIL_BODY).innerText(), { timeout: 10_000 }).toContain('https://');
    await page.locator('[role="dialog"] [data-fixture="send-options"]').click();
    await page.locator('[selector="scheduledSend"]').click();
    await page.locator('[data-fixture="schedule-tomorrow"]').click();
    await expect.poll(() => page.locator('.vh').textContent()).toContain('Send scheduled');
    await pastUndoWindow(page);
    const last = (await hubSends()).at(-1)!;
    expect(last).toMatchObject({ type: 'asset_sent', surface: 'gmail', prospect_id: 'p-dana', asset_id: assetId, message_id: null, retained: 1, scheduled: true });
    measured['gmail verbatim (scheduled asset link)'] = last.retained!;
  });
});

describe('Outlook: Send, and the discard prompt', () => {
  let page: Page;
  beforeAll(async () => {
    page = await session.context.newPage();
    await page.goto(OUTLOOK);
  });

  async function newMailToDana() {
    await page.locator('[data-fixture="new-mail"]').click();
    await page.locator('#ReadingPaneContainerId [role="textbox"][aria-label="To"]').click();
    await page.keyboard.type(DANA);
    await page.keyboard.press('Enter');
    await sidebarOf(page).getByTestId('prospect-name').filter({ hasText: 'Dana Whitfield' }).waitFor({ timeout: 15_000 });
    await page.locator(OUTLOOK_BODY).click();
  }

  it('nothing for a draft discarded through its prompt', async () => {
    const before = (await hubSends()).length;
    await newMailToDana();
    await insertMessage(page, OUTLOOK_BODY);
    await page.locator('#ReadingPaneContainerId [data-fixture="discard"]').click();
    await page.locator('[role="alertdialog"] [data-fixture="discard-ok"]').click();
    await expect.poll(() => page.locator(OUTLOOK_BODY).count()).toBe(0);
    await pastUndoWindow(page);
    expect((await hubSends()).length).toBe(before);
  });

  it('one message_sent for a message the rep rewrote before pressing Send, retained near 0', async () => {
    const before = (await hubSends()).length;
    await newMailToDana();
    await insertMessage(page, OUTLOOK_BODY);
    const inserted = await page.locator(OUTLOOK_BODY).innerText();
    await page.locator(OUTLOOK_BODY).focus();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Dana, following up on Tuesday: happy to share what we saw with other shippers if that helps. Sam');
    const rewritten = await page.locator(OUTLOOK_BODY).innerText();
    await page.locator('#ReadingPaneContainerId button[aria-label="Send"]').click();
    await expect.poll(() => page.locator(OUTLOOK_BODY).count()).toBe(0);
    await pastUndoWindow(page);
    const rows = await hubSends();
    expect(rows.length).toBe(before + 1);
    const expected = retainedShare(inserted, rewritten);
    expect(expected).toBeLessThan(0.2);
    expect(rows.at(-1)).toMatchObject({ type: 'message_sent', surface: 'outlook', prospect_id: 'p-dana', message_id: MESSAGE, retained: expected, scheduled: false });
    measured['outlook rewrite'] = rows.at(-1)!.retained!;
  });
});
