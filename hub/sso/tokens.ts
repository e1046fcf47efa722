/**
 * The hub's own tokens for an extension signed in through the identity provider: a short-lived
 * access token (default 1 hour) for the /v1 routes, and a refresh token that buys the next pair
 * once. Both are random, shown once, stored as sha-256 (as hub tokens are).
 *
 * Invariants:
 * - A family is one sign-in. Refreshing marks the presented refresh token used and adds a new pair
 *   to the family, in one transaction under a row lock, so two refreshes with one token cannot both win.
 * - A used refresh token presented again means two parties hold it: the whole family is revoked
 *   and an audit row says so (OAuth 2.0 Security BCP, RFC 9700 §4.14.2, refresh token rotation).
 * - Every check reads the users row too, so revoking or disabling a user refuses their next
 *   request whatever token they hold.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { REFRESH_REUSED, SIGNED_OUT, type SessionUser } from '../../lib/contract';
import { writeAudit } from '../audit';
import { toIso, type HubDb, type Queryable } from '../db';
import { hashToken, type HubUser, type TokenRefusal } from '../store';
import type { SsoConfig } from './config';
import { SsoFailure } from './oidc';

/** Prefixes let secret scanners (and people) tell a leaked access or refresh token from a hub token. */
export const ACCESS_PREFIX = 'cca_';
export const REFRESH_PREFIX = 'ccr_';
/** An access token's public shape: the prefix and 32 random bytes in base64url. */
export const ACCESS_TOKEN_FORMAT = /^cca_[A-Za-z0-9_-]{43}$/;
/** Used and expired rows are kept this long after they expire, so a late replay is still told apart. */
const KEEP_EXPIRED_MS = 7 * 86_400_000;

export interface IssuedTokens {
  accessToken: string;
  accessExpiresAt: string;
  refreshToken: string;
  refreshExpiresAt: string;
}

const newSecret = (prefix: string) => `${prefix}${randomBytes(32).toString('base64url')}`;

export async function issueTokens(tx: Queryable, userId: string, config: Pick<SsoConfig, 'accessMinutes' | 'refreshDays'>, familyId = `f_${randomUUID()}`, now = Date.now()): Promise<IssuedTokens> {
  const accessToken = newSecret(ACCESS_PREFIX);
  const refreshToken = newSecret(REFRESH_PREFIX);
  const accessExpiresAt = new Date(now + config.accessMinutes * 60_000).toISOString();
  const refreshExpiresAt = new Date(now + config.refreshDays * 86_400_000).toISOString();
  await tx.query('DELETE FROM sso_tokens WHERE expires_at < $1', [new Date(now - KEEP_EXPIRED_MS).toISOString()]);
  await tx.query(
    `INSERT INTO sso_tokens (id_hash, kind, family_id, user_id, expires_at) VALUES ($1, 'access', $3, $4, $5), ($2, 'refresh', $3, $4, $6)`,
    [hashToken(accessToken), hashToken(refreshToken), familyId, userId, accessExpiresAt, refreshExpiresAt],
  );
  return { accessToken, accessExpiresAt, refreshToken, refreshExpiresAt };
}

interface TokenRow {
  family_id: string;
  user_id: string;
  expires_at: unknown;
  used_at: unknown;
  revoked_at: unknown;
  revoked_reason: string | null;
  expired: boolean;
  name: string;
  role: HubUser['role'];
  email: string | null;
  user_revoked_at: unknown;
  user_disabled_at: unknown;
}

const TOKEN_SELECT = `SELECT t.family_id, t.user_id, t.expires_at, t.used_at, t.revoked_at, t.revoked_reason,
    (t.expires_at <= now()) AS expired, u.name, u.role, u.email, u.revoked_at AS user_revoked_at, u.disabled_at AS user_disabled_at
  FROM sso_tokens t JOIN users u ON u.id = t.user_id`;

const present = (value: unknown) => value !== null && value !== undefined;

function userRefusal(row: TokenRow): TokenRefusal | null {
  if (present(row.user_revoked_at)) return { reason: 'revoked', at: toIso(row.user_revoked_at) ?? '' };
  if (present(row.user_disabled_at)) return { reason: 'disabled', at: toIso(row.user_disabled_at) ?? '' };
  return null;
}

/** The user behind an access token, or why it is refused (null: not a token this hub issued). */
export async function authenticateAccessTokenHash(db: Queryable, tokenHash: string): Promise<{ user: HubUser } | { refused: TokenRefusal } | null> {
  const result = await db.query<TokenRow>(`${TOKEN_SELECT} WHERE t.id_hash = $1 AND t.kind = 'access'`, [tokenHash]);
  const row = result.rows[0];
  if (!row) return null;
  const refused = userRefusal(row);
  if (refused) return { refused };
  if (present(row.revoked_at)) return { refused: { reason: 'signed_out', at: toIso(row.revoked_at) ?? '', note: row.revoked_reason ?? undefined } };
  if (row.expired) return { refused: { reason: 'expired', at: toIso(row.expires_at) ?? '', note: 'access' } };
  return { user: { id: row.user_id, name: row.name, role: row.role, email: row.email } };
}

async function revokeFamily(tx: Queryable, familyId: string, reason: string): Promise<void> {
  await tx.query('UPDATE sso_tokens SET revoked_at = now(), revoked_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL', [familyId, reason]);
}

/** Every token of a user (SCIM active:false, an admin's revocation): refused from the next request on. */
export async function revokeUserTokens(tx: Queryable, userId: string, reason: string): Promise<number> {
  const result = await tx.query('UPDATE sso_tokens SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, reason]);
  return result.affected;
}

const refusalWords = (refused: TokenRefusal): SsoFailure => {
  const day = refused.at ? ` on ${new Date(refused.at).toUTCString().slice(0, 16)}` : '';
  return refused.reason === 'disabled'
    ? new SsoFailure(403, 'account_disabled', `Your company's identity provider turned off your Cuecard access${day}. Ask your IT admin if you still need it.`)
    : new SsoFailure(403, 'token_revoked', `Your access to this hub was revoked${day}. Ask your admin if you still need it.`);
};

/**
 * Rotates a refresh token: the next access and refresh token of its family, or an SsoFailure in
 * words. A reused token revokes its family (committed before the failure is thrown).
 */
export async function refreshTokens(db: HubDb, refreshToken: string, config: Pick<SsoConfig, 'accessMinutes' | 'refreshDays'>): Promise<{ tokens: IssuedTokens; user: SessionUser }> {
  const outcome = await db.transaction(async (tx) => {
    const result = await tx.query<TokenRow>(`${TOKEN_SELECT} WHERE t.id_hash = $1 AND t.kind = 'refresh' FOR UPDATE OF t`, [hashToken(refreshToken)]);
    const row = result.rows[0];
    if (!row) {
      return { failure: new SsoFailure(401, SIGNED_OUT, 'This hub does not know this sign-in (it ended long ago, or the hub was reset). Sign in again with your company.') };
    }
    const refused = userRefusal(row);
    if (refused) return { failure: refusalWords(refused) };
    if (present(row.revoked_at)) {
      return { failure: new SsoFailure(401, SIGNED_OUT, `This sign-in was ended (${row.revoked_reason ?? 'signed out'}). Sign in again with your company.`) };
    }
    if (present(row.used_at)) {
      await revokeFamily(tx, row.family_id, 'a refresh token was used twice');
      await writeAudit(tx, {
        actor: null,
        action: 'sso_refresh_reused',
        targetKind: 'user',
        targetId: row.user_id,
        note: `${row.name}: a refresh token was presented again after it had been used; every token of that sign-in is revoked`,
      });
      return {
        failure: new SsoFailure(
          401,
          REFRESH_REUSED,
          'This sign-in was used from two places at once (an old refresh token came back), so the hub ended it everywhere to be safe. Sign in again with your company.',
        ),
      };
    }
    if (row.expired) {
      return { failure: new SsoFailure(401, SIGNED_OUT, `This sign-in ended after ${config.refreshDays} days without use. Sign in again with your company.`) };
    }
    await tx.query('UPDATE sso_tokens SET used_at = now() WHERE id_hash = $1', [hashToken(refreshToken)]);
    // The access token of the pair this refresh token came with has no further use.
    const tokens = await issueTokens(tx, row.user_id, config, row.family_id);
    return { tokens, user: { id: row.user_id, name: row.name, role: row.role, email: row.email } };
  });
  if ('failure' in outcome) throw outcome.failure;
  return outcome;
}

/** Sign-out: every token of the refresh token's family stops working. False when it was not a live sign-in. */
export async function endFamily(db: HubDb, refreshToken: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const result = await tx.query<{ family_id: string }>(`SELECT family_id FROM sso_tokens WHERE id_hash = $1 AND kind = 'refresh' AND revoked_at IS NULL`, [hashToken(refreshToken)]);
    const familyId = result.rows[0]?.family_id;
    if (!familyId) return false;
    await revokeFamily(tx, familyId, 'signed out');
    return true;
  });
}
