/**
 * The hub as an OpenID Connect relying party (openid-client): the authorization code flow with
 * PKCE (S256), state and nonce; the ID token's signature, issuer, audience, expiry and nonce are
 * checked by openid-client against the provider's discovery document and keys.
 *
 * Every failure becomes an SsoFailure: a code, an HTTP status and words a rep or an admin can act
 * on (never a stack trace, never a token). hub/routes/sso.ts writes each one to the audit log.
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { isLoopbackIssuer, type SsoConfig } from './config';

/** Discovery documents are fetched once per hour at most; keys are refetched by openid-client when a new kid appears. */
const DISCOVERY_TTL_MS = 60 * 60_000;
/** Seconds for each request to the provider: a sign-in waits on it, a rep should not wait half a minute. */
const PROVIDER_TIMEOUT_S = 10;

export type SsoFailureStatus = 400 | 401 | 403 | 404 | 409 | 502;

export class SsoFailure extends Error {
  constructor(
    readonly status: SsoFailureStatus,
    readonly code: string,
    message: string,
    /** For the audit row only (e.g. the issuer a token claimed); never shown to the browser. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** What the hub takes from a verified ID token (and userinfo, when the ID token lacks an address). */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string | null;
  name: string | null;
  /** The `groups` and `roles` claims together; undefined when the provider sent neither. */
  groups: string[] | undefined;
}

interface Cached {
  config: oidc.Configuration;
  at: number;
}
const discoveries = new Map<string, Cached>();

function cacheKey(config: SsoConfig): string {
  return createHash('sha256').update(`${config.issuer}\n${config.clientId}\n${config.clientSecret}`).digest('hex');
}

/** The provider's configuration for this client, discovered from `<issuer>/.well-known/openid-configuration`. */
export async function providerConfiguration(config: SsoConfig, now = Date.now()): Promise<oidc.Configuration> {
  const key = cacheKey(config);
  const cached = discoveries.get(key);
  if (cached && now - cached.at < DISCOVERY_TTL_MS) return cached.config;
  let discovered: oidc.Configuration;
  try {
    discovered = await oidc.discovery(new URL(config.issuer), config.clientId, config.clientSecret, undefined, {
      timeout: PROVIDER_TIMEOUT_S,
      // Plain http only for a provider on this machine (checkIssuer refuses it anywhere else).
      execute: isLoopbackIssuer(config.issuer) ? [oidc.allowInsecureRequests] : [],
    });
  } catch (error) {
    throw describeOidcError(error, config.issuer, 'discovery');
  }
  discoveries.set(key, { config: discovered, at: now });
  return discovered;
}

/** Forgets discovered providers (tests start providers on new ports; `sso set` changes the provider). */
export function forgetProviders(): void {
  discoveries.clear();
}

export async function authorizationUrl(
  config: SsoConfig,
  params: { redirectUri: string; state: string; nonce: string; codeVerifier: string },
): Promise<URL> {
  const provider = await providerConfiguration(config);
  return oidc.buildAuthorizationUrl(provider, {
    redirect_uri: params.redirectUri,
    scope: config.scopes,
    response_type: 'code',
    state: params.state,
    nonce: params.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(params.codeVerifier),
    code_challenge_method: 'S256',
  });
}

function stringClaim(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

function listClaim(...values: unknown[]): string[] | undefined {
  const arrays = values.filter((value): value is unknown[] => Array.isArray(value));
  if (arrays.length === 0) return undefined;
  return [...new Set(arrays.flat().filter((item): item is string => typeof item === 'string'))];
}

/**
 * Exchanges the code from `callbackUrl` (the redirect the browser received) for tokens, checks the
 * ID token, and answers who signed in. The redirect_uri sent to the token endpoint is the callback
 * URL without its query, which must equal the one the sign-in started with.
 */
export async function exchangeCode(
  config: SsoConfig,
  callbackUrl: URL,
  checks: { state: string; nonce: string; codeVerifier: string },
): Promise<VerifiedIdentity> {
  const provider = await providerConfiguration(config);
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(provider, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    throw describeOidcError(error, config.issuer, 'exchange');
  }
  const claims = tokens.claims();
  if (!claims) throw new SsoFailure(401, 'sso_id_token', 'The identity provider answered without an ID token, so the hub cannot tell who signed in.');
  let email = stringClaim(claims.email);
  let name = stringClaim(claims.name);
  let emailVerified = claims.email_verified;
  let groups = listClaim(claims.groups, claims.roles);
  // Some providers put the address only in userinfo (Entra without the optional `email` claim, some Okta setups).
  if ((!email || !name) && tokens.access_token && provider.serverMetadata().userinfo_endpoint) {
    try {
      const info = await oidc.fetchUserInfo(provider, tokens.access_token, claims.sub);
      email ??= stringClaim(info.email);
      name ??= stringClaim(info.name) ?? ([stringClaim(info.given_name), stringClaim(info.family_name)].filter(Boolean).join(' ') || null);
      emailVerified ??= info.email_verified;
      groups ??= listClaim(info.groups, info.roles);
    } catch {
      // The ID token is what counts; userinfo only fills gaps, and a provider without it is fine.
    }
  }
  if (email && emailVerified === false) {
    throw new SsoFailure(403, 'sso_email_unverified', `Your company's sign-in says ${email} is not verified yet. Verify it there, then sign in again.`);
  }
  return { issuer: claims.iss, subject: claims.sub, email, name, groups };
}

const SPLIT_CAUSE = (error: unknown): { code?: string; claim?: string; attribute?: string; message: string } => {
  const top = error as { code?: string; message?: string; cause?: unknown };
  const inner = (top?.cause ?? {}) as { code?: string; cause?: unknown; message?: string };
  const details = (inner.cause ?? top.cause ?? {}) as { claim?: string; attribute?: string };
  // openid-client wraps oauth4webapi's error: the inner message says what was checked ('unexpected JWT "iss" …').
  return { code: top?.code ?? inner.code, claim: details.claim, attribute: details.attribute, message: String(inner.message ?? top?.message ?? error) };
};

/** openid-client's errors, in words. `stage` says whether the provider could not even be found. */
export function describeOidcError(error: unknown, issuer: string, stage: 'discovery' | 'exchange'): SsoFailure {
  if (error instanceof SsoFailure) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    const said = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
    if (error.error === 'access_denied') {
      return new SsoFailure(403, 'sso_denied', `Your company's sign-in refused access (${said}). If you should have Cuecard, ask your IT admin to assign it to you.`, said);
    }
    return new SsoFailure(401, 'sso_provider_error', `Your company's sign-in answered with an error (${said}). Try again; if it persists, tell your admin.`, said);
  }
  if (error instanceof oidc.ResponseBodyError) {
    const said = error.error_description ? `${error.error}: ${error.error_description}` : error.error;
    if (error.error === 'invalid_grant') {
      return new SsoFailure(401, 'sso_code_rejected', 'The identity provider refused the sign-in code: it was already used, or it expired. Start the sign-in again.', said);
    }
    if (error.error === 'invalid_client' || error.error === 'unauthorized_client') {
      return new SsoFailure(502, 'sso_client_rejected', "The identity provider does not accept this hub's client id or secret. Your admin must check `npm run hub -- sso set`.", said);
    }
    return new SsoFailure(502, 'sso_provider_error', `The identity provider refused the hub's request (${said}).`, said);
  }
  const { code, claim, attribute, message } = SPLIT_CAUSE(error);
  if (stage === 'discovery' && attribute === 'issuer') {
    return new SsoFailure(502, 'sso_wrong_issuer', `The identity provider at ${issuer} names itself differently in its discovery document: the configured issuer is wrong (check --issuer).`, message);
  }
  if (stage === 'exchange' && (claim === 'iss' || /"iss"/.test(message))) {
    return new SsoFailure(401, 'sso_wrong_issuer', `The sign-in answer did not come from the configured identity provider (${issuer}); nothing was signed in. Start again from Cuecard.`, message);
  }
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED' && (claim === 'exp' || claim === undefined)) {
    return new SsoFailure(401, 'sso_id_token_expired', "The identity provider's ID token had already expired when the hub received it (a clock is off, or the answer was held back). Sign in again.", message);
  }
  if (code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    return new SsoFailure(401, 'sso_id_token_time', `The identity provider's ID token failed a time check (${claim}). Check the clocks of the hub and the provider, then sign in again.`, message);
  }
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'aud') {
    return new SsoFailure(401, 'sso_wrong_audience', "The ID token was issued for another application than this hub's client id: nothing was signed in.", message);
  }
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' && claim === 'nonce') {
    return new SsoFailure(401, 'sso_nonce', 'The ID token does not belong to this sign-in (its nonce differs): nothing was signed in. Start again.', message);
  }
  if (code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || code === 'OAUTH_KEY_SELECTION_FAILED' || /signature/i.test(message)) {
    return new SsoFailure(401, 'sso_id_token', `The identity provider's ID token failed a check (${claim ?? message}): nothing was signed in.`, message);
  }
  if (/state/.test(message) && stage === 'exchange') {
    return new SsoFailure(400, 'sso_state', 'The sign-in answer does not belong to the sign-in the hub started (its state differs). Start again from Cuecard.', message);
  }
  if (error instanceof TypeError || code === 'OAUTH_RESPONSE_IS_NOT_CONFORM' || code === 'OAUTH_RESPONSE_IS_NOT_JSON' || (error as Error)?.name === 'TimeoutError') {
    return new SsoFailure(502, 'sso_unreachable', `Cannot reach the identity provider at ${issuer} (${stage === 'discovery' ? 'its discovery document' : 'its token endpoint'} did not answer properly). Try again shortly; if it persists, your admin must check --issuer.`, message);
  }
  return new SsoFailure(502, 'sso_provider_error', `Signing in with the identity provider failed (${message}).`, message);
}
