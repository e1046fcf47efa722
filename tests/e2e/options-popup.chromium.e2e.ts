/**
 * The toolbar popup (opened as a page: chrome-extension://<id>/popup.html) and the options page's
 * "Local data" panel and demo workspace, in Chromium: counts after an import, sync against a real
 * hub, the demo workspace on a Salesforce record, and "Delete local data" — by keyboard, honest
 * about the usage outbox it keeps, with the open sidebar going back to "No workspace yet".
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageEvent } from '../../lib/contract';
import { generateWorkspace } from '../../lib/demo/generate';
import { launchChromium, type ChromiumSession, sendFromPage } from './harness/chromium';
import { startTestHub, type TestHub } from './harness/hub-server';
import { importThroughOptions, sidebarOf } from './harness/sidebar';
import { salesforceRecordUrl } from './harness/site-fixtures';
import { writeWorkspaceFile } from './harness/workspace-file';

const DANA = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');


let session: ChromiumSession;
let options: Page;
let hub: TestHub | undefined;
let hubStarting: Promise<TestHub>;

beforeAll(async () => {
  // The hub (PGlite) starts while Chromium does; the hub tests come last.
  hubStarting = startTestHub();
  hubStarting.catch(() => undefined);
  session = await launchChromium();
  options = await session.openExtensionPage('options.html');
});
afterAll(async () => {
  await session?.close();
  await hub?.close();
});

const send = sendFromPage;

const counts = () => send<Record<string, number>>(options, { type: 'store:counts' });
const pending = async () => (await send<{ pending: number }>(options, { type: 'sync:status' })).pending;
const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

function usageEvent(n: number): UsageEvent {
  return { id: `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`, type: 'message_copied', at: new Date().toISOString(), surface: 'salesforce', prospectId: 'p-dana', messageId: 'm-it-integration' };
}

describe('the popup', () => {
  it('says there is no workspace yet, and that there is no hub to sync with', async () => {
    const popup = await session.openExtensionPage('popup.html');
    await expect.poll(() => text(popup, 'popup-counts')).toBe('No workspace in this browser yet: import one in Settings.');
    // The status needs settings, and Chromium's first storage.managed.get after start waits 1.5–9 s
    // for its policy service (lib/settings/stores.ts).
    await expect.poll(() => text(popup, 'sync-status'), { timeout: 15_000 }).toMatch(/^Local only: no hub configured\. 0 usage events waiting to be sent\.$/);
    expect(await popup.getByTestId('sync-now').isDisabled()).toBe(true);
    await popup.close();
  });

  it('shows what this browser holds after an import', async () => {
    await importThroughOptions(options, writeWorkspaceFile());
    const stored = await counts();
    expect(stored.prospects).toBe(60);
    const popup = await session.openExtensionPage('popup.html');
    await expect
      .poll(() => text(popup, 'popup-counts'))
      .toBe(`In this browser: 60 prospects, ${stored.touches!.toLocaleString('en')} marketing touches, ${stored.messages} messages and ${stored.assets} assets.`);
    await popup.close();
  });
});

describe('deleting local data on the options page', () => {
  it('confirms by keyboard, says what goes and what stays, keeps the outbox, and empties the open sidebar', async () => {
    const crm = await session.context.newPage();
    await crm.goto(DANA);
    const sidebar = sidebarOf(crm);
    await expect.poll(() => sidebar.getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');

    await options.getByTestId('usage-consent').check();
    await expect.poll(async () => (await send<{ settings: { usageConsent: boolean } }>(options, { type: 'settings:get' })).settings.usageConsent).toBe(true);
    await send(options, { type: 'usage:record', event: usageEvent(1) });
    const before = await counts();
    const waiting = await pending();
    expect(waiting).toBeGreaterThanOrEqual(1);

    // Keyboard only: Enter opens the confirm and focus lands on it; Escape cancels and returns focus.
    await options.getByTestId('wipe-data').focus();
    await options.keyboard.press('Enter');
    const dialog = options.getByTestId('wipe-dialog');
    await dialog.waitFor();
    expect(await dialog.evaluate((node) => node === document.activeElement)).toBe(true);
    const said = (await dialog.innerText()).replace(/\s+/g, ' ');
    expect(said).toContain(`Deleted: 60 prospects, ${before.touches!.toLocaleString('en')} marketing touches`);
    expect(said).toContain('Kept: your settings and hub token');
    expect(said).toMatch(new RegExp(`${waiting} usage events? recorded in this browser: kept`));
    expect(await options.getByTestId('wipe-send-first').count()).toBe(0); // no hub: nothing to send to
    await options.screenshot({ path: '/tmp/cuecard-options-wipe-confirm.png', fullPage: true });
    await options.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await options.getByTestId('wipe-data').evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await counts()).toEqual(before);

    await options.keyboard.press('Enter');
    await dialog.waitFor();
    await options.getByTestId('wipe-confirm').click();
    await expect
      .poll(() => text(options, 'wipe-status'))
      .toMatch(/^Local data deleted\. This browser now holds 0 prospects, 0 marketing touches, 0 messages and 0 assets\. Kept: \d+ usage events? not yet delivered, your settings and hub token\.$/);
    expect(await counts()).toEqual({ prospects: 0, touches: 0, messages: 0, assets: 0 });
    expect(await pending()).toBeGreaterThanOrEqual(waiting);
    await expect.poll(() => options.getByTestId('store-counts').innerText()).toMatch(/prospects\s+0\s+touches\s+0\s+messages\s+0\s+assets\s+0/i);
    await expect.poll(() => sidebar.getByTestId('no-match').textContent(), { timeout: 15_000 }).toMatch(/No workspace yet/);
    await crm.close();
  });
});

describe('the demo workspace', () => {
  it('loads from the options page and shows a demo prospect on a Salesforce record', async () => {
    await options.getByTestId('load-demo').click();
    await expect.poll(() => text(options, 'demo-status'), { timeout: 30_000 }).toMatch(/^Demo workspace loaded\. .*Rejected rows: 0$/);
    expect((await counts()).prospects).toBe(300);
    const popup = await session.openExtensionPage('popup.html');
    await expect.poll(() => text(popup, 'popup-counts')).toMatch(/^In this browser: 300 prospects, /);
    await popup.close();
    const crm = await session.context.newPage();
    await crm.goto(DANA);
    await expect.poll(() => sidebarOf(crm).getByTestId('prospect-name').textContent(), { timeout: 15_000 }).toBe('Dana Whitfield');
    await crm.close();
  });
});

describe('the popup against a hub', () => {
  beforeAll(async () => {
    hub = await hubStarting;
    // People the demo workspace does not have, so the sync visibly adds them.
    const { prospects } = generateWorkspace({ prospects: 5, touches: 0, seed: 23 });
    const report = await hub.importBundle({
      format: 'cuecard/v1',
      prospects: prospects!.map((prospect, i) => ({ ...prospect, id: `p-hub-${i}`, email: `hub.person${i}@hub-only.example`, crmIds: {} })),
    });
    expect(report.imported.prospects).toBe(5);
    await options.getByTestId('hub-url').fill(hub.url);
    await options.getByTestId('hub-token').fill(await hub.addUser('Pat Popup', 'rep'));
    await options.getByTestId('save-settings').click();
    await options.getByTestId('settings-message').filter({ hasText: /^Saved\.$/ }).waitFor();
  });

  it('syncs on "Sync now", names the last successful sync and updates the counts', async () => {
    const popup = await session.openExtensionPage('popup.html');
    const sync = popup.getByTestId('sync-now');
    await expect.poll(() => sync.isEnabled()).toBe(true);
    await sync.click();
    await expect.poll(() => text(popup, 'sync-status'), { timeout: 30_000 }).toMatch(/Last successful sync: .+\d/);
    expect((await counts()).prospects).toBe(300 + 5);
    await expect.poll(() => text(popup, 'popup-counts')).toMatch(/^In this browser: 305 prospects, /);
    await popup.close();
  });

  it('says in words that the hub cannot be reached', async () => {
    await hub!.stop();
    const popup = await session.openExtensionPage('popup.html');
    await expect.poll(() => popup.getByTestId('sync-now').isEnabled()).toBe(true);
    await popup.getByTestId('sync-now').click();
    await expect.poll(() => text(popup, 'sync-status'), { timeout: 30_000 }).toMatch(/Cannot reach the hub at http:\/\/127\.0\.0\.1:\d+/);
    await popup.close();
  });

  it('offers to send the undelivered usage events before deleting, and says the hub will refill the cache', async () => {
    // The hub is still down: the event stays in the outbox (the earlier "Sync now" delivered the rest).
    await send(options, { type: 'usage:record', event: usageEvent(2) });
    await expect.poll(pending).toBeGreaterThanOrEqual(1);
    const waiting = await pending();
    const options2 = await session.openExtensionPage('options.html');
    await options2.getByTestId('wipe-data').click();
    const dialog = options2.getByTestId('wipe-dialog');
    await dialog.waitFor();
    const said = (await dialog.innerText()).replace(/\s+/g, ' ');
    expect(said).toMatch(new RegExp(`${waiting} usage events? not yet delivered to the hub: kept, and sent at the next sync`));
    expect(said).toContain('its next sync (every 15 minutes, or “Sync now”) downloads the workspace again');
    await dialog.screenshot({ path: '/tmp/cuecard-options-wipe-confirm-hub.png' });
    await options2.getByTestId('wipe-send-first').click();
    await expect.poll(() => text(options2, 'wipe-status'), { timeout: 30_000 }).toMatch(/^Not sent: Cannot reach the hub at .* Nothing was deleted\.$/);
    expect(await pending()).toBe(waiting);
    await hub!.start();
    await options2.getByTestId('wipe-send-first').click();
    await expect.poll(() => text(options2, 'wipe-status'), { timeout: 30_000 }).toBe('Every usage event reached the hub.');
    expect(await hub!.usageCount()).toBeGreaterThanOrEqual(waiting);
    expect(await pending()).toBe(0);
    // The confirm stays open, now with nothing left to send.
    expect(await options2.getByTestId('wipe-send-first').count()).toBe(0);
    expect((await dialog.innerText()).replace(/\s+/g, ' ')).toContain('No usage events are waiting to be sent.');
    await options2.getByTestId('wipe-confirm').click();
    await expect.poll(() => text(options2, 'wipe-status')).toMatch(/^Local data deleted\. This browser now holds 0 prospects, .* Kept: your settings and hub token\.$/);
    await options2.close();
  });
});
