/**
 * The SCIM bearer token: one per hub, issued by an admin (`npm run hub -- scim token`, or the
 * console's Users view), shown once and kept as sha-256 in hub_meta. Issuing a new one ends the old.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { writeAudit } from '../audit';
import type { HubDb, Queryable } from '../db';
import { getMeta, hashToken, setMeta, type HubUser } from '../store';

export const SCIM_TOKEN_META_KEY = 'scim_token';
/** The prefix tells a leaked SCIM token apart from a user's hub token (cch_) at a glance. */
export const SCIM_PREFIX = 'ccs_';

export async function issueScimToken(db: HubDb, actor: Pick<HubUser, 'id' | 'name'> | null): Promise<{ token: string; issuedAt: string }> {
  const token = `${SCIM_PREFIX}${randomBytes(32).toString('base64url')}`;
  const issuedAt = new Date().toISOString();
  await db.transaction(async (tx) => {
    await setMeta(tx, SCIM_TOKEN_META_KEY, { hash: hashToken(token), issuedAt });
    await writeAudit(tx, { actor, action: 'scim_token_issued', targetKind: 'scim', targetId: 'token', note: 'a new SCIM token; the previous one no longer works' });
  });
  return { token, issuedAt };
}

/** Whether `token` is the hub's SCIM token (hashes compared in constant time). */
export async function isScimToken(db: Queryable, token: string): Promise<boolean> {
  const stored = (await getMeta(db, SCIM_TOKEN_META_KEY)) as { hash?: unknown } | undefined;
  if (typeof stored?.hash !== 'string') return false;
  const presented = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(stored.hash, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
