/**
 * Sync scope per user (issue 17): which prospects each user's feed carries. The rules are in
 * lib/contract/scope.ts; here they are kept as rows, one per (user, prospect) that is or was in the
 * user's scope (`scope_members`), so a feed is read from the user's own rows (hub/feed.ts) and the
 * size of the workspace never enters a request.
 *
 * Invariants:
 * - Entering or leaving a scope takes a seq from the change log's sequence, under CHANGE_LOCK, so
 *   it is a position in the user's feed like any change, visible in seq order.
 * - Scopes follow their causes in the same transaction: a prospect's new owner, account owner or
 *   region (reconcileProspects, called by upsertRows), an admin's change of a user's scope or team,
 *   a user's new address or role (reconcileUsers). People a user opened join at the user's next
 *   sync and leave when the open is older than the user's opened window (prepareScope).
 * - A prospect leaving a scope is not deleted on the hub: the user's feed says "delete" for it.
 * - Revoked users keep no scope rows that anything reads; the rows go with the revocation.
 * - A user who existed before scopes (holds_all) may hold the whole workspace in their browser: their
 *   first scope keeps what is in it at seq 0 (already held) and sends a leave for everything else.
 */
import {
  DEFAULT_OPENED_DAYS,
  DEFAULT_TOUCH_HORIZON_DAYS,
  type ScopePatch,
  type ScopeSettings,
  type ScopeView,
} from '../lib/contract';
import type { HubDb, Queryable } from './db';
import { CHANGE_LOCK } from './locks';

/**
 * Each user's scope settings with the defaults applied; `WHERE` narrows it (users u, user_scopes s).
 * Marketing, admins and reps without an address default to the workspace: a territory is found by
 * the rep's own address.
 */
const scopeUsers = (where: string) => `
  SELECT u.id AS user_id, cuecard_text_key(u.email) AS email,
    coalesce(s.mode, CASE WHEN u.role = 'rep' AND u.email IS NOT NULL THEN 'territory' ELSE 'workspace' END) AS mode,
    cuecard_text_key(s.team) AS team,
    ARRAY(SELECT cuecard_text_key(t) FROM unnest(s.teams) AS t) AS teams,
    ARRAY(SELECT cuecard_text_key(r) FROM unnest(s.regions) AS r) AS regions,
    ARRAY(SELECT cuecard_text_key(o) FROM unnest(s.owners) AS o) AS owners,
    coalesce(s.opened_days, ${DEFAULT_OPENED_DAYS}) AS opened_days
  FROM users u JOIN user_scopes s ON s.user_id = u.id
  WHERE u.revoked_at IS NULL AND ${where}`;

/** Owners' addresses with their team: a team's prospects are those its members own. */
const TEAM_OF = `
  SELECT cuecard_text_key(u.email) AS email, cuecard_text_key(s.team) AS team
  FROM users u JOIN user_scopes s ON s.user_id = u.id
  WHERE s.team IS NOT NULL AND u.email IS NOT NULL`;

/**
 * Who of the territory users ($2: one, or NULL for all) should hold each of these prospects ($1).
 * Every rule is an equality join from the prospects' keys: no user is read one by one.
 */
const WANT_FOR_PROSPECTS = `
  ids AS (SELECT unnest($1::text[]) AS id),
  p AS (
    SELECT c.id, cuecard_text_key(c.data ->> 'owner') AS owner,
      cuecard_text_key(c.data ->> 'accountOwner') AS account_owner, cuecard_text_key(c.data ->> 'region') AS region
    FROM changes c WHERE c.kind = 'prospect' AND c.op = 'upsert' AND c.id IN (SELECT id FROM ids)
  ),
  su AS (${scopeUsers(`s.applied_mode = 'territory' AND ($2::text IS NULL OR u.id = $2)`)} ),
  team_of AS (${TEAM_OF}),
  want AS (
    SELECT su.user_id, p.id AS prospect_id FROM su JOIN p ON p.owner = su.email
    UNION SELECT su.user_id, p.id FROM su JOIN p ON p.account_owner = su.email
    UNION SELECT su.user_id, p.id FROM su CROSS JOIN LATERAL unnest(su.owners) AS o(email) JOIN p ON p.owner = o.email
    UNION SELECT su.user_id, p.id FROM su CROSS JOIN LATERAL unnest(su.regions) AS r(region) JOIN p ON p.region = r.region
    UNION SELECT su.user_id, p.id FROM p JOIN team_of t ON t.email = p.owner JOIN su ON su.team = t.team
    UNION SELECT su.user_id, p.id FROM p JOIN team_of t ON t.email = p.owner JOIN su ON t.team = ANY(su.teams)
    UNION SELECT so.user_id, so.prospect_id FROM scope_opened so JOIN su ON su.user_id = so.user_id JOIN p ON p.id = so.prospect_id
      WHERE so.opened_at > now() - make_interval(days => su.opened_days)
  ),
  moves AS (
    SELECT w.user_id, w.prospect_id, true AS enter FROM want w
    WHERE NOT EXISTS (SELECT 1 FROM scope_members x WHERE x.user_id = w.user_id AND x.prospect_id = w.prospect_id AND x.in_scope)
    UNION ALL
    SELECT m.user_id, m.prospect_id, false FROM scope_members m
    WHERE m.prospect_id IN (SELECT id FROM ids) AND m.in_scope AND m.user_id IN (SELECT user_id FROM su)
      AND NOT EXISTS (SELECT 1 FROM want w WHERE w.user_id = m.user_id AND w.prospect_id = m.prospect_id)
  )`;

/**
 * One territory user's prospects ($1), found through the key indexes of migration 9 by owner,
 * account owner and region: a territory never reads the rest of the workspace.
 */
const WANT_FOR_USER = `
  su AS (${scopeUsers('u.id = $1')}),
  team_of AS (${TEAM_OF}),
  owners AS (
    SELECT su.email FROM su WHERE su.email IS NOT NULL
    UNION SELECT o FROM su CROSS JOIN LATERAL unnest(su.owners) AS o
    UNION SELECT t.email FROM su JOIN team_of t ON t.team = su.team OR t.team = ANY(su.teams)
  ),
  -- One index probe per owner, account owner and region: OFFSET 0 keeps each subquery a probe. Joined
  -- plainly, the planner (a dozen owners estimated) hashed them against every prospect: 5.6 s a rep
  -- at 1,000,000 prospects, against milliseconds (hub/scale.ts).
  want AS (
    SELECT c.id AS prospect_id FROM owners o CROSS JOIN LATERAL (
      SELECT c.id FROM changes c WHERE c.kind = 'prospect' AND cuecard_text_key(c.data ->> 'owner') = o.email AND c.op = 'upsert' OFFSET 0) c
    UNION SELECT c.id FROM su CROSS JOIN LATERAL (
      SELECT c.id FROM changes c WHERE c.kind = 'prospect' AND cuecard_text_key(c.data ->> 'accountOwner') = su.email AND c.op = 'upsert' OFFSET 0) c
    UNION SELECT c.id FROM su CROSS JOIN LATERAL unnest(su.regions) AS r(region) CROSS JOIN LATERAL (
      SELECT c.id FROM changes c WHERE c.kind = 'prospect' AND cuecard_text_key(c.data ->> 'region') = r.region AND c.op = 'upsert' OFFSET 0) c
    UNION SELECT so.prospect_id FROM scope_opened so JOIN su ON su.user_id = so.user_id
      JOIN changes c ON c.kind = 'prospect' AND c.id = so.prospect_id AND c.op = 'upsert'
      WHERE so.opened_at > now() - make_interval(days => su.opened_days)
  )`;

/** A territory's changes: prospects to enter and to leave. */
const TERRITORY_MOVES = `
  moves AS (
    SELECT $1::text AS user_id, w.prospect_id, true AS enter FROM want w
    WHERE NOT EXISTS (SELECT 1 FROM scope_members x WHERE x.user_id = $1 AND x.prospect_id = w.prospect_id AND x.in_scope)
    UNION ALL
    SELECT m.user_id, m.prospect_id, false FROM scope_members m
    WHERE m.user_id = $1 AND m.in_scope AND m.prospect_id NOT IN (SELECT prospect_id FROM want)
  )`;

/**
 * A browser that may hold the whole workspace (a user from before scopes, or back from workspace
 * mode) taking up a territory: what it holds and should keep is marked held (seq 0: already sent),
 * every other prospect leaves.
 */
const HELD_TERRITORY = `
  WITH ${WANT_FOR_USER}
  INSERT INTO scope_members (user_id, prospect_id, seq, in_scope)
  SELECT $1, prospect_id, 0, true FROM want
  ON CONFLICT (user_id, prospect_id) DO UPDATE SET seq = 0, in_scope = true WHERE NOT scope_members.in_scope`;
const LEAVE_REST = `
  ${WANT_FOR_USER},
  moves AS (
    SELECT DISTINCT $1::text AS user_id, c.id AS prospect_id, false AS enter FROM changes c
    WHERE c.kind = 'prospect' AND c.id NOT IN (SELECT prospect_id FROM want)
  )`;

/** Every prospect of the workspace enters ($1's browser held a territory, or a wider horizon re-sends them). */
const ENTER_ALL = `
  moves AS (
    SELECT $1::text AS user_id, c.id AS prospect_id, true AS enter FROM changes c
    WHERE c.kind = 'prospect' AND c.op = 'upsert' AND ($2::boolean OR NOT EXISTS (
      SELECT 1 FROM scope_members x WHERE x.user_id = $1 AND x.prospect_id = c.id AND x.in_scope))
  )`;

/**
 * Writes moves (`user_id, prospect_id, enter`) as scope rows. Each move reserves a block of
 * consecutive seqs, one per row the feed will send for it (the prospect and its touches), and the
 * row takes the block's last seq: the feed numbers an entering prospect's rows inside its block, so
 * every change a user receives has a seq of its own (hub/feed.ts). Needs CHANGE_LOCK: nobody else
 * takes seqs between nextval and setval.
 */
const applyMoves = (ctes: string) => `
  WITH ${ctes},
  sized AS (
    SELECT mv.user_id, mv.prospect_id, mv.enter,
      greatest(1, (SELECT count(*) FROM changes c WHERE c.prospect_id = mv.prospect_id AND (NOT mv.enter OR c.op = 'upsert'))) AS size
    FROM moves mv
  ),
  placed AS (
    SELECT s.*, sum(s.size) OVER (ORDER BY s.user_id, s.prospect_id ROWS UNBOUNDED PRECEDING) AS upto FROM sized s
  ),
  base AS MATERIALIZED (SELECT CASE WHEN EXISTS (SELECT 1 FROM moves) THEN nextval('changes_seq_seq'::regclass) END AS first),
  written AS (
    INSERT INTO scope_members AS m (user_id, prospect_id, seq, in_scope)
    SELECT p.user_id, p.prospect_id, base.first + p.upto - 1, p.enter FROM placed p CROSS JOIN base
    ON CONFLICT (user_id, prospect_id) DO UPDATE SET seq = EXCLUDED.seq, in_scope = EXCLUDED.in_scope
    RETURNING m.in_scope, m.seq
  )
  SELECT count(*) FILTER (WHERE in_scope)::int AS entered, count(*) FILTER (WHERE NOT in_scope)::int AS left, max(seq) AS last FROM written`;

export interface ScopeDelta {
  entered: number;
  left: number;
}

async function lockChanges(tx: Queryable): Promise<void> {
  // Reentrant: a transaction that already holds it (upsertRows) takes it again at no cost.
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOCK]);
}

async function runMoves(tx: Queryable, ctes: string, params: unknown[]): Promise<ScopeDelta> {
  const row = (await tx.query<ScopeDelta & { last: unknown }>(applyMoves(ctes), params)).rows[0];
  if (row?.last !== null && row?.last !== undefined) {
    // The blocks end here: the next change or scope move takes the seq after it.
    await tx.query(`SELECT setval('changes_seq_seq'::regclass, $1::bigint)`, [Number(row.last)]);
  }
  return { entered: row?.entered ?? 0, left: row?.left ?? 0 };
}

/**
 * After prospects were written: each territory user gains the ones they should now hold and loses
 * the ones they should not (a new owner, account owner or region). Inside the writer's transaction.
 * `userId` narrows it to one user (the people they opened).
 */
export async function reconcileProspects(tx: Queryable, prospectIds: readonly string[], userId: string | null = null): Promise<ScopeDelta> {
  if (prospectIds.length === 0) return { entered: 0, left: 0 };
  const anyone = await tx.query(`SELECT 1 FROM user_scopes WHERE applied_mode = 'territory' LIMIT 1`);
  if (anyone.rows.length === 0) return { entered: 0, left: 0 };
  await lockChanges(tx);
  return runMoves(tx, WANT_FOR_PROSPECTS, [[...prospectIds], userId]);
}

/**
 * Recomputes whole scopes (a user's new scope settings, team, address or role), and takes a user
 * from one mode to the other. Workspace mode keeps no rows: the user's feed is the whole log.
 */
export async function reconcileUsers(tx: Queryable, userIds: readonly string[], options: { resend?: boolean } = {}): Promise<ScopeDelta> {
  const total: ScopeDelta = { entered: 0, left: 0 };
  if (userIds.length === 0) return total;
  await lockChanges(tx);
  // A territory's statement is costed (a rep's 2,000 prospects and their rows' seqs) past
  // jit_above_cost: compiling it took longer than running it (4.2 s against 1.7 s a rep at
  // 1,000,000 prospects, hub/scale.ts). For the rest of this transaction only.
  await tx.query('SET LOCAL jit = off');
  for (const userId of [...new Set(userIds)].sort()) {
    await tx.query(
      `INSERT INTO user_scopes (user_id) SELECT id FROM users WHERE id = $1 AND revoked_at IS NULL ON CONFLICT (user_id) DO NOTHING`,
      [userId],
    );
    const state = await tx.query<{ applied: 'territory' | 'workspace' | null; holds_all: boolean; mode: 'territory' | 'workspace' }>(
      `SELECT s.applied_mode AS applied, s.holds_all, su.mode FROM user_scopes s JOIN (${scopeUsers('u.id = $1')}) su ON su.user_id = s.user_id`,
      [userId],
    );
    const row = state.rows[0];
    if (!row) continue;
    let delta: ScopeDelta = { entered: 0, left: 0 };
    if (row.mode === 'workspace') {
      // A browser that held a territory receives the rest; a wider horizon sends everything again.
      if (row.applied === 'territory' || (options.resend && row.applied === 'workspace')) {
        delta = await runMoves(tx, ENTER_ALL, [userId, options.resend === true]);
      }
    } else if (row.applied === 'workspace' || (row.applied === null && row.holds_all)) {
      await tx.query(HELD_TERRITORY, [userId]);
      delta = await runMoves(tx, LEAVE_REST, [userId]);
    } else {
      delta = await runMoves(tx, `${WANT_FOR_USER}, ${TERRITORY_MOVES}`, [userId]);
      if (options.resend) {
        // Older touches are now in range: every prospect held enters again, with all of them.
        const again = await runMoves(tx, `moves AS (SELECT user_id, prospect_id, true AS enter FROM scope_members WHERE user_id = $1 AND in_scope)`, [userId]);
        delta.entered += again.entered;
      }
    }
    await tx.query('UPDATE user_scopes SET applied_mode = $2, holds_all = false WHERE user_id = $1', [userId, row.mode]);
    total.entered += delta.entered;
    total.left += delta.left;
  }
  return total;
}

/** The user and everyone whose team rules read the user's prospects (same team, or covering it). */
export async function usersSharingTeams(db: Queryable, teams: readonly (string | null | undefined)[]): Promise<string[]> {
  const keys = teams.filter((team): team is string => typeof team === 'string' && team.trim() !== '').map((team) => team.trim().toLowerCase());
  if (keys.length === 0) return [];
  const result = await db.query<{ user_id: string }>(
    `SELECT user_id FROM user_scopes
     WHERE cuecard_text_key(team) = ANY($1::text[])
        OR EXISTS (SELECT 1 FROM unnest(teams) AS t WHERE cuecard_text_key(t) = ANY($1::text[]))`,
    [keys],
  );
  return result.rows.map((row) => row.user_id);
}

/**
 * Before a user's feed is read: their first scope, and the people they opened since (they join)
 * or opened too long ago (they leave unless another rule keeps them). The check is one indexed read;
 * the lock is taken only when there is something to write.
 */
export async function prepareScope(db: HubDb, userId: string): Promise<void> {
  const pendingSql = `
    SELECT s.applied_mode AS applied,
      EXISTS (SELECT 1 FROM scope_opened o WHERE o.user_id = $1
        AND (NOT o.applied OR o.opened_at <= now() - make_interval(days => coalesce(s.opened_days, ${DEFAULT_OPENED_DAYS})))) AS pending
    FROM users u LEFT JOIN user_scopes s ON s.user_id = u.id WHERE u.id = $1`;
  type Pending = { applied: 'territory' | 'workspace' | null; pending: boolean | null };
  const state = (await db.query<Pending>(pendingSql, [userId])).rows[0];
  if (!state || (state.applied !== null && !state.pending)) return;
  await db.transaction(async (tx) => {
    await lockChanges(tx);
    const again = (await tx.query<Pending>(pendingSql, [userId])).rows[0];
    if (!again) return;
    if (again.applied === null) {
      // The first scope reads the opened people too.
      await reconcileUsers(tx, [userId]);
    } else if (again.pending && again.applied === 'territory') {
      const opened = await tx.query<{ prospect_id: string }>(
        `SELECT o.prospect_id FROM scope_opened o JOIN user_scopes s ON s.user_id = o.user_id
         WHERE o.user_id = $1 AND (NOT o.applied OR o.opened_at <= now() - make_interval(days => coalesce(s.opened_days, ${DEFAULT_OPENED_DAYS})))`,
        [userId],
      );
      await reconcileProspects(tx, opened.rows.map((row) => row.prospect_id), userId);
    }
    await tx.query('UPDATE scope_opened SET applied = true WHERE user_id = $1 AND NOT applied', [userId]);
    await tx.query(
      `DELETE FROM scope_opened o USING user_scopes s
       WHERE o.user_id = $1 AND s.user_id = o.user_id AND o.opened_at <= now() - make_interval(days => coalesce(s.opened_days, ${DEFAULT_OPENED_DAYS}))`,
      [userId],
    );
  });
}

/** A user opened these people (a lookup, or the sidebar showing them): they join the user's scope at their next sync. */
export async function recordOpened(db: Queryable, userId: string, prospectIds: readonly string[]): Promise<void> {
  if (prospectIds.length === 0) return;
  await db.query(
    `INSERT INTO scope_opened (user_id, prospect_id, opened_at, applied)
     SELECT $1, id, now(), false FROM unnest($2::text[]) AS id
     ON CONFLICT (user_id, prospect_id) DO UPDATE SET opened_at = now()`,
    [userId, [...new Set(prospectIds)]],
  );
}

/** The touch horizon of a user, in days (the default when no admin set one). */
export async function touchHorizonDays(db: Queryable, userId: string): Promise<number> {
  const result = await db.query<{ days: number | null }>('SELECT touch_horizon_days AS days FROM user_scopes WHERE user_id = $1', [userId]);
  return result.rows[0]?.days ?? DEFAULT_TOUCH_HORIZON_DAYS;
}

interface ScopeRow {
  mode: 'territory' | 'workspace' | null;
  team: string | null;
  teams: string[] | null;
  regions: string[] | null;
  owners: string[] | null;
  touch_horizon_days: number | null;
  opened_days: number | null;
  effective_mode: 'territory' | 'workspace';
  prospects: number;
  opened: number;
}

export class ScopeError extends Error {
  constructor(
    readonly status: 404 | 409,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What an admin set for a user, what applies, and how much the user's feed holds. */
export async function readScope(db: Queryable, userId: string): Promise<ScopeView> {
  const result = await db.query<ScopeRow>(
    `SELECT s.mode, s.team, s.teams, s.regions, s.owners, s.touch_horizon_days, s.opened_days,
       coalesce(s.mode, CASE WHEN u.role = 'rep' AND u.email IS NOT NULL THEN 'territory' ELSE 'workspace' END) AS effective_mode,
       CASE WHEN coalesce(s.mode, CASE WHEN u.role = 'rep' AND u.email IS NOT NULL THEN 'territory' ELSE 'workspace' END) = 'workspace'
         THEN (SELECT count(*) FROM changes c WHERE c.kind = 'prospect' AND c.op = 'upsert')
         ELSE (SELECT count(*) FROM scope_members m WHERE m.user_id = u.id AND m.in_scope) END::int AS prospects,
       (SELECT count(*) FROM scope_opened o WHERE o.user_id = u.id
          AND o.opened_at > now() - make_interval(days => coalesce(s.opened_days, ${DEFAULT_OPENED_DAYS})))::int AS opened
     FROM users u LEFT JOIN user_scopes s ON s.user_id = u.id WHERE u.id = $1`,
    [userId],
  );
  const row = result.rows[0];
  if (!row) throw new ScopeError(404, 'not_found', 'No user with this id.');
  const settings: ScopeSettings = {
    mode: row.mode,
    team: row.team,
    teams: row.teams ?? [],
    regions: row.regions ?? [],
    owners: row.owners ?? [],
    touchHorizonDays: row.touch_horizon_days,
    openedDays: row.opened_days,
  };
  return {
    userId,
    settings,
    effective: {
      mode: row.effective_mode,
      touchHorizonDays: row.touch_horizon_days ?? DEFAULT_TOUCH_HORIZON_DAYS,
      openedDays: row.opened_days ?? DEFAULT_OPENED_DAYS,
    },
    prospects: Number(row.prospects),
    opened: Number(row.opened),
  };
}

function uniqueLabels(values: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
}

/**
 * An admin's change of one user's scope, in one transaction with the scope rows it moves: the user's
 * own, and, when their team changes, those of everyone whose team rules read their prospects.
 * A wider touch horizon sends the user's prospects again (with the older touches); a narrower one
 * changes nothing already sent.
 */
export async function changeScope(db: HubDb, userId: string, patch: ScopePatch, onChanged?: (tx: Queryable, fields: string[]) => Promise<void>): Promise<{ scope: ScopeView } & ScopeDelta> {
  return db.transaction(async (tx) => {
    await lockChanges(tx);
    const user = await tx.query<{ revoked: boolean }>('SELECT revoked_at IS NOT NULL AS revoked FROM users WHERE id = $1 FOR UPDATE', [userId]);
    if (!user.rows[0]) throw new ScopeError(404, 'not_found', 'No user with this id.');
    if (user.rows[0].revoked) throw new ScopeError(409, 'revoked', 'This user was revoked; their scope no longer matters.');
    const before = await readScope(tx, userId);
    const fields: string[] = [];
    const next = { ...before.settings };
    const set = <K extends keyof ScopeSettings>(key: K, value: ScopeSettings[K]) => {
      if (JSON.stringify(value) === JSON.stringify(before.settings[key])) return;
      next[key] = value;
      fields.push(key);
    };
    if (patch.mode !== undefined) set('mode', patch.mode);
    if (patch.team !== undefined) set('team', patch.team?.trim() ?? null);
    if (patch.teams !== undefined) set('teams', uniqueLabels(patch.teams));
    if (patch.regions !== undefined) set('regions', uniqueLabels(patch.regions));
    if (patch.owners !== undefined) set('owners', uniqueLabels(patch.owners.map((owner) => owner.toLowerCase())));
    if (patch.touchHorizonDays !== undefined) set('touchHorizonDays', patch.touchHorizonDays);
    if (patch.openedDays !== undefined) set('openedDays', patch.openedDays);
    if (fields.length === 0) {
      // Nothing to change; a scope never computed yet is computed now (idempotent otherwise).
      const delta = await reconcileUsers(tx, [userId]);
      return { scope: await readScope(tx, userId), ...delta };
    }

    await tx.query(
      `INSERT INTO user_scopes (user_id, mode, team, teams, regions, owners, touch_horizon_days, opened_days, updated_at)
       VALUES ($1, $2, $3, $4::text[], $5::text[], $6::text[], $7, $8, now())
       ON CONFLICT (user_id) DO UPDATE SET mode = EXCLUDED.mode, team = EXCLUDED.team, teams = EXCLUDED.teams, regions = EXCLUDED.regions,
         owners = EXCLUDED.owners, touch_horizon_days = EXCLUDED.touch_horizon_days, opened_days = EXCLUDED.opened_days, updated_at = now()`,
      [userId, next.mode, next.team, next.teams, next.regions, next.owners, next.touchHorizonDays, next.openedDays],
    );
    const delta = await reconcileUsers(tx, [userId]);
    if (fields.includes('team')) {
      // Their old and new teammates hold what they own, or no longer do.
      await reconcileUsers(tx, (await usersSharingTeams(tx, [before.settings.team, next.team])).filter((id) => id !== userId));
    }
    if ((next.touchHorizonDays ?? DEFAULT_TOUCH_HORIZON_DAYS) > before.effective.touchHorizonDays) {
      // Older touches are now in range: what the user holds is sent again, with all of them.
      const again = await reconcileUsers(tx, [userId], { resend: true });
      delta.entered += again.entered;
    }
    await onChanged?.(tx, fields);
    return { scope: await readScope(tx, userId), ...delta };
  });
}

/** A revoked user's scope rows are read by nothing: they go with the revocation. */
export async function dropScope(tx: Queryable, userId: string): Promise<void> {
  await tx.query('DELETE FROM scope_members WHERE user_id = $1', [userId]);
  await tx.query('DELETE FROM scope_opened WHERE user_id = $1', [userId]);
}
