/**
 * The hub at scale (issue 17), opt-in: a workspace of 1,000,000 prospects and 20,000,000 touches
 * generated inside a PostgreSQL server (INSERT … SELECT generate_series: nothing is committed,
 * nothing crosses the wire), then the feed and the lookup measured on it and their plans read.
 *
 *   npx tsx hub/scale.ts --database-url postgres://…/cuecard_big [--prospects 1000000]
 *     [--touches 20000000] [--generate-minutes 15] [--reps 500]
 *
 * The database must be one of its own (the script refuses one holding rows it did not write).
 * Generation is resumable and bounded: prospects first, then touches in batches of a million
 * until `--touches` or `--generate-minutes`, whichever comes first; the report says how many
 * touches were reached. A second run continues where the first stopped, then measures.
 *
 * The workspace: 50,000 companies of 20 people; company c belongs to rep (c mod reps), who owns
 * its people and the account, so each of 500 reps has a 2,000-prospect territory. Touch n belongs
 * to prospect (n mod prospects): a prospect's touches are spread over the whole log, the worst
 * case for reading them in seq order.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { TOUCH_TYPES } from '../lib/contract';
import type { HubDb, QueryResult, Queryable } from './db';
import { readFeed } from './feed';
import { lookupPerson } from './lookup';
import { prepareScope } from './scope';
import { openHubDb } from './server';
import { addUser } from './store';

export interface ScaleOptions {
  databaseUrl: string;
  prospects?: number;
  touches?: number;
  reps?: number;
  generateMinutes?: number;
  log?: (line: string) => void;
}

const COMPANY_SIZE = 20;
const TOUCH_BATCH = 1_000_000;
const PROSPECT_BATCH = 250_000;

export const scaleRepEmail = (rep: number) => `rep${rep}@scale.example`;
const prospectId = (i: number) => `p-s-${String(i).padStart(7, '0')}`;
/** 18 characters whose first 15 (what Salesforce ids are matched by) are unique. */
const salesforceId = (i: number) => `003${String(i).padStart(12, '0')}AAA`;
const prospectEmail = (i: number) => `person${i}@co${Math.floor(i / COMPANY_SIZE)}.example`;

async function count(client: pg.Client, kind: 'prospect' | 'touch'): Promise<number> {
  // The generated ids are dense from 0: the highest one says how far generation got.
  const prefix = kind === 'prospect' ? 'p-s-' : 't-s-';
  // The touches a measurement writes (t-s-poll-…) are not the generator's.
  const { rows } = await client.query<{ id: string | null }>(`SELECT max(id) AS id FROM changes WHERE kind = $1 AND id LIKE $2 AND id ~ '^[pt]-s-[0-9]+$'`, [kind, `${prefix}%`]);
  return rows[0]?.id ? Number(rows[0].id.slice(prefix.length)) + 1 : 0;
}

/** Generates what is missing of the workspace; answers the prospects and touches it holds. */
export async function generateScaleWorkspace(options: ScaleOptions): Promise<{ prospects: number; touches: number; seconds: number; touchesPerSecond?: number }> {
  const log = options.log ?? (() => undefined);
  const prospects = options.prospects ?? 1_000_000;
  const touches = options.touches ?? 20_000_000;
  const reps = options.reps ?? 500;
  const deadline = Date.now() + (options.generateMinutes ?? 15) * 60_000;
  // Migrations first, through the hub's own code.
  await (await openHubDb({ databaseUrl: options.databaseUrl })).close();
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const started = performance.now();
  let touchSeconds = 0;
  let touchRows = 0;
  try {
    const foreign = await client.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM changes WHERE id NOT LIKE 'p-s-%' AND id NOT LIKE 't-s-%' LIMIT 1) x`);
    if (Number(foreign.rows[0]?.n) > 0) throw new Error('this database holds rows the scale run did not write: give it a database of its own');
    // A bulk load: losing the last batch to a crash costs a rerun, not data anyone needs.
    await client.query(`SET synchronous_commit = off`);
    let have = await count(client, 'prospect');
    while (have < prospects) {
      const upTo = Math.min(prospects, have + PROSPECT_BATCH);
      const t0 = performance.now();
      await client.query(
        `INSERT INTO changes (kind, id, op, data, prospect_id)
         SELECT 'prospect', p.id, 'upsert', json_build_object(
             'id', p.id, 'email', 'person' || i || '@co' || c || '.example', 'name', 'Person ' || i,
             'title', 'Head of Operations', 'company', 'Company ' || c, 'domain', 'co' || c || '.example',
             'stage', 'lead', 'crmIds', json_build_object('salesforce', '003' || lpad(i::text, 12, '0') || 'AAA'),
             'updatedAt', '2026-09-01T00:00:00.000Z', 'owner', 'rep' || (c % $3) || '@scale.example',
             'accountOwner', 'rep' || (c % $3) || '@scale.example', 'region', 'region-' || (c % 8), 'source', 'Scale'),
           p.id
         FROM generate_series($1::int, $2::int - 1) AS i,
           LATERAL (SELECT 'p-s-' || lpad(i::text, 7, '0') AS id, i / ${COMPANY_SIZE} AS c) p`,
        [have, upTo, reps],
      );
      log(`prospects ${have.toLocaleString('en')}–${upTo.toLocaleString('en')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      have = upTo;
    }
    let touched = await count(client, 'touch');
    while (touched < touches && Date.now() < deadline) {
      const upTo = Math.min(touches, touched + TOUCH_BATCH);
      const t0 = performance.now();
      await client.query(
        `INSERT INTO changes (kind, id, op, data, prospect_id)
         SELECT 'touch', t.id, 'upsert', json_build_object(
             'id', t.id, 'prospectId', t.pid, 'type', ($4::text[])[1 + n % array_length($4::text[], 1)],
             'occurredAt', to_char(timestamp '2026-12-01' - make_interval(mins => ((n * 7919) % 1000000)::int), 'YYYY-MM-DD"T"HH24:MI:SS".000Z"'),
             'title', 'Visited the pricing page', 'campaign', 'Scale campaign ' || (n % 40), 'topics', json_build_array('pricing')),
           t.pid
         FROM generate_series($1::bigint, $2::bigint - 1) AS n,
           LATERAL (SELECT 't-s-' || lpad(n::text, 8, '0') AS id, 'p-s-' || lpad((n % $3)::text, 7, '0') AS pid) t`,
        [touched, upTo, prospects, [...TOUCH_TYPES]],
      );
      const seconds = (performance.now() - t0) / 1000;
      touchSeconds += seconds;
      touchRows += upTo - touched;
      log(`touches ${touched.toLocaleString('en')}–${upTo.toLocaleString('en')} in ${seconds.toFixed(1)} s`);
      touched = upTo;
    }
    const t0 = performance.now();
    // What autovacuum does on a hub in use: statistics, and the visibility map that lets the
    // feed's index-only scans skip the table (after a bulk load nothing is marked all-visible).
    await client.query('VACUUM (ANALYZE) changes');
    log(`VACUUM (ANALYZE) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return {
      prospects: have,
      touches: touched,
      seconds: (performance.now() - started) / 1000,
      ...(touchRows > 0 ? { touchesPerSecond: Math.round(touchRows / touchSeconds) } : {}),
    };
  } finally {
    await client.end();
  }
}

export interface ScaleMeasurement {
  prospects: number;
  touches: number;
  /** A rep's first sync of their 2,000-prospect territory over HTTP on loopback, per rep measured. */
  firstSync: { seconds: number; bytes: number; rows: number; pages: number }[];
  /** One page of the feed (readFeed: scope, keys and the page's JSON), first syncs' pages of 5,000 rows. */
  feedPageP95Ms: number;
  /** A caught-up rep's poll after 200 touches were written across the workspace (readFeed). */
  feedPollP95Ms: number;
  feedPollSamples: number;
  /** GET /v1/lookup on loopback, by email and by Salesforce id alternately. */
  lookupP95Ms: number;
  lookupSamples: number;
  /** Statements the feed and the lookup ran, each EXPLAINed on this workspace; those reading changes or scope_members whole. */
  statementsExplained: number;
  seqScans: string[];
  /** Smaller tables read whole (the planner's choice at their size here), with their rows. */
  smallSeqScans: string[];
  /** The plans, for the README and for anyone doubting the numbers. */
  plans: { sql: string; plan: string }[];
  /** This process (hub and the measuring client) after the run. */
  rssMb: number;
  /** Reps whose scope rows the hub holds (every rep's territory, as on a hub in use), and the median time to compute one. */
  scopes: { reps: number; rows: number; medianMs?: number };
}

interface Recorded {
  sql: string;
  params: unknown[];
}

/** A HubDb that remembers every statement run through it (to EXPLAIN them afterwards). */
function recording(db: HubDb, log: Recorded[]): HubDb {
  const wrap = (target: Queryable): Queryable => ({
    query: <Row>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> => {
      log.push({ sql, params: params ?? [] });
      return target.query<Row>(sql, params);
    },
  });
  return {
    ...db,
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    session: (fn) => db.session((tx) => fn(wrap(tx))),
  };
}

const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
};

/** Every user the run needs, by address, created once (tokens are shown once: a rerun makes new ones). */
async function tokenFor(db: HubDb, email: string): Promise<{ id: string; token: string }> {
  await db.query(`DELETE FROM scope_members WHERE user_id IN (SELECT id FROM users WHERE lower(email) = $1)`, [email]);
  await db.query(`DELETE FROM scope_opened WHERE user_id IN (SELECT id FROM users WHERE lower(email) = $1)`, [email]);
  await db.query(`DELETE FROM user_scopes WHERE user_id IN (SELECT id FROM users WHERE lower(email) = $1)`, [email]);
  await db.query(`DELETE FROM users WHERE lower(email) = $1`, [email]);
  const user = await addUser(db, email.split('@')[0]!, 'rep', email);
  return { id: user.user.id, token: user.token };
}

export async function measureScale(options: ScaleOptions & { firstSyncs?: number; polls?: number; lookups?: number; scopes?: number }): Promise<ScaleMeasurement> {
  const log = options.log ?? (() => undefined);
  const base = await openHubDb({ databaseUrl: options.databaseUrl });
  const statements: Recorded[] = [];
  const db = recording(base, statements);
  const { startHub } = await import('./server');
  // Lookups are limited to 60 a minute per user: the samples are spread over several users.
  const hub = await startHub({ db: base, host: '127.0.0.1', port: 0, logError: () => undefined });
  try {
    const counts = (await base.query<{ kind: string; n: number }>(`SELECT kind, count(*)::int AS n FROM changes GROUP BY kind`)).rows;
    const held = (kind: string) => Number(counts.find((row) => row.kind === kind)?.n ?? 0);
    const prospects = held('prospect');
    const reps = options.reps ?? 500;

    // 0. Every other rep's scope rows, as on a hub in use (the planner sees scope_members at its
    // real size); computed once, a rerun keeps them.
    const firstSyncs = options.firstSyncs ?? 3;
    const scopeMs: number[] = [];
    for (let r = firstSyncs; r < (options.scopes ?? reps); r++) {
      const email = scaleRepEmail(r);
      const ready = await base.query(`SELECT 1 FROM users u WHERE lower(u.email) = $1 AND EXISTS (SELECT 1 FROM scope_members m WHERE m.user_id = u.id)`, [email]);
      if (ready.rows.length > 0) continue;
      const { id } = await tokenFor(base, email);
      const t0 = performance.now();
      await prepareScope(base, id);
      scopeMs.push(performance.now() - t0);
      if (scopeMs.length % 100 === 0) log(`scopes of ${scopeMs.length} reps computed`);
    }
    if (scopeMs.length > 0) await base.query('ANALYZE scope_members');

    // 1. First syncs over HTTP, as the extension pages them (SYNC_PAGE_LIMIT rows a page).
    const firstSync: ScaleMeasurement['firstSync'] = [];
    const pageMs: number[] = [];
    const synced: { id: string; cursor: number }[] = [];
    for (let r = 0; r < firstSyncs; r++) {
      const { id, token } = await tokenFor(base, scaleRepEmail(r));
      const t0 = performance.now();
      let cursor = 0;
      let bytes = 0;
      let rows = 0;
      let pages = 0;
      for (let more = true; more; pages++) {
        const p0 = performance.now();
        const response = await fetch(`${hub.url}/v1/sync?cursor=${cursor}&limit=5000`, { headers: { Authorization: `Bearer ${token}` } });
        const text = await response.text();
        pageMs.push(performance.now() - p0);
        if (!response.ok) throw new Error(`sync page ${pages}: ${response.status} ${text.slice(0, 200)}`);
        bytes += Buffer.byteLength(text);
        const page = JSON.parse(text) as { changes: unknown[]; cursor: number; hasMore: boolean };
        rows += page.changes.length;
        cursor = page.cursor;
        more = page.hasMore;
      }
      const seconds = (performance.now() - t0) / 1000;
      firstSync.push({ seconds, bytes, rows, pages });
      synced.push({ id, cursor });
      log(`first sync of ${scaleRepEmail(r)}: ${rows.toLocaleString('en')} rows, ${(bytes / 1e6).toFixed(1)} MB, ${pages} pages in ${seconds.toFixed(2)} s`);
    }

    // 2. Feed polls: 200 touches written across the workspace (the hub's own write path), then
    // each synced rep polls from their cursor, repeatedly.
    const { upsertRows } = await import('./store');
    const stamp = Date.now();
    const written = Array.from({ length: 200 }, (_, k) => ({
      id: `t-s-poll-${stamp}-${k}`,
      prospectId: prospectId(Math.floor((k * prospects) / 200 + (k % reps)) % prospects),
      type: 'page_view',
      occurredAt: new Date(stamp).toISOString(),
      title: 'Visited the pricing page',
    }));
    await base.transaction((tx) => upsertRows(tx, 'touch', written));
    const pollMs: number[] = [];
    const polls = options.polls ?? 60;
    for (let i = 0; i < polls; i++) {
      const rep = synced[i % synced.length]!;
      const p0 = performance.now();
      await readFeed(base, rep.id, rep.cursor, 5_000);
      pollMs.push(performance.now() - p0);
    }
    log(`feed polls: p95 ${p95(pollMs).toFixed(1)} ms over ${polls}`);

    // 3. Lookups over HTTP, by email and by Salesforce id, spread over users (60 a minute each).
    const lookupMs: number[] = [];
    const lookups = options.lookups ?? 200;
    const lookupUsers: string[] = [];
    for (let u = 0; u < Math.ceil(lookups / 50); u++) lookupUsers.push((await tokenFor(base, `lookup${u}@scale.example`)).token);
    for (let i = 0; i < lookups; i++) {
      const target = Math.floor(((i * 7_919) % prospects) + 0.5) % prospects;
      const query = i % 2 === 0 ? `email=${encodeURIComponent(prospectEmail(target))}` : `system=salesforce&id=${salesforceId(target)}`;
      const p0 = performance.now();
      const response = await fetch(`${hub.url}/v1/lookup?${query}`, { headers: { Authorization: `Bearer ${lookupUsers[i % lookupUsers.length]}` } });
      const body = (await response.json()) as { prospects?: { id: string }[] };
      lookupMs.push(performance.now() - p0);
      if (!response.ok || body.prospects?.[0]?.id !== prospectId(target)) throw new Error(`lookup ${query}: ${response.status} ${JSON.stringify(body).slice(0, 200)}`);
    }
    log(`lookups: p95 ${p95(lookupMs).toFixed(1)} ms over ${lookups}`);

    // 4. Plans: one more first page, one poll and one lookup each way through the recording db, each statement EXPLAINed.
    const fresh = await tokenFor(base, scaleRepEmail(1));
    await readFeed(db, fresh.id, 0, 5_000);
    await readFeed(db, synced[0]!.id, synced[0]!.cursor, 5_000);
    await lookupPerson(db, fresh.id, { email: prospectEmail(4_242) });
    await lookupPerson(db, fresh.id, { system: 'salesforce', id: salesforceId(424_242 % prospects) });
    const plans: ScaleMeasurement['plans'] = [];
    const seqScans: string[] = [];
    const small = new Set<string>();
    const seen = new Set<string>();
    for (const { sql, params } of statements) {
      const text = sql.trim();
      if (!/^(SELECT|WITH)\b/i.test(text) || seen.has(text)) continue;
      seen.add(text);
      // Statements that write are planned, not run.
      const writes = /\b(INSERT|UPDATE|DELETE)\b/i.test(text) || /pg_advisory/i.test(text);
      const plan = (await base.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${writes ? '' : '(ANALYZE, BUFFERS) '}${text}`, params)).rows.map((row) => row['QUERY PLAN']).join('\n');
      plans.push({ sql: text, plan });
      for (const match of plan.matchAll(/Seq Scan on (\w+)/g)) {
        if (['changes', 'scope_members'].includes(match[1]!)) seqScans.push(`${match[1]} in: ${text.slice(0, 120).replace(/\s+/g, ' ')}`);
        else small.add(match[1]!);
      }
    }
    return {
      prospects,
      touches: held('touch'),
      firstSync,
      feedPageP95Ms: p95(pageMs),
      feedPollP95Ms: p95(pollMs),
      feedPollSamples: polls,
      lookupP95Ms: p95(lookupMs),
      lookupSamples: lookups,
      statementsExplained: plans.length,
      seqScans,
      smallSeqScans: await Promise.all(
        [...small].sort().map(async (table) => `${table} (${Number((await base.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? 0).toLocaleString('en')} rows)`),
      ),
      plans,
      rssMb: Math.round(process.memoryUsage().rss / 1e6),
      scopes: {
        reps: Number((await base.query<{ n: number }>(`SELECT count(DISTINCT user_id)::int AS n FROM scope_members`)).rows[0]?.n ?? 0),
        rows: Number((await base.query<{ n: number }>(`SELECT count(*)::int AS n FROM scope_members`)).rows[0]?.n ?? 0),
        ...(scopeMs.length > 0 ? { medianMs: [...scopeMs].sort((a, b) => a - b)[Math.floor(scopeMs.length / 2)] } : {}),
      },
    };
  } finally {
    await hub.close();
    await base.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: {
      'database-url': { type: 'string' },
      prospects: { type: 'string', default: '1000000' },
      touches: { type: 'string', default: '20000000' },
      reps: { type: 'string', default: '500' },
      'generate-minutes': { type: 'string', default: '15' },
      'generate-only': { type: 'boolean', default: false },
      /** Reps whose scope rows are computed before measuring (default: every rep). */
      scopes: { type: 'string' },
      /** A file to write every statement's plan to. */
      plans: { type: 'string' },
    },
  });
  const databaseUrl = values['database-url'] ?? process.env.CUECARD_SCALE_PG_URL;
  if (!databaseUrl) throw new Error('give --database-url postgres://… (a database of its own) or CUECARD_SCALE_PG_URL');
  const generated = await generateScaleWorkspace({
    databaseUrl,
    prospects: Number(values.prospects),
    touches: Number(values.touches),
    reps: Number(values.reps),
    generateMinutes: Number(values['generate-minutes']),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(generated));
  if (!values['generate-only']) {
    const measured = await measureScale({ databaseUrl, reps: Number(values.reps), scopes: values.scopes ? Number(values.scopes) : undefined, log: (line) => console.log(line) });
    const { plans, ...numbers } = measured;
    if (values.plans) writeFileSync(values.plans, plans.map((entry) => `${entry.sql}\n\n${entry.plan}\n`).join('\n----\n\n'));
    console.log(JSON.stringify(numbers, null, 2));
  }
}
