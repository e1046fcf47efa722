import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumSession } from './harness/chromium';
import { importThroughOptions, SIDEBAR, sidebarOf } from './harness/sidebar';
import { SALESFORCE_ORG, salesforceRecordUrl } from './harness/site-fixtures';
import { writeJsonFile, writeWorkspaceFile } from './harness/workspace-file';

const DANA = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');
const MARCUS = salesforceRecordUrl('Contact', '003Dn00000QxDefIAF');
const PRIYA_LEAD = salesforceRecordUrl('Lead', '00QDn00000Lm7PqMAJ');
const TOM_UNKNOWN = salesforceRecordUrl('Contact', '003Dn00000QxZzzIAF');

let session: ChromiumSession;
let workspaceFile: string;

beforeAll(async () => {
  session = await launchChromium();
  workspaceFile = writeWorkspaceFile();
});
afterAll(async () => session?.close());

async function openRecord(url: string): Promise<Page> {
  const page = await session.context.newPage();
  await page.goto(url);
  return page;
}

describe('a sidebar with no workspace yet', () => {
  it('says there is no workspace and offers the settings', async () => {
    const page = await openRecord(DANA);
    const sidebar = sidebarOf(page);
    await expect.poll(() => sidebar.getByTestId('no-match').textContent(), { timeout: 15_000 }).toMatch(/No workspace yet/);
    await page.close();
  });
});

describe('importing a workspace on the options page', () => {
  it('imports every collection with counts, and a second import changes nothing', async () => {
    const options = await session.openExtensionPage('options.html');
    const first = await importThroughOptions(options, workspaceFile);
    expect(first).toMatch(/^Imported prospects 60, touches \d+, messages \d+, assets \d+\. Rejected rows: 0$/);
    const counts = await options.getByTestId('store-counts').innerText();
    const second = await importThroughOptions(options, workspaceFile);
    expect(second).toBe(first);
    await expect.poll(() => options.getByTestId('store-counts').innerText()).toBe(counts);
    await options.close();
  });

  it('rejects a file that is not JSON with a clear message', async () => {
    const options = await session.openExtensionPage('options.html');
    const status = await importThroughOptions(options, writeJsonFile('broken.json', '{"format": "cuecard/v1", "prospects": ['));
    expect(status).toMatch(/not valid JSON/);
    await options.close();
  });

  it('imports the good rows of a mixed file and lists the bad ones', async () => {
    const options = await session.openExtensionPage('options.html');
    const status = await importThroughOptions(
      options,
      writeJsonFile('mixed.json', {
        format: 'cuecard/v1',
        assets: [
          { id: 'asset-ok', title: 'Fine', url: 'https://cdn.example.com/ok.pdf', kind: 'guide', status: 'approved' },
          { id: 'asset-bad', title: 'Evil', url: 'javascript:alert(1)', kind: 'guide', status: 'approved' },
        ],
      }),
    );
    expect(status).toMatch(/assets 1\. Rejected rows: 1$/);
    await expect.poll(() => options.locator('table.errors').innerText()).toMatch(/assets\s+1\s+url\s+must be an https: URL/);
    await options.close();
  });
});

describe('the sidebar on a Salesforce Lightning record', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openRecord(DANA);
  });

  it('shows the contact with title, company and stage', async () => {
    const sidebar = sidebarOf(page);
    await expect.poll(() => sidebar.getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    expect(await sidebar.getByTestId('prospect-company').textContent()).toBe('Northwind Logistics');
    expect(await sidebar.getByTestId('prospect-stage').textContent()).toBe('sql');
    await expect.poll(() => sidebar.locator('.prospect-title').textContent()).toBe('VP Finance');
  });

  it('lists the touch history newest first', async () => {
    const sidebar = sidebarOf(page);
    const items = sidebar.getByTestId('touch-item');
    await expect.poll(() => items.count()).toBe(12);
    expect(await items.first().innerText()).toContain('Attended: Cutting freight costs with route analytics');
    const times = await items.locator('time').evaluateAll((nodes) => nodes.map((n) => Date.parse(n.getAttribute('datetime') ?? '')));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('renders a hostile touch title as text, never as HTML', async () => {
    const sidebar = sidebarOf(page);
    const hostile = sidebar.getByTestId('touch-item').filter({ hasText: '<img src=x onerror=alert(1)>' });
    expect(await hostile.count()).toBe(1);
    expect(await sidebar.locator('img').count()).toBe(0);
  });

  it('keeps the sidebar document out of the page’s reach', async () => {
    const readable = await page.evaluate((selector) => {
      const frame = document.querySelector<HTMLIFrameElement>(selector);
      try {
        return frame?.contentDocument?.body?.innerText ?? null;
      } catch {
        return null;
      }
    }, SIDEBAR);
    expect(readable).toBeNull();
    expect(await page.evaluate(() => document.body.innerText)).not.toContain('Attended: Cutting freight costs');
  });

  it('switches to the next person when Salesforce navigates without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
    await page.locator('a[href="/lightning/r/Contact/003Dn00000QxDefIAF/view"]').first().click();
    const sidebar = sidebarOf(page);
    await expect.poll(() => sidebar.getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Marcus Oyelaran');
    expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(page.url()).toBe(MARCUS);
    await page.goBack();
    await expect.poll(() => sidebar.getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
  });

  it('collapses and expands, and remembers the width', async () => {
    const root = page.locator('[data-cuecard="root"]');
    const toggle = page.locator('[data-cuecard="toggle"]');
    await toggle.click();
    await expect.poll(() => page.locator(SIDEBAR).isVisible()).toBe(false);
    await toggle.click();
    await expect.poll(() => page.locator(SIDEBAR).isVisible()).toBe(true);
    const handle = page.locator('[data-cuecard="resize-handle"]');
    await handle.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+ArrowLeft');
    const width = await root.evaluate((el) => el.getBoundingClientRect().width);
    expect(width).toBe(520);
    const again = await openRecord(DANA);
    await expect.poll(() => again.locator('[data-cuecard="root"]').evaluate((el) => el.getBoundingClientRect().width), { timeout: 15_000 }).toBe(520);
    await again.close();
  });
});

describe('other Salesforce pages', () => {
  it('matches a lead by its plus-addressed email', async () => {
    const page = await openRecord(PRIYA_LEAD);
    await expect.poll(() => sidebarOf(page).getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Priya Raman');
    await page.close();
  });

  it('shows no-match for a record that is not in the workspace', async () => {
    const page = await openRecord(TOM_UNKNOWN);
    await expect.poll(() => sidebarOf(page).getByTestId('no-match').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await sidebarOf(page).getByTestId('prospect-name').count()).toBe(0);
    await page.close();
  });

  it('shows the company and its people on an account', async () => {
    const page = await openRecord(salesforceRecordUrl('Account', '001Dn00000AbCdeIAB'));
    const sidebar = sidebarOf(page);
    await expect.poll(() => sidebar.getByTestId('company-name').textContent(), { timeout: 15_000 }).toBe('Northwind Logistics');
    const people = await sidebar.getByTestId('committee-member').allInnerTexts();
    expect(people.join(' ')).toMatch(/Dana Whitfield/);
    expect(people.join(' ')).toMatch(/Marcus Oyelaran/);
    expect(people.join(' ')).toMatch(/Lena Park/);
    await page.close();
  });

  it('shows nothing at all on a list view', async () => {
    const page = await openRecord(`${SALESFORCE_ORG}/lightning/o/Contact/list`);
    await page.waitForTimeout(1_500);
    expect(await page.locator(SIDEBAR).isVisible()).toBe(false);
    await page.close();
  });
});
