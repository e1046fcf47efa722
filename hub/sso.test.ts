/**
 * Signing in with the company's identity provider, against a real OpenID Provider on loopback
 * (oidc-provider, OpenID Certified, tests/oidc): the extension's flow (start → the provider's
 * login form → code → the hub's access and refresh tokens), refresh with rotation and reuse
 * detection, the console's redirect flow with its cookies, and every failure in words with an
 * audit row. On PGlite, and on Postgres with CUECARD_TEST_PG_URL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hubError, meResponse, REFRESH_REUSED, SIGNED_OUT, ssoStartResponse, ssoTokenResponse, syncResponse, TOKEN_DISABLED, TOKEN_EXPIRED, type SsoTokenResponse } from '../lib/contract';
import { ACME_USERS, signInAtProvider, startTestIdp, type TestIdp } from '../tests/oidc/test-idp';
import { createHubApp } from './app';
import type { HubDb } from './db';
import { secretBoxFromKey } from './secret-box';
import { saveSsoConfig, SSO_META_KEY } from './sso/config';
import { forgetProviders } from './sso/oidc';
import { issueScimToken } from './scim/token';
import { backends } from './test-backends';

const CHROME_REDIRECT = 'https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/';
const FIREFOX_REDIRECT = 'https://631a7bcd358ddc5212aeec2b40388e6101e76c33.extensions.allizom.org/';
/** app.request's origin: the console's callback as the hub sees it in-process. */
const CONSOLE_CALLBACK = 'http://localhost/sso/callback';

let idp: TestIdp;
let userinfoIdp: TestIdp;
let proxy: { server: Server; issuer: string };

/**
 * A mix-up attacker's provider: serves the real provider's discovery document under its own
 * issuer name, so everything the real provider signs names another issuer than the configured one.
 */
async function startIssuerProxy(target: string): Promise<{ server: Server; issuer: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      const upstream = await fetch(`${target}${req.url}`);
      let body = await upstream.text();
      if (req.url?.startsWith('/.well-known/openid-configuration')) {
        const metadata = JSON.parse(body) as Record<string, unknown>;
        metadata.issuer = issuerOf(server);
        // Like a provider without RFC 9207: nothing on the redirect says who answered.
        delete metadata.authorization_response_iss_parameter_supported;
        body = JSON.stringify(metadata);
      }
      res.writeHead(upstream.status, { 'Content-Type': upstream.headers.get('Content-Type') ?? 'application/json' }).end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, issuer: issuerOf(server) };
}
const issuerOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

beforeAll(async () => {
  const redirectUris = [CHROME_REDIRECT, FIREFOX_REDIRECT, CONSOLE_CALLBACK];
  [idp, userinfoIdp] = await Promise.all([startTestIdp({ redirectUris }), startTestIdp({ redirectUris, claimsOnlyFromUserinfo: true })]);
  proxy = await startIssuerProxy(idp.issuer);
}, 60_000);
afterAll(async () => {
  await Promise.all([idp?.close(), userinfoIdp?.close()]);
  proxy?.server.close();
});

const credentials = (username: string) => {
  const user = ACME_USERS.find((candidate) => candidate.username === username)!;
  return { username: user.username, password: user.password };
};

for (const backend of backends) {
  const suite = backend.skipReason ? describe.skip : describe;
  suite(backend.skipReason ? `${backend.name} — skipped: ${backend.skipReason}` : `single sign-on on ${backend.name}`, () => {
    let db: HubDb;
    let cleanup: () => Promise<void>;
    const secrets = secretBoxFromKey(randomBytes(32));
    let app: ReturnType<typeof createHubApp>;

    beforeAll(async () => {
      ({ db, cleanup } = await backend.open());
      app = createHubApp({ db, rateLimit: false, logError: () => undefined, consoleDir: null, secrets, env: {} });
    }, 120_000);
    afterAll(async () => {
      await cleanup?.();
    });

    const configure = async (issuer: string, extra: { clientSecret?: string; accessMinutes?: number } = {}) => {
      forgetProviders();
      await saveSsoConfig(db, secrets, {
        issuer,
        clientId: idp.clientId,
        clientSecret: extra.clientSecret ?? idp.clientSecret,
        allowedGroups: ['Cuecard Users'],
        marketingGroups: ['Cuecard Marketing'],
        adminGroups: ['Cuecard Admins'],
        accessMinutes: extra.accessMinutes,
      });
    };

    beforeEach(async () => {
      await db.query('TRUNCATE changes, usage_events, users, hub_meta, console_sessions, audit_log, sso_logins, sso_tokens, scim_groups RESTART IDENTITY CASCADE');
      await idp.setClockOffset(0);
      await idp.setUsers(ACME_USERS);
      await configure(idp.issuer);
    });

    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      app.request(path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    const expectError = async (response: Response, status: number, code: string) => {
      const body = hubError.parse(await response.json());
      expect(`${response.status} ${body.error.code}`).toBe(`${status} ${code}`);
      return body.error.message;
    };
    const auditRows = async (action: string) =>
      (await db.query<{ target_id: string; note: string }>('SELECT target_id, note FROM audit_log WHERE action = $1 ORDER BY id', [action])).rows;

    /** The extension's half: start, the provider's login form, and the callback URL the browser hands back. */
    const startExtensionSignIn = async (redirectUri = CHROME_REDIRECT) => {
      const loginSecret = randomBytes(32).toString('base64url');
      const loginChallenge = createHash('sha256').update(loginSecret).digest('base64url');
      const response = await post('/v1/sso/start', { redirectUri, loginChallenge });
      expect(response.status).toBe(200);
      const { authorizationUrl } = ssoStartResponse.parse(await response.json());
      return { loginSecret, authorizationUrl };
    };
    const exchange = (callbackUrl: string, loginSecret: string) => post('/v1/sso/token', { grant: 'authorization_code', callbackUrl, loginSecret });
    const signIn = async (username: string, redirectUri = CHROME_REDIRECT): Promise<SsoTokenResponse> => {
      const { loginSecret, authorizationUrl } = await startExtensionSignIn(redirectUri);
      const callbackUrl = await signInAtProvider(authorizationUrl, credentials(username));
      const response = await exchange(callbackUrl, loginSecret);
      expect(response.status, await response.clone().text()).toBe(200);
      return ssoTokenResponse.parse(await response.json());
    };
    const refresh = (refreshToken: string) => post('/v1/sso/token', { grant: 'refresh_token', refreshToken });

    it('says whether sign-in with the company is set up, without a token', async () => {
      expect(await (await app.request('/v1/sso')).json()).toEqual({ enabled: true });
      await db.query('DELETE FROM hub_meta');
      expect(await (await app.request('/v1/sso')).json()).toEqual({ enabled: false });
      const refused = await post('/v1/sso/start', { redirectUri: CHROME_REDIRECT, loginChallenge: 'a'.repeat(43) });
      expect(await expectError(refused, 404, 'sso_not_configured')).toMatch(/no company sign-in set up/);
    });

    it('keeps the client secret sealed in the database', async () => {
      const stored = JSON.stringify((await db.query('SELECT value FROM hub_meta WHERE key = $1', [SSO_META_KEY])).rows);
      expect(stored).toContain(idp.issuer);
      expect(stored).not.toContain(idp.clientSecret);
    });

    it('sends the rep to the provider with PKCE (S256), state and nonce, and no token in the URL', async () => {
      const { authorizationUrl } = await startExtensionSignIn();
      const url = new URL(authorizationUrl);
      expect(url.origin).toBe(idp.issuer);
      expect(url.searchParams.get('client_id')).toBe(idp.clientId);
      expect(url.searchParams.get('redirect_uri')).toBe(CHROME_REDIRECT);
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(url.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
      expect(url.searchParams.get('scope')).toBe('openid email profile');
      expect(authorizationUrl).not.toMatch(/cc[hars]_/);
      // Only a browser's extension redirect is accepted.
      for (const redirectUri of ['https://evil.example/', 'https://abc.chromiumapp.org.evil.example/', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/']) {
        expect((await post('/v1/sso/start', { redirectUri, loginChallenge: 'a'.repeat(43) })).status).toBe(400);
      }
    });

    it('signs a rep in: the first sign-in creates the user (rep, email from the ID token), and the access token syncs', async () => {
      const tokens = await signIn('ann');
      expect(tokens.user).toMatchObject({ name: 'Ann Rep', role: 'rep', email: 'ann.rep@acme.example' });
      expect(tokens.accessToken).toMatch(/^cca_[A-Za-z0-9_-]{43}$/);
      expect(tokens.refreshToken).toMatch(/^ccr_[A-Za-z0-9_-]{43}$/);
      expect(Date.parse(tokens.accessExpiresAt) - Date.now()).toBeGreaterThan(59 * 60_000);
      expect(Date.parse(tokens.accessExpiresAt) - Date.now()).toBeLessThanOrEqual(60 * 60_000);
      const me = meResponse.parse(await (await app.request('/v1/me', bearer(tokens.accessToken))).json());
      expect(me.user).toMatchObject({ id: tokens.user.id, role: 'rep', email: 'ann.rep@acme.example' });
      expect(syncResponse.parse(await (await app.request('/v1/sync?cursor=0&limit=10', bearer(tokens.accessToken))).json()).changes).toEqual([]);
      // A rep may not call marketing's routes with it either.
      expect((await app.request('/v1/reports/usage?groupBy=rep', bearer(tokens.accessToken))).status).toBe(403);
      const stored = await db.query<{ oidc_issuer: string; oidc_subject: string }>('SELECT oidc_issuer, oidc_subject FROM users WHERE id = $1', [tokens.user.id]);
      expect(stored.rows[0]).toEqual({ oidc_issuer: idp.issuer, oidc_subject: 'ann' });
      expect((await auditRows('user_added')).map((row) => row.note)).toEqual(['Ann Rep (rep), at their first company sign-in']);
      // Signing in again finds the same user, from Firefox's redirect too.
      const again = await signIn('ann', FIREFOX_REDIRECT);
      expect(again.user.id).toBe(tokens.user.id);
    });

    it('signs marketing in as marketing; a later sign-in updates name and role from the groups', async () => {
      const first = await signIn('mo');
      expect(first.user).toMatchObject({ name: 'Mo Marketing', role: 'marketing' });
      expect((await app.request('/v1/reports/usage?groupBy=rep', bearer(first.accessToken))).status).toBe(200);
      await idp.setUsers(ACME_USERS.map((user) => (user.username === 'mo' ? { ...user, name: 'Mo Moved', groups: ['Cuecard Users'] } : user)));
      const later = await signIn('mo');
      expect(later.user).toMatchObject({ id: first.user.id, name: 'Mo Moved', role: 'rep' });
      const update = await auditRows('user_updated');
      expect(update.at(-1)!.note).toBe('from the company sign-in: marketing → rep');
      // Every request reads the role: the first sign-in's token is a rep's now.
      expect((await app.request('/v1/reports/usage?groupBy=rep', bearer(first.accessToken))).status).toBe(403);
    });

    it('links an admin-added user by address on their first sign-in, and gives admins the admin role', async () => {
      const added = await post('/v1/users', { name: 'Ada', role: 'rep', email: 'Ada.Admin@acme.example' }, { Authorization: `Bearer ${await adminToken()}` });
      const addedId = ((await added.json()) as { user: { id: string } }).user.id;
      const tokens = await signIn('ada');
      expect(tokens.user).toMatchObject({ id: addedId, name: 'Ada Admin', role: 'admin' });
    });

    const adminToken = async () => {
      const { addUser } = await import('./store');
      return (await addUser(db, 'Root', 'admin')).token;
    };

    it('reads the address and groups from userinfo when the ID token carries none', async () => {
      await configure(userinfoIdp.issuer);
      const { loginSecret, authorizationUrl } = await startExtensionSignIn();
      const callbackUrl = await signInAtProvider(authorizationUrl, credentials('mo'));
      const tokens = ssoTokenResponse.parse(await (await exchange(callbackUrl, loginSecret)).json());
      expect(tokens.user).toMatchObject({ name: 'Mo Marketing', role: 'marketing', email: 'mo.marketing@acme.example' });
    });

    it('refuses someone outside the allowed group, in words, with an audit row', async () => {
      const { loginSecret, authorizationUrl } = await startExtensionSignIn();
      const callbackUrl = await signInAtProvider(authorizationUrl, credentials('eve'));
      expect(await expectError(await exchange(callbackUrl, loginSecret), 403, 'sso_group')).toMatch(/Cuecard is for members of Cuecard Users/);
      expect((await db.query('SELECT 1 FROM users')).rows).toEqual([]);
      expect((await auditRows('sso_failed')).map((row) => row.target_id)).toEqual(['sso_group']);
    });

    it('refresh: a new pair each time; the old access token keeps its hour, the new one works', async () => {
      const first = await signIn('ann');
      const second = ssoTokenResponse.parse(await (await refresh(first.refreshToken)).json());
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).not.toBe(first.accessToken);
      expect(second.user.id).toBe(first.user.id);
      expect((await app.request('/v1/me', bearer(second.accessToken))).status).toBe(200);
      const third = ssoTokenResponse.parse(await (await refresh(second.refreshToken)).json());
      expect((await app.request('/v1/me', bearer(third.accessToken))).status).toBe(200);
    });

    it('a refresh token used twice revokes the whole sign-in, with an audit row', async () => {
      const first = await signIn('ann');
      const second = ssoTokenResponse.parse(await (await refresh(first.refreshToken)).json());
      // An attacker (or a stale copy) presents the first refresh token again.
      expect(await expectError(await refresh(first.refreshToken), 401, REFRESH_REUSED)).toMatch(/used from two places.*ended it everywhere/);
      expect(await expectError(await app.request('/v1/me', bearer(second.accessToken)), 401, SIGNED_OUT)).toMatch(/refresh token was used twice/);
      expect(await expectError(await refresh(second.refreshToken), 401, SIGNED_OUT)).toMatch(/Sign in again/);
      expect(await expectError(await app.request('/v1/me', bearer(first.accessToken)), 401, SIGNED_OUT)).toBeTruthy();
      expect((await auditRows('sso_refresh_reused')).map((row) => row.target_id)).toEqual([first.user.id]);
      // Another sign-in of the same rep (another browser) is untouched.
      const other = await signIn('ann');
      expect((await app.request('/v1/me', bearer(other.accessToken))).status).toBe(200);
    });

    it('an access token past its hour is refused as expired (the extension then refreshes)', async () => {
      const tokens = await signIn('ann');
      await db.query(`UPDATE sso_tokens SET expires_at = now() - interval '1 second' WHERE kind = 'access'`);
      expect(await expectError(await app.request('/v1/sync', bearer(tokens.accessToken)), 401, TOKEN_EXPIRED)).toMatch(/renew it with the refresh token/);
      expect((await refresh(tokens.refreshToken)).status).toBe(200);
    });

    it('a user disabled by the provider (SCIM active:false) is refused at the next sync and refresh, saying why', async () => {
      const tokens = await signIn('ann');
      const { token: scim } = await issueScimToken(db, null);
      // Okta's deactivation: PATCH without a path (developer.okta.com/docs/api/openapi/okta-scim/guides/scim-20).
      const patched = await app.request(`/scim/v2/Users/${tokens.user.id}`, {
        method: 'PATCH',
        headers: { Authorization: `Bearer ${scim}`, 'Content-Type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }),
      });
      expect(patched.status).toBe(200);
      expect(await expectError(await app.request('/v1/sync?cursor=0', bearer(tokens.accessToken)), 401, TOKEN_DISABLED)).toMatch(
        /identity provider turned off your Cuecard access/,
      );
      expect(await expectError(await refresh(tokens.refreshToken), 403, TOKEN_DISABLED)).toMatch(/identity provider turned off/);
      // Signing in again does not undo it.
      const { loginSecret, authorizationUrl } = await startExtensionSignIn();
      expect(await expectError(await exchange(await signInAtProvider(authorizationUrl, credentials('ann')), loginSecret), 403, TOKEN_DISABLED)).toBeTruthy();
    });

    it('sign-out ends the sign-in: its tokens stop working', async () => {
      const tokens = await signIn('ann');
      expect(await (await post('/v1/sso/logout', { refreshToken: tokens.refreshToken })).json()).toEqual({ ended: true });
      expect(await expectError(await app.request('/v1/me', bearer(tokens.accessToken)), 401, SIGNED_OUT)).toMatch(/signed out/);
      expect(await (await post('/v1/sso/logout', { refreshToken: tokens.refreshToken })).json()).toEqual({ ended: false });
    });

    describe('every failure is an error in words and an audit row', () => {
      it('a state this hub never issued', async () => {
        const { loginSecret, authorizationUrl } = await startExtensionSignIn();
        const callback = new URL(await signInAtProvider(authorizationUrl, credentials('ann')));
        callback.searchParams.set('state', 'forged-state-forged-state-forged-state-forged');
        expect(await expectError(await exchange(callback.href, loginSecret), 400, 'sso_state')).toMatch(/does not match any sign-in this hub started/);
        expect((await auditRows('sso_failed')).map((row) => row.target_id)).toEqual(['sso_state']);
      });

      it('a replayed code (the same answer twice)', async () => {
        const { loginSecret, authorizationUrl } = await startExtensionSignIn();
        const callbackUrl = await signInAtProvider(authorizationUrl, credentials('ann'));
        expect((await exchange(callbackUrl, loginSecret)).status).toBe(200);
        expect(await expectError(await exchange(callbackUrl, loginSecret), 400, 'sso_replayed')).toMatch(/already used once/);
        expect((await auditRows('sso_failed')).map((row) => row.target_id)).toEqual(['sso_replayed']);
      });

      it('a used code under a new sign-in: the provider refuses it', async () => {
        const firstSignIn = await startExtensionSignIn();
        const firstCallback = new URL(await signInAtProvider(firstSignIn.authorizationUrl, credentials('ann')));
        expect((await exchange(firstCallback.href, firstSignIn.loginSecret)).status).toBe(200);
        const second = await startExtensionSignIn();
        const replay = new URL(firstCallback);
        replay.searchParams.set('state', new URL(second.authorizationUrl).searchParams.get('state')!);
        expect(await expectError(await exchange(replay.href, second.loginSecret), 401, 'sso_code_rejected')).toMatch(/refused the sign-in code/);
        expect((await auditRows('sso_failed')).map((row) => row.target_id)).toEqual(['sso_code_rejected']);
      });

      it('an answer brought by someone who did not start the sign-in (the wrong login secret)', async () => {
        const { authorizationUrl } = await startExtensionSignIn();
        const callbackUrl = await signInAtProvider(authorizationUrl, credentials('ann'));
        expect(await expectError(await exchange(callbackUrl, randomBytes(32).toString('base64url')), 400, 'sso_binding')).toMatch(/started somewhere else/);
        expect((await auditRows('sso_failed')).map((row) => row.target_id)).toEqual(['sso_binding']);
      });

      it('an expired ID token (the provider’s clock is behind)', async () => {
        await idp.setClockOffset(-400);
        const { loginSecret, authorizationUrl } = await startExtensionSignIn();
        const callbackUrl = await signInAtProvider(authorizationUrl, credentials('ann'));
        expect(await expectError(await exchange(callbackUrl, loginSecret), 401, 'sso_id_token_expired')).toMatch(/ID token had already expired/);
        expect((await auditRows('sso_failed')).map((row) => row.target_id)).toEqual(['sso_id_token_expired']);
        expect((await db.query('SELECT 1 FROM users')).rows).toEqual([]);
      });

      it('a wrong issuer: the answer names the real provider, not the configured one (mix-up)', async () => {
        await configure(proxy.issuer);
        const { loginSecret, authorizationUrl } = await startExtensionSignIn();
        const callbackUrl = await signInAtProvider(authorizationUrl, credentials('ann'));
        expect(new URL(callbackUrl).searchParams.get('iss')).toBe(idp.issuer);
        expect(await expectError(await exchange(callbackUrl, loginSecret), 401, 'sso_wrong_issuer')).toMatch(/did not come from the configured identity provider/);
        // Without RFC 9207's iss on the redirect, the ID token's own iss gives it away.
        const second = await startExtensionSignIn();
        const bare = new URL(await signInAtProvider(second.authorizationUrl, credentials('ann')));
        bare.searchParams.delete('iss');
        expect(await expectError(await exchange(bare.href, second.loginSecret), 401, 'sso_wrong_issuer')).toBeTruthy();
        expect((await auditRows('sso_failed')).map((row) => row.target_id)).toEqual(['sso_wrong_issuer', 'sso_wrong_issuer']);
      });

      it('the rep cancels at the provider', async () => {
        const { loginSecret, authorizationUrl } = await startExtensionSignIn();
        const callbackUrl = await signInAtProvider(authorizationUrl, 'cancel');
        expect(await expectError(await exchange(callbackUrl, loginSecret), 403, 'sso_denied')).toMatch(/refused access.*cancelled/);
        expect((await auditRows('sso_failed')).map((row) => row.target_id)).toEqual(['sso_denied']);
      });

      it('a wrong client secret at the hub', async () => {
        await configure(idp.issuer, { clientSecret: 'not-the-secret' });
        const { loginSecret, authorizationUrl } = await startExtensionSignIn();
        const callbackUrl = await signInAtProvider(authorizationUrl, credentials('ann'));
        expect(await expectError(await exchange(callbackUrl, loginSecret), 502, 'sso_client_rejected')).toMatch(/client id or secret/);
        const rows = await auditRows('sso_failed');
        expect(rows.map((row) => row.target_id)).toEqual(['sso_client_rejected']);
        // The row says what went wrong, never the secret the hub sent.
        expect(rows[0]!.note).not.toContain('not-the-secret');
      });
    });

    describe('the console signs in through the same provider', () => {
      const consoleSignIn = async (username: string) => {
        const login = await app.request('/sso/login');
        expect(login.status).toBe(302);
        const bindingCookie = login.headers.get('Set-Cookie') ?? '';
        expect(bindingCookie).toMatch(/^cuecard_sso=[A-Za-z0-9_-]{43}; Max-Age=600; Path=\/sso; HttpOnly; SameSite=Lax$/);
        const callbackUrl = await signInAtProvider(login.headers.get('Location')!, credentials(username));
        expect(callbackUrl.startsWith(`${CONSOLE_CALLBACK}?`)).toBe(true);
        const path = callbackUrl.slice('http://localhost'.length);
        return { path, cookie: bindingCookie.split(';')[0]! };
      };

      it('marketing: a session cookie (the console rules), then the console’s routes', async () => {
        const { path, cookie } = await consoleSignIn('mo');
        const done = await app.request(path, { headers: { Cookie: cookie } });
        expect(done.status).toBe(303);
        expect(done.headers.get('Location')).toBe('/');
        const session = /cuecard_session=([^;]+)/.exec(done.headers.get('Set-Cookie') ?? '')?.[1];
        expect(done.headers.get('Set-Cookie')).toMatch(/cuecard_session=[^;]+; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict/);
        const me = meResponse.parse(await (await app.request('/v1/me', { headers: { Cookie: `cuecard_session=${session}` } })).json());
        expect(me.user).toMatchObject({ name: 'Mo Marketing', role: 'marketing' });
        // The answer is single use.
        const again = await app.request(path, { headers: { Cookie: cookie } });
        expect(again.headers.get('Location')).toBe('/?sso_error=sso_replayed');
      });

      it('a rep is sent back with a reason and no session', async () => {
        const { path, cookie } = await consoleSignIn('ann');
        const done = await app.request(path, { headers: { Cookie: cookie } });
        expect(done.headers.get('Location')).toBe('/?sso_error=sso_console_role');
        expect(done.headers.get('Set-Cookie') ?? '').not.toMatch(/cuecard_session=[^;]/);
        expect((await auditRows('sso_failed')).map((row) => row.target_id)).toEqual(['sso_console_role']);
      });

      it('an answer arriving in a browser that did not start the sign-in (login CSRF) is refused', async () => {
        const { path } = await consoleSignIn('mo');
        const done = await app.request(path);
        expect(done.headers.get('Location')).toBe('/?sso_error=sso_binding');
        const other = await app.request(path, { headers: { Cookie: `cuecard_sso=${randomBytes(32).toString('base64url')}` } });
        expect(other.headers.get('Location')).toBe('/?sso_error=sso_binding');
      });
    });
  });
}
