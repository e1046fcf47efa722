import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { findExtensionFrame, type FirefoxSession, importThroughOptions, launchFirefox, openExtensionPage, openWithSidebar, textOf, waitForText } from './harness/firefox';
import { writeWorkspaceFile } from './harness/workspace-file';

const GMAIL = 'https://mail.google.com/mail/u/0/';
const THREAD_DANA = 'FMfcgzQXJWDsKmbNcrPqTvWzLxHgRbnT';
const THREAD_PRIYA = 'FMfcgzQXJWFpLvGhNcDsBxKzRmTqWjyZ';

let session: FirefoxSession;
beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => session?.close());

describe('Firefox: the sidebar on a Gmail thread', () => {
  let page: Page;

  it('shows the sidebar on an open thread, with no workspace yet', async () => {
    let sidebar: Frame;
    ({ page, sidebar } = await openWithSidebar(session, `${GMAIL}#inbox/${THREAD_DANA}`));
    await waitForText(sidebar, 'no-match', /No workspace yet/);
  });

  it('imports the workspace on the options page', async () => {
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    const options = await openExtensionPage(session, sidebar, 'options.html');
    const status = await importThroughOptions(options, writeWorkspaceFile());
    expect(status).toMatch(/Rejected rows: 0$/);
    await options.close();
  });

  it('names the latest external sender of the thread, not the rep or a colleague', async () => {
    await page.reload();
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    expect(await waitForText(sidebar, 'prospect-name', /Dana Whitfield/)).toBe('Dana Whitfield');
    expect(await textOf(sidebar, 'prospect-company')).toBe('Northwind Logistics');
  });

  it('follows Gmail to another thread by hash navigation, without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await page.click('a[title="Inbox"]');
    await page.waitForSelector('tr.zA');
    // A real click on the row, as in Gmail: the row's handler sets the hash.
    const row = await page.waitForSelector('tr.zA ::-p-text(Security questionnaire for Helix)');
    await row!.click();
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    await waitForText(sidebar, 'prospect-name', /Priya Raman/);
    expect(page.url()).toBe(`${GMAIL}#inbox/${THREAD_PRIYA}`);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });
});
