import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { findExtensionFrame, launchFirefox, openExtensionPage, type FirefoxSession } from './harness/firefox';
import { HUBSPOT_PORTAL, hubspotRecordUrl } from './harness/site-fixtures';
import { writeWorkspaceFile } from './harness/workspace-file';

const DANA = hubspotRecordUrl('0-1', '51234001');

let session: FirefoxSession;
beforeAll(async () => {
  session = await launchFirefox();
});
afterAll(async () => session?.close());

async function textOf(frame: Frame, testId: string): Promise<string | null> {
  return frame.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? null, testId);
}

async function waitForText(frame: Frame, testId: string, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await textOf(frame, testId).catch(() => null);
    if (last !== null && pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`[data-testid=${testId}] never matched ${pattern}; last: ${last}`);
}

describe('Firefox: the sidebar on a HubSpot contact', () => {
  let page: Page;

  it('imports the workspace from the sidebar shown on the contact', async () => {
    page = await session.newFixturePage();
    await page.goto(DANA);
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    await waitForText(sidebar, 'no-match', /No workspace yet/);
    const options = await openExtensionPage(session, sidebar, 'options.html');
    const input = await options.waitForSelector('input[data-testid="import-file"]');
    await input!.uploadFile(writeWorkspaceFile());
    const status = await waitForText(options.mainFrame(), 'import-status', /Rejected rows: \d+$/, 60_000);
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
