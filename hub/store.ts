/**
 * The hub's data operations over HubDb: users and tokens, the change log behind sync, the
 * import sink, usage ingest.
 *
 * Invariants:
 * - Every transaction that writes `changes` first takes CHANGE_LOCK. Sequence values are handed
 *   out at INSERT time but become visible at COMMIT; without the lock a client could read seq 101
 *   while seq 100 is still uncommitted, advance its cursor past 100 and never see it.
 *   Serializing writers makes "visible order = seq order", so a cursor never skips a change.
 * - Row data reaches SQL as one JSON parameter per chunk, never as SQL text.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { KIND_OF_COLLECTION, type CollectionName, type Prospect, type RowTypes, type Role, type SyncKind, type UsageEvent } from '../lib/contract';
import type { ImportSink } from '../lib/import/bundle';
import { adoptableProspectIds } from '../lib/match/prospects';
import { toIso, type HubDb, type Queryable } from './db';
import { CHANGE_LOCK } from './locks';
import { reconcileProspects } from './scope';

export { CHANGE_LOCK };

// ------------------------------------------------------------------------------------------
// Users and tokens

export interface HubUser {
  id: string;
  name: string;
  role: Role;
  /** The user's own address (turn 2): their leads are the prospects whose `owner` it is. */
  email: string | null;
}

/** 32 random bytes; the prefix lets secret scanners and humans recognize a leaked hub token. */
export function newToken(): string {
  return `cch_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function addUser(
  db: Queryable,
  name: string,
  role: Role,
  email?: string,
  tokenExpiresAt?: string | null,
): Promise<{ user: HubUser; token: string }> {
  const token = newToken();
  const user: HubUser = { id: `u_${randomUUID()}`, name, role, email: email?.trim() || null };
  await db.query('INSERT INTO users (id, name, role, token_hash, email, token_expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
    user.id,
    name,
    role,
    hashToken(token),
    user.email,
    tokenExpiresAt ?? null,
  ]);
  return { user, token };
}

/**
 * Why a known token is refused: revoked by an admin, past the expiry it was given, turned off by
 * the identity provider (SCIM active:false), or, for the hub's SSO tokens, a sign-in that ended.
 * `note`: for SSO tokens, which token expired ('access') or why the sign-in ended.
 */
export type TokenRefusal = { reason: 'revoked' | 'expired' | 'disabled' | 'signed_out'; at: string; note?: string };

/**
 * The presented token is hashed and looked up by its hash, never compared as a string: any timing
 * the index lookup leaks is about sha-256 outputs of the attacker's own guesses, which says
 * nothing usable about the real token (finding a token for a hash prefix is a preimage attack).
 * Revoked and expired tokens are found too, so their holder is told why (DESIGN.md: a revoked
 * rep's next sync says so in words).
 */
export async function authenticateTokenHash(db: Queryable, tokenHash: string): Promise<{ user: HubUser } | { refused: TokenRefusal } | null> {
  const result = await db.query<HubUser & { revoked_at: unknown; disabled_at: unknown; token_expires_at: unknown; expired: boolean }>(
    `SELECT id, name, role, email, revoked_at, disabled_at, token_expires_at, (token_expires_at IS NOT NULL AND token_expires_at <= now()) AS expired
     FROM users WHERE token_hash = $1`,
    [tokenHash],
  );
  const row = result.rows[0];
  if (!row) return null;
  if (row.revoked_at !== null && row.revoked_at !== undefined) return { refused: { reason: 'revoked', at: toIso(row.revoked_at) ?? '' } };
  if (row.disabled_at !== null && row.disabled_at !== undefined) return { refused: { reason: 'disabled', at: toIso(row.disabled_at) ?? '' } };
  if (row.expired) return { refused: { reason: 'expired', at: toIso(row.token_expires_at) ?? '' } };
  return { user: { id: row.id, name: row.name, role: row.role, email: row.email } };
}

// ------------------------------------------------------------------------------------------
// Change log

/**
 * Postgres text and jsonb cannot hold U+0000, and its json parser refuses a lone UTF-16 surrogate
 * escape ("\ud800": invalid input syntax, a 500 for the whole import). The contract allows both in
 * strings, so U+0000 is dropped and a lone surrogate becomes U+FFFD on the way in.
 * JSON.stringify writes both as escapes, which is what the cheap check looks for.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export function toJsonParam(value: unknown): string {
  const text = JSON.stringify(value);
  if (!text.includes('\\u0000') && !/\\ud[89a-f]/i.test(text)) return text;
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'string' ? item.replaceAll('\0', '').replace(LONE_SURROGATE, '\uFFFD') : item,
  );
}

/**
 * Upserts one chunk of validated rows. A row whose data is unchanged keeps its seq, so
 * re-importing the same file does not make every client download everything again.
 * Prospects that carry a marketing platform's lead id also take over the touches filed under
 * that lead id before they were known (adoptTouches), in the same transaction.
 */
export async function upsertRows(tx: Queryable, kind: SyncKind, rows: { id: string }[]): Promise<number> {
  if (rows.length === 0) return 0;
  // ON CONFLICT DO UPDATE refuses to touch one row twice in a statement: the last row of an id wins.
  const latest = new Map<string, { id: string }>();
  for (const row of rows) latest.set(row.id, row);
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
  // prospect_id routes the row to the users whose scope holds that prospect (hub/feed.ts).
  const result = await tx.query(
    `INSERT INTO changes (kind, id, op, data, prospect_id)
     SELECT $1, r ->> 'id', 'upsert', r, CASE $1::text WHEN 'prospect' THEN r ->> 'id' WHEN 'touch' THEN r ->> 'prospectId' END
     FROM json_array_elements($2::json) AS r
     ON CONFLICT (kind, id) DO UPDATE
       SET seq = EXCLUDED.seq, op = 'upsert', data = EXCLUDED.data, prospect_id = EXCLUDED.prospect_id, changed_at = now()
       WHERE changes.op <> 'upsert' OR changes.data::text IS DISTINCT FROM EXCLUDED.data::text`,
    [kind, toJsonParam([...latest.values()])],
  );
  if (kind === 'prospect') {
    await adoptTouches(tx, [...latest.values()] as Prospect[]);
    // A new owner, account owner or region moves the prospect into or out of users' scopes, in this transaction.
    await reconcileProspects(tx, [...latest.keys()]);
  }
  return result.affected;
}

/**
 * Marketo activities name a lead id, not an email: imported before their lead, their touches are
 * filed under prospectIdForLead (lib/match/prospects.ts). When a prospect with that lead id is
 * written under another id (a known person matched by email or CRM id), its touches move to it:
 * rewritten through upsertRows, so each is a new change every client syncs.
 */
async function adoptTouches(tx: Queryable, prospects: readonly Prospect[]): Promise<void> {
  const newOwner = new Map<string, string>();
  for (const prospect of prospects) for (const from of adoptableProspectIds(prospect)) newOwner.set(from, prospect.id);
  if (newOwner.size === 0) return;
  // One result row: PGlite hands each result row to JS separately.
  const result = await tx.query<{ rows: string }>(
    `SELECT coalesce(json_agg(data), '[]')::text AS rows FROM changes
     WHERE kind = 'touch' AND op = 'upsert' AND (data ->> 'prospectId') = ANY(ARRAY(SELECT json_array_elements_text($1::json)))`,
    [toJsonParam([...newOwner.keys()])],
  );
  const touches = JSON.parse(result.rows[0]?.rows ?? '[]') as { id: string; prospectId: string }[];
  if (touches.length > 0) await upsertRows(tx, 'touch', touches.map((touch) => ({ ...touch, prospectId: newOwner.get(touch.prospectId)! })));
}

export interface ItemRef {
  kind: SyncKind;
  id: string;
}

/**
 * Turns items into tombstones (op delete, no data). Idempotent: an item that is already deleted
 * keeps its seq; an id the hub never had still gets a tombstone, since a client may hold it from
 * a file import.
 */
export async function deleteItems(tx: Queryable, items: ItemRef[]): Promise<{ kind: SyncKind; id: string; seq: number }[]> {
  if (items.length === 0) return [];
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
  await tx.query(
    // A tombstone keeps the prospect_id of the row it replaces; a touch the hub never had has none (everyone gets it).
    `INSERT INTO changes (kind, id, op, data, prospect_id)
     SELECT d.kind, d.id, 'delete', NULL::json, CASE d.kind WHEN 'prospect' THEN d.id END
     FROM (SELECT DISTINCT kind, id FROM json_to_recordset($1::json) AS r(kind text, id text)) AS d
     ON CONFLICT (kind, id) DO UPDATE
       SET seq = EXCLUDED.seq, op = 'delete', data = NULL, changed_at = now()
       WHERE changes.op <> 'delete'`,
    [toJsonParam(items)],
  );
  const result = await tx.query<{ kind: SyncKind; id: string; seq: unknown }>(
    `SELECT c.kind, c.id, c.seq FROM changes c
     JOIN (SELECT DISTINCT kind, id FROM json_to_recordset($1::json) AS r(kind text, id text)) AS d ON c.kind = d.kind AND c.id = d.id`,
    [toJsonParam(items)],
  );
  return result.rows.map((row) => ({ kind: row.kind, id: row.id, seq: Number(row.seq) }));
}

/** The import pipeline's sink: one transaction per chunk, so a huge file never holds one giant transaction. */
export function hubImportSink(db: HubDb): ImportSink {
  return {
    async write<C extends CollectionName>(collection: C, rows: RowTypes[C][]): Promise<void> {
      await db.transaction((tx) => upsertRows(tx, KIND_OF_COLLECTION[collection], rows));
    },
  };
}

export interface SyncPage {
  /** The response body, built by Postgres: row data is never parsed and re-serialized in JS. */
  json: string;
  count: number;
  cursor: number;
  hasMore: boolean;
}

export async function readChanges(db: Queryable, cursor: number, limit: number): Promise<SyncPage> {
  // One result row per page: PGlite hands each result row to JS separately, so aggregating the
  // page in SQL is cheaper than 5,000 rows. `data` is json text, pasted in as is.
  const result = await db.query<{ count: number; last: unknown; body: string | null; has_more: boolean }>(
    `WITH page AS (SELECT seq, kind, op, id, data FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2)
     SELECT count(*)::int AS count, max(seq) AS last,
       string_agg('{"seq":' || seq || ',"kind":' || to_json(kind)::text || ',"op":' || to_json(op)::text
         || ',"id":' || to_json(id)::text || coalesce(',"data":' || data::text, '') || '}', ',' ORDER BY seq) AS body,
       EXISTS (SELECT 1 FROM changes c WHERE c.seq > (SELECT max(seq) FROM page)) AS has_more
     FROM page`,
    [cursor, limit],
  );
  const row = result.rows[0];
  const count = row?.count ?? 0;
  const next = count > 0 ? Number(row!.last) : cursor;
  const hasMore = row?.has_more === true;
  const json = `{"changes":[${row?.body ?? ''}],"cursor":${next},"hasMore":${hasMore}}`;
  return { json, count, cursor: next, hasMore };
}

export async function latestSeq(db: Queryable): Promise<number> {
  const result = await db.query<{ seq: unknown }>('SELECT coalesce(max(seq), 0) AS seq FROM changes');
  return Number(result.rows[0]?.seq ?? 0);
}

export async function getMeta(db: Queryable, key: string): Promise<unknown> {
  const result = await db.query<{ value: unknown }>('SELECT value FROM hub_meta WHERE key = $1', [key]);
  return result.rows[0]?.value;
}

export async function setMeta(db: Queryable, key: string, value: unknown): Promise<void> {
  await db.query(
    'INSERT INTO hub_meta (key, value) VALUES ($1, $2::jsonb) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value',
    [key, toJsonParam(value)],
  );
}

// ------------------------------------------------------------------------------------------
// Usage

/**
 * One statement per batch. The rep comes from the token (repId), never from the event. Duplicate
 * ids, whether already stored or repeated inside the batch, are skipped by ON CONFLICT DO NOTHING
 * and counted as duplicates.
 */
export async function insertUsage(db: Queryable, repId: string, events: UsageEvent[]): Promise<{ accepted: number; duplicates: number }> {
  if (events.length === 0) return { accepted: 0, duplicates: 0 };
  const result = await db.query(
    `INSERT INTO usage_events (id, rep_id, type, at, surface, prospect_id, message_id, message_version, asset_id, rank, reasons, request, retained, scheduled, reason)
     SELECT e.id, $1, e.type, e.at, e.surface, e."prospectId", e."messageId", e."messageVersion", e."assetId", e.rank, e.reasons, e.request, e.retained, e.scheduled, e.reason
     FROM json_to_recordset($2::json) AS e(
       id uuid, type text, at timestamptz, surface text, "prospectId" text, "messageId" text,
       "messageVersion" integer, "assetId" text, rank integer, reasons jsonb, request text, retained double precision, scheduled boolean, reason text)
     ON CONFLICT (id) DO NOTHING`,
    [repId, toJsonParam(events)],
  );
  return { accepted: result.affected, duplicates: events.length - result.affected };
}
