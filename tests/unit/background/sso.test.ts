/**
 * The extension's half of "Sign in with your company" (issue 18), through the real router,
 * background handlers and hub client, against a real hub (in process, PGlite) and a real OpenID
 * Provider (tests/oidc): identity.launchWebAuthFlow is played by a driver that fills in the
 * provider's login form over HTTP and hands back the redirect, as the browser's sign-in window does.
 * The e2e test (tests/e2e/sso.chromium.e2e.ts) does the same with Chromium's own window.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubApp } from '../../../hub/app';
import type { HubDb } from '../../../hub/db';
import { issueScimToken } from '../../../hub/scim/token';
import { secretBoxFromKey } from '../../../hub/secret-box';
import { openHubDb } from '../../../hub/server';
import { saveSsoConfig } from '../../../hub/sso/config';
import { forgetProviders } from '../../../hub/sso/oidc';
import { importBundle } from '../../../lib/import/bundle';
import { hubImportSink } from '../../../hub/store';
import { routeMessage } from '../../../lib/background/router';
import { hubClientFor, type IdentityApi } from '../../../lib/background/hub-service';
import type { HubStatusView, PublicSettings, SsoAvailability } from '../../../lib/contract';
import { readHubSession, writeHubSession } from '../../../lib/store/hub-session';
import { ACME_USERS, signInAtProvider, startTestIdp, type TestIdp } from '../../oidc/test-idp';
import { memoryAlarms, memorySettingsStores, testRouterDeps, type TestRouterDeps } from './test-deps';
import { memoryArea } from './memory-area';

const HUB_URL = 'http://127.0.0.1:8787';
const REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
/** Firefox's identity.getRedirectURL() for the add-on id cuecard@cuecard.app (sha-1 hex). */
const FIREFOX_REDIRECT = 'https://631a7bcd358ddc5212aeec2b40388e6101e76c33.extensions.allizom.org/';
const optionsPage = { id: 'cuecard-test-id', origin: 'chrome-extension://cuecard-test-id' };

let idp: TestIdp;
let hubDb: HubDb;
let app: ReturnType<typeof createHubApp>;
const secrets = secretBoxFromKey(randomBytes(32));
/** Every request the extension made to the hub, for "no token in a URL". */
const hubRequests: { url: string; init: RequestInit }[] = [];

beforeAll(async () => {
  idp = await startTestIdp({ redirectUris: [REDIRECT, FIREFOX_REDIRECT] });
  hubDb = await openHubDb({});
  app = createHubApp({ db: hubDb, rateLimit: false, logError: () => undefined, consoleDir: null, secrets, env: {} });
  forgetProviders();
  await saveSsoConfig(hubDb, secrets, { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, allowedGroups: ['Cuecard Users'], marketingGroups: ['Cuecard Marketing'] });
  await importBundle(
    { format: 'cuecard/v1', messages: [{ id: 'm-intro', title: 'Intro', body: 'Hello {{first_name}}', status: 'approved' }] },
    hubImportSink(hubDb),
  );
}, 60_000);
afterAll(async () => {
  await idp?.close();
  await hubDb?.close();
});

/** The browser's sign-in window: `who` signs in at the provider's form, or closes the window. */
function identityAs(who: string | 'close', redirect = REDIRECT): IdentityApi & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    getRedirectURL: () => redirect,
    launchWebAuthFlow: async ({ url }) => {
      opened.push(url);
      if (who === 'close') throw new Error('The user did not approve access.');
      const user = ACME_USERS.find((candidate) => candidate.username === who)!;
      return signInAtProvider(url, { username: user.username, password: user.password });
    },
  };
}

function extension(
  options: { who?: string | 'close'; redirect?: string; user?: Record<string, unknown>; managed?: Record<string, unknown> } = {},
): TestRouterDeps & { identity: ReturnType<typeof identityAs> } {
  const identity = identityAs(options.who ?? 'ann', options.redirect);
  const local = memoryArea();
  const deps = testRouterDeps({ local });
  deps.hub = {
    ...deps.hub,
    local,
    settings: memorySettingsStores({ hubUrl: HUB_URL, usageConsent: true, ...options.user }, options.managed ?? {}).stores,
    alarms: memoryAlarms(),
    identity,
    fetch: async (input, init) => {
      hubRequests.push({ url: String(input), init });
      return app.request(String(input), init);
    },
  };
  return Object.assign(deps, { identity });
}

async function send<T>(deps: TestRouterDeps, message: unknown): Promise<T> {
  const reply = await routeMessage(message, optionsPage, deps);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), { code: reply.error.code });
  return reply.value as T;
}

beforeEach(async () => {
  hubRequests.length = 0;
  await hubDb.query('TRUNCATE users, console_sessions, audit_log, sso_logins, sso_tokens, scim_groups RESTART IDENTITY CASCADE');
});

describe('sign in with your company (the extension)', () => {
  it('opens the provider, keeps the hub’s tokens in the background only, and syncs with them', async () => {
    const deps = extension();
    const available = await send<SsoAvailability>(deps, { type: 'sso:available' });
    expect(available).toEqual({ available: true, redirectUrl: REDIRECT });
    const signedIn = await send<PublicSettings>(deps, { type: 'sso:sign-in' });
    expect(signedIn.ssoUser).toEqual({ name: 'Ann Rep', email: 'ann.rep@acme.example', role: 'rep' });
    expect(JSON.stringify(signedIn)).not.toMatch(/cc[ar]_/);
    expect(deps.identity.opened).toHaveLength(1);
    expect(new URL(deps.identity.opened[0]!).origin).toBe(idp.issuer);
    const session = await readHubSession(deps.db);
    expect(session).toMatchObject({ hubUrl: HUB_URL, user: { name: 'Ann Rep' } });
    expect(session!.accessToken).toMatch(/^cca_/);

    const status = await send<HubStatusView>(deps, { type: 'sync:now' });
    expect(status.sync.error).toBeUndefined();
    expect(await deps.db.messages.count()).toBe(1);
    // No token ever travelled in a URL; every hub request but the sign-in ones carried the access token.
    for (const request of hubRequests) expect(request.url).not.toMatch(/cc[ar]_|code=/);
    const synced = hubRequests.find((request) => request.url.includes('/v1/sync'))!;
    expect((synced.init.headers as Record<string, string>).Authorization).toBe(`Bearer ${session!.accessToken}`);
    // The settings pages read never carry it either.
    expect(JSON.stringify(await send(deps, { type: 'settings:get' }))).not.toMatch(/cc[ar]_/);
  });

  it('renews the access token before its hour is up, and when the hub says it expired', async () => {
    const deps = extension();
    await send(deps, { type: 'sso:sign-in' });
    const first = (await readHubSession(deps.db))!;
    await writeHubSession(deps.db, { ...first, accessExpiresAt: new Date(Date.now() + 30_000).toISOString() });
    expect((await send<HubStatusView>(deps, { type: 'sync:now' })).sync.error).toBeUndefined();
    const second = (await readHubSession(deps.db))!;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    // The hub's clock says expired although ours does not: one 401, one renewal, the same request again.
    await hubDb.query(`UPDATE sso_tokens SET expires_at = now() - interval '1 second' WHERE kind = 'access'`);
    expect((await send<HubStatusView>(deps, { type: 'sync:now' })).sync.error).toBeUndefined();
    expect((await readHubSession(deps.db))!.refreshToken).not.toBe(second.refreshToken);
  });

  it('two requests needing a renewal at once renew once (a second use of a refresh token would end the sign-in)', async () => {
    const deps = extension();
    await send(deps, { type: 'sso:sign-in' });
    const session = (await readHubSession(deps.db))!;
    await writeHubSession(deps.db, { ...session, accessExpiresAt: new Date(Date.now() - 1_000).toISOString() });
    const [a, b] = await Promise.all([hubClientFor(deps.hub), hubClientFor(deps.hub)]);
    await Promise.all([a!.me(), b!.me()]);
    const refreshes = hubRequests.filter((request) => request.url.endsWith('/v1/sso/token') && String(request.init.body).includes('refresh_token'));
    expect(refreshes).toHaveLength(1);
    expect((await hubDb.query("SELECT 1 FROM audit_log WHERE action = 'sso_refresh_reused'")).rows).toEqual([]);
  });

  it('a user the provider disabled: the next sync says why', async () => {
    const deps = extension();
    const signedIn = await send<PublicSettings>(deps, { type: 'sso:sign-in' });
    const userId = (await hubDb.query<{ id: string }>('SELECT id FROM users WHERE email = $1', ['ann.rep@acme.example'])).rows[0]!.id;
    const { token } = await issueScimToken(hubDb, null);
    await app.request(`/scim/v2/Users/${userId}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] }),
    });
    const status = await send<HubStatusView>(deps, { type: 'sync:now' });
    expect(status.sync.error?.message).toBe("Your company's identity provider has turned off your Cuecard access, so Cuecard no longer syncs. Ask your IT admin if you still need it.");
    expect(signedIn.ssoUser?.name).toBe('Ann Rep');
  });

  it('a sign-in the hub ended (a refresh token came back twice) is forgotten: sign in again', async () => {
    const deps = extension();
    await send(deps, { type: 'sso:sign-in' });
    const session = (await readHubSession(deps.db))!;
    // Someone else used this refresh token first.
    await app.request('/v1/sso/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ grant: 'refresh_token', refreshToken: session.refreshToken }) });
    await writeHubSession(deps.db, { ...session, accessExpiresAt: new Date(Date.now() - 1_000).toISOString() });
    const status = await send<HubStatusView>(deps, { type: 'sync:now' });
    expect(status.sync.error?.message).toMatch(/used from two places at once.*Sign in again with your company/);
    expect(await readHubSession(deps.db)).toBeUndefined();
    expect((await send<PublicSettings>(deps, { type: 'settings:get' })).ssoUser).toBeNull();
  });

  it('signing out ends the sign-in at the hub too', async () => {
    const deps = extension();
    await send(deps, { type: 'sso:sign-in' });
    const session = (await readHubSession(deps.db))!;
    const out = await send<PublicSettings>(deps, { type: 'sso:sign-out' });
    expect(out.ssoUser).toBeNull();
    expect(await readHubSession(deps.db)).toBeUndefined();
    expect((await app.request('/v1/me', { headers: { Authorization: `Bearer ${session.accessToken}` } })).status).toBe(401);
  });

  it('pasted tokens keep working; pasting one ends a company sign-in, signing in clears a pasted one', async () => {
    const deps = extension();
    await send(deps, { type: 'sso:sign-in' });
    const { addUser } = await import('../../../hub/store');
    const pasted = (await addUser(hubDb, 'Pat Pasted', 'rep')).token;
    const saved = await send<PublicSettings>(deps, { type: 'settings:save', patch: { hubToken: pasted } });
    expect(saved).toMatchObject({ hasToken: true, ssoUser: null });
    const me = await send<{ user: { name: string } }>(deps, { type: 'hub:test' });
    expect(me.user.name).toBe('Pat Pasted');
    const again = await send<PublicSettings>(deps, { type: 'sso:sign-in' });
    expect(again).toMatchObject({ hasToken: false, ssoUser: { name: 'Ann Rep' } });
  });

  it('with the SSO switch set by policy and no sign-in yet, sync says to sign in', async () => {
    const deps = extension({ managed: { hubUrl: HUB_URL, sso: true } });
    const settings = await send<PublicSettings>(deps, { type: 'settings:get' });
    expect(settings.locked.sort()).toEqual(['hubUrl', 'sso']);
    const status = await send<HubStatusView>(deps, { type: 'sync:now' });
    expect(status.sync.error?.message).toMatch(/Not signed in: click "Sign in with your company"/);
  });

  it('Firefox: the sign-in window comes back to getRedirectURL()’s allizom.org address, which the hub accepts', async () => {
    const deps = extension({ redirect: FIREFOX_REDIRECT });
    expect(await send<SsoAvailability>(deps, { type: 'sso:available' })).toEqual({ available: true, redirectUrl: FIREFOX_REDIRECT });
    const signedIn = await send<PublicSettings>(deps, { type: 'sso:sign-in' });
    expect(signedIn.ssoUser).toMatchObject({ name: 'Ann Rep' });
    expect(new URL(deps.identity.opened[0]!).searchParams.get('redirect_uri')).toBe(FIREFOX_REDIRECT);
    expect((await send<HubStatusView>(deps, { type: 'sync:now' })).sync.error).toBeUndefined();
    // A redirect no browser hands to an extension is refused before the provider is ever opened.
    const web = extension({ redirect: 'https://evil.example/' });
    await expect(send(web, { type: 'sso:sign-in' })).rejects.toThrow(/redirect/i);
    expect(web.identity.opened).toEqual([]);
  });

  it('a first run with only the policy (hub URL and the SSO switch): one click signs in, then sync works', async () => {
    const deps = extension({ user: { hubUrl: '' }, managed: { hubUrl: HUB_URL, sso: true } });
    expect(await send<SsoAvailability>(deps, { type: 'sso:available' })).toMatchObject({ available: true });
    const signedIn = await send<PublicSettings>(deps, { type: 'sso:sign-in' });
    expect(signedIn).toMatchObject({ ssoUser: { name: 'Ann Rep' } });
    expect(deps.identity.opened).toHaveLength(1);
    const status = await send<HubStatusView>(deps, { type: 'sync:now' });
    expect(status.sync.error).toBeUndefined();
    expect(await deps.db.messages.count()).toBe(1);
  });

  it('failures in words: the window closed; someone outside the allowed group; no hub URL', async () => {
    await expect(send(extension({ who: 'close' }), { type: 'sso:sign-in' })).rejects.toThrow(/sign-in window closed before the sign-in finished \(the browser said: The user did not approve access\.\)/);
    await expect(send(extension({ who: 'eve' }), { type: 'sso:sign-in' })).rejects.toThrow(/Cuecard is for members of Cuecard Users/);
    await expect(send(extension({ user: { hubUrl: '' } }), { type: 'sso:sign-in' })).rejects.toThrow(/Enter your hub URL and save it first/);
  });
});
