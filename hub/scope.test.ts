/**
 * Sync scope per user and on-demand lookups (issue 17), on embedded PGlite and on a PostgreSQL
 * server when CUECARD_TEST_PG_URL is set. The rules: a territory rep's feed carries what they own,
 * what their team owns, the people on accounts they own, the regions and owners an admin added and
 * the people they opened, plus all content; entering and leaving keep the feed's guarantees (seq
 * order, unique seqs, resumable from any cursor), and a browser that synced incrementally through
 * scope changes holds exactly what a fresh sync would give it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { lookupResponse, scopeChange, scopeView, syncResponse, type Prospect, type Role, type SyncChange, type Touch } from '../lib/contract';
import { createHubApp } from './app';
import type { HubDb } from './db';
import { LOOKUP_RATE_LIMIT } from './lookup';
import { MemoryRateLimiter, PostgresRateLimiter } from './rate-limit';
import { addUser, hubImportSink, upsertRows } from './store';
import { backends } from './test-backends';
import { importBundle } from '../lib/import/bundle';

const DAY = 86_400_000;
const NOW = Date.now();
const ago = (days: number) => new Date(NOW - days * DAY).toISOString();

const ANN = 'ann.rep@northwind.example';
const BEN = 'ben.rep@northwind.example';
const CAL = 'cal.rep@northwind.example';

const prospect = (id: string, fields: Partial<Prospect> = {}): Prospect => ({ id, email: `${id}@customer-${id}.example`, name: `Person ${id}`, ...fields });
const touchesOf = (prospectId: string, count: number, daysAgo = (i: number) => 10 + i): Touch[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `t-${prospectId}-${i}`,
    prospectId,
    type: 'page_view',
    occurredAt: ago(daysAgo(i)),
    title: `Visit ${i}`,
  }));

/** A browser's copy: what applying pages in order leaves, keyed kind:id. */
class Client {
  cursor = 0;
  rows = new Map<string, unknown>();
  pages: SyncChange[][] = [];
  apply(changes: SyncChange[]) {
    this.pages.push(changes);
    for (const change of changes) {
      const key = `${change.kind}:${change.id}`;
      if (change.op === 'delete') this.rows.delete(key);
      else this.rows.set(key, change.data);
    }
  }
  ids(kind: string) {
    return [...this.rows.keys()].filter((key) => key.startsWith(`${kind}:`)).map((key) => key.slice(kind.length + 1)).sort();
  }
}

for (const backend of backends) {
  const suite = backend.skipReason ? describe.skip : describe;
  suite(backend.skipReason ? `${backend.name} — skipped: ${backend.skipReason}` : `sync scope on ${backend.name}`, () => {
    let db: HubDb;
    let cleanup: () => Promise<void>;
    let app: ReturnType<typeof createHubApp>;
    const tokens: Record<string, string> = {};
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      ({ db, cleanup } = await backend.open());
      app = createHubApp({ db, rateLimit: false, logError: () => undefined });
    }, 120_000);
    afterAll(async () => cleanup?.());
    beforeEach(async () => {
      await db.query('TRUNCATE changes, usage_events, users, hub_meta, scope_members, scope_opened, rate_buckets RESTART IDENTITY CASCADE');
      const people: [string, Role, string | undefined][] = [
        ['ann', 'rep', ANN],
        ['ben', 'rep', BEN],
        ['cal', 'rep', CAL],
        ['noaddress', 'rep', undefined],
        ['marketing', 'marketing', undefined],
        ['admin', 'admin', undefined],
      ];
      for (const [name, role, email] of people) {
        const added = await addUser(db, name, role, email);
        tokens[name] = added.token;
        ids[name] = added.user.id;
      }
    });

    const call = (method: string, path: string, who: string, body?: unknown) =>
      app.request(path, {
        method,
        headers: { Authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const write = (rows: { prospects?: Prospect[]; touches?: Touch[]; messages?: unknown[] }) =>
      importBundle({ format: 'cuecard/v1', ...rows } as never, hubImportSink(db));
    /** Pages until caught up; every page's seqs are unique, rising and past the cursor it was asked for. */
    const sync = async (who: string, client = new Client(), limit = 1_000) => {
      for (;;) {
        const response = await call('GET', `/v1/sync?cursor=${client.cursor}&limit=${limit}`, who);
        expect(response.status).toBe(200);
        const page = syncResponse.parse(await response.json());
        const seqs = page.changes.map((change) => change.seq);
        expect(seqs.every((seq, i) => seq > client.cursor && (i === 0 || seq > seqs[i - 1]!))).toBe(true);
        // At or past the last change: touches past the user's horizon leave gaps behind it.
        if (page.changes.length > 0) expect(page.cursor).toBeGreaterThanOrEqual(seqs.at(-1)!);
        expect(page.cursor).toBeGreaterThanOrEqual(client.cursor);
        client.apply(page.changes);
        client.cursor = page.cursor;
        if (!page.hasMore) return client;
      }
    };
    const setScope = async (who: string, patch: unknown) => {
      const response = await call('PUT', `/v1/users/${ids[who]}/scope`, 'admin', patch);
      expect(response.status).toBe(200);
      return scopeChange.parse(await response.json());
    };
    /** Incremental equals fresh: what the browser holds after every change is what a first sync gives. */
    const expectSameAsFresh = async (who: string, client: Client) => {
      const fresh = await sync(who);
      expect(new Map([...client.rows].sort())).toEqual(new Map([...fresh.rows].sort()));
    };

    const WORKSPACE = () => ({
      prospects: [
        prospect('p-ann-1', { owner: ANN, domain: 'acme.example' }),
        prospect('p-ann-2', { owner: ANN.toUpperCase() }),
        prospect('p-ben-1', { owner: BEN, region: 'EMEA' }),
        prospect('p-acct', { owner: CAL, accountOwner: ` ${ANN} ` }),
        prospect('p-emea', { owner: CAL, region: 'emea ' }),
        prospect('p-apac', { owner: CAL, region: 'APAC' }),
        prospect('p-nobody'),
      ],
      touches: [...touchesOf('p-ann-1', 3), ...touchesOf('p-ben-1', 2), ...touchesOf('p-emea', 2), ...touchesOf('p-nobody', 2)],
      messages: [{ id: 'm-1', title: 'Intro', body: 'Hello', status: 'approved' }],
    });

    it('a territory rep receives what they own and what sits on accounts they own, all content, and no one else; others keep the whole workspace', async () => {
      await write(WORKSPACE());
      const ann = await sync('ann');
      expect(ann.ids('prospect')).toEqual(['p-acct', 'p-ann-1', 'p-ann-2']);
      expect(ann.ids('touch')).toEqual(['t-p-ann-1-0', 't-p-ann-1-1', 't-p-ann-1-2']);
      expect(ann.ids('message')).toEqual(['m-1']);
      // A rep without an address has no territory, and marketing works on the whole workspace: both as before.
      for (const who of ['noaddress', 'marketing']) {
        const all = await sync(who);
        expect(all.ids('prospect')).toHaveLength(7);
        expect(all.ids('touch')).toHaveLength(9);
      }
      const view = scopeView.parse(((await (await call('GET', '/v1/scope', 'ann')).json()) as { scope: unknown }).scope);
      expect(view).toMatchObject({ userId: ids.ann, effective: { mode: 'territory', touchHorizonDays: 730, openedDays: 30 }, prospects: 3, opened: 0 });
    });

    it('the team, regions and other owners an admin adds arrive as upserts with their history; taking them away sends deletes; the hub keeps them', async () => {
      await write(WORKSPACE());
      const ann = await sync('ann');
      const before = ann.cursor;
      const pagesBefore = ann.pages.length;

      // Ben and Ann on one team: each holds what the other owns.
      await setScope('ben', { team: 'North' });
      const changed = await setScope('ann', { team: 'north', regions: ['EMEA'], owners: [CAL] });
      expect(changed.entered).toBeGreaterThan(0);
      await sync('ann', ann);
      expect(ann.ids('prospect')).toEqual(['p-acct', 'p-ann-1', 'p-ann-2', 'p-apac', 'p-ben-1', 'p-emea']);
      // Their touches are older than the cursor, and came anyway: entering means the prospect with its history.
      expect(ann.ids('touch')).toEqual(expect.arrayContaining(['t-p-ben-1-0', 't-p-ben-1-1', 't-p-emea-0', 't-p-emea-1']));
      expect(ann.pages.slice(pagesBefore).flat().filter((change) => change.seq <= before)).toEqual([]);
      // A team holds what its members own; Ann's account (p-acct, owned by Cal) stays hers.
      expect((await sync('ben')).ids('prospect')).toEqual(['p-ann-1', 'p-ann-2', 'p-ben-1']);
      await expectSameAsFresh('ann', ann);

      // Narrowed again: deletes for the prospects and their touches, for Ann only.
      const narrowed = await setScope('ann', { team: null, regions: [], owners: [] });
      expect(narrowed.left).toBe(3);
      const cursor = ann.cursor;
      await sync('ann', ann);
      const last = ann.pages.flat().filter((change) => change.seq > cursor);
      expect(last.every((change) => change.op === 'delete')).toBe(true);
      expect(last.map((change) => `${change.kind}:${change.id}`).sort()).toEqual(
        ['prospect:p-apac', 'prospect:p-ben-1', 'prospect:p-emea', 'touch:t-p-ben-1-0', 'touch:t-p-ben-1-1', 'touch:t-p-emea-0', 'touch:t-p-emea-1'].sort(),
      );
      expect(ann.ids('prospect')).toEqual(['p-acct', 'p-ann-1', 'p-ann-2']);
      await expectSameAsFresh('ann', ann);
      expect((await sync('noaddress')).ids('prospect')).toContain('p-ben-1');
    });

    it('a prospect changing owner mid-sync enters one feed and leaves the other at the next page, whatever the page size, and the cursor never skips', async () => {
      await write(WORKSPACE());
      await write({ prospects: Array.from({ length: 30 }, (_, i) => prospect(`p-bulk-${i}`, { owner: BEN })), touches: Array.from({ length: 30 }, (_, i) => touchesOf(`p-bulk-${i}`, 4)).flat() });
      for (const limit of [1, 3, 7, 1_000]) {
        const ann = new Client();
        const ben = new Client();
        // Both start, a few pages each; then Ben's prospects move to Ann while both are mid-sync.
        for (let i = 0; i < 2; i++) {
          await pageOnce('ann', ann, limit);
          await pageOnce('ben', ben, limit);
        }
        await write({ prospects: Array.from({ length: 30 }, (_, i) => prospect(`p-bulk-${i}`, { owner: limit % 2 ? ANN : ANN.toUpperCase() })) });
        await sync('ann', ann, limit);
        await sync('ben', ben, limit);
        expect(ann.ids('prospect')).toHaveLength(33);
        expect(ann.ids('touch')).toHaveLength(123);
        expect(ben.ids('prospect')).toEqual(['p-ben-1']);
        expect(ben.ids('touch')).toEqual(['t-p-ben-1-0', 't-p-ben-1-1']);
        await expectSameAsFresh('ann', ann);
        await expectSameAsFresh('ben', ben);
        // And back, for the next page size.
        await write({ prospects: Array.from({ length: 30 }, (_, i) => prospect(`p-bulk-${i}`, { owner: BEN })) });
      }

      async function pageOnce(who: string, client: Client, limit: number) {
        const page = syncResponse.parse(await (await call('GET', `/v1/sync?cursor=${client.cursor}&limit=${limit}`, who)).json());
        client.apply(page.changes);
        client.cursor = page.cursor;
      }
    });

    it('a page never splits a prospect entering with its history: a larger group than the limit comes whole, and resuming from each cursor gives the same rows', async () => {
      await write({ prospects: [prospect('p-big', { owner: BEN })], touches: touchesOf('p-big', 40) });
      const ann = await sync('ann', new Client(), 5);
      await write({ prospects: [prospect('p-big', { owner: ANN })] });
      const cursor = ann.cursor;
      const page = syncResponse.parse(await (await call('GET', `/v1/sync?cursor=${cursor}&limit=5`, 'ann')).json());
      expect(page.changes).toHaveLength(41);
      expect(new Set(page.changes.map((change) => change.seq)).size).toBe(41);
      expect(page.changes.every((change) => change.op === 'upsert')).toBe(true);
      expect(page.cursor).toBe(page.changes.at(-1)!.seq);
      // The same page again from the same cursor (a browser killed before it stored the page).
      expect(syncResponse.parse(await (await call('GET', `/v1/sync?cursor=${cursor}&limit=5`, 'ann')).json())).toEqual(page);
    });

    it('touches older than the horizon stay on the hub; a wider horizon sends them, a narrower one sends nothing', async () => {
      await write({ prospects: [prospect('p-old', { owner: ANN })], touches: touchesOf('p-old', 4, (i) => [10, 400, 800, 1500][i]!) });
      const ann = await sync('ann');
      expect(ann.ids('touch')).toEqual(['t-p-old-0', 't-p-old-1']);
      await setScope('ann', { touchHorizonDays: 5 * 365 });
      await sync('ann', ann);
      expect(ann.ids('touch')).toEqual(['t-p-old-0', 't-p-old-1', 't-p-old-2', 't-p-old-3']);
      const cursor = ann.cursor;
      await setScope('ann', { touchHorizonDays: 30 });
      await sync('ann', ann);
      expect(ann.pages.flat().filter((change) => change.seq > cursor)).toEqual([]);
    });

    it('looks a person up by email (any case, plus-address) or by CRM id, answers contract rows newest first, and the person joins the rep’s scope at their next sync', async () => {
      await write({
        prospects: [prospect('p-dana', { email: 'Dana.Whitfield@Meridian.example', owner: BEN, crmIds: { salesforce: '003Dn00000QxAbcIAF', hubspot: '51234001' } })],
        touches: touchesOf('p-dana', 5, (i) => [30, 3, 900, 10, 1][i]!),
      });
      const ann = await sync('ann');
      expect(ann.ids('prospect')).toEqual([]);

      const byEmail = lookupResponse.parse(await (await call('GET', '/v1/lookup?email=dana.whitfield%2Bnews%40meridian.example', 'ann')).json());
      expect(byEmail.prospects).toMatchObject([{ id: 'p-dana' }]);
      // Inside the two-year horizon, newest first.
      expect(byEmail.touches.map((row) => (row as Touch).id)).toEqual(['t-p-dana-4', 't-p-dana-1', 't-p-dana-3', 't-p-dana-0']);
      expect(byEmail.truncated).toBe(false);
      for (const query of ['system=salesforce&id=003Dn00000QxAbc', 'system=salesforce&id=003Dn00000QxAbcIAF', 'system=hubspot&id=51234001']) {
        expect(lookupResponse.parse(await (await call('GET', `/v1/lookup?${query}`, 'cal')).json()).prospects).toMatchObject([{ id: 'p-dana' }]);
      }
      expect(lookupResponse.parse(await (await call('GET', '/v1/lookup?email=nobody%40meridian.example', 'ann')).json())).toEqual({ prospects: [], touches: [], truncated: false });

      // Opened: in Ann's scope from her next sync, with the history the lookup showed.
      await sync('ann', ann);
      expect(ann.ids('prospect')).toEqual(['p-dana']);
      expect(ann.ids('touch')).toEqual(['t-p-dana-0', 't-p-dana-1', 't-p-dana-3', 't-p-dana-4']);
      expect(scopeView.parse(((await (await call('GET', '/v1/scope', 'ann')).json()) as { scope: unknown }).scope).opened).toBe(1);

      // An admin who turns "opened" off takes her out again; the lookup still finds her.
      await setScope('ann', { openedDays: 0 });
      await sync('ann', ann);
      expect(ann.ids('prospect')).toEqual([]);
      expect(ann.ids('touch')).toEqual([]);
      expect(lookupResponse.parse(await (await call('GET', '/v1/lookup?email=dana.whitfield%40meridian.example', 'ann')).json()).prospects).toHaveLength(1);
      await expectSameAsFresh('ann', ann);
    });

    it('an open older than the window leaves the scope unless another rule keeps the person', async () => {
      await write({ prospects: [prospect('p-seen'), prospect('p-mine', { owner: ANN })] });
      const ann = await sync('ann');
      await call('GET', '/v1/lookup?email=p-seen%40customer-p-seen.example', 'ann');
      await call('GET', '/v1/lookup?email=p-mine%40customer-p-mine.example', 'ann');
      await sync('ann', ann);
      expect(ann.ids('prospect')).toEqual(['p-mine', 'p-seen']);
      await db.query(`UPDATE scope_opened SET opened_at = now() - interval '31 days' WHERE user_id = $1`, [ids.ann]);
      await sync('ann', ann);
      expect(ann.ids('prospect')).toEqual(['p-mine']);
      await expectSameAsFresh('ann', ann);
    });

    it('a new address makes a rep a territory rep without starting over: what they hold outside it leaves', async () => {
      await write(WORKSPACE());
      const rep = await sync('noaddress');
      expect(rep.ids('prospect')).toHaveLength(7);
      const patched = await call('PATCH', `/v1/users/${ids.noaddress}`, 'admin', { email: 'dee.rep@northwind.example' });
      expect(patched.status).toBe(200);
      await write({ prospects: [prospect('p-dee', { owner: 'dee.rep@northwind.example' })] });
      const cursor = rep.cursor;
      await sync('noaddress', rep);
      expect(rep.ids('prospect')).toEqual(['p-dee']);
      expect(rep.ids('message')).toEqual(['m-1']);
      // Nothing was sent again: the rest left as deletes, and Dee's own prospect came once.
      const after = rep.pages.flat().filter((change) => change.seq > cursor);
      expect(after.filter((change) => change.op === 'upsert').map((change) => change.id)).toEqual(['p-dee']);
      expect(after.filter((change) => change.op === 'delete' && change.kind === 'prospect')).toHaveLength(7);
      await expectSameAsFresh('noaddress', rep);
      // And an admin can give the whole workspace back: the rest arrives, nothing starts over.
      await setScope('noaddress', { mode: 'workspace' });
      await sync('noaddress', rep);
      expect(rep.ids('prospect')).toHaveLength(8);
      expect(rep.ids('touch')).toHaveLength(9);
    });

    it('a user from before scopes keeps what their territory holds and is told to drop the rest', async () => {
      await write(WORKSPACE());
      // What migration 9 records for users who synced the whole workspace under the old protocol.
      const old = await addUser(db, 'old timer', 'rep', 'old.timer@northwind.example');
      await db.query(`INSERT INTO user_scopes (user_id, holds_all) VALUES ($1, true)`, [old.user.id]);
      await write({ prospects: [prospect('p-old-1', { owner: 'old.timer@northwind.example' })], touches: touchesOf('p-old-1', 2) });
      tokens.old = old.token;
      // Their browser held everything up to some cursor (the old feed); from there:
      const held = new Client();
      const workspace = await sync('marketing');
      held.rows = new Map(workspace.rows);
      held.cursor = workspace.cursor;
      await sync('old', held);
      expect(held.ids('prospect')).toEqual(['p-old-1']);
      expect(held.ids('touch')).toEqual(['t-p-old-1-0', 't-p-old-1-1']);
      await expectSameAsFresh('old', held);
    });

    it('lookups are role-checked and rate-limited per user, and take nothing but an address or one record id', async () => {
      const limited = createHubApp({ db, logError: () => undefined, rateLimit: { burst: 1_000, perSecond: 1_000 } });
      const ask = (query: string, token: string | null = tokens.ann!) =>
        limited.request(`/v1/lookup?${query}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
      expect((await ask('email=a%40x.com', null)).status).toBe(401);
      for (const query of ['', 'email=not-an-address', 'email=a%40x.com&name=Dana', 'system=salesforce', 'id=003', 'system=marketo&id=1', 'email=a%40x.com&system=hubspot&id=1']) {
        expect((await ask(query)).status, query).toBe(400);
      }
      const statuses: number[] = [];
      for (let i = 0; i < LOOKUP_RATE_LIMIT.burst + 5; i++) statuses.push((await ask(`email=p${i}%40x.com`)).status);
      expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(LOOKUP_RATE_LIMIT.burst);
      const refused = await ask('email=again%40x.com');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
      // Another user has a bucket of their own.
      expect((await ask('email=a%40x.com', tokens.ben!)).status).toBe(200);
    });

    it(`two hub processes share one rate limit on a Postgres server (${backend.name})`, async () => {
      const limit = { burst: 5, perSecond: 0.01 };
      const shared = () => (db.driver === 'postgres' ? new PostgresRateLimiter(db) : new MemoryRateLimiter());
      const limiter = shared();
      const first = createHubApp({ db, logError: () => undefined, rateLimit: limit, rateLimiter: limiter });
      // On PGlite there is one process only: the second app shares its memory, as a second process on Postgres shares the table.
      const second = createHubApp({ db, logError: () => undefined, rateLimit: limit, rateLimiter: db.driver === 'postgres' ? shared() : limiter });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const target = i % 2 ? second : first;
        statuses.push((await target.request('/v1/me', { headers: { Authorization: `Bearer ${tokens.ann}` } })).status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    });

    it('a prospect written while a page is read lands in a later page, never behind the cursor', async () => {
      await write({ prospects: [prospect('p-a', { owner: ANN })] });
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started!: () => void;
      const holding = new Promise<void>((resolve) => (started = resolve));
      const slow = db.transaction(async (tx) => {
        await upsertRows(tx, 'prospect', [prospect('p-b', { owner: ANN })]);
        started();
        await gate;
      });
      await holding;
      setTimeout(release, 300);
      const early = syncResponse.parse(await (await call('GET', '/v1/sync', 'ann')).json());
      await slow;
      const client = new Client();
      client.apply(early.changes);
      client.cursor = early.cursor;
      await sync('ann', client);
      expect(client.ids('prospect')).toEqual(['p-a', 'p-b']);
    });

    it('a revoked user’s scope rows go with the revocation', async () => {
      await write(WORKSPACE());
      await sync('ann');
      expect(Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scope_members WHERE user_id = $1', [ids.ann])).rows[0]!.n)).toBe(3);
      expect((await call('DELETE', `/v1/users/${ids.ann}`, 'admin')).status).toBe(200);
      expect(Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM scope_members WHERE user_id = $1', [ids.ann])).rows[0]!.n)).toBe(0);
    });
  });
}
