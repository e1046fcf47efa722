/**
 * "Sign in with your company" in Chromium (issue 18), end to end: the built extension, a real hub
 * (PGlite in a temp folder) and a real OpenID Provider on loopback (oidc-provider, tests/oidc).
 *
 * - The rep opens the options page, saves the hub URL and clicks "Sign in with your company":
 *   Chromium's own sign-in window (identity.launchWebAuthFlow) shows the provider's login form, the
 *   test fills it in as a person would, the window closes, and the first sync brings her territory
 *   (a rep with an address gets what she owns, issue 17) and all the content.
 * - The provider turns the rep off (SCIM active:false): the next sync says why.
 * - Marketing signs in to the console through the same provider's form, and lands in the console.
 * - After signing out, the popup's one button signs an admin in (the one-click first run).
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveSsoConfig } from '../../hub/sso/config';
import { issueScimToken } from '../../hub/scim/token';
import { generateWorkspace } from '../../lib/demo/generate';
import { ACME_USERS, startTestIdp, type TestIdp } from '../oidc/test-idp';
import { launchChromium, sendFromPage, type ChromiumSession } from './harness/chromium';
import { startTestHub, type TestHub } from './harness/hub-server';

let hub: TestHub;
let idp: TestIdp;
let session: ChromiumSession;
let options: Page;
const ANN_OWNS = 12;
let hubMessages = 0;

const password = (username: string) => ACME_USERS.find((user) => user.username === username)!.password;

/** Fills in the provider's login form in whatever window shows it. */
async function signInAtProvider(page: Page, username: string) {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password(username));
  await page.getByRole('button', { name: 'Sign in' }).click();
}

beforeAll(async () => {
  hub = await startTestHub();
  // Ann is a rep with an address, so her feed is her territory (issue 17): she owns 12 of the 40.
  const workspace = generateWorkspace({ prospects: 40, touches: 600, seed: 11 });
  workspace.prospects = (workspace.prospects ?? []).map((prospect, index) => ({ ...prospect, owner: index < ANN_OWNS ? 'ann.rep@acme.example' : 'someone.else@acme.example' }));
  hubMessages = workspace.messages?.length ?? 0;
  await hub.importBundle(workspace);
  session = await launchChromium();
  // Chrome's redirect for this extension: https://<extension id>.chromiumapp.org/ (identity.getRedirectURL()).
  idp = await startTestIdp({ redirectUris: [`https://${session.extensionId}.chromiumapp.org/`, `${hub.url}/sso/callback`] });
  await saveSsoConfig(hub.db, hub.secrets, {
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    allowedGroups: ['Cuecard Users'],
    marketingGroups: ['Cuecard Marketing'],
    adminGroups: ['Cuecard Admins'],
  });
  options = await session.openExtensionPage('options.html');
}, 120_000);
afterAll(async () => {
  await session?.close();
  await idp?.close();
  await hub?.close();
});

describe('sign in with your company', () => {
  it('options page → the provider’s login form in Chromium’s sign-in window → signed in, and the first sync brings her territory', async () => {
    await options.getByTestId('hub-url').fill(hub.url);
    await options.getByTestId('save-settings').click();
    await options.getByTestId('settings-message').filter({ hasText: 'Saved.' }).waitFor({ timeout: 15_000 });
    await expect.poll(() => options.getByTestId('sso-redirect-url').textContent({ timeout: 15_000 })).toBe(`https://${session.extensionId}.chromiumapp.org/`);

    const signInWindow = session.context.waitForEvent('page', { timeout: 30_000 });
    await options.getByTestId('sso-sign-in').click();
    const providerPage = await signInWindow;
    await providerPage.waitForURL((url) => url.origin === idp.issuer, { timeout: 15_000 });
    // Chromium closes its sign-in window itself once the provider redirects to the chromiumapp.org URL.
    const closed = providerPage.waitForEvent('close', { timeout: 30_000 });
    await signInAtProvider(providerPage, 'ann');
    await closed;

    await options.getByTestId('sso-user').filter({ hasText: 'Signed in with your company as Ann Rep (ann.rep@acme.example).' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => options.getByTestId('sync-status').textContent(), { timeout: 30_000 }).toMatch(/^Last successful sync: /);
    const counts = await sendFromPage<{ prospects: number; messages: number }>(options, { type: 'store:counts' });
    expect(counts.prospects).toBe(ANN_OWNS);
    expect(counts.messages).toBe(hubMessages);
    // The page never held a token: not in the DOM, not in what settings:get answers.
    expect(await options.content()).not.toMatch(/cc[ar]_/);
    expect(JSON.stringify(await sendFromPage(options, { type: 'settings:get' }))).not.toMatch(/cc[ar]_/);
    const me = await sendFromPage<{ user: { name: string; role: string } }>(options, { type: 'hub:test' });
    expect(me.user).toMatchObject({ name: 'Ann Rep', role: 'rep' });
  });

  it('the provider turns the rep off (SCIM): the next sync says why', async () => {
    const { token } = await issueScimToken(hub.db, null);
    const userId = (await hub.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', ['ann.rep@acme.example'])).rows[0]!.id;
    const patched = await fetch(`${hub.url}/scim/v2/Users/${userId}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }),
    });
    expect(patched.status).toBe(200);
    await options.getByTestId('sync-now').click();
    await expect
      .poll(() => options.getByTestId('sync-status').textContent(), { timeout: 30_000 })
      .toMatch(/Your company's identity provider has turned off your Cuecard access, so Cuecard no longer syncs\. Ask your IT admin/);
  });

  it('the console signs marketing in through the same provider', async () => {
    // Chromium's sign-in window shares the profile's cookies: Ann is still signed in at the provider
    // (that is what makes a second sign-in one click). Someone else uses this browser now.
    await session.context.clearCookies();
    const consolePage = await session.context.newPage();
    await consolePage.goto(hub.url);
    await consolePage.getByTestId('console-sso-sign-in').click();
    await consolePage.waitForURL((url) => url.origin === idp.issuer, { timeout: 15_000 });
    await signInAtProvider(consolePage, 'mo');
    await consolePage.waitForURL((url) => url.origin === hub.url, { timeout: 15_000 });
    await consolePage.locator('main[data-view="library"][aria-busy="false"]').waitFor({ timeout: 15_000 });
    expect(await consolePage.locator('.who').textContent()).toMatch(/Mo Marketing/);
    const cookies = await session.context.cookies(hub.url);
    expect(cookies.map((cookie) => cookie.name)).toContain('cuecard_session');
    // A rep who tries is sent back with the reason, in the console's words.
    await consolePage.getByTestId('sign-out').click();
    // Signed out of the provider too (its session cookie), so it asks who is there.
    await session.context.clearCookies();
    await consolePage.getByTestId('console-sso-sign-in').click();
    await consolePage.waitForURL((url) => url.origin === idp.issuer, { timeout: 15_000 });
    await signInAtProvider(consolePage, 'eve');
    await consolePage.getByTestId('sign-in-error').waitFor({ timeout: 15_000 });
    expect(await consolePage.getByTestId('sign-in-error').textContent()).toBe('Your company sign-in does not put you in a group that may use Cuecard. Ask your IT admin.');
    expect(consolePage.url()).toBe(`${hub.url}/`);
    await consolePage.close();
  });

  it('signing out on the options page; the popup then offers the one-click sign-in', async () => {
    await options.getByTestId('sso-sign-out').click();
    await options.getByTestId('sso-sign-in').waitFor({ timeout: 15_000 });
    // Eve is still signed in at the provider from the console test: a new person signs in now.
    await session.context.clearCookies();
    const popup = await session.openExtensionPage('popup.html');
    const signInWindow = session.context.waitForEvent('page', { timeout: 30_000 });
    await popup.getByTestId('sso-sign-in').click();
    const providerPage = await signInWindow;
    await providerPage.waitForURL((url) => url.origin === idp.issuer, { timeout: 15_000 });
    const closed = providerPage.waitForEvent('close', { timeout: 30_000 });
    await signInAtProvider(providerPage, 'ada');
    await closed;
    await popup.getByTestId('sso-user').filter({ hasText: 'Signed in with your company as Ada Admin (ada.admin@acme.example).' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => popup.getByTestId('sync-status').textContent(), { timeout: 30_000 }).toMatch(/^Last successful sync: /);
    await popup.close();
  });
});
