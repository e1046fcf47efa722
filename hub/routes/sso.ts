/**
 * Signing in with the company's identity provider (issue 18), for the extension and the console.
 *
 * Extension (identity.launchWebAuthFlow, Chrome and Firefox):
 *   POST /v1/sso/start  {redirectUri, loginChallenge} → {authorizationUrl}: the browser opens it;
 *     the provider sends the browser back to redirectUri (https://<id>.chromiumapp.org/ or
 *     https://<hash>.extensions.allizom.org/) with ?code&state, which the browser hands to the extension.
 *   POST /v1/sso/token  {grant: authorization_code, callbackUrl, loginSecret} → the hub's access and
 *     refresh tokens; {grant: refresh_token, refreshToken} → the next pair (rotation, reuse detection).
 *   POST /v1/sso/logout {refreshToken} → ends that sign-in.
 * Console (same provider, the console's session cookie rules):
 *   GET /sso/login → 302 to the provider; GET /sso/callback → session cookie, 303 to /.
 * GET /v1/sso → {enabled}: whether to show "Sign in with your company" at all.
 *
 * None of these takes a hub token: they are how one is obtained. So they are not in ROUTE_ROLES;
 * each is rate limited per client address, and every failed sign-in counts against the address's
 * failed sign-in limit, answers in words and leaves an audit row (actor: none, target: sso/<code>).
 * No token ever appears in a URL; the only secret in one is the provider's single-use code.
 */
import type { Context } from 'hono';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { randomBytes } from 'node:crypto';
import {
  isExtensionRedirectUrl,
  ssoLogoutRequest,
  ssoStartRequest,
  ssoTokenRequest,
  type Role,
  type SsoTokenResponse,
} from '../../lib/contract';
import { createSession } from '../accounts';
import { writeAudit } from '../audit';
import { HubError, parseOr400, readJson, type HubEnv } from '../http';
import { CONTENT_ROLES } from '../roles';
import { isSecureRequest, requestOrigin, setSessionCookie } from '../session-cookie';
import type { SsoConfig } from '../sso/config';
import { finishLogin, LOGIN_TTL_MS, sha256Url, startLogin, type LoginClient } from '../sso/logins';
import { exchangeCode, SsoFailure } from '../sso/oidc';
import { endFamily, issueTokens, refreshTokens } from '../sso/tokens';
import { signInUser } from '../sso/users';
import type { RegisterRoutes } from './index';

/** The console's binding cookie: only the browser that started a sign-in can finish it (login CSRF). */
export const SSO_COOKIE = 'cuecard_sso';
export const CALLBACK_PATH = '/sso/callback';
/** Where the console learns that its sign-in failed: a code only, the console has the words (no text from a URL is shown). */
export const CONSOLE_ERROR_PARAM = 'sso_error';

export const registerSsoRoutes: RegisterRoutes = (app, kit) => {
  const { db } = kit;

  const requireConfig = async (): Promise<SsoConfig> => {
    const config = await kit.ssoConfig();
    if (!config) throw new SsoFailure(404, 'sso_not_configured', 'This hub has no company sign-in set up. Paste the hub token your admin gave you instead.');
    return config;
  };

  /** A failed sign-in: an audit row, one more strike for the address, and the words for the caller. */
  const failed = async (c: Context<HubEnv>, client: LoginClient, failure: SsoFailure) => {
    kit.failedSignIns.note(c);
    await writeAudit(db, {
      actor: null,
      action: 'sso_failed',
      targetKind: 'sso',
      targetId: failure.code,
      note: `${client}: ${failure.message}${failure.detail ? ` [${failure.detail}]` : ''}`,
    }).catch(() => undefined);
  };

  const asHubError = (failure: SsoFailure) => new HubError(failure.status, failure.code, failure.message);

  app.get('/v1/sso', async (c) => {
    kit.rateLimit(`sso:${kit.clientAddress(c)}`);
    return c.json({ enabled: (await kit.ssoConfig()) !== null });
  });

  app.post('/v1/sso/start', kit.limitBody(kit.limits.smallBytes), async (c) => {
    kit.rateLimit(`sso:${kit.clientAddress(c)}`);
    kit.failedSignIns.check(c);
    const input = parseOr400(ssoStartRequest, await readJson(c));
    try {
      const config = await requireConfig();
      const started = await startLogin(db, config, { client: 'extension', redirectUri: input.redirectUri, bindingHash: input.loginChallenge });
      return c.json({ authorizationUrl: started.authorizationUrl.href, expiresAt: started.expiresAt });
    } catch (error) {
      if (!(error instanceof SsoFailure)) throw error;
      await failed(c, 'extension', error);
      throw asHubError(error);
    }
  });

  app.post('/v1/sso/token', kit.limitBody(kit.limits.smallBytes), async (c) => {
    kit.rateLimit(`sso:${kit.clientAddress(c)}`);
    kit.failedSignIns.check(c);
    const input = parseOr400(ssoTokenRequest, await readJson(c));
    if (input.grant === 'refresh_token') {
      const config = await requireConfig().catch((error: unknown) => {
        throw error instanceof SsoFailure ? asHubError(error) : error;
      });
      try {
        const { tokens, user } = await refreshTokens(db, input.refreshToken, config);
        return c.json({ ...tokens, user } satisfies SsoTokenResponse);
      } catch (error) {
        if (!(error instanceof SsoFailure)) throw error;
        // An unknown refresh token costs a lookup, as an unknown hub token does.
        kit.failedSignIns.note(c);
        throw asHubError(error);
      }
    }
    try {
      const config = await requireConfig();
      let callbackUrl: URL;
      try {
        callbackUrl = new URL(input.callbackUrl);
      } catch {
        throw new SsoFailure(400, 'sso_state', 'The sign-in answer is not a URL. Start again.');
      }
      if (!isExtensionRedirectUrl(`${callbackUrl.origin}${callbackUrl.pathname}`)) {
        throw new SsoFailure(400, 'sso_state', "The sign-in answer did not come back to the extension's redirect address. Start again.");
      }
      const login = await finishLogin(db, callbackUrl, 'extension', sha256Url(input.loginSecret));
      const identity = await exchangeCode(config, callbackUrl, login);
      const { user } = await signInUser(db, config, identity);
      const tokens = await db.transaction((tx) => issueTokens(tx, user.id, config));
      return c.json({ ...tokens, user } satisfies SsoTokenResponse);
    } catch (error) {
      if (!(error instanceof SsoFailure)) throw error;
      await failed(c, 'extension', error);
      throw asHubError(error);
    }
  });

  app.post('/v1/sso/logout', kit.limitBody(kit.limits.smallBytes), async (c) => {
    kit.rateLimit(`sso:${kit.clientAddress(c)}`);
    const input = parseOr400(ssoLogoutRequest, await readJson(c));
    return c.json({ ended: await endFamily(db, input.refreshToken) });
  });

  // ----------------------------------------------------------------------------------------
  // The console: a plain redirect flow, bound to the browser by a cookie.

  const secure = (c: Context<HubEnv>) => isSecureRequest(c, kit.trustProxy);
  const consoleFailure = async (c: Context<HubEnv>, failure: SsoFailure) => {
    await failed(c, 'console', failure);
    deleteCookie(c, SSO_COOKIE, { path: '/sso', secure: secure(c) });
    return c.redirect(`/?${CONSOLE_ERROR_PARAM}=${encodeURIComponent(failure.code)}`, 303);
  };

  app.get('/sso/login', async (c) => {
    kit.rateLimit(`sso:${kit.clientAddress(c)}`);
    kit.failedSignIns.check(c);
    try {
      const config = await requireConfig();
      const binding = randomBytes(32).toString('base64url');
      const redirectUri = `${requestOrigin(c, kit.trustProxy)}${CALLBACK_PATH}`;
      const started = await startLogin(db, config, { client: 'console', redirectUri, bindingHash: sha256Url(binding) });
      // Lax, not the session's Strict: the provider sends the browser back with a cross-site top-level GET.
      setCookie(c, SSO_COOKIE, binding, { path: '/sso', httpOnly: true, secure: secure(c), sameSite: 'Lax', maxAge: Math.round(LOGIN_TTL_MS / 1000) });
      c.header('Referrer-Policy', 'no-referrer');
      return c.redirect(started.authorizationUrl.href, 302);
    } catch (error) {
      if (!(error instanceof SsoFailure)) throw error;
      return consoleFailure(c, error);
    }
  });

  app.get(CALLBACK_PATH, async (c) => {
    kit.rateLimit(`sso:${kit.clientAddress(c)}`);
    kit.failedSignIns.check(c);
    // The code must not leak onwards through a Referer.
    c.header('Referrer-Policy', 'no-referrer');
    try {
      const config = await requireConfig();
      const binding = getCookie(c, SSO_COOKIE);
      if (!binding || !/^[A-Za-z0-9_-]{20,100}$/.test(binding)) {
        throw new SsoFailure(400, 'sso_binding', 'This sign-in was started in another browser, or this browser blocked its cookie. Start again from the console.');
      }
      const incoming = new URL(c.req.url);
      const callbackUrl = new URL(`${requestOrigin(c, kit.trustProxy)}${CALLBACK_PATH}${incoming.search}`);
      const login = await finishLogin(db, callbackUrl, 'console', sha256Url(binding));
      const identity = await exchangeCode(config, callbackUrl, login);
      const { user } = await signInUser(db, config, identity);
      if (!(CONTENT_ROLES as readonly Role[]).includes(user.role)) {
        throw new SsoFailure(403, 'sso_console_role', `The console is for marketing and admins, and ${user.name} is a ${user.role}. Reps use Cuecard in the browser.`);
      }
      const session = await createSession(db, user.id);
      deleteCookie(c, SSO_COOKIE, { path: '/sso', secure: secure(c) });
      setSessionCookie(c, session.id, session.expiresAt, secure(c));
      return c.redirect('/', 303);
    } catch (error) {
      if (!(error instanceof SsoFailure)) throw error;
      return consoleFailure(c, error);
    }
  });
};
