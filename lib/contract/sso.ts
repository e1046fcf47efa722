/**
 * Single sign-on with the company's identity provider (issue 18): the hub as an OpenID Connect
 * relying party for the extension and the console, its own short-lived access tokens and rotating
 * refresh tokens, and the SCIM token an admin issues. The hub validates every input with these
 * schemas and the extension every answer; neither side defines these shapes elsewhere.
 *
 * No token ever travels in a URL: the only secret on a redirect is the provider's one-time code.
 */
import { z } from 'zod';
import { sessionUser } from './console';

/** Chrome: `identity.getRedirectURL()` is https://<32 letters a-p>.chromiumapp.org/ (the extension id). */
const CHROME_REDIRECT = /^https:\/\/[a-p]{32}\.chromiumapp\.org\/$/;
/** Firefox: https://<sha-1 hex of the add-on id>.extensions.allizom.org/ (toolkit/components/extensions/child/ext-identity.js). */
const FIREFOX_REDIRECT = /^https:\/\/[0-9a-f]{40}\.extensions\.allizom\.org\/$/;

/** Whether a redirect URL is one a browser hands back to an extension (and never a web page). */
export function isExtensionRedirectUrl(url: string): boolean {
  return CHROME_REDIRECT.test(url) || FIREFOX_REDIRECT.test(url);
}

/** GET /v1/sso: whether this hub signs people in with an identity provider (no sign-in needed to ask). */
export const ssoInfoResponse = z.object({ enabled: z.boolean() });
export type SsoInfoResponse = z.infer<typeof ssoInfoResponse>;

/** A random secret of the extension's own, bound to one sign-in (base64url, 32+ characters). */
const loginSecret = z.string().regex(/^[A-Za-z0-9_-]{32,128}$/, 'must be 32 to 128 base64url characters');

/** POST /v1/sso/start: the extension asks where to send the rep. */
export const ssoStartRequest = z
  .object({
    redirectUri: z.string().max(200).refine(isExtensionRedirectUrl, "is not a browser extension's redirect URL (identity.getRedirectURL())"),
    /**
     * sha-256 (base64url) of a secret the extension keeps until the exchange: whoever else sees the
     * redirect (code and state) still cannot finish this sign-in (PKCE's idea, between extension and hub).
     */
    loginChallenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'must be a base64url sha-256'),
  })
  .strict();
export const ssoStartResponse = z.object({
  /** The identity provider's authorization endpoint with client_id, redirect_uri, state, nonce, PKCE challenge. */
  authorizationUrl: z.string().url(),
  /** How long the sign-in may take before the hub forgets it. */
  expiresAt: z.string(),
});
export type SsoStartResponse = z.infer<typeof ssoStartResponse>;

export const ssoTokenRequest = z.discriminatedUnion('grant', [
  z
    .object({
      grant: z.literal('authorization_code'),
      /** Where the provider sent the browser (the extension's redirect URL with code, state, iss). */
      callbackUrl: z.string().max(4_000),
      loginSecret,
    })
    .strict(),
  z.object({ grant: z.literal('refresh_token'), refreshToken: z.string().regex(/^[\x21-\x7e]{1,200}$/, 'not a refresh token') }).strict(),
]);
export type SsoTokenRequest = z.infer<typeof ssoTokenRequest>;

/** The hub's own tokens: a short-lived access token for /v1 and a one-use refresh token for the next pair. */
export const ssoTokenResponse = z.object({
  accessToken: z.string().min(1).max(200),
  accessExpiresAt: z.string(),
  refreshToken: z.string().min(1).max(200),
  refreshExpiresAt: z.string(),
  user: sessionUser,
});
export type SsoTokenResponse = z.infer<typeof ssoTokenResponse>;

/** POST /v1/sso/logout: ends the sign-in the refresh token belongs to (every token of its family). */
export const ssoLogoutRequest = z.object({ refreshToken: z.string().regex(/^[\x21-\x7e]{1,200}$/) }).strict();
export const ssoLogoutResponse = z.object({ ended: z.boolean() });

/** POST /v1/scim/token (admin): the SCIM bearer token, shown once; the previous one stops working. */
export const scimTokenResponse = z.object({ token: z.string(), issuedAt: z.string() });

/**
 * 401/403 codes of SSO, so the extension can tell the rep in words what happened and what to do.
 * TOKEN_DISABLED: the identity provider turned the account off (SCIM active:false).
 * SIGNED_OUT: this sign-in was ended (sign-out, a refresh token used twice, an admin's revocation).
 */
export const TOKEN_DISABLED = 'account_disabled';
export const SIGNED_OUT = 'signed_out';
export const REFRESH_REUSED = 'refresh_reused';

/**
 * The extension's sign-in, as the background keeps it in its IndexedDB (`meta` row `hubSession`,
 * beside the pasted hub token and for the same reasons: lib/settings/settings.ts). Never returned
 * to a page: pages learn `ssoUser` only (PublicSettings).
 */
export const storedHubSession = z.object({
  /** The hub the tokens belong to: a session for another hub URL is ignored. */
  hubUrl: z.string(),
  accessToken: z.string().min(1).max(200),
  accessExpiresAt: z.string(),
  refreshToken: z.string().min(1).max(200),
  refreshExpiresAt: z.string(),
  user: sessionUser,
  signedInAt: z.string(),
});
export type StoredHubSession = z.infer<typeof storedHubSession>;

/** `sso:available`: whether the hub offers company sign-in, and the redirect URL to register at the provider. */
export interface SsoAvailability {
  available: boolean;
  redirectUrl: string;
}
