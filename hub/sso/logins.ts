/**
 * Sign-ins in progress: between "go to your company's sign-in" and "back with a code". Each holds
 * the state (as sha-256), the nonce and the PKCE verifier the hub sent, the redirect URI, and a
 * binding to whoever started it: the extension's login challenge, or the console browser's cookie.
 *
 * Invariants:
 * - Single use: finishing marks the row used in one UPDATE (a replayed answer finds it used).
 * - Ten minutes: an older answer is refused, and each new sign-in deletes the expired rows.
 * - Only the binding's holder can finish: a code and state seen by anyone else (a log, another
 *   extension, a shoulder) are useless on their own.
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Queryable } from '../db';
import type { SsoConfig } from './config';
import { authorizationUrl, SsoFailure } from './oidc';

export const LOGIN_TTL_MS = 10 * 60_000;

export type LoginClient = 'extension' | 'console';

/** base64url sha-256, the form the extension sends its login challenge in. */
export function sha256Url(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

const stateHash = (state: string) => sha256Url(`state:${state}`);

export async function startLogin(
  db: Queryable,
  config: SsoConfig,
  input: { client: LoginClient; redirectUri: string; bindingHash: string },
  now = Date.now(),
): Promise<{ authorizationUrl: URL; expiresAt: string }> {
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  // Discovery first: a provider that cannot be reached leaves no row behind.
  const url = await authorizationUrl(config, { redirectUri: input.redirectUri, state, nonce, codeVerifier });
  const expiresAt = new Date(now + LOGIN_TTL_MS).toISOString();
  await db.query('DELETE FROM sso_logins WHERE expires_at <= $1', [new Date(now).toISOString()]);
  await db.query(
    `INSERT INTO sso_logins (state_hash, client, redirect_uri, nonce, code_verifier, binding_hash, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [stateHash(state), input.client, input.redirectUri, nonce, codeVerifier, input.bindingHash, expiresAt],
  );
  return { authorizationUrl: url, expiresAt };
}

export interface OpenLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
}

interface LoginRow {
  client: LoginClient;
  redirect_uri: string;
  nonce: string;
  code_verifier: string;
  binding_hash: string;
  used_at: unknown;
  expired: boolean;
}

/**
 * Takes the sign-in the callback's state names, once. Throws an SsoFailure that says what was
 * wrong: no state, a state this hub never issued (or forgot after ten minutes), a second use, the
 * wrong client or binding.
 */
export async function finishLogin(db: Queryable, callbackUrl: URL, client: LoginClient, bindingHash: string): Promise<OpenLogin> {
  const state = callbackUrl.searchParams.get('state');
  if (!state) throw new SsoFailure(400, 'sso_state', 'The sign-in answer carries no state, so it cannot be matched to a sign-in this hub started. Start again.');
  // RETURNING shows the row as updated: the verifier is read from the locked row before it is cleared.
  const used = await db.query<LoginRow>(
    `UPDATE sso_logins l SET used_at = now(), code_verifier = ''
     FROM (SELECT state_hash, code_verifier FROM sso_logins
           WHERE state_hash = $1 AND client = $2 AND binding_hash = $3 AND used_at IS NULL AND expires_at > now() FOR UPDATE) before
     WHERE l.state_hash = before.state_hash
     RETURNING l.client, l.redirect_uri, l.nonce, before.code_verifier, l.binding_hash, l.used_at, false AS expired`,
    [stateHash(state), client, bindingHash],
  );
  const row = used.rows[0];
  if (row) {
    const expected = new URL(row.redirect_uri);
    if (callbackUrl.origin !== expected.origin || callbackUrl.pathname !== expected.pathname) {
      throw new SsoFailure(400, 'sso_state', 'The sign-in answer arrived at another address than the one the sign-in started with. Start again.');
    }
    return { state, nonce: row.nonce, codeVerifier: row.code_verifier, redirectUri: row.redirect_uri };
  }
  // Why not: each case has its own words (and audit row).
  const known = await db.query<LoginRow>(
    `SELECT client, redirect_uri, nonce, '' AS code_verifier, binding_hash, used_at, (expires_at <= now()) AS expired FROM sso_logins WHERE state_hash = $1`,
    [stateHash(state)],
  );
  const seen = known.rows[0];
  if (!seen) {
    throw new SsoFailure(400, 'sso_state', 'This sign-in answer does not match any sign-in this hub started in the last ten minutes (a bad or old state). Start again.');
  }
  if (seen.used_at !== null && seen.used_at !== undefined) {
    throw new SsoFailure(400, 'sso_replayed', 'This sign-in answer was already used once, and a second use is refused. If that was not you, tell your admin. Start again to sign in.');
  }
  if (seen.expired) throw new SsoFailure(400, 'sso_state', 'This sign-in took longer than ten minutes. Start again.');
  throw new SsoFailure(400, 'sso_binding', 'This sign-in answer belongs to a sign-in started somewhere else (another browser or program). Start again from here.');
}
