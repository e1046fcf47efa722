/**
 * "Sign in with your company" (issue 18), run by the background so it survives the popup closing
 * when the sign-in window takes focus:
 *
 * 1. A random login secret stays here; the hub gets its sha-256 with POST /v1/sso/start and answers
 *    the provider's authorization URL (state, nonce and PKCE are the hub's, server side).
 * 2. identity.launchWebAuthFlow opens it in the browser's sign-in window; the provider's redirect to
 *    identity.getRedirectURL() comes back here with the one-time code (the only secret in a URL).
 * 3. POST /v1/sso/token with that URL and the login secret: the hub checks everything, and answers
 *    its own access and refresh tokens, which go to IndexedDB (lib/store/hub-session.ts).
 *
 * Pages only ever learn who signed in (PublicSettings.ssoUser).
 */
import { FLUSH_STATUS_KEY, type PublicSettings, type SsoAvailability, SYNC_STATUS_KEY } from '../contract';
import { checkHubUrl, loadSettings, publicSettings } from '../settings/settings';
import { readHubSession, writeHubSession } from '../store/hub-session';
import { forgetHubIdentity, writeHubIdentity } from '../store/leads';
import { createHubSsoClient, HubRequestError } from '../sync/hub-client';
import { ssoUser } from '../sync/sso-session';
import type { HubDeps } from './hub-service';

export class SsoSignInError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The settings pages see, with who is signed in with the company on the saved hub. */
export async function publicSettingsWithSso(deps: HubDeps): Promise<PublicSettings> {
  const effective = await loadSettings(deps.settings);
  const check = effective.settings.hubUrl ? checkHubUrl(effective.settings.hubUrl) : undefined;
  const user = check?.ok ? await ssoUser(deps.db, check.url) : null;
  return { ...publicSettings(effective), ssoUser: user ? { name: user.name, email: user.email, role: user.role } : null };
}

async function savedHub(deps: HubDeps): Promise<string> {
  const { settings } = await loadSettings(deps.settings);
  if (!settings.hubUrl) throw new SsoSignInError('not_configured', 'Enter your hub URL and save it first: your admin gives it to you (or sets it for you).');
  const check = checkHubUrl(settings.hubUrl);
  if (!check.ok) throw new SsoSignInError('bad_url', check.message);
  return check.url;
}

const wrap = (error: unknown): never => {
  if (error instanceof HubRequestError) throw new SsoSignInError(error.code, error.message);
  throw error;
};

export async function signInWithCompany(deps: HubDeps): Promise<PublicSettings> {
  const hubUrl = await savedHub(deps);
  if (!deps.identity) throw new SsoSignInError('unsupported', 'This browser cannot open a sign-in window for extensions; paste a hub token instead.');
  const client = createHubSsoClient({ url: hubUrl, fetch: deps.fetch });
  const loginSecret = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const loginChallenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(loginSecret))));
  const redirectUri = deps.identity.getRedirectURL();
  const started = await client.start({ redirectUri, loginChallenge }).catch(wrap);
  const target = new URL(started.authorizationUrl);
  const loopback = target.hostname === '127.0.0.1' || target.hostname === 'localhost';
  if (target.protocol !== 'https:' && !(target.protocol === 'http:' && loopback)) {
    throw new SsoSignInError('bad_url', "The hub sent a sign-in address that is not https; Cuecard did not open it. Tell your admin.");
  }
  let callbackUrl: string | undefined;
  try {
    callbackUrl = await deps.identity.launchWebAuthFlow({ url: target.href, interactive: true });
  } catch (error) {
    const said = (error as Error)?.message;
    throw new SsoSignInError('sso_cancelled', `The sign-in window closed before the sign-in finished${said ? ` (the browser said: ${said})` : ''}. Click "Sign in with your company" to try again.`);
  }
  if (!callbackUrl) throw new SsoSignInError('sso_cancelled', 'The sign-in window closed before the sign-in finished. Click "Sign in with your company" to try again.');
  const tokens = await client.exchange({ callbackUrl, loginSecret }).catch(wrap);
  const now = (deps.now ?? Date.now)();
  // A sign-in this browser had before, on this hub, ends now (at the hub too, best effort).
  const previous = await readHubSession(deps.db);
  if (previous?.hubUrl === hubUrl) await client.logout(previous.refreshToken).catch(() => undefined);
  await writeHubSession(deps.db, {
    hubUrl,
    accessToken: tokens.accessToken,
    accessExpiresAt: tokens.accessExpiresAt,
    refreshToken: tokens.refreshToken,
    refreshExpiresAt: tokens.refreshExpiresAt,
    user: tokens.user,
    signedInAt: new Date(now).toISOString(),
  });
  const { locked } = await loadSettings(deps.settings);
  // One identity at a time: a token pasted earlier would only confuse who syncs (a policy's stays).
  if (!locked.includes('hubToken')) await deps.settings.writeToken('');
  await forgetHubIdentity(deps.db);
  await writeHubIdentity(deps.db, { hubUrl, userId: tokens.user.id, email: tokens.user.email, at: now }).catch(() => undefined);
  // The old error ("not signed in", "revoked") and its backoff belong to the old identity.
  await deps.local.set({ [SYNC_STATUS_KEY]: null, [FLUSH_STATUS_KEY]: null });
  return publicSettingsWithSso(deps);
}

/** Ends the company sign-in: at the hub (best effort: offline, it ends on its own) and here. */
export async function signOutOfCompany(deps: HubDeps): Promise<PublicSettings> {
  const session = await readHubSession(deps.db);
  if (session) {
    await Promise.resolve()
      .then(() => createHubSsoClient({ url: session.hubUrl, fetch: deps.fetch }).logout(session.refreshToken))
      .catch(() => undefined);
    await writeHubSession(deps.db, null);
    await forgetHubIdentity(deps.db);
  }
  return publicSettingsWithSso(deps);
}

/** Whether the saved hub offers company sign-in, and the redirect URL an admin registers at the provider. */
export async function ssoAvailability(deps: HubDeps): Promise<SsoAvailability> {
  const redirectUrl = deps.identity?.getRedirectURL() ?? '';
  const { settings } = await loadSettings(deps.settings);
  const check = settings.hubUrl ? checkHubUrl(settings.hubUrl) : undefined;
  if (!check?.ok || !deps.identity) return { available: false, redirectUrl };
  try {
    return { available: (await createHubSsoClient({ url: check.url, fetch: deps.fetch }).info()).enabled, redirectUrl };
  } catch {
    return { available: false, redirectUrl };
  }
}
