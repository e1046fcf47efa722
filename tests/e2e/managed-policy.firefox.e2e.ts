/**
 * Enterprise policy in a real browser (issue 7): Firefox on Linux reads an extension's managed
 * storage from `~/.mozilla/managed-storage/<add-on id>.json` (MDN "Native manifests": name = the
 * add-on id, type "storage", the values under "data"). The browser runs with HOME pointed at a
 * temp folder holding such a file with the hub URL, the token and usage consent. The options
 * page must show those settings locked, refuse to change them, and sync must work with the
 * policy's token, which the rep never typed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { generateWorkspace } from '../../lib/demo/generate';
import { findExtensionFrame, type FirefoxSession, launchFirefox, openExtensionPage, openWithSidebar, textOf, waitForText } from './harness/firefox';
import { startTestHub, type TestHub } from './harness/hub-server';
import { salesforceRecordUrl } from './harness/site-fixtures';

const GECKO_ID = 'cuecard@cuecard.app';
const DANA = salesforceRecordUrl('Contact', '003Dn00000QxAbcIAF');

let hub: TestHub;
let hubReady: Promise<TestHub> | undefined;
let session: FirefoxSession;
let home: string;
let policyToken: string;
let page: Page;
let options: Page;

/** Pages of the extension have the browser.* API; this file is type-checked for Node. */
declare const browser: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'cuecard-home-'));
  const dir = path.join(home, '.mozilla', 'managed-storage');
  mkdirSync(dir, { recursive: true });
  // The hub and the browser start together (each takes seconds); the policy names the hub's
  // port, so it is written once both are up and before the add-on is installed and reads it.
  hubReady = startTestHub();
  session = await launchFirefox({
    env: { ...process.env, HOME: home },
    beforeInstall: async () => {
      hub = await hubReady!;
      expect((await hub.importBundle(generateWorkspace({ prospects: 30, touches: 300, seed: 5 }))).rejected).toBe(0);
      policyToken = await hub.addUser('Pat Policy', 'rep');
      writeFileSync(
        path.join(dir, `${GECKO_ID}.json`),
        JSON.stringify({
          name: GECKO_ID,
          description: 'Cuecard settings set by the administrator',
          type: 'storage',
          data: { hubUrl: hub.url, hubToken: policyToken, usageConsent: true },
        }),
      );
    },
  });
});
afterAll(async () => {
  await session?.close();
  await (hub ?? (await hubReady?.catch(() => undefined)))?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

async function send<T>(message: unknown): Promise<{ ok: boolean; value?: T; error?: { code: string; message: string } }> {
  return (await options.evaluate((m) => browser.runtime.sendMessage(m), message)) as { ok: boolean; value?: T; error?: { code: string; message: string } };
}

/** The lock note next to a field: present, visible, and in the same label as the input. */
function lockNote(testId: string): Promise<{ text: string; visible: boolean } | null> {
  return options.evaluate((id) => {
    const input = document.querySelector(`[data-testid="${id}"]`);
    const note = input?.closest('label, .consent')?.querySelector('.locked') ?? input?.closest('section')?.querySelector('.locked');
    if (!note) return null;
    const box = note.getBoundingClientRect();
    const style = getComputedStyle(note);
    return { text: note.textContent ?? '', visible: box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' };
  }, testId);
}

describe('Firefox: settings from enterprise policy (managed storage)', () => {
  it('shows the hub URL, token and usage consent as set by the administrator, locked', async () => {
    let sidebar: Frame;
    ({ page, sidebar } = await openWithSidebar(session, DANA));
    options = await openExtensionPage(session, sidebar, 'options.html');
    await options.waitForFunction((url) => document.querySelector<HTMLInputElement>('[data-testid="hub-url"]')?.value === url, { timeout: 15_000 }, hub.url);
    const fields = await options.evaluate(() => {
      const get = (id: string) => document.querySelector<HTMLInputElement>(`[data-testid="${id}"]`)!;
      return { urlDisabled: get('hub-url').disabled, tokenDisabled: get('hub-token').disabled, tokenValue: get('hub-token').value, consent: get('usage-consent').checked, consentDisabled: get('usage-consent').disabled };
    });
    expect(fields).toEqual({ urlDisabled: true, tokenDisabled: true, tokenValue: '', consent: true, consentDisabled: true });
    expect(await lockNote('hub-url')).toEqual({ text: 'Set by your administrator', visible: true });
    expect(await lockNote('hub-token')).toEqual({ text: 'Set by your administrator', visible: true });
    expect(await lockNote('usage-consent')).toEqual({ text: 'Set by your administrator', visible: true });
    const settings = await send<{ settings: { hubUrl: string; usageConsent: boolean }; hasToken: boolean; locked: string[] }>({ type: 'settings:get' });
    expect(settings.value?.settings.hubUrl).toBe(hub.url);
    expect(settings.value?.hasToken).toBe(true);
    expect([...(settings.value?.locked ?? [])].sort()).toEqual(['hubToken', 'hubUrl', 'usageConsent']);
    // The policy's token never reaches a page.
    expect(JSON.stringify(settings)).not.toContain(policyToken);
    expect(await options.evaluate(() => new XMLSerializer().serializeToString(document))).not.toContain(policyToken);
  });

  it('cannot change a locked setting: not through the form, not by a direct request', async () => {
    // A rep who re-enables the field in devtools and saves: the form leaves locked keys out.
    await options.evaluate(() => {
      const input = document.querySelector<HTMLInputElement>('[data-testid="hub-url"]')!;
      input.disabled = false;
    });
    await options.click('[data-testid="hub-url"]', { count: 3 });
    await options.type('[data-testid="hub-url"]', 'https://rogue.example.com');
    await options.click('[data-testid="save-settings"]');
    await waitForText(options.mainFrame(), 'settings-message', /./, 10_000);
    // The background refuses the write itself, whatever the page sends.
    const refused = await send({ type: 'settings:save', patch: { hubUrl: 'https://rogue.example.com' } });
    expect(refused.ok).toBe(false);
    expect(refused.error?.message).toMatch(/Set by your administrator: hubUrl/);
    const token = await send({ type: 'settings:save', patch: { hubToken: 'cch_not-the-policy-token' } });
    expect(token.ok).toBe(false);
    const consent = await send({ type: 'settings:save', patch: { usageConsent: false } });
    expect(consent.ok).toBe(false);
    // A fresh options page (BiDi cannot reload a moz-extension:// page): still the policy's URL.
    await options.close();
    await page.bringToFront();
    options = await openExtensionPage(session, await findExtensionFrame(page, 'sidebar.html'), 'options.html');
    await options.waitForFunction((url) => document.querySelector<HTMLInputElement>('[data-testid="hub-url"]')?.value === url, { timeout: 15_000 }, hub.url);
    const after = await send<{ settings: { hubUrl: string; usageConsent: boolean } }>({ type: 'settings:get' });
    expect(after.value?.settings).toMatchObject({ hubUrl: hub.url, usageConsent: true });
  });

  it('syncs with the policy’s token: the sidebar shows a prospect that exists only on the hub', async () => {
    await options.bringToFront();
    await options.click('[data-testid="sync-now"]');
    expect(await waitForText(options.mainFrame(), 'sync-status', /Last successful sync: .+\d/, 30_000)).not.toMatch(/failed/i);
    const me = await send<{ user: { name: string; role: string } }>({ type: 'hub:test' });
    expect(me.value?.user).toMatchObject({ name: 'Pat Policy', role: 'rep' });
    await page.bringToFront();
    const sidebar = await findExtensionFrame(page, 'sidebar.html');
    expect(await waitForText(sidebar, 'prospect-name', /Dana/)).toBe('Dana Whitfield');
    expect(await textOf(sidebar, 'prospect-company')).toBe('Northwind Logistics');
  });
});
