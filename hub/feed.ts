/**
 * One user's sync feed (`GET /v1/sync`, issue 17): the change log as the user's scope sees it,
 * with DESIGN.md's guarantees kept per user — changes in `seq` order, resumable from the cursor,
 * each page written by the client together with the cursor after it.
 *
 * Positions. Every change a user receives has a position, sent as its `seq`:
 * - a message or asset (and a tombstone the hub cannot place): its own seq;
 * - a row (prospect or touch) of a prospect in the user's scope, written after the prospect
 *   entered the scope: its own seq;
 * - when a prospect enters the scope (scope_members.seq = S): the prospect and its touches written
 *   before S, all at position S, as upserts — the client gets the prospect with its history even
 *   though those rows are older than its cursor;
 * - when a prospect leaves (S): a delete for the prospect and for each of its touches, at S. The
 *   hub keeps them; only this user's browser drops them.
 * Positions only grow with time (every seq is taken under CHANGE_LOCK), so a client at cursor c
 * has everything at positions ≤ c and needs exactly the positions > c. A scope change adds
 * positions after every cursor: no client ever starts over from zero.
 *
 * A page takes whole positions: a prospect entering never straddles two pages (so a page may exceed
 * `limit` by one prospect's history). The cursor is the last position in the page, or, once the
 * user has everything, the newest seq visible in the page's snapshot.
 *
 * Cost. Each page is index range scans bounded by `limit` and by the user's own rows:
 * - entries and leaves: scope_members (user_id, seq), then each prospect's rows by (prospect_id, seq);
 * - messages and assets: the log's rows without a prospect, in seq order;
 * - later rows of the user's prospects, read one of two ways, whichever reads less: the log in seq
 *   order from the cursor, each row checked against the user's scope by primary key (at most
 *   SEQ_WINDOW rows per page), or each prospect of the scope probed for rows after the cursor
 *   (a large territory after a long absence, when the log has moved on far more than it holds).
 * Nothing reads the workspace as a whole.
 */
import { DEFAULT_TOUCH_HORIZON_DAYS } from '../lib/contract';
import type { HubDb, Queryable } from './db';
import { prepareScope } from './scope';
import type { SyncPage } from './store';

/** At most this many log rows are checked against the user's scope per page (seq order). */
export const SEQ_WINDOW = 50_000;
/**
 * Reading a prospect's later rows by index costs about as much as checking this many log rows in
 * seq order: the feed probes the scope's prospects when the log has moved on by more than this
 * many seqs per prospect held.
 */
export const PROBE_COST = 8;
const NO_BOUND = Number.MAX_SAFE_INTEGER;

export interface FeedOptions {
  /** The clock the touch horizon is measured from (tests pin it). */
  now?: number;
}

interface FeedStats {
  latest: unknown;
  mine: unknown;
  first_member: unknown;
  horizon: number | null;
  mode: 'territory' | 'workspace' | null;
}

interface Key {
  pos: number;
  seq: number;
  del: boolean;
  /** A row of an entering or leaving prospect: numbered inside its position's block. */
  group: boolean;
}

const numbers = (values: unknown): number[] => (Array.isArray(values) ? values.map(Number) : []);

/**
 * Rows of one entering or leaving prospect (scope row m): those written before it moved, every one
 * for a leave, the upserts for an entry. They are what its block of seqs was sized for (hub/scope.ts).
 */
const GROUP_ROWS = `
  SELECT c.seq FROM changes c
  WHERE c.prospect_id = m.prospect_id AND c.seq <= m.seq AND (NOT m.in_scope OR c.op = 'upsert')
  ORDER BY c.seq`;

type Later = 'none' | 'seq' | 'probe' | 'all';

function keysSql(later: Later): string {
  const rows =
    later === 'all'
      ? // Workspace mode: the whole log, as before scopes.
        `SELECT seq FROM changes WHERE seq > $2::bigint AND seq <= $3::bigint AND $5::bigint IS NOT NULL ORDER BY seq LIMIT $4`
      : later === 'seq'
        ? `SELECT r.seq FROM changes r JOIN scope_members m ON m.user_id = $1 AND m.prospect_id = r.prospect_id
           WHERE r.prospect_id IS NOT NULL AND r.seq > $5::bigint AND r.seq <= $3::bigint AND m.in_scope AND m.seq < r.seq
           ORDER BY r.seq LIMIT $4`
        : later === 'probe'
          ? `SELECT g.seq FROM scope_members m CROSS JOIN LATERAL (
               SELECT r.seq FROM changes r
               WHERE r.prospect_id = m.prospect_id AND r.seq > greatest($2::bigint, m.seq) AND r.seq <= $3::bigint
               ORDER BY r.seq LIMIT $4) g
             WHERE m.user_id = $1 AND m.in_scope AND $5::bigint IS NOT NULL
             ORDER BY g.seq LIMIT $4`
          : `SELECT NULL::bigint AS seq WHERE $5::bigint IS NULL`;
  // Workspace mode reads messages and assets with the rest of the log.
  const content =
    later === 'all'
      ? `SELECT NULL::bigint AS seq WHERE false`
      : `SELECT seq FROM changes WHERE prospect_id IS NULL AND seq > $2::bigint AND seq <= $3::bigint ORDER BY seq LIMIT $4`;
  return `
    WITH a AS (${content}),
    b AS (
      SELECT m.seq AS pos, g.seq, NOT m.in_scope AS del FROM scope_members m CROSS JOIN LATERAL (${GROUP_ROWS}) g
      WHERE m.user_id = $1 AND m.seq > $2::bigint AND m.seq <= $3::bigint
      ORDER BY m.seq, g.seq LIMIT $4
    ),
    c AS (${rows})
    SELECT
      (SELECT coalesce(array_agg(seq ORDER BY seq), '{}') FROM a) AS a,
      (SELECT coalesce(array_agg(pos ORDER BY pos, seq), '{}') FROM b) AS b_pos,
      (SELECT coalesce(array_agg(seq ORDER BY pos, seq), '{}') FROM b) AS b_seq,
      (SELECT coalesce(array_agg(del ORDER BY pos, seq), '{}') FROM b) AS b_del,
      (SELECT coalesce(array_agg(seq ORDER BY seq), '{}') FROM c WHERE seq IS NOT NULL) AS c`;
}

/** The rest of one position's group, past the rows a page already took. */
const GROUP_REST = `
  SELECT coalesce(array_agg(g.seq ORDER BY g.seq), '{}') AS seq, bool_or(NOT m.in_scope) AS del
  FROM scope_members m CROSS JOIN LATERAL (${GROUP_ROWS}) g
  WHERE m.user_id = $1 AND m.seq = $2::bigint AND g.seq > $3::bigint`;

/**
 * The page as JSON, built by Postgres (row data is pasted in as stored, never parsed in JS).
 * Touches older than the user's horizon are left out here, after the page's positions are chosen.
 */
const PAGE_JSON = `
  SELECT count(*)::int AS count,
    string_agg('{"seq":' || p.pos || ',"kind":' || to_json(c.kind)::text
      || ',"op":' || CASE WHEN p.del THEN '"delete"' ELSE to_json(c.op)::text END
      || ',"id":' || to_json(c.id)::text
      || CASE WHEN NOT p.del AND c.data IS NOT NULL THEN ',"data":' || c.data::text ELSE '' END || '}', ',' ORDER BY p.ord) AS body
  FROM unnest($1::bigint[], $2::bigint[], $3::boolean[]) WITH ORDINALITY AS p(pos, seq, del, ord)
  JOIN changes c ON c.seq = p.seq
  WHERE p.del OR c.kind <> 'touch' OR c.op <> 'upsert'
    OR NOT (coalesce(c.data ->> 'occurredAt', '') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' AND left(c.data ->> 'occurredAt', 10) < $4)`;

async function chooseLater(tx: Queryable, userId: string, start: number, latest: number): Promise<{ later: Later; bound: number }> {
  const remaining = latest - start;
  if (remaining <= 0) return { later: 'none', bound: NO_BOUND };
  const cap = Math.floor(remaining / PROBE_COST) + 1;
  const held = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM (SELECT 1 FROM scope_members WHERE user_id = $1 AND in_scope LIMIT $2) AS x',
    [userId, cap],
  );
  const members = Number(held.rows[0]?.n ?? 0);
  if (members === 0) return { later: 'none', bound: NO_BOUND };
  if (members * PROBE_COST < remaining) return { later: 'probe', bound: NO_BOUND };
  if (remaining <= SEQ_WINDOW) return { later: 'seq', bound: NO_BOUND };
  const end = await tx.query<{ seq: unknown }>(
    'SELECT seq FROM changes WHERE prospect_id IS NOT NULL AND seq > $1::bigint ORDER BY seq OFFSET $2 LIMIT 1',
    [start, SEQ_WINDOW - 1],
  );
  return { later: 'seq', bound: end.rows[0] ? Number(end.rows[0].seq) : NO_BOUND };
}

/**
 * An entering or leaving prospect's rows take the last seqs of its block, in seq order: the last
 * one the block's end (its scope row's seq), so every change in the feed has a seq of its own.
 */
function numberGroups(page: Key[]): void {
  for (let i = 0; i < page.length; ) {
    let j = i;
    while (j < page.length && page[j]!.group && page[j]!.pos === page[i]!.pos) j++;
    if (j === i) {
      i++;
      continue;
    }
    const end = page[i]!.pos;
    for (let k = i; k < j; k++) page[k]!.pos = end - (j - 1 - k);
    i = j;
  }
}

export async function readFeed(db: HubDb, userId: string, cursor: number, limit: number, options: FeedOptions = {}): Promise<SyncPage> {
  await prepareScope(db, userId);
  return db.transaction(async (tx) => {
    // One snapshot for every read of the page: a change committed meanwhile is either wholly in it or after its cursor.
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const stats = (
      await tx.query<FeedStats>(
        `SELECT (SELECT max(seq) FROM changes) AS latest,
           (SELECT max(seq) FROM scope_members WHERE user_id = $1) AS mine,
           (SELECT min(seq) FROM scope_members WHERE user_id = $1) AS first_member,
           (SELECT touch_horizon_days FROM user_scopes WHERE user_id = $1) AS horizon,
           (SELECT applied_mode FROM user_scopes WHERE user_id = $1) AS mode`,
        [userId],
      )
    ).rows[0]!;
    const latest = Number(stats.latest ?? 0);
    const mine = Number(stats.mine ?? 0);
    // Rows after an entry are at their own seq, so none lies before the user's first entry.
    const start = Math.max(cursor, Number(stats.first_member ?? latest));
    const { later, bound } =
      stats.mode === 'workspace'
        ? { later: 'all' as const, bound: NO_BOUND }
        : stats.mine === null
          ? { later: 'none' as const, bound: NO_BOUND }
          : await chooseLater(tx, userId, start, latest);

    const keys = (await tx.query<{ a: unknown; b_pos: unknown; b_seq: unknown; b_del: unknown; c: unknown }>(keysSql(later), [userId, cursor, bound, limit, start])).rows[0]!;
    const a = numbers(keys.a);
    const bPos = numbers(keys.b_pos);
    const bSeq = numbers(keys.b_seq);
    const bDel = Array.isArray(keys.b_del) ? (keys.b_del as unknown[]).map((value) => value === true || value === 't') : [];
    const c = numbers(keys.c);
    const merged: Key[] = [
      ...a.map((seq) => ({ pos: seq, seq, del: false, group: false })),
      ...bPos.map((pos, i) => ({ pos, seq: bSeq[i]!, del: bDel[i]!, group: true })),
      ...c.map((seq) => ({ pos: seq, seq, del: false, group: false })),
    ].sort((x, y) => x.pos - y.pos || x.seq - y.seq);

    let page = merged.slice(0, limit);
    const full = page.length >= limit;
    if (full) {
      const last = page[page.length - 1]!.pos;
      // Whole positions only: the rest of an entering or leaving prospect comes along.
      page = merged.filter((key, i) => i < limit || key.pos === last);
      if (bPos.length >= limit && bPos[bPos.length - 1] === last) {
        const rest = (await tx.query<{ seq: unknown; del: boolean | null }>(GROUP_REST, [userId, last, page[page.length - 1]!.seq])).rows[0];
        for (const seq of numbers(rest?.seq)) page.push({ pos: last, seq, del: rest?.del === true, group: true });
      }
    }

    let next: number;
    let hasMore: boolean;
    if (full) {
      next = page[page.length - 1]!.pos;
      hasMore = true;
    } else if (bound !== NO_BOUND) {
      next = bound;
      hasMore = true;
    } else {
      next = Math.max(cursor, latest, mine);
      hasMore = false;
    }

    numberGroups(page);
    const horizonDays = stats.horizon ?? DEFAULT_TOUCH_HORIZON_DAYS;
    const oldest = new Date((options.now ?? Date.now()) - horizonDays * 86_400_000).toISOString().slice(0, 10);
    let count = 0;
    let body = '';
    if (page.length > 0) {
      const json = (
        await tx.query<{ count: number; body: string | null }>(PAGE_JSON, [page.map((key) => key.pos), page.map((key) => key.seq), page.map((key) => key.del), oldest])
      ).rows[0];
      count = json?.count ?? 0;
      body = json?.body ?? '';
    }
    return { json: `{"changes":[${body}],"cursor":${next},"hasMore":${hasMore}}`, count, cursor: next, hasMore };
  });
}
