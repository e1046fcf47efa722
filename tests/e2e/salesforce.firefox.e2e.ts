import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { findExtensionFrame, type FirefoxSession, importThroughOptions, launchFirefox, openExtensionPage, openWithSidebar, textOf, waitForText } from './harness/firefox';
import { salesforceRecordUrl } from './harness/site-fixtures';
import { writeWorkspaceFile } from './harness/workspace-file';

const DANA = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');

let session: FirefoxSession;
beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => session?.close());

describe('Firefox: import, then the sidebar on a Salesforce contact', () => {
  let page: Page;

  it('shows the sidebar with no workspace yet', async () => {
    let sidebar: Frame;
    ({ page, sidebar } = await openWithSidebar(session, DANA));
    await waitForText(sidebar, 'no-match', /No workspace yet/);
  });

  it('imports the workspace on the options page', async () => {
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    const options = await openExtensionPage(session, sidebar, 'options.html');
    const status = await importThroughOptions(options, writeWorkspaceFile());
    expect(status).toMatch(/^Imported prospects 60, touches \d+, messages \d+, assets \d+\. Rejected rows: 0$/);
    await options.close();
  });

  it('shows the contact and the touch history, newest first, hostile text as text', async () => {
    await page.reload();
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    expect(await waitForText(sidebar, 'prospect-name', /Dana Whitfield/)).toBe('Dana Whitfield');
    expect(await textOf(sidebar, 'prospect-company')).toBe('Northwind Logistics');
    const touches = await sidebar.evaluate(() =>
      [...document.querySelectorAll('[data-testid="touch-item"]')].map((item) => ({
        text: item.textContent ?? '',
        at: Date.parse(item.querySelector('time')?.getAttribute('datetime') ?? ''),
      })),
    );
    expect(touches).toHaveLength(12);
    expect(touches[0]!.text).toContain('Attended: Cutting freight costs with route analytics');
    expect(touches.map((t) => t.at)).toEqual(touches.map((t) => t.at).sort((a, b) => b - a));
    expect(touches.some((t) => t.text.includes('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(await sidebar.evaluate(() => document.querySelectorAll('img').length)).toBe(0);
  });

  it('follows Salesforce to the next record without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await page.click('a[href="/lightning/r/Contact/003Dn00000QxDefIAF/view"]');
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    await waitForText(sidebar, 'prospect-name', /Marcus Oyelaran/);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });
});
