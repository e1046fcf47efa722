/**
 * Who a verified ID token is at this hub. The first sign-in creates the user (role from the group
 * claims, else rep; email from the ID token); later sign-ins update name and role.
 *
 * Invariants:
 * - A user is found by the token's (iss, sub) first: the only pair OpenID Connect promises never to
 *   reassign. Only a user not linked yet (added by an admin or by SCIM) is found by email, and then
 *   linked, so an address reassigned at the provider cannot take over someone else's account.
 * - A revoked or disabled user is refused, whichever way they are found: signing in again must not
 *   undo an admin's revocation or the provider's own "disabled".
 * - Group claims set the role only when marketing or admin groups are configured, and only when the
 *   token carries group claims at all; otherwise the role an admin gave stays.
 */
import type { Role, SessionUser } from '../../lib/contract';
import { writeAudit } from '../audit';
import type { HubDb, Queryable } from '../db';
import { addUser } from '../store';
import type { SsoConfig } from './config';
import { SsoFailure, type VerifiedIdentity } from './oidc';

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const member = (groups: readonly string[], configured: readonly string[]) => configured.some((wanted) => groups.some((group) => sameText(group, wanted)));

/**
 * The role the provider's groups give: admin over marketing over rep. undefined when the groups
 * say nothing (no role groups configured, or no group claims sent): the stored role stays.
 */
export function roleFromGroups(config: Pick<SsoConfig, 'marketingGroups' | 'adminGroups'>, groups: readonly string[] | undefined): Role | undefined {
  if (groups === undefined || (config.marketingGroups.length === 0 && config.adminGroups.length === 0)) return undefined;
  if (member(groups, config.adminGroups)) return 'admin';
  if (member(groups, config.marketingGroups)) return 'marketing';
  return 'rep';
}

interface LinkRow {
  id: string;
  name: string;
  role: Role;
  email: string | null;
  oidc_subject: string | null;
  revoked_at: unknown;
  disabled_at: unknown;
}

const present = (value: unknown) => value !== null && value !== undefined;

function refuseIfBlocked(row: LinkRow): void {
  const day = (value: unknown) => new Date(String(value instanceof Date ? value.toISOString() : value)).toUTCString().slice(0, 16);
  if (present(row.revoked_at)) {
    throw new SsoFailure(403, 'token_revoked', `Your access to this hub was revoked on ${day(row.revoked_at)}; signing in again does not undo that. Ask your admin if you still need it.`);
  }
  if (present(row.disabled_at)) {
    throw new SsoFailure(403, 'account_disabled', `Your company's identity provider turned off your Cuecard access on ${day(row.disabled_at)}. Ask your IT admin if you still need it.`);
  }
}

async function findUser(tx: Queryable, identity: VerifiedIdentity): Promise<LinkRow | undefined> {
  const columns = 'id, name, role, email, oidc_subject, revoked_at, disabled_at';
  const linked = await tx.query<LinkRow>(`SELECT ${columns} FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2 FOR UPDATE`, [identity.issuer, identity.subject]);
  if (linked.rows[0]) return linked.rows[0];
  if (!identity.email) return undefined;
  // Live users first: a revoked row may still hold an address SCIM has since given to a new user.
  const byAddress = await tx.query<LinkRow>(
    `SELECT ${columns} FROM users WHERE lower(btrim(email)) = lower(btrim($1)) OR lower(scim_user_name) = lower(btrim($1))
     ORDER BY (revoked_at IS NOT NULL), created_at LIMIT 1 FOR UPDATE`,
    [identity.email],
  );
  return byAddress.rows[0];
}

export interface SignedInUser {
  user: SessionUser;
  created: boolean;
}

export async function signInUser(db: HubDb, config: SsoConfig, identity: VerifiedIdentity): Promise<SignedInUser> {
  if (config.allowedGroups.length > 0 && !member(identity.groups ?? [], config.allowedGroups)) {
    throw new SsoFailure(
      403,
      'sso_group',
      `Cuecard is for members of ${config.allowedGroups.join(' or ')} at your company, and your sign-in does not say you are one. Ask your IT admin to add you.`,
      identity.groups === undefined ? 'no group claims in the ID token' : `groups: ${identity.groups.join(', ')}`,
    );
  }
  const role = roleFromGroups(config, identity.groups);
  try {
    return await db.transaction(async (tx) => {
      const found = await findUser(tx, identity);
      if (found) {
        refuseIfBlocked(found);
        if (found.oidc_subject !== null && found.oidc_subject !== identity.subject) {
          throw new SsoFailure(
            409,
            'sso_email_linked',
            `The address ${identity.email} already belongs to another company sign-in at this hub. Ask your admin to sort out which account is yours.`,
          );
        }
        const changed: string[] = [];
        const notes: string[] = [];
        const name = identity.name && identity.name !== found.name ? identity.name : undefined;
        if (name) changed.push('name');
        const newRole = role && role !== found.role ? role : undefined;
        if (newRole) {
          changed.push('role');
          notes.push(`${found.role} → ${newRole}`);
        }
        const email = !found.email && identity.email ? identity.email : undefined;
        if (email) changed.push('email');
        await tx.query(
          `UPDATE users SET oidc_issuer = $2, oidc_subject = $3, name = coalesce($4, name), role = coalesce($5, role), email = coalesce($6, email) WHERE id = $1`,
          [found.id, identity.issuer, identity.subject, name ?? null, newRole ?? null, email ?? null],
        );
        if (changed.length > 0) {
          await writeAudit(tx, { actor: null, action: 'user_updated', targetKind: 'user', targetId: found.id, fields: changed, note: ['from the company sign-in', ...notes].join(': ') });
        }
        return { user: { id: found.id, name: name ?? found.name, role: newRole ?? found.role, email: email ?? found.email }, created: false };
      }
      if (!identity.email) {
        throw new SsoFailure(
          401,
          'sso_no_email',
          "Your company's sign-in did not say your email address, which Cuecard needs to set you up. Your admin must let the identity provider send the email claim (scope email).",
        );
      }
      const name = identity.name ?? identity.email.split('@')[0]!;
      // The hub token addUser makes is never shown: this user signs in with the company's provider.
      const { user } = await addUser(tx, name, role ?? 'rep', identity.email);
      await tx.query('UPDATE users SET oidc_issuer = $2, oidc_subject = $3 WHERE id = $1', [user.id, identity.issuer, identity.subject]);
      await writeAudit(tx, { actor: null, action: 'user_added', targetKind: 'user', targetId: user.id, fields: ['role'], note: `${name} (${user.role}), at their first company sign-in` });
      return { user: { id: user.id, name: user.name, role: user.role, email: user.email }, created: true };
    });
  } catch (error) {
    // Two first sign-ins of one person at once: one created the row, the other hit the unique index.
    if ((error as { code?: string })?.code === '23505') {
      throw new SsoFailure(409, 'sso_retry', 'Another sign-in of yours was being set up at the same moment. Sign in again.');
    }
    throw error;
  }
}
