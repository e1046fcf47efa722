/**
 * Gmail compose fixture: "insert" puts the filled-in message at the caret of the draft the rep
 * last worked in (undoable), and an avoid-phrase typed into the draft shows a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { ChromiumSession } from './harness/chromium';
import { launchWithWorkspace, sidebarOf } from './harness/sidebar';

const GMAIL = 'https://mail.google.com/mail/u/0/#inbox';

let session: ChromiumSession;
let page: Page;
let body: Locator;

beforeAll(async () => {
  session = await launchWithWorkspace();
  page = await session.context.newPage();
  await page.goto(GMAIL);
  await page.locator('[gh="cm"]').click();
  const to = page.locator('[role="dialog"] [name="to"] input');
  await to.fill('dana.whitfield@northwind-logistics.com');
  await to.press('Enter');
  await sidebarOf(page).getByTestId('prospect-name').filter({ hasText: 'Dana Whitfield' }).waitFor({ timeout: 15_000 });
  body = page.locator('[role="dialog"] [aria-label="Message Body"]');
});
afterAll(async () => session?.close());

describe('insert into the Gmail draft', () => {
  it('puts the filled-in message at the caret the rep left, and undo takes it out', async () => {
    // A click, as a rep would: the open sidebar narrows Gmail instead of covering its compose dock
    // (a covered dock fails here with "another element would receive the click").
    await body.click();
    await page.keyboard.type('AAA BBB');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    const sidebar = sidebarOf(page);
    await sidebar.getByTestId('tab-messaging').click();
    const card = sidebar.locator('[data-testid="message-item"][data-message-id="m-finance-freight-roi"]');
    await card.getByTestId('insert-message').click();
    await expect.poll(() => sidebar.getByTestId('sidebar-notice').textContent(), { timeout: 10_000 }).toBe('Inserted into your email.');
    const text = await body.innerText();
    expect(text.startsWith('AAA Hi Dana,')).toBe(true);
    expect(text).toContain('like Northwind Logistics typically find');
    expect(text.trimEnd().endsWith('BBB')).toBe(true);
    expect(text).not.toContain('{{');
    // The site's own undo: one step removes the insertion.
    await page.keyboard.press('Control+z');
    await expect.poll(() => body.innerText()).toBe('AAA BBB');
  });

  it('warns about an avoid-phrase typed into the draft, naming the approved alternative', async () => {
    await body.focus();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' We guarantee savings.');
    const warning = sidebarOf(page).getByTestId('compliance-warning');
    await expect.poll(() => warning.count(), { timeout: 10_000 }).toBe(1);
    const text = await warning.innerText();
    expect(text).toContain('“guarantee”');
    expect(text).toContain('Approved alternative: Finance opener: cut freight spend without new headcount');
    // Fixing the draft clears the warning.
    for (let i = 0; i < ' guarantee savings.'.length; i++) await page.keyboard.press('Backspace');
    await expect.poll(() => warning.count(), { timeout: 10_000 }).toBe(0);
  });
});
