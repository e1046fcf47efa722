/**
 * The hub's console in Chromium, against a real hub (PGlite in a temp folder) and the built
 * extension connected to it as a rep: a rep's token cannot sign in; marketing signs in (a session
 * cookie, nothing in storage), writes a message, approves it and the rep's sidebar offers it after
 * the next sync; retiring it takes it away at the next sync; an admin revokes the rep and the rep's
 * next sync says their access was revoked; the admin connects a fake HubSpot portal on loopback,
 * tests its credentials, runs it and reads its status and rows, which marketing reads without the
 * controls to change it. axe finds nothing serious or critical on any console page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeHubspot } from '../../hub/connectors/fakes/hubspot';
import { generateWorkspace } from '../../lib/demo/generate';
import { runAxe } from './harness/axe';
import { launchChromium, sendFromPage, type ChromiumSession } from './harness/chromium';
import { startTestHub, type TestHub } from './harness/hub-server';
import { sidebarOf } from './harness/sidebar';
import { salesforceRecordUrl } from './harness/site-fixtures';
import { writeJsonFile } from './harness/workspace-file';

const DANA = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');

let hub: TestHub;
let fake: FakeHubspot;
let session: ChromiumSession;
let options: Page;
let consolePage: Page;
let tokens: { rep: string; marketing: string; admin: string };
let messageId = '';

async function syncRep(): Promise<{ sync: { error?: { message: string } } }> {
  return sendFromPage(options, { type: 'sync:now' });
}

async function signIn(token: string) {
  await consolePage.goto(hub.url);
  await consolePage.getByTestId('console-token').fill(token);
  await consolePage.getByTestId('console-sign-in').click();
}

async function signOut() {
  await consolePage.getByTestId('sign-out').click();
  await consolePage.getByTestId('console-token').waitFor();
}

/** The console's view once its data is in (views set aria-busy while they load). */
async function viewReady(view: string) {
  await consolePage.locator(`main[data-view="${view}"][aria-busy="false"]`).waitFor({ timeout: 15_000 });
}

async function sidebarMessageIds(page: Page): Promise<string[]> {
  const sidebar = sidebarOf(page);
  await sidebar.getByTestId('prospect-name').filter({ hasText: 'Dana Whitfield' }).waitFor({ timeout: 15_000 });
  await sidebar.getByTestId('tab-messaging').click();
  await sidebar.getByTestId('message-item').first().waitFor({ timeout: 15_000 });
  return sidebar.getByTestId('message-item').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-message-id') ?? ''));
}

const seriousFindings = async (page: Page) => (await runAxe(page.mainFrame())).filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');

beforeAll(async () => {
  fake = new FakeHubspot();
  await fake.start();
  fake.addContact({ email: 'dana.whitfield@northwind-logistics.com', firstname: 'Dana', lastname: 'Whitfield', company: 'Northwind Logistics' });
  fake.addContact({ email: 'marcus.oyelaran@northwind-logistics.com', firstname: 'Marcus', lastname: 'Oyelaran', company: 'Northwind Logistics' });
  fake.addEvent({ type: 'OPEN', recipient: 'dana.whitfield@northwind-logistics.com', created: Date.now() - 86_400_000, filteredEvent: false });
  hub = await startTestHub();
  await hub.importBundle(generateWorkspace({ prospects: 60, touches: 1_500, seed: 7 }));
  tokens = { rep: await hub.addUser('Ann Rep', 'rep'), marketing: await hub.addUser('Mo Marketing', 'marketing'), admin: await hub.addUser('Ada Admin', 'admin') };
  session = await launchChromium();
  options = await session.openExtensionPage('options.html');
  await options.getByTestId('hub-url').fill(hub.url);
  await options.getByTestId('hub-token').fill(tokens.rep);
  await options.getByTestId('save-settings').click();
  await options.getByTestId('settings-message').filter({ hasText: 'Saved.' }).waitFor({ timeout: 15_000 });
  const first = await syncRep();
  if (first.sync.error) throw new Error(`the rep's first sync failed: ${first.sync.error.message}`);
  consolePage = await session.context.newPage();
});
afterAll(async () => {
  await session?.close();
  await hub?.close();
  await fake?.close();
});

describe('the console', () => {
  it('refuses a rep’s token with a clear message and sets no cookie', async () => {
    await signIn(tokens.rep);
    await expect.poll(() => consolePage.getByTestId('sign-in-error').textContent()).toMatch(/console is for marketing and admins.*rep's token/);
    expect(await session.context.cookies(hub.url)).toEqual([]);
    expect(await seriousFindings(consolePage)).toEqual([]);
  });

  it('signs marketing in with an HttpOnly, SameSite=Strict session cookie; the token is kept nowhere in the page', async () => {
    await signIn(tokens.marketing);
    await viewReady('library');
    expect(await consolePage.getByTestId('library-item').count()).toBeGreaterThan(5);
    const [cookie, ...others] = await session.context.cookies(hub.url);
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({ name: 'cuecard_session', httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie!.value).not.toContain(tokens.marketing);
    const stored = await consolePage.evaluate(() => JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie }));
    expect(stored).toBe('{"local":{},"session":{},"cookie":""}');
    expect(await consolePage.content()).not.toContain(tokens.marketing);
    expect(await seriousFindings(consolePage)).toEqual([]);
  });

  it('writes a message with a live preview, approves it, and the rep’s sidebar offers it after the next sync', async () => {
    await consolePage.getByTestId('new-message').click();
    await viewReady('edit');
    await consolePage.getByLabel('Title').fill('Fuel costs, one page for finance');
    await consolePage.getByLabel('Body').fill('Hi {{frist_name}},\n\nFuel is a third of what {{company}} spends on freight.');
    await expect.poll(() => consolePage.getByTestId('preview-warnings').textContent()).toContain('{{frist_name}} is not a variable Cuecard knows');
    await consolePage.getByLabel('Body').fill('Hi {{first_name}},\n\nFuel is a third of what {{company}} spends on freight.\n\n{{rep_name}}');
    await expect.poll(() => consolePage.getByTestId('preview-text').textContent()).toMatch(/^Hi \S+,\n\nFuel is a third of what .+ spends on freight\.\n\nMo Marketing$/);
    expect(await consolePage.getByTestId('preview-warnings').textContent()).not.toContain('not a variable');
    await consolePage.getByLabel('Personas').fill('finance');
    await consolePage.getByLabel('Industries').fill('Logistics');
    await consolePage.getByLabel('Stages').fill('sql');
    expect(await seriousFindings(consolePage)).toEqual([]);
    await consolePage.getByTestId('save-item').click();
    await expect.poll(() => consolePage.getByTestId('console-notice').textContent()).toMatch(/^Saved message version 1 \(draft\)/);
    messageId = decodeURIComponent(new URL(consolePage.url()).pathname.split('/').at(-1)!);
    expect(messageId).toMatch(/^m-fuel-costs-one-page-for-finance-[0-9a-f]{6}$/);

    // A draft never reaches reps.
    expect((await syncRep()).sync.error).toBeUndefined();
    const page = await session.context.newPage();
    await page.goto(DANA);
    expect(await sidebarMessageIds(page)).not.toContain(messageId);

    await consolePage.getByTestId('approve-item').click();
    await expect.poll(() => consolePage.getByTestId('console-notice').textContent()).toMatch(/^Saved message version 2 \(approved\)/);
    await expect.poll(() => consolePage.getByTestId('item-history').textContent()).toMatch(/Mo Marketing set it to approved/);
    expect((await syncRep()).sync.error).toBeUndefined();
    await page.reload();
    const offered = await sidebarMessageIds(page);
    expect(offered).toContain(messageId);
    const card = sidebarOf(page).locator(`[data-testid="message-item"][data-message-id="${messageId}"]`);
    expect(await card.innerText()).toContain('Hi Dana,');
    await page.close();
  });

  it('retiring it takes it out of the sidebar at the next sync', async () => {
    await consolePage.getByTestId('retire-item').click();
    await expect.poll(() => consolePage.getByTestId('console-notice').textContent()).toMatch(/^Saved message version 3 \(retired\)/);
    expect((await syncRep()).sync.error).toBeUndefined();
    const page = await session.context.newPage();
    await page.goto(DANA);
    expect(await sidebarMessageIds(page)).not.toContain(messageId);
    await page.close();
  });

  it('imports a workspace file with the row report, and every view passes axe', async () => {
    await consolePage.goto(`${hub.url}/imports`);
    await viewReady('imports');
    const file = writeJsonFile('console-import.json', {
      format: 'cuecard/v1',
      assets: [
        { id: 'a-console-guide', title: 'Fuel cost guide', url: 'https://example.com/fuel', kind: 'guide', status: 'approved' },
        { id: 'a-bad-link', title: 'Bad link', url: 'javascript:alert(1)', kind: 'guide', status: 'approved' },
      ],
    });
    await consolePage.getByTestId('import-file').setInputFiles(file);
    await consolePage.getByTestId('import-confirm').click();
    await expect.poll(() => consolePage.getByTestId('import-status').textContent()).toMatch(/Rejected rows: 1$/);
    expect(await consolePage.locator('table.errors').innerText()).toContain('url');
    expect(await seriousFindings(consolePage)).toEqual([]);
    for (const [path, view] of [
      ['/attention', 'attention'],
      ['/usage', 'usage'],
      ['/changes', 'changes'],
      ['/library/assets', 'library'],
      [`/library/message/${messageId}`, 'edit'],
    ] as const) {
      await consolePage.goto(`${hub.url}${path}`);
      await viewReady(view);
      expect(await seriousFindings(consolePage), path).toEqual([]);
    }
    await consolePage.goto(`${hub.url}/changes`);
    await viewReady('changes');
    await expect.poll(() => consolePage.getByTestId('change-log').textContent()).toMatch(/Mo Marketing imported cuecard\/v1: 1 assets; 1 rejected/);
  });

  it('an admin revokes the rep, and the rep’s next sync says their access was revoked', async () => {
    await signOut();
    expect(await session.context.cookies(hub.url)).toEqual([]);
    await signIn(tokens.admin);
    await viewReady('library');
    await consolePage.getByRole('link', { name: 'Users' }).click();
    await viewReady('users');
    expect(await seriousFindings(consolePage)).toEqual([]);
    const row = consolePage.getByTestId('user-row').filter({ hasText: 'Ann Rep' });
    await row.getByTestId('revoke-user').click();
    await expect.poll(() => row.textContent()).toMatch(/Revoked/);
    const status = await syncRep();
    expect(status.sync.error?.message).toMatch(/^Your access was revoked by your hub admin/);
    await options.reload();
    await expect.poll(() => options.getByTestId('sync-status').textContent()).toMatch(/Sync failed: Your access was revoked by your hub admin/);
    await expect.poll(() => consolePage.getByTestId('console-notice').textContent()).toBe("Ann Rep's access is revoked: their next request is refused.");
  });

  it('an admin connects HubSpot, tests the credentials and runs it; marketing reads the status without the controls', async () => {
    await consolePage.getByRole('link', { name: 'Connectors' }).click();
    await viewReady('connectors');
    await expect.poll(() => consolePage.getByTestId('no-connectors').isVisible()).toBe(true);
    await consolePage.getByTestId('new-connector').click();
    await consolePage.getByLabel('Platform', { exact: true }).selectOption('hubspot');
    await consolePage.getByLabel('Name', { exact: true }).fill('Northwind HubSpot');
    await consolePage.getByLabel('API URL', { exact: true }).fill(fake.url!);
    const token = fake.issueToken();
    await consolePage.getByLabel('Private app access token', { exact: true }).fill(token);
    expect(await seriousFindings(consolePage)).toEqual([]);
    await consolePage.getByTestId('add-connector').click();
    const row = consolePage.locator('[data-testid="connector-row"][data-connector="Northwind HubSpot"]');
    await row.waitFor({ timeout: 15_000 });
    await expect.poll(() => consolePage.getByTestId('console-notice').textContent()).toMatch(/^Added Northwind HubSpot\./);

    await row.getByTestId('connector-test').click();
    await expect.poll(() => row.getByTestId('connector-test-result').textContent(), { timeout: 15_000 }).toMatch(/^The credentials work\./);
    await row.getByTestId('connector-run').click();
    // The view refreshes itself while the run goes on, and says how it ended.
    await expect.poll(() => row.getByTestId('connector-counts').textContent(), { timeout: 20_000 }).toMatch(/^2 people, 1 touch, 0 deleted$/);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('idle');
    expect(await row.getByTestId('connector-last-run').textContent()).toMatch(/run from the console or API\): 2 people, 1 touch, 0 deleted/);
    expect(await row.getByTestId('connector-stream').count()).toBeGreaterThan(0);
    expect(await consolePage.content()).not.toContain(token);
    // The confirm step opens with the safe choice focused.
    await row.getByTestId('remove-connector').click();
    await expect.poll(() => consolePage.evaluate(() => document.activeElement?.textContent)).toBe('Keep it');
    expect(await seriousFindings(consolePage)).toEqual([]);
    await consolePage.keyboard.press('Enter');
    expect(await row.getByTestId('confirm-remove-connector').count()).toBe(0);

    await signOut();
    await signIn(tokens.marketing);
    await viewReady('library');
    await consolePage.goto(`${hub.url}/connectors`);
    await viewReady('connectors');
    await row.waitFor();
    expect(await row.getByTestId('connector-counts').textContent()).toBe('2 people, 1 touch, 0 deleted');
    for (const control of ['new-connector', 'connector-test', 'connector-run', 'connector-pause', 'connector-edit', 'remove-connector']) {
      expect(await consolePage.getByTestId(control).count(), control).toBe(0);
    }
    expect(await seriousFindings(consolePage)).toEqual([]);
    await consolePage.goto(`${hub.url}/changes`);
    await viewReady('changes');
    await expect.poll(() => consolePage.getByTestId('change-log').textContent()).toMatch(/Ada Admin connected Northwind HubSpot \(HubSpot\)/);
  });
});
