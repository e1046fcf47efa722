import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { findExtensionFrame, type FirefoxSession, importThroughOptions, launchFirefox, openExtensionPage, openWithSidebar, textOf, waitForText } from './harness/firefox';
import { HUBSPOT_PORTAL, hubspotRecordUrl } from './harness/site-fixtures';
import { writeWorkspaceFile } from './harness/workspace-file';

const DANA = hubspotRecordUrl('0-1', '51234001');

let session: FirefoxSession;
beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => session?.close());

describe('Firefox: the sidebar on a HubSpot contact', () => {
  let page: Page;

  it('imports the workspace from the sidebar shown on the contact', async () => {
    let sidebar: Frame;
    ({ page, sidebar } = await openWithSidebar(session, DANA));
    await waitForText(sidebar, 'no-match', /No workspace yet/);
    const options = await openExtensionPage(session, sidebar, 'options.html');
    const status = await importThroughOptions(options, writeWorkspaceFile());
    expect(status).toMatch(/Rejected rows: 0$/);
    await options.close();
  });

  it('shows the contact HubSpot renders late, matched by the email on the page', async () => {
    await page.reload();
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    expect(await waitForText(sidebar, 'prospect-name', /Dana Whitfield/)).toBe('Dana Whitfield');
    expect(await textOf(sidebar, 'prospect-company')).toBe('Northwind Logistics');
    expect(await sidebar.evaluate(() => document.querySelectorAll('[data-testid="touch-item"]').length)).toBeGreaterThan(0);
  });

  it('follows HubSpot to the next contact without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await page.click(`a[data-cuecard-test-nav][href="/contacts/${HUBSPOT_PORTAL}/record/0-1/51234002"]`);
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    await waitForText(sidebar, 'prospect-name', /Marcus Oyelaran/);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  });

  it('hides the sidebar on the contacts index page', async () => {
    await page.click(`a[data-cuecard-test-nav][href="/contacts/${HUBSPOT_PORTAL}/objects/0-1/views/all/list"]`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const visible = await page.evaluate(() => {
      const frame = document.querySelector<HTMLElement>('iframe[data-cuecard="sidebar"]');
      return Boolean(frame && frame.offsetParent !== null && frame.getBoundingClientRect().width > 0);
    });
    expect(visible).toBe(false);
  });
});
