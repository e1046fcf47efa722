/**
 * Users as an admin manages them (list, add, rotate, revoke, change role or expiry) and the
 * console's sessions. Tokens and session ids are random, shown once, and stored only as sha-256.
 *
 * Invariants:
 * - Users are never deleted: usage events name them. Revoking keeps the row and its token hash,
 *   so the token's holder is told "revoked" instead of "unknown token".
 * - Revoking or rotating ends the user's console sessions in the same transaction; a role change
 *   needs no such step, since every request reads the role from the users row.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { HubUserView, Role, UserCreate, UserPatch } from '../lib/contract';
import { writeAudit } from './audit';
import { toIso, type HubDb, type Queryable } from './db';
import { CHANGE_LOCK } from './locks';
import { dropScope, reconcileUsers, usersSharingTeams } from './scope';
import { addUser, hashToken, newToken, type HubUser, type TokenRefusal } from './store';

/** A console session lasts a working day; signing in again is one paste. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

interface UserRow {
  id: string;
  name: string;
  role: Role;
  email: string | null;
  created_at: unknown;
  revoked_at: unknown;
  token_expires_at: unknown;
  token_issued_at: unknown;
  disabled_at: unknown;
  company_sign_in: boolean;
}

const USER_COLUMNS =
  'id, name, role, email, created_at, revoked_at, token_expires_at, token_issued_at, disabled_at, (oidc_subject IS NOT NULL OR scim_user_name IS NOT NULL) AS company_sign_in';

function toView(row: UserRow): HubUserView {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    email: row.email,
    createdAt: toIso(row.created_at) ?? '',
    revokedAt: toIso(row.revoked_at),
    tokenExpiresAt: toIso(row.token_expires_at),
    tokenIssuedAt: toIso(row.token_issued_at) ?? '',
    disabledAt: toIso(row.disabled_at),
    companySignIn: row.company_sign_in === true,
  };
}

export class AccountError extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Actor = Pick<HubUser, 'id' | 'name'>;

export async function listUsers(db: Queryable): Promise<HubUserView[]> {
  // Active users first, then by role and name: the people an admin looks for.
  const result = await db.query<UserRow>(
    `SELECT ${USER_COLUMNS} FROM users
     ORDER BY (revoked_at IS NOT NULL), CASE role WHEN 'admin' THEN 0 WHEN 'marketing' THEN 1 ELSE 2 END, lower(name), id`,
  );
  return result.rows.map(toView);
}

async function userById(db: Queryable, id: string, lock = false): Promise<UserRow> {
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  const row = result.rows[0];
  if (!row) throw new AccountError(404, 'not_found', 'No user with this id.');
  return row;
}

/** Unique violations (an address another user has) become a 409 the admin can act on. */
function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505';
}

export async function createUser(db: HubDb, actor: Actor, input: UserCreate): Promise<{ user: HubUserView; token: string }> {
  try {
    return await db.transaction(async (tx) => {
      const { user, token } = await addUser(tx, input.name, input.role, input.email, input.tokenExpiresAt);
      await writeAudit(tx, { actor, action: 'user_added', targetKind: 'user', targetId: user.id, fields: ['role'], note: `${input.name} (${input.role})` });
      return { user: toView(await userById(tx, user.id)), token };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AccountError(409, 'email_taken', 'Another user already has this email address.');
    throw error;
  }
}

export async function updateUser(db: HubDb, actor: Actor, id: string, patch: UserPatch): Promise<HubUserView> {
  try {
    return await db.transaction(async (tx) => {
      // A new address or role moves scope rows (below), which takes the writers' lock: taken before the
      // user's row, in the order every scope change takes them, so two changes never wait on each other.
      if (patch.email !== undefined || patch.role !== undefined) await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
      const before = await userById(tx, id, true);
      if (before.revoked_at) throw new AccountError(409, 'revoked', 'This user was revoked; add them again instead.');
      if (id === actor.id && patch.role !== undefined && patch.role !== before.role) {
        // An admin demoting themselves could leave the hub with no one who can manage users.
        throw new AccountError(409, 'own_role', 'You cannot change your own role; ask another admin.');
      }
      const changed: string[] = [];
      const notes: string[] = [];
      if (patch.name !== undefined && patch.name !== before.name) changed.push('name');
      if (patch.role !== undefined && patch.role !== before.role) {
        changed.push('role');
        notes.push(`${before.role} → ${patch.role}`);
      }
      if (patch.email !== undefined && (patch.email?.trim() || null) !== before.email) changed.push('email');
      const expiry = expiryChange(patch.tokenExpiresAt);
      if (expiry !== undefined && expiry !== toIso(before.token_expires_at)) {
        changed.push('tokenExpiresAt');
        notes.push(expiry ? `token expires ${expiry.slice(0, 10)}` : 'token never expires');
      }
      if (changed.length === 0) return toView(before);
      await tx.query(
        `UPDATE users SET
           name = coalesce($2, name),
           role = coalesce($3, role),
           email = CASE WHEN $4::boolean THEN $5 ELSE email END,
           token_expires_at = CASE WHEN $6::boolean THEN $7::timestamptz ELSE token_expires_at END
         WHERE id = $1`,
        [id, patch.name ?? null, patch.role ?? null, patch.email !== undefined, patch.email?.trim() || null, expiry !== undefined, expiry ?? null],
      );
      await writeAudit(tx, { actor, action: 'user_updated', targetKind: 'user', targetId: id, fields: changed, note: notes.join('; ') || null });
      if (changed.includes('email') || changed.includes('role')) {
        // A territory is found by the rep's address and the default mode by their role: the user's
        // scope, and their teammates' (who hold what the user owns), follow in this transaction.
        const team = await tx.query<{ team: string | null }>('SELECT team FROM user_scopes WHERE user_id = $1', [id]);
        await reconcileUsers(tx, [id, ...(await usersSharingTeams(tx, [team.rows[0]?.team]))]);
      }
      return toView(await userById(tx, id));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AccountError(409, 'email_taken', 'Another user already has this email address.');
    throw error;
  }
}

/** undefined: leave as is; null: never expires; else the instant, normalized. */
function expiryChange(requested: string | null | undefined): string | null | undefined {
  if (requested === undefined || requested === null) return requested;
  return new Date(requested).toISOString();
}

export async function rotateToken(db: HubDb, actor: Actor, id: string, requestedExpiry?: string | null): Promise<{ user: HubUserView; token: string }> {
  const expiry = expiryChange(requestedExpiry);
  return db.transaction(async (tx) => {
    const before = await userById(tx, id, true);
    if (before.revoked_at) throw new AccountError(409, 'revoked', 'This user was revoked; add them again instead.');
    const token = newToken();
    await tx.query(
      `UPDATE users SET token_hash = $2, token_issued_at = now(),
         token_expires_at = CASE WHEN $3::boolean THEN $4::timestamptz ELSE token_expires_at END
       WHERE id = $1`,
      [id, hashToken(token), expiry !== undefined, expiry ?? null],
    );
    // Sessions signed in with the old token end with it.
    await tx.query('DELETE FROM console_sessions WHERE user_id = $1', [id]);
    await writeAudit(tx, { actor, action: 'user_rotated', targetKind: 'user', targetId: id, fields: ['token'], note: null });
    return { user: toView(await userById(tx, id)), token };
  });
}

export async function revokeUser(db: HubDb, actor: Actor, id: string): Promise<HubUserView> {
  if (id === actor.id) throw new AccountError(409, 'own_account', 'You cannot revoke your own access; ask another admin.');
  return db.transaction(async (tx) => {
    const before = await userById(tx, id, true);
    if (before.revoked_at) return toView(before);
    await tx.query('UPDATE users SET revoked_at = now() WHERE id = $1', [id]);
    await tx.query('DELETE FROM console_sessions WHERE user_id = $1', [id]);
    await dropScope(tx, id);
    await writeAudit(tx, { actor, action: 'user_revoked', targetKind: 'user', targetId: id, fields: [], note: `${before.name} (${before.role})` });
    return toView(await userById(tx, id));
  });
}

// ------------------------------------------------------------------------------------------
// Console sessions

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSessionId(id: string): string {
  return createHash('sha256').update(`session:${id}`, 'utf8').digest('hex');
}

export async function createSession(db: Queryable, userId: string, now = Date.now()): Promise<{ id: string; expiresAt: string }> {
  const id = newSessionId();
  const expiresAt = new Date(now + SESSION_TTL_MS).toISOString();
  // Expired rows of anyone go with each sign-in: the table never grows past the live sessions.
  await db.query('DELETE FROM console_sessions WHERE expires_at <= now()');
  await db.query('INSERT INTO console_sessions (id_hash, user_id, expires_at) VALUES ($1, $2, $3)', [hashSessionId(id), userId, expiresAt]);
  return { id, expiresAt };
}

/**
 * The user behind a session cookie, checked as a token is: a revoked user's sessions were
 * deleted, and an expired token ends its sessions too (they were signed in with it).
 */
export async function authenticateSession(db: Queryable, idHash: string): Promise<{ user: HubUser; expiresAt: string } | { refused: TokenRefusal } | null> {
  const result = await db.query<HubUser & { expires_at: unknown; revoked_at: unknown; disabled_at: unknown; token_expires_at: unknown; expired: boolean }>(
    `SELECT u.id, u.name, u.role, u.email, s.expires_at, u.revoked_at, u.disabled_at, u.token_expires_at,
       (u.token_expires_at IS NOT NULL AND u.token_expires_at <= now()) AS expired
     FROM console_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = $1 AND s.expires_at > now()`,
    [idHash],
  );
  const row = result.rows[0];
  if (!row) return null;
  if (row.revoked_at !== null && row.revoked_at !== undefined) return { refused: { reason: 'revoked', at: toIso(row.revoked_at) ?? '' } };
  if (row.disabled_at !== null && row.disabled_at !== undefined) return { refused: { reason: 'disabled', at: toIso(row.disabled_at) ?? '' } };
  if (row.expired) return { refused: { reason: 'expired', at: toIso(row.token_expires_at) ?? '' } };
  return { user: { id: row.id, name: row.name, role: row.role, email: row.email }, expiresAt: toIso(row.expires_at) ?? '' };
}

export async function endSession(db: Queryable, idHash: string): Promise<boolean> {
  const result = await db.query('DELETE FROM console_sessions WHERE id_hash = $1', [idHash]);
  return result.affected > 0;
}
