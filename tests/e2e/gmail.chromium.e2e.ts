import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChromiumSession } from './harness/chromium';
import { launchWithWorkspace, openTab, SIDEBAR, sidebarOf } from './harness/sidebar';

const GMAIL = 'https://mail.google.com/mail/u/0/';
const THREAD_DANA = 'FMfcgzQXJWDsKmbNcrPqTvWzLxHgRbnT';
const THREAD_PRIYA = 'FMfcgzQXJWFpLvGhNcDsBxKzRmTqWjyZ';
const THREAD_TOM = 'FMfcgzQXJWHtRbVdLmQpXcNzKsGwYfjB';

let session: ChromiumSession;

beforeAll(async () => {
  session = await launchWithWorkspace();
});
afterAll(async () => session?.close());

const openGmail = (hash: string) => openTab(session, `${GMAIL}${hash}`);

const prospectName = (page: Page) => sidebarOf(page).getByTestId('prospect-name').textContent();

describe('the sidebar in Gmail', () => {
  it('shows the external sender of an open thread, never the rep or a colleague, under Trusted Types', async () => {
    const page = await openGmail(`#inbox/${THREAD_DANA}`);
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Dana Whitfield');
    expect(await sidebarOf(page).getByTestId('prospect-company').textContent()).toBe('Northwind Logistics');
    // The fixture enforces Trusted Types like Gmail: the page itself cannot assign HTML.
    const innerHtml = await page.evaluate(() => {
      try {
        document.createRange().createContextualFragment('<b>x</b>');
        return 'allowed';
      } catch {
        return 'blocked';
      }
    });
    expect(innerHtml).toBe('blocked');
    await page.close();
  });

  it('follows the rep to another thread without a reload', async () => {
    const page = await openGmail(`#inbox/${THREAD_DANA}`);
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Dana Whitfield');
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await page.locator('a[title="Inbox"]').click();
    await page.locator('tr.zA', { hasText: 'Security questionnaire for Helix' }).click();
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Priya Raman');
    expect(page.url()).toBe(`${GMAIL}#inbox/${THREAD_PRIYA}`);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await page.goBack(); // the inbox
    await page.goBack(); // Dana's thread again
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Dana Whitfield');
    await page.close();
  });

  it('shows no-match for a thread with someone not in the workspace', async () => {
    const page = await openGmail(`#inbox/${THREAD_TOM}`);
    await expect.poll(() => sidebarOf(page).getByTestId('no-match').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await sidebarOf(page).getByTestId('prospect-name').count()).toBe(0);
    await page.close();
  });

  it('shows no sidebar on the inbox list, then the prospect of a new draft’s recipient', async () => {
    const page = await openGmail('#inbox');
    await page.waitForTimeout(1_500);
    expect(await page.locator(SIDEBAR).count()).toBe(0);
    await page.locator('[gh="cm"]').click();
    const to = page.locator('[role="dialog"] [name="to"] input');
    await to.fill('marcus.oyelaran@northwind-logistics.com');
    await to.press('Enter');
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Marcus Oyelaran');
    expect(page.url()).toBe(`${GMAIL}#inbox?compose=new`);
    await page.close();
  });
});
