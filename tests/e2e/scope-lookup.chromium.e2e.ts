/**
 * Issue 17 end to end in Chromium against a real hub (PGlite, loopback): a territory rep whose
 * scope leaves Dana out opens her Salesforce page; the sidebar shows her from the hub ("from your
 * hub") within the budget, and the next visit is served locally even with the hub down; offline, a
 * person never looked up is said to maybe exist on the hub; once Dana joined the rep's scope
 * (opened) and the admin narrows it, the rep's sync takes her out of the browser, and she is still
 * found on demand.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TEAM, generateWorkspace } from '../../lib/demo/generate';
import { launchChromium, sendFromPage, type ChromiumSession } from './harness/chromium';
import { startTestHub, type TestHub } from './harness/hub-server';
import { sidebarOf } from './harness/sidebar';
import { salesforceRecordUrl } from './harness/site-fixtures';

const REP = DEMO_TEAM[0]!;
const DANA_PAGE = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');
const TOM_PAGE = salesforceRecordUrl('Contact', '003Dn00000QxZzzIAF');
/** Lightning renders the email field last: the record page has settled when it is there. */
const SETTLED = '[data-target-selection-name="sfdc:RecordField.Contact.Email"] a[href^="mailto:"]';

let hub: TestHub;
let session: ChromiumSession;
let options: Page;
let repToken: string;
let adminToken: string;

beforeAll(async () => {
  hub = await startTestHub();
  const workspace = generateWorkspace({ prospects: 60, touches: 1_500, seed: 7 });
  await hub.importBundle(workspace);
  expect(workspace.prospects!.find((p) => p.id === 'p-dana')?.owner).not.toBe(REP.email);
  repToken = await hub.addUser(REP.name, 'rep', REP.email);
  adminToken = await hub.addUser('Ada Admin', 'admin');
  session = await launchChromium();
  options = await session.openExtensionPage('options.html');
  await options.getByTestId('hub-url').fill(hub.url);
  await options.getByTestId('hub-token').fill(repToken);
  await options.getByTestId('save-settings').click();
  await options.getByTestId('settings-message').filter({ hasText: /^Saved\.$/ }).waitFor({ timeout: 15_000 });
  await syncNow();
});
afterAll(async () => {
  await session?.close();
  await hub?.close();
});

async function syncNow() {
  const status = await sendFromPage<{ sync: { lastSuccessAt?: string; error?: { message: string } } }>(options, { type: 'sync:now' });
  expect(status.sync.error).toBeUndefined();
  expect(status.sync.lastSuccessAt).toBeTruthy();
}

/** Whom the browser's own copy finds for Dana's address (no hub involved). */
async function heldLocally(): Promise<string | null> {
  const found = await sendFromPage<{ found: string | null }>(options, { type: 'diagnostics:context', ref: { emails: ['dana.whitfield@northwind-logistics.com'] } });
  return found.found;
}

/** Opens Dana's record and answers how long after the page settled the sidebar named her. */
async function openDana(): Promise<{ page: Page; afterSettleMs: number }> {
  const page = await session.context.newPage();
  await page.goto(DANA_PAGE);
  const shown = sidebarOf(page).getByTestId('prospect-name').filter({ hasText: 'Dana Whitfield' }).waitFor({ timeout: 15_000 }).then(() => Date.now());
  const settled = await page.locator(SETTLED).first().waitFor({ timeout: 15_000 }).then(() => Date.now());
  return { page, afterSettleMs: Math.max(0, (await shown) - settled) };
}

describe('a rep’s territory and the hub behind it', () => {
  it('shows a person outside the territory from the hub within the budget, and serves the next visit locally', async () => {
    expect(await heldLocally()).toBeNull();
    const first = await openDana();
    await expect.poll(() => sidebarOf(first.page).getByTestId('from-hub').textContent()).toContain('from your hub');
    // Her history came with her.
    expect(await sidebarOf(first.page).getByTestId('touch-item').count()).toBeGreaterThan(0);
    // DESIGN's sidebar budget counts from the settled page; the lookup is one loopback round trip inside it.
    expect(first.afterSettleMs).toBeLessThanOrEqual(1_000);
    console.log(`sidebar showed Dana from the hub ${first.afterSettleMs} ms after the record settled`);
    await first.page.close();

    // The lookup itself on loopback, as the background makes it: p95 of 20.
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      const response = await fetch(`${hub.url}/v1/lookup?email=${encodeURIComponent('marcus.oyelaran@northwind-logistics.com')}`, { headers: { Authorization: `Bearer ${repToken}` } });
      expect(response.status).toBe(200);
      await response.json();
      times.push(performance.now() - started);
    }
    const p95 = [...times].sort((a, b) => a - b)[Math.ceil(0.95 * times.length) - 1]!;
    console.log(`lookup p95 on loopback: ${p95.toFixed(1)} ms`);
    expect(p95).toBeLessThanOrEqual(150);

    // Hub down: Dana is still shown, from this browser's copy; Tom, never looked up, may exist on the hub.
    await hub.stop();
    try {
      const again = await openDana();
      await expect.poll(() => sidebarOf(again.page).getByTestId('from-hub').isVisible()).toBe(true);
      await again.page.close();
      const tom = await session.context.newPage();
      await tom.goto(TOM_PAGE);
      await expect.poll(() => sidebarOf(tom).getByTestId('may-exist-on-hub').textContent(), { timeout: 15_000 }).toMatch(/may exist there/);
      await tom.close();
    } finally {
      await hub.start();
    }
  });

  it('after the admin narrows the scope and the rep syncs, she is gone from the browser and still found on demand', async () => {
    // Opened: she is in the rep's scope from the next sync on, a synced prospect like the territory.
    await syncNow();
    expect(await heldLocally()).toBe('p-dana');
    const inScope = await openDana();
    await expect.poll(() => sidebarOf(inScope.page).getByTestId('prospect-company').textContent()).toBe('Northwind Logistics');
    expect(await sidebarOf(inScope.page).getByTestId('from-hub').count()).toBe(0);
    await inScope.page.close();

    const me = (await (await fetch(`${hub.url}/v1/me`, { headers: { Authorization: `Bearer ${repToken}` } })).json()) as { user: { id: string } };
    const narrowed = await fetch(`${hub.url}/v1/users/${me.user.id}/scope`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ openedDays: 0 }),
    });
    expect(narrowed.status).toBe(200);
    // Dana, and Marcus, whom the timing loop above looked up (opened) as well.
    expect(((await narrowed.json()) as { left: number }).left).toBe(2);
    await syncNow();
    expect(await heldLocally()).toBeNull();

    const onDemand = await openDana();
    await expect.poll(() => sidebarOf(onDemand.page).getByTestId('from-hub').isVisible()).toBe(true);
    await onDemand.page.close();
    // The options page says what the browser keeps.
    await options.reload();
    await expect.poll(() => options.getByTestId('cache-usage').textContent()).toMatch(/in your territory, 1 looked up on your hub/);
  });
});
