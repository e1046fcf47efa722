/**
 * Firefox: the Gmail compose fixture. "Insert" from the sidebar puts the filled-in message at the
 * caret of the draft the rep last worked in (undoable), and an avoid-phrase in the draft shows a
 * warning in the sidebar. Clicks into the sidebar are real mouse clicks, so focus leaves the
 * draft as it does for a rep. The import runs through the options page, status digits included.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { clickInSidebar, findExtensionFrame, type FirefoxSession, importThroughOptions, launchFirefox, openExtensionPage, poll, textOf, waitForText } from './harness/firefox';
import { writeWorkspaceFile } from './harness/workspace-file';

const GMAIL = 'https://mail.google.com/mail/u/0/';
const THREAD_DANA = 'FMfcgzQXJWDsKmbNcrPqTvWzLxHgRbnT';
const BODY = '[role="dialog"] [aria-label="Message Body"]';
const CARD = '[data-testid="message-item"][data-message-id="m-finance-freight-roi"]';

let session: FirefoxSession;
let page: Page;

beforeAll(async () => {
  session = await launchFirefox();
  page = await session.newFixturePage();
});
afterAll(async () => session?.close());

const bodyText = () => page.$eval(BODY, (body) => (body as HTMLElement).innerText);

const warningCount = (sidebar: Frame) => sidebar.evaluate(() => document.querySelectorAll('[data-testid="compliance-warning"]').length);

describe('Firefox: insert into the Gmail draft', () => {
  it('imports the workspace on the options page, with the count per collection', async () => {
    await page.goto(`${GMAIL}#inbox/${THREAD_DANA}`);
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    await waitForText(sidebar, 'no-match', /No workspace yet/);
    const options = await openExtensionPage(session, sidebar, 'options.html');
    const status = await importThroughOptions(options, writeWorkspaceFile());
    expect(status).toMatch(/^Imported prospects 60, touches \d+, messages \d+, assets \d+\. Rejected rows: 0$/);
    await options.close();
  });

  it('finds the prospect from the recipient of a new draft', async () => {
    await page.goto(`${GMAIL}#inbox`);
    await page.click('[gh="cm"]');
    const to = await page.waitForSelector('[role="dialog"] [name="to"] input');
    await to!.type('dana.whitfield@northwind-logistics.com');
    await to!.press('Enter');
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    expect(await waitForText(sidebar, 'prospect-name', /Dana Whitfield/)).toBe('Dana Whitfield');
  });

  it('puts the filled-in message at the caret the rep left, and undo takes it out', async () => {
    await page.click(BODY);
    await page.keyboard.type('AAA BBB');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowLeft');
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    await clickInSidebar(page, sidebar, '[data-testid="tab-messaging"]');
    await sidebar.waitForFunction((card) => !!document.querySelector(`${card} [data-testid="insert-message"]`), { timeout: 10_000 }, CARD);
    await clickInSidebar(page, sidebar, `${CARD} [data-testid="insert-message"]`);
    expect(await waitForText(sidebar, 'sidebar-notice', /./, 10_000)).toBe('Inserted into your email.');
    const text = await bodyText();
    expect(text.startsWith('AAA Hi Dana,')).toBe(true);
    expect(text).toContain('like Northwind Logistics typically find');
    expect(text.trimEnd().endsWith('BBB')).toBe(true);
    expect(text).not.toContain('{{');
    // The insertion gave focus back to the draft: the site's own undo takes it out in one step.
    expect(await page.evaluate((selector) => document.activeElement === document.querySelector(selector), BODY)).toBe(true);
    await page.keyboard.down('Control');
    await page.keyboard.press('z');
    await page.keyboard.up('Control');
    expect(await poll(bodyText, (value) => value.trim() === 'AAA BBB')).toMatch(/^AAA BBB\s*$/);
  });

  it('warns about an avoid-phrase typed into the draft, naming the approved alternative', async () => {
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    expect(await warningCount(sidebar)).toBe(0);
    await page.focus(BODY);
    await page.keyboard.down('Control');
    await page.keyboard.press('End');
    await page.keyboard.up('Control');
    await page.keyboard.type(' We guarantee savings.');
    expect(await poll(() => warningCount(sidebar), (n) => n === 1)).toBe(1);
    const text = (await textOf(sidebar, 'compliance-warning')) ?? '';
    expect(text).toContain('“guarantee”');
    expect(text).toContain('Approved alternative: Finance opener: cut freight spend without new headcount');
    // The draft text itself never reached the sidebar.
    expect(await sidebar.evaluate(() => document.body.textContent ?? '')).not.toContain('guarantee savings');
    for (let i = 0; i < ' guarantee savings.'.length; i++) await page.keyboard.press('Backspace');
    expect(await poll(() => warningCount(sidebar), (n) => n === 0)).toBe(0);
  });
});
