/**
 * A live HubSpot connector end to end (issue 14): a fake HubSpot portal on loopback holds Dana and
 * Marcus (the HubSpot fixture's contacts, tests/fixtures/sites/hubspot/README.md) and their email
 * events; an admin connects it (POST /v1/connectors) and its first run backfills; the extension
 * syncs and the sidebar shows them. Then Dana clicks a new email and Marcus is archived in
 * HubSpot; `npm run hub -- connector run` brings both; after the extension syncs, Dana's newest
 * touch is the click and Marcus is gone.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeHubspot } from '../../hub/connectors/fakes/hubspot';
import { launchChromium, sendFromPage, type ChromiumSession } from './harness/chromium';
import { startTestHub, type TestHub } from './harness/hub-server';
import { ROOT } from './harness/paths';
import { sidebarOf } from './harness/sidebar';
import { hubspotRecordUrl } from './harness/site-fixtures';

const DANA = { id: '51234001', email: 'dana.whitfield@northwind-logistics.com' };
const MARCUS = { id: '51234002', email: 'marcus.oyelaran@northwind-logistics.com' };
const DAY = 24 * 60 * 60_000;

let hub: TestHub;
let fake: FakeHubspot;
let session: ChromiumSession;
let options: Page;
let adminToken: string;
let repToken: string;

/** `npm run hub -- …` on the hub's folder (closed meanwhile: a PGlite folder belongs to one process). */
function hubCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return hub.withDbClosed(
    () =>
      new Promise((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'hub/cli.ts'), ...args, '--data', hub.dataDir], {
          cwd: ROOT,
          env: { ...process.env, CUECARD_SECRET_KEY: hub.secretKeyHex },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('exit', (code) => resolve({ code, stdout, stderr }));
      }),
  );
}

async function syncNow(): Promise<void> {
  const status = await sendFromPage<{ sync: { error?: { message: string } } }>(options, { type: 'sync:now' });
  expect(status.sync.error).toBeUndefined();
}

async function touchesOn(page: Page): Promise<string[]> {
  const items = sidebarOf(page).getByTestId('touch-item');
  await items.first().waitFor({ timeout: 15_000 });
  return items.allInnerTexts();
}

beforeAll(async () => {
  fake = new FakeHubspot();
  await fake.start();
  fake.campaigns.set(501, { name: 'Freight ROI nurture', subject: 'What route analytics saves a fleet' });
  fake.campaigns.set(502, { name: 'November webinar', subject: 'Join our freight webinar' });
  fake.addContact({ email: DANA.email, firstname: 'Dana', lastname: 'Whitfield', jobtitle: 'VP Finance', company: 'Northwind Logistics', website: 'https://www.northwind-logistics.com', lifecyclestage: 'salesqualifiedlead' }, { id: DANA.id, modifiedAt: Date.now() - 20 * DAY });
  fake.addContact({ email: MARCUS.email, firstname: 'Marcus', lastname: 'Oyelaran', jobtitle: 'Director of IT Operations', company: 'Northwind Logistics' }, { id: MARCUS.id, modifiedAt: Date.now() - 20 * DAY });
  fake.addEvent({ type: 'OPEN', recipient: DANA.email, created: Date.now() - 10 * DAY, emailCampaignId: 501, filteredEvent: false });
  fake.addEvent({ type: 'OPEN', recipient: DANA.email, created: Date.now() - 9 * DAY, emailCampaignId: 501, filteredEvent: true });
  fake.addEvent({ type: 'OPEN', recipient: MARCUS.email, created: Date.now() - 8 * DAY, emailCampaignId: 501, filteredEvent: false });

  hub = await startTestHub();
  adminToken = await hub.addUser('Ada Admin', 'admin');
  repToken = await hub.addUser('Ann Rep', 'rep');
  session = await launchChromium();
  options = await session.openExtensionPage('options.html');
});
afterAll(async () => {
  await session?.close();
  await hub?.close();
  await fake?.close();
});

describe('a HubSpot portal connected to the hub', () => {
  it('backfills the portal through the connector routes, and the sidebar shows it after a sync', async () => {
    await options.getByTestId('hub-url').fill(hub.url);
    await options.getByTestId('hub-token').fill(repToken);
    await options.getByTestId('save-settings').click();
    await expect.poll(() => options.getByTestId('settings-message').textContent()).toBe('Saved.');
    const admin = { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' };
    const created = await fetch(`${hub.url}/v1/connectors`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ vendor: 'hubspot', name: 'Northwind HubSpot', baseUrl: fake.url, credentials: { token: fake.issueToken() } }),
    });
    expect(created.status).toBe(201);
    const { connector } = (await created.json()) as { connector: { id: string } };
    const first = await fetch(`${hub.url}/v1/connectors/${connector.id}/run`, { method: 'POST', headers: admin, body: JSON.stringify({ wait: true }) });
    expect(await first.json()).toEqual({ people: 2, touches: 3, deleted: 0 });
    await syncNow();

    const marcus = await session.context.newPage();
    await marcus.goto(hubspotRecordUrl('0-1', MARCUS.id));
    await expect.poll(() => sidebarOf(marcus).getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Marcus Oyelaran');
    await marcus.close();
  });

  it('`connector run` brings a new click and an archive: the click is Dana’s newest touch, Marcus is gone', async () => {
    fake.addEvent({ type: 'CLICK', recipient: DANA.email, created: Date.now() - 60_000, emailCampaignId: 502, url: 'https://www.northwind-logistics.example/webinar', filteredEvent: false });
    fake.archiveContact(MARCUS.id);
    const run = await hubCli(['connector', 'run', 'Northwind HubSpot']);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({ people: 0, touches: 1, deleted: 2 });
    await syncNow();

    const dana = await session.context.newPage();
    await dana.goto(hubspotRecordUrl('0-1', DANA.id));
    await expect.poll(() => sidebarOf(dana).getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    const touches = await touchesOn(dana);
    expect(touches).toHaveLength(3);
    expect(touches[0]).toContain('Clicked: Join our freight webinar');
    // HubSpot's own bot call (filteredEvent) shows dimmed, as an automated open.
    expect(await sidebarOf(dana).locator('[data-testid="touch-item"].automated').count()).toBe(1);
    await dana.close();

    const marcus = await session.context.newPage();
    await marcus.goto(hubspotRecordUrl('0-1', MARCUS.id));
    await expect.poll(() => sidebarOf(marcus).getByTestId('no-match').isVisible(), { timeout: 15_000 }).toBe(true);
    expect(await sidebarOf(marcus).getByTestId('prospect-name').count()).toBe(0);
    await marcus.close();
  });
});
