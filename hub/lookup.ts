/**
 * `GET /v1/lookup` (issue 17): one person the rep's browser does not hold, found on the hub by the
 * only thing the page gave away — one email address or one CRM record id — with the same matching
 * rule as the extension (lib/match: CRM id first, then the address, plus-address tolerant). The
 * answer is contract rows, as sync sends them; the person then counts as opened for the rep's scope.
 *
 * Cost: one read of the prospect key indexes (migration 2) and one of the prospect's own rows
 * (changes.prospect_id, migration 9): nothing grows with the workspace.
 */
import { DEFAULT_TOUCH_HORIZON_DAYS, LOOKUP_TOUCH_LIMIT, type LookupQuery, type Prospect } from '../lib/contract';
import { crmKey, normalizeEmail, stripPlusTag } from '../lib/match/keys';
import { matchProspects, type ProspectLookup } from '../lib/match/prospects';
import type { Queryable } from './db';
import { recordOpened, touchHorizonDays } from './scope';

/** Per user: a rep opens a few records a minute; a script walking the workspace does not get far. */
export const LOOKUP_RATE_LIMIT = { burst: 60, perSecond: 1 };

/** Duplicates of the same person beside the best match (the sidebar lets the rep switch). */
const MAX_MATCHES = 5;

export interface LookupAnswer {
  /** The response body: prospect and touch rows pasted in as stored. */
  json: string;
  prospectId: string | null;
  touches: number;
}

export async function lookupPerson(db: Queryable, userId: string, query: LookupQuery, now = Date.now()): Promise<LookupAnswer> {
  const lookup: ProspectLookup = query.email ? { email: query.email } : { ids: [{ system: query.system!, recordId: query.id! }] };
  const [part, key] = query.email
    ? ['email', stripPlusTag(normalizeEmail(query.email))]
    : [query.system!, crmKey(query.system!, query.id!).slice(query.system!.length + 1)];
  // One result row: PGlite hands each result row to JS separately. `part` is one of the indexed key names (zod-checked).
  const found = await db.query<{ rows: string }>(
    `SELECT coalesce(json_agg(data ORDER BY seq), '[]')::text AS rows FROM (
       SELECT data, seq FROM changes WHERE kind = 'prospect' AND op = 'upsert' AND cuecard_prospect_key(data, $1) = $2 LIMIT 50) AS c`,
    [part, key],
  );
  const candidates = JSON.parse(found.rows[0]?.rows ?? '[]') as Prospect[];
  const [best] = matchProspects([lookup], candidates);
  if (!best) return { json: '{"prospects":[],"touches":[],"truncated":false}', prospectId: null, touches: 0 };
  const others = candidates.filter((candidate) => candidate !== best && matchProspects([lookup], [candidate])[0]).slice(0, MAX_MATCHES - 1);

  const horizon = await touchHorizonDays(db, userId);
  const oldest = new Date(now - (horizon || DEFAULT_TOUCH_HORIZON_DAYS) * 86_400_000).toISOString().slice(0, 10);
  const touches = await db.query<{ total: number; body: string | null }>(
    `WITH t AS (
       SELECT c.data, c.data ->> 'occurredAt' AS at FROM changes c
       WHERE c.prospect_id = $1 AND c.kind = 'touch' AND c.op = 'upsert'
         AND NOT (coalesce(c.data ->> 'occurredAt', '') ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}' AND left(c.data ->> 'occurredAt', 10) < $2)
     )
     SELECT (SELECT count(*) FROM t)::int AS total,
       (SELECT string_agg(data::text, ',' ORDER BY at DESC) FROM (SELECT data, at FROM t ORDER BY at DESC LIMIT $3) AS newest) AS body`,
    [best.id, oldest, LOOKUP_TOUCH_LIMIT],
  );
  const total = touches.rows[0]?.total ?? 0;
  await recordOpened(db, userId, [best.id]);
  const prospects = JSON.stringify([best, ...others]);
  return {
    json: `{"prospects":${prospects},"touches":[${touches.rows[0]?.body ?? ''}],"truncated":${total > LOOKUP_TOUCH_LIMIT}}`,
    prospectId: best.id,
    touches: Math.min(total, LOOKUP_TOUCH_LIMIT),
  };
}
