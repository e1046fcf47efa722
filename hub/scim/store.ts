/**
 * SCIM's Users and Groups over the hub's tables. A SCIM User is a hub user (its SCIM id is the hub's
 * user id); a Group is a row of scim_groups whose members, when the group is one of the configured
 * marketing or admin groups, give them that role.
 *
 * Invariants:
 * - Users are never deleted (usage events name them): DELETE revokes the user and unlinks them from
 *   the provider; a deleted user is a 404 to SCIM from then on (RFC 7644 §3.6).
 * - active:false (disable) refuses every token and session of the user from their next request
 *   (users.disabled_at is read on every request) and revokes their SSO tokens and console sessions
 *   in the same transaction. active:true lets them sign in again; a pasted hub token they had does
 *   not come back (its hash is replaced).
 * - Every change is an audit row with actor "SCIM", in the transaction of the change.
 */
import type { Role } from '../../lib/contract';
import { writeAudit } from '../audit';
import { toIso, type HubDb, type Queryable } from '../db';
import type { SsoConfig } from '../sso/config';
import { revokeUserTokens } from '../sso/tokens';
import { roleFromGroups } from '../sso/users';
import { addUser, hashToken, newToken, toJsonParam } from '../store';
import { fullName, SCHEMA_GROUP, SCHEMA_USER, ScimError, type FilterTerm, type GroupChanges, type ScimName, type UserChanges } from './protocol';

/** Audit rows of SCIM carry this actor: the provider, through the SCIM token. */
const SCIM_ACTOR = { id: 'scim', name: 'Identity provider (SCIM)' };

interface UserRow {
  id: string;
  name: string;
  role: Role;
  email: string | null;
  scim_user_name: string | null;
  scim_external_id: string | null;
  scim_name: ScimName | null;
  disabled_at: unknown;
  created_at: unknown;
  groups: { id: string; name: string }[] | null;
}

const USER_COLUMNS = `u.id, u.name, u.role, u.email, u.scim_user_name, u.scim_external_id, u.scim_name, u.disabled_at, u.created_at,
  (SELECT json_agg(json_build_object('id', g.id, 'name', g.display_name) ORDER BY g.display_name)
     FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id WHERE m.user_id = u.id) AS groups`;

export function userResource(row: UserRow, base: string) {
  const userName = row.scim_user_name ?? row.email ?? row.id;
  const name = row.scim_name ?? {};
  return {
    schemas: [SCHEMA_USER],
    id: row.id,
    ...(row.scim_external_id ? { externalId: row.scim_external_id } : {}),
    userName,
    name: { formatted: name.formatted ?? row.name, ...(name.givenName ? { givenName: name.givenName } : {}), ...(name.familyName ? { familyName: name.familyName } : {}) },
    displayName: row.name,
    emails: row.email ? [{ value: row.email, type: 'work', primary: true }] : [],
    active: row.disabled_at === null || row.disabled_at === undefined,
    // The hub's role, read-only here: it follows the configured marketing and admin groups.
    roles: [{ value: row.role, primary: true }],
    groups: (row.groups ?? []).map((group) => ({ value: group.id, display: group.name, $ref: `${base}/Groups/${group.id}` })),
    meta: { resourceType: 'User', created: toIso(row.created_at), location: `${base}/Users/${row.id}` },
  };
}
export type UserResource = ReturnType<typeof userResource>;

async function userRow(db: Queryable, id: string, lock = false): Promise<UserRow> {
  // The lock takes only the users row; the groups subquery is read as it is.
  const result = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.id = $1 AND u.revoked_at IS NULL${lock ? ' FOR UPDATE OF u' : ''}`, [id]);
  const row = result.rows[0];
  if (!row) throw new ScimError(404, `No user ${id} (it may have been deleted).`, 'noTarget');
  return row;
}

export async function getUser(db: Queryable, id: string) {
  return userRow(db, id);
}

/** Filtered, paged users (live ones only), ordered by creation. */
export async function listUsers(db: Queryable, terms: FilterTerm[], startIndex: number, count: number): Promise<{ total: number; rows: UserRow[] }> {
  const where: string[] = ['u.revoked_at IS NULL'];
  const params: unknown[] = [];
  for (const term of terms) {
    params.push(term.value);
    const p = `$${params.length}`;
    switch (term.attribute) {
      case 'username':
        // A user added by an admin (no SCIM userName yet) is found by address, so the provider links it.
        where.push(`(lower(u.scim_user_name) = lower(${p}) OR (u.scim_user_name IS NULL AND lower(btrim(u.email)) = lower(${p})))`);
        break;
      case 'externalid':
        where.push(`u.scim_external_id = ${p}`);
        break;
      case 'emails.value':
      case 'emails':
        where.push(`lower(btrim(u.email)) = lower(${p})`);
        break;
      case 'id':
        where.push(`u.id = ${p}`);
        break;
      case 'displayname':
        where.push(`u.name = ${p}`);
        break;
      case 'active':
        where.push(`((u.disabled_at IS NULL) = (${p} = 'true'))`);
        break;
      default:
        throw new ScimError(400, `Users cannot be filtered by ${term.attribute} here (userName, externalId, emails, id, displayName, active).`, 'invalidFilter');
    }
  }
  const clause = where.join(' AND ');
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM users u WHERE ${clause}`, params);
  const rows = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE ${clause} ORDER BY u.created_at, u.id OFFSET ${startIndex - 1} LIMIT ${count}`, params);
  return { total: Number(total.rows[0]?.n ?? 0), rows: rows.rows };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/** Another live user holding the address or userName is a 409; a revoked one lets go of the address. */
async function claimAddress(tx: Queryable, userName: string, email: string | null, exceptId: string | null): Promise<void> {
  const holders = await tx.query<{ id: string; revoked: boolean; by_name: boolean }>(
    `SELECT id, revoked_at IS NOT NULL AS revoked, lower(scim_user_name) = lower($1) AS by_name FROM users
     WHERE (lower(scim_user_name) = lower($1) OR ($2::text IS NOT NULL AND lower(btrim(email)) = lower(btrim($2)))) AND ($3::text IS NULL OR id <> $3)`,
    [userName, email, exceptId],
  );
  for (const holder of holders.rows) {
    if (!holder.revoked) {
      throw new ScimError(409, holder.by_name ? `Another user already has the userName ${userName}.` : `Another user already has the address ${email}.`, 'uniqueness');
    }
    // A deleted user's old address is free for whoever the provider gives it to now.
    await tx.query('UPDATE users SET email = NULL, scim_user_name = NULL WHERE id = $1', [holder.id]);
  }
}

async function setActive(tx: Queryable, row: UserRow, active: boolean): Promise<void> {
  const isActive = row.disabled_at === null || row.disabled_at === undefined;
  if (active === isActive) return;
  if (!active) {
    await tx.query('UPDATE users SET disabled_at = now() WHERE id = $1', [row.id]);
    await tx.query('DELETE FROM console_sessions WHERE user_id = $1', [row.id]);
    await revokeUserTokens(tx, row.id, 'turned off by the identity provider');
    await writeAudit(tx, { actor: SCIM_ACTOR, action: 'user_disabled', targetKind: 'user', targetId: row.id, fields: ['active'], note: `${row.name}: every token and session refused from the next request` });
  } else {
    // A pasted token from before must not come back to life: it gets a fresh hash nobody knows.
    await tx.query('UPDATE users SET disabled_at = NULL, token_hash = $2, token_issued_at = now() WHERE id = $1', [row.id, hashToken(newToken())]);
    await writeAudit(tx, { actor: SCIM_ACTOR, action: 'user_enabled', targetKind: 'user', targetId: row.id, fields: ['active'], note: `${row.name}: may sign in again with the company's sign-in` });
  }
}

export async function createUser(db: HubDb, input: UserChanges & { userName: string }): Promise<UserRow> {
  try {
    return await db.transaction(async (tx) => {
      const email = input.email ?? null;
      await claimAddress(tx, input.userName, email, null);
      const name = fullName(input.name, input.userName);
      // The hub token addUser makes is never shown: provisioned users sign in with the company's provider.
      const { user } = await addUser(tx, name, 'rep', email ?? undefined);
      await tx.query('UPDATE users SET scim_user_name = $2, scim_external_id = $3, scim_name = $4::jsonb WHERE id = $1', [
        user.id,
        input.userName,
        input.externalId ?? null,
        toJsonParam(input.name ?? {}),
      ]);
      await writeAudit(tx, { actor: SCIM_ACTOR, action: 'user_added', targetKind: 'user', targetId: user.id, fields: ['role'], note: `${name} (rep), provisioned by the identity provider` });
      const row = await userRow(tx, user.id, true);
      if (input.active === false) await setActive(tx, row, false);
      return userRow(tx, user.id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ScimError(409, `Another user already has the userName or address of ${input.userName}.`, 'uniqueness');
    throw error;
  }
}

/** PUT (every attribute given) and PATCH (some): the same update, audited once. */
export async function updateUser(db: HubDb, id: string, changes: UserChanges): Promise<UserRow> {
  try {
    return await db.transaction(async (tx) => {
      const before = await userRow(tx, id, true);
      const userName = changes.userName ?? before.scim_user_name ?? before.email ?? before.id;
      const email = changes.email === undefined ? before.email : changes.email;
      if (changes.userName !== undefined || changes.email !== undefined) await claimAddress(tx, userName, email, id);
      const scimName = changes.name ?? before.scim_name ?? {};
      const name = changes.name ? fullName(scimName, userName) : before.name;
      const fields: string[] = [];
      if (name !== before.name) fields.push('name');
      if ((email ?? null) !== (before.email ?? null)) fields.push('email');
      if (changes.userName !== undefined && changes.userName !== before.scim_user_name) fields.push('userName');
      if (changes.externalId !== undefined && changes.externalId !== before.scim_external_id) fields.push('externalId');
      await tx.query(
        `UPDATE users SET name = $2, email = $3, scim_user_name = $4, scim_external_id = CASE WHEN $5::boolean THEN $6 ELSE scim_external_id END, scim_name = $7::jsonb WHERE id = $1`,
        [id, name, email ?? null, changes.userName ?? before.scim_user_name ?? userName, changes.externalId !== undefined, changes.externalId ?? null, toJsonParam(scimName)],
      );
      if (fields.length > 0) {
        await writeAudit(tx, { actor: SCIM_ACTOR, action: 'user_updated', targetKind: 'user', targetId: id, fields, note: 'by the identity provider' });
      }
      if (changes.active !== undefined) await setActive(tx, before, changes.active);
      return userRow(tx, id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ScimError(409, 'Another user already has this userName or address.', 'uniqueness');
    throw error;
  }
}

export async function deleteUser(db: HubDb, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await userRow(tx, id, true);
    await tx.query('UPDATE users SET revoked_at = now(), oidc_subject = NULL WHERE id = $1', [id]);
    await tx.query('DELETE FROM console_sessions WHERE user_id = $1', [id]);
    await tx.query('DELETE FROM scim_group_members WHERE user_id = $1', [id]);
    await revokeUserTokens(tx, id, 'deleted by the identity provider');
    await writeAudit(tx, { actor: SCIM_ACTOR, action: 'user_revoked', targetKind: 'user', targetId: id, fields: [], note: `${before.name} (${before.role}), deleted by the identity provider` });
  });
}

// ------------------------------------------------------------------------------------------
// Groups

interface GroupRow {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: unknown;
  updated_at: unknown;
  members: { id: string; name: string }[] | null;
}

const GROUP_COLUMNS = `g.id, g.display_name, g.external_id, g.created_at, g.updated_at,
  (SELECT json_agg(json_build_object('id', u.id, 'name', u.name) ORDER BY u.name)
     FROM scim_group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = g.id AND u.revoked_at IS NULL) AS members`;

export function groupResource(row: GroupRow, base: string, withMembers = true) {
  return {
    schemas: [SCHEMA_GROUP],
    id: row.id,
    displayName: row.display_name,
    ...(row.external_id ? { externalId: row.external_id } : {}),
    ...(withMembers ? { members: (row.members ?? []).map((member) => ({ value: member.id, display: member.name, $ref: `${base}/Users/${member.id}` })) } : {}),
    meta: { resourceType: 'Group', created: toIso(row.created_at), lastModified: toIso(row.updated_at), location: `${base}/Groups/${row.id}` },
  };
}

async function groupRow(db: Queryable, id: string, lock = false): Promise<GroupRow> {
  const result = await db.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM scim_groups g WHERE g.id = $1${lock ? ' FOR UPDATE OF g' : ''}`, [id]);
  const row = result.rows[0];
  if (!row) throw new ScimError(404, `No group ${id}.`, 'noTarget');
  return row;
}

export const getGroup = (db: Queryable, id: string) => groupRow(db, id);

export async function listGroups(db: Queryable, terms: FilterTerm[], startIndex: number, count: number): Promise<{ total: number; rows: GroupRow[] }> {
  const where: string[] = ['true'];
  const params: unknown[] = [];
  for (const term of terms) {
    params.push(term.value);
    const p = `$${params.length}`;
    switch (term.attribute) {
      case 'displayname':
        where.push(`lower(g.display_name) = lower(${p})`);
        break;
      case 'externalid':
        where.push(`g.external_id = ${p}`);
        break;
      case 'id':
        where.push(`g.id = ${p}`);
        break;
      case 'members.value':
      case 'members':
        where.push(`EXISTS (SELECT 1 FROM scim_group_members m WHERE m.group_id = g.id AND m.user_id = ${p})`);
        break;
      default:
        throw new ScimError(400, `Groups cannot be filtered by ${term.attribute} here (displayName, externalId, id, members).`, 'invalidFilter');
    }
  }
  const clause = where.join(' AND ');
  const total = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM scim_groups g WHERE ${clause}`, params);
  const rows = await db.query<GroupRow>(`SELECT ${GROUP_COLUMNS} FROM scim_groups g WHERE ${clause} ORDER BY g.created_at, g.id OFFSET ${startIndex - 1} LIMIT ${count}`, params);
  return { total: Number(total.rows[0]?.n ?? 0), rows: rows.rows };
}

/**
 * The role each of `userIds` has now, from the configured groups they are in (by display name or
 * externalId, as an ID token names groups). Only when marketing or admin groups are configured;
 * revoked users keep the role they had.
 */
async function applyGroupRoles(tx: Queryable, config: SsoConfig | null, userIds: readonly string[]): Promise<void> {
  if (!config || (config.marketingGroups.length === 0 && config.adminGroups.length === 0)) return;
  for (const userId of new Set(userIds)) {
    const result = await tx.query<{ name: string; role: Role; revoked: boolean; groups: string[] | null }>(
      `SELECT u.name, u.role, u.revoked_at IS NOT NULL AS revoked,
         (SELECT json_agg(v) FROM (SELECT g.display_name AS v FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id WHERE m.user_id = u.id
                                   UNION SELECT g.external_id FROM scim_group_members m JOIN scim_groups g ON g.id = m.group_id WHERE m.user_id = u.id AND g.external_id IS NOT NULL) names) AS groups
       FROM users u WHERE u.id = $1 FOR UPDATE OF u`,
      [userId],
    );
    const row = result.rows[0];
    if (!row || row.revoked) continue;
    const role = roleFromGroups(config, row.groups ?? []);
    if (!role || role === row.role) continue;
    await tx.query('UPDATE users SET role = $2 WHERE id = $1', [userId, role]);
    await writeAudit(tx, { actor: SCIM_ACTOR, action: 'user_updated', targetKind: 'user', targetId: userId, fields: ['role'], note: `${row.role} → ${role} (group membership)` });
  }
}

async function liveUserIds(tx: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const result = await tx.query<{ id: string }>('SELECT id FROM users WHERE id = ANY(ARRAY(SELECT json_array_elements_text($1::json))) AND revoked_at IS NULL', [toJsonParam([...new Set(ids)])]);
  const found = new Set(result.rows.map((row) => row.id));
  const unknown = ids.filter((id) => !found.has(id));
  if (unknown.length > 0) throw new ScimError(400, `No user ${unknown[0]}${unknown.length > 1 ? ` (and ${unknown.length - 1} more)` : ''}: members must be users of this hub.`, 'invalidValue');
  return [...found];
}

async function currentMembers(tx: Queryable, groupId: string): Promise<string[]> {
  return (await tx.query<{ user_id: string }>('SELECT user_id FROM scim_group_members WHERE group_id = $1', [groupId])).rows.map((row) => row.user_id);
}

async function writeMembers(tx: Queryable, groupId: string, changes: Pick<GroupChanges, 'members' | 'add' | 'remove'>): Promise<string[]> {
  const before = await currentMembers(tx, groupId);
  let after = new Set(changes.members !== undefined ? await liveUserIds(tx, changes.members) : before);
  for (const id of await liveUserIds(tx, changes.add)) after.add(id);
  for (const id of changes.remove) after.delete(id);
  after = new Set(after);
  const removed = before.filter((id) => !after.has(id));
  const added = [...after].filter((id) => !before.includes(id));
  if (removed.length > 0) {
    await tx.query('DELETE FROM scim_group_members WHERE group_id = $1 AND user_id = ANY(ARRAY(SELECT json_array_elements_text($2::json)))', [groupId, toJsonParam(removed)]);
  }
  for (const id of added) await tx.query('INSERT INTO scim_group_members (group_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [groupId, id]);
  return [...removed, ...added];
}

export async function createGroup(db: HubDb, config: SsoConfig | null, input: GroupChanges & { displayName: string }, newId: string): Promise<GroupRow> {
  try {
    return await db.transaction(async (tx) => {
      await tx.query('INSERT INTO scim_groups (id, display_name, external_id) VALUES ($1, $2, $3)', [newId, input.displayName, input.externalId ?? null]);
      const touched = await writeMembers(tx, newId, { members: input.members ?? [], add: [], remove: [] });
      await writeAudit(tx, { actor: SCIM_ACTOR, action: 'group_added', targetKind: 'group', targetId: newId, fields: ['members'], note: `${input.displayName} (${touched.length} members)` });
      await applyGroupRoles(tx, config, touched);
      return groupRow(tx, newId);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ScimError(409, `A group named ${input.displayName} already exists.`, 'uniqueness');
    throw error;
  }
}

export async function updateGroup(db: HubDb, config: SsoConfig | null, id: string, changes: GroupChanges): Promise<GroupRow> {
  try {
    return await db.transaction(async (tx) => {
      const before = await groupRow(tx, id, true);
      const fields: string[] = [];
      if (changes.displayName !== undefined && changes.displayName !== before.display_name) fields.push('displayName');
      if (changes.externalId !== undefined && changes.externalId !== before.external_id) fields.push('externalId');
      await tx.query(
        `UPDATE scim_groups SET display_name = coalesce($2, display_name), external_id = CASE WHEN $3::boolean THEN $4 ELSE external_id END, updated_at = now() WHERE id = $1`,
        [id, changes.displayName ?? null, changes.externalId !== undefined, changes.externalId ?? null],
      );
      const touched = await writeMembers(tx, id, changes);
      if (touched.length > 0) fields.push('members');
      if (fields.length > 0) {
        await writeAudit(tx, { actor: SCIM_ACTOR, action: 'group_updated', targetKind: 'group', targetId: id, fields, note: `${changes.displayName ?? before.display_name}${touched.length ? ` (${touched.length} membership changes)` : ''}` });
      }
      // A renamed group may now be (or no longer be) a marketing or admin group: every member's role is checked.
      const affected = fields.includes('displayName') || fields.includes('externalId') ? [...touched, ...(await currentMembers(tx, id))] : touched;
      await applyGroupRoles(tx, config, affected);
      return groupRow(tx, id);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ScimError(409, `A group named ${changes.displayName} already exists.`, 'uniqueness');
    throw error;
  }
}

export async function deleteGroup(db: HubDb, config: SsoConfig | null, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await groupRow(tx, id, true);
    const members = await currentMembers(tx, id);
    await tx.query('DELETE FROM scim_groups WHERE id = $1', [id]);
    await writeAudit(tx, { actor: SCIM_ACTOR, action: 'group_removed', targetKind: 'group', targetId: id, fields: [], note: before.display_name });
    await applyGroupRoles(tx, config, members);
  });
}
