/**
 * The sidebar on HubSpot, Pipedrive and Dynamics 365 record pages (fixtures served at the real
 * URLs). The demo workspace has no HubSpot/Pipedrive/Dynamics ids for these people, so every
 * match here is by the email the adapter read off the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChromiumSession } from './harness/chromium';
import { launchWithWorkspace, openTab, SIDEBAR, sidebarOf } from './harness/sidebar';
import {
  DYNAMICS_APP_ID,
  DYNAMICS_ORG,
  dynamicsRecordUrl,
  HUBSPOT_PORTAL,
  hubspotRecordUrl,
  PIPEDRIVE_APP,
} from './harness/site-fixtures';

let session: ChromiumSession;

beforeAll(async () => {
  session = await launchWithWorkspace();
});
afterAll(async () => session?.close());

const open = (url: string) => openTab(session, url);

const nameIn = (page: Page) => sidebarOf(page).getByTestId('prospect-name').textContent();

async function expectProspect(page: Page, name: string, company?: string): Promise<void> {
  await expect.poll(() => nameIn(page), { timeout: 15_000 }).toBe(name);
  if (company) expect(await sidebarOf(page).getByTestId('prospect-company').first().textContent()).toBe(company);
}

/** Clicks an in-app link and proves the page did not reload on the way to `name`. */
async function followWithoutReload(page: Page, linkSelector: string, name: string): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await page.locator(linkSelector).first().click();
  await expect.poll(() => nameIn(page), { timeout: 15_000 }).toBe(name);
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
}

async function expectNoMatch(page: Page): Promise<void> {
  await expect.poll(() => sidebarOf(page).getByTestId('no-match').isVisible(), { timeout: 15_000 }).toBe(true);
  expect(await sidebarOf(page).getByTestId('prospect-name').count()).toBe(0);
}

async function expectNoSidebar(page: Page): Promise<void> {
  // The fixtures render ~400 ms after load; give the page time to show emails, and us to react.
  await page.waitForTimeout(1_500);
  expect(await page.locator('a[href^="mailto:"]').count()).toBeGreaterThan(0);
  expect(await page.locator(SIDEBAR).isVisible()).toBe(false);
}

/** A company page shows the company and the people the workspace knows at its domain. */
async function expectNorthwindCompany(page: Page): Promise<void> {
  const sidebar = sidebarOf(page);
  await expect.poll(() => sidebar.getByTestId('company-name').textContent(), { timeout: 15_000 }).toBe('Northwind Logistics');
  const people = await sidebar.getByTestId('committee-member').allInnerTexts();
  expect(people.join('\n')).toContain('Dana Whitfield');
  expect(people.join('\n')).toContain('Marcus Oyelaran');
}

describe('HubSpot', () => {
  const DANA = hubspotRecordUrl('0-1', '51234001');

  it('shows the contact the record page is about', async () => {
    const page = await open(DANA);
    await expectProspect(page, 'Dana Whitfield', 'Northwind Logistics');
    await followWithoutReload(page, `a[data-cuecard-test-nav][href="/contacts/${HUBSPOT_PORTAL}/record/0-1/51234002"]`, 'Marcus Oyelaran');
    await page.goBack();
    await expect.poll(() => nameIn(page), { timeout: 15_000 }).toBe('Dana Whitfield');
    await page.close();
  });

  it('works on the EU data centre and through a legacy contact link', async () => {
    const page = await open(`https://app-eu1.hubspot.com/contacts/${HUBSPOT_PORTAL}/contact/51234003`);
    await expectProspect(page, 'Priya Raman', 'Helix Biotech');
    await page.close();
  });

  it("shows a deal's first associated contact", async () => {
    const page = await open(hubspotRecordUrl('0-3', '7700001'));
    await expectProspect(page, 'Dana Whitfield');
    await page.close();
  });

  it('shows no-match for a contact that is not in the workspace', async () => {
    const page = await open(hubspotRecordUrl('0-1', '51234004'));
    await expectNoMatch(page);
    await page.close();
  });

  it('shows nothing on the contacts index page', async () => {
    const page = await open(`https://app.hubspot.com/contacts/${HUBSPOT_PORTAL}/objects/0-1/views/all/list`);
    await expectNoSidebar(page);
    await page.close();
  });

  it('shows the company and its people on a company page', async () => {
    const page = await open(hubspotRecordUrl('0-2', '9100001'));
    await expectNorthwindCompany(page);
    await page.close();
  });
});

describe('Pipedrive', () => {
  it('shows the person the page is about', async () => {
    const page = await open(`${PIPEDRIVE_APP}/person/1042`);
    await expectProspect(page, 'Dana Whitfield', 'Northwind Logistics');
    await followWithoutReload(page, 'a[data-cuecard-test-nav][href="/person/1043"]', 'Marcus Oyelaran');
    await page.close();
  });

  it("shows a deal's person, not the participant listed first", async () => {
    const page = await open(`${PIPEDRIVE_APP}/deal/311`);
    await expectProspect(page, 'Dana Whitfield');
    await page.close();
  });

  it('shows no-match for a person who is not in the workspace', async () => {
    const page = await open(`${PIPEDRIVE_APP}/person/1045`);
    await expectNoMatch(page);
    await page.close();
  });

  it('shows nothing on the persons list', async () => {
    const page = await open(`${PIPEDRIVE_APP}/persons/list/user/everyone`);
    await expectNoSidebar(page);
    await page.close();
  });
});

describe('Dynamics 365', () => {
  it('shows the contact of the form, and follows the query string to the next one', async () => {
    const page = await open(dynamicsRecordUrl('contact', '5C1E2A4B-8F3D-4B6A-9E21-0D7C3F8A1B01'));
    await expectProspect(page, 'Dana Whitfield', 'Northwind Logistics');
    await followWithoutReload(page, 'a[data-cuecard-test-nav][href*="5c1e2a4b-8f3d-4b6a-9e21-0d7c3f8a1b02"]', 'Marcus Oyelaran');
    expect(new URL(page.url()).searchParams.get('id')).toBe('5c1e2a4b-8f3d-4b6a-9e21-0d7c3f8a1b02');
    await page.close();
  });

  it('shows a lead on a regional host', async () => {
    const page = await open(dynamicsRecordUrl('lead', '7a2b3c4d-1e2f-4a5b-8c6d-9e0f1a2b3c03', 'https://northwind.crm4.dynamics.com'));
    await expectProspect(page, 'Priya Raman', 'Helix Biotech');
    await page.close();
  });

  it('shows no-match for a contact that is not in the workspace', async () => {
    const page = await open(dynamicsRecordUrl('contact', '5c1e2a4b-8f3d-4b6a-9e21-0d7c3f8a1b04'));
    await expectNoMatch(page);
    await page.close();
  });

  it('shows nothing on a contacts view', async () => {
    const page = await open(`${DYNAMICS_ORG}/main.aspx?appid=${DYNAMICS_APP_ID}&pagetype=entitylist&etn=contact`);
    await expectNoSidebar(page);
    await page.close();
  });

  it('shows the company and its people on an account form', async () => {
    const page = await open(dynamicsRecordUrl('account', '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b01'));
    await expectNorthwindCompany(page);
    await page.close();
  });
});
