import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { importThroughOptions, SIDEBAR, sidebarOf } from './harness/sidebar';
import { salesforceRecordUrl } from './harness/site-fixtures';
import { writeWorkspaceFile } from './harness/workspace-file';

const DANA = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');
const GMAIL_DANA = 'https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWDsKmbNcrPqTvWzLxHgRbnT';

let session: ChromiumSession;
let options: Page;
beforeAll(async () => {
  session = await launchChromium();
  options = await session.openExtensionPage('options.html');
  await importThroughOptions(options, writeWorkspaceFile());
});
afterAll(async () => session?.close());

describe('per-site switches and the rep’s own domains', () => {
  it('switching Salesforce off removes the sidebar from an open record, and on brings it back', async () => {
    const page = await session.context.newPage();
    await page.goto(DANA);
    await expect.poll(() => sidebarOf(page).getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    // A controlled checkbox: it follows the saved settings, a moment after the click.
    const salesforceSwitch = options.getByTestId('site-enabled-salesforce');
    await salesforceSwitch.click();
    await expect.poll(() => salesforceSwitch.isChecked()).toBe(false);
    await expect.poll(() => page.locator(SIDEBAR).count(), { timeout: 10_000 }).toBe(0);
    const fresh = await session.context.newPage();
    await fresh.goto(DANA);
    await fresh.waitForTimeout(1_500);
    expect(await fresh.locator(SIDEBAR).count()).toBe(0);
    await salesforceSwitch.click();
    await expect.poll(() => salesforceSwitch.isChecked()).toBe(true);
    await fresh.reload();
    await expect.poll(() => sidebarOf(fresh).getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    await page.close();
    await fresh.close();
  });

  it('never takes someone at one of the rep’s own domains for a prospect in Gmail', async () => {
    const page = await session.context.newPage();
    await page.goto(GMAIL_DANA);
    await expect.poll(() => sidebarOf(page).getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    await options.getByTestId('own-domains').fill('northwind-logistics.com');
    await options.getByRole('button', { name: 'Save domains' }).click();
    await page.reload();
    await expect.poll(async () => (await sidebarOf(page).getByTestId('prospect-name').count()) === 0 || (await sidebarOf(page).getByTestId('prospect-name').textContent()) !== 'Dana Whitfield', { timeout: 15_000 }).toBe(true);
    await options.getByTestId('own-domains').fill('');
    await options.getByRole('button', { name: 'Save domains' }).click();
    await page.close();
  });
});
