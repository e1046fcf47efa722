import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChromiumSession } from './harness/chromium';
import { launchWithWorkspace, openTab, SIDEBAR, sidebarOf } from './harness/sidebar';

const OUTLOOK = 'https://outlook.office.com';
const item = (id: string) => `${OUTLOOK}/mail/inbox/id/${encodeURIComponent(id)}`;
const DANA_THREAD = item('AAQkADAwATM0MDAAMS1iNTcwLWE0OWEtMDACLTAwCgAQAF2Jx0tqBbVLr/Ol1eY1pS0=');
const PRIYA_THREAD = item('AAQkADAwATM0MDAAMS1iNTcwLWE0OWEtMDACLTAwCgAQAIx7Vb2QyEVGm4qT+3wN0Lk=');
const TOM_THREAD = item('AAQkADAwATM0MDAAMS1iNTcwLWE0OWEtMDACLTAwCgAQAPq9s3rLw0dFu5HbTz6YcQ8=');

let session: ChromiumSession;

beforeAll(async () => {
  session = await launchWithWorkspace();
});
afterAll(async () => session?.close());

const open = (url: string) => openTab(session, url);

const prospectName = (page: Page) => sidebarOf(page).getByTestId('prospect-name').textContent();

describe('the sidebar in Outlook on the web', () => {
  it('shows the external sender of the conversation in the reading pane, not the rep or a colleague', async () => {
    const page = await open(DANA_THREAD);
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Dana Whitfield');
    expect(await sidebarOf(page).getByTestId('prospect-stage').textContent()).toBe('sql');
    await page.close();
  });

  it('follows the rep to another conversation without a reload, and back', async () => {
    const page = await open(DANA_THREAD);
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Dana Whitfield');
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await page.locator('[data-app-section="MessageList"] [role="option"]', { hasText: 'Security questionnaire' }).click();
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Priya Raman');
    expect(page.url()).toBe(PRIYA_THREAD);
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    await page.goBack();
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Dana Whitfield');
    await page.close();
  });

  it('shows no-match for a conversation with someone not in the workspace', async () => {
    const page = await open(TOM_THREAD);
    await expect.poll(() => sidebarOf(page).getByTestId('no-match').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await sidebarOf(page).getByTestId('prospect-name').count()).toBe(0);
    await page.close();
  });

  it('shows no sidebar on the inbox, then the prospect of a new mail’s To recipient', async () => {
    const page = await open(`${OUTLOOK}/mail/inbox`);
    await page.waitForTimeout(1_500);
    expect(await page.locator(SIDEBAR).count()).toBe(0);
    await page.locator('[data-fixture="new-mail"]').click();
    const to = page.locator('#ReadingPaneContainerId [role="textbox"][aria-label="To"]');
    await to.click();
    await page.keyboard.type('marcus.oyelaran@northwind-logistics.com');
    await page.keyboard.press('Enter');
    await expect.poll(() => prospectName(page), { timeout: 15_000 }).toBe('Marcus Oyelaran');
    await page.close();
  });
});
