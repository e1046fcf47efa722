/**
 * Issue 17 in the extension: a person outside the rep's territory is asked about on the hub with
 * the page's record id or one address only, shown "from your hub", served locally the next time
 * and for a day; an unreachable hub is said in words; a synced person loses the mark; the cache
 * keeps to its budget, trimming looked-up people first and never the outbox; a token of another
 * user starts that user's feed from zero.
 */
import { describe, expect, it } from 'vitest';
import { lookUpPerson, lookupQueryFor, LOOKUP_MISS_MS } from '../../../lib/background/lookup';
import { keepWithinBudget, syncHub } from '../../../lib/background/hub-service';
import { sidebarState } from '../../../lib/background/sidebar-state';
import type { TabContext } from '../../../lib/background/tab-context';
import type { Prospect, ProspectRef, SyncResponse, Touch } from '../../../lib/contract';
import type { CuecardDb } from '../../../lib/store/db';
import { cacheFootprint, trimToBudget } from '../../../lib/store/budget';
import { cacheLookup, LOOKUP_FRESH_MS, noteViewed } from '../../../lib/store/lookups';
import { recordUsage } from '../../../lib/store/outbox';
import { readCursor } from '../../../lib/store/sync-state';
import { writeChunk } from '../../../lib/store/write';
import { freshDb } from '../store/test-db';
import { memoryArea } from './memory-area';
import { testHubDeps } from './test-deps';

const HUB = 'https://hub.example.com';
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T10:00:00Z');

const DANA: Prospect = { id: 'p-dana', email: 'dana@meridian.example', name: 'Dana Whitfield', company: 'Meridian', crmIds: { salesforce: '003Dn00000QxAbcIAF' } };
const danaTouches: Touch[] = [
  { id: 't-1', prospectId: 'p-dana', type: 'webinar', occurredAt: '2026-11-20T10:00:00Z' },
  { id: 't-2', prospectId: 'p-dana', type: 'download', occurredAt: '2026-11-25T10:00:00Z' },
];

interface FakeHub {
  fetch: (url: string, init: RequestInit) => Promise<Response>;
  calls: string[];
  online: boolean;
  me: string;
  sync?: (cursor: number) => SyncResponse;
}

function fakeHub(known: Prospect[] = [DANA]): FakeHub {
  const hub: FakeHub = {
    calls: [],
    online: true,
    me: 'u-ann',
    fetch: async (url) => {
      hub.calls.push(url.slice(HUB.length));
      if (!hub.online) throw new TypeError('Failed to fetch');
      const { pathname, searchParams } = new URL(url);
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
      if (pathname === '/v1/me') return json({ user: { id: hub.me, name: 'Ann', role: 'rep', email: 'ann@northwind.example' }, workspace: null });
      if (pathname === '/v1/sync') return json(hub.sync?.(Number(searchParams.get('cursor'))) ?? { changes: [], cursor: 0, hasMore: false });
      if (pathname === '/v1/lookup') {
        const email = searchParams.get('email');
        const id = searchParams.get('id');
        const found = known.filter((p) => p.email === email || (id && p.crmIds?.salesforce?.startsWith(id)));
        return json({ prospects: found, touches: found.length ? danaTouches : [], truncated: false });
      }
      return new Response('{}', { status: 404 });
    },
  };
  return hub;
}

function setup(hub: FakeHub, db: CuecardDb = freshDb()) {
  const hubDeps = testHubDeps(db, { user: { hubUrl: HUB }, fetch: hub.fetch, now: () => NOW });
  void hubDeps.settings.writeToken('cch_ann');
  const session = memoryArea();
  const deps = { db, hub: hubDeps, session, now: () => new Date(clock.now) };
  const clock = { now: NOW };
  return { db, hubDeps, deps, session, clock, lookup: (ref: ProspectRef) => lookUpPerson(deps, ref) };
}

const tab = (ref: ProspectRef): TabContext => ({ site: 'salesforce', ref, settled: true });
const byEmail: ProspectRef = { emails: ['Dana@Meridian.example'], name: 'Dana Whitfield', company: 'Meridian' };
const byRecord: ProspectRef = { emails: ['dana@meridian.example'], crm: { system: 'salesforce', objectType: 'Contact', recordId: '003Dn00000QxAbc' }, name: 'Dana' };

describe('on-demand lookup (issue 17)', () => {
  it('asks the hub with the record id, else one address, and never with the name or company on the page', () => {
    expect(lookupQueryFor(byRecord)).toEqual({ system: 'salesforce', id: '003Dn00000QxAbc' });
    expect(lookupQueryFor(byEmail)).toEqual({ email: 'dana@meridian.example' });
    expect(lookupQueryFor({ emails: ['not an address'], name: 'Dana' })).toBeUndefined();
  });

  it('shows a person outside the territory from the hub, marked "from your hub", then serves them locally for a day', async () => {
    const hub = fakeHub();
    const { db, lookup, clock } = setup(hub);
    await writeChunk(db, 'prospects', [{ id: 'p-own', email: 'own@northwind.example' }]);
    const first = await sidebarState(db, tab(byRecord), { lookup, now: clock.now });
    expect(first.status).toBe('match');
    if (first.status !== 'match') return;
    expect(first.context.prospect.name).toBe('Dana Whitfield');
    expect(first.context.touches.map((t) => t.id)).toEqual(['t-2', 't-1']);
    expect(first.context.fromHub).toEqual({ at: new Date(NOW).toISOString() });
    expect(hub.calls).toEqual(['/v1/lookup?system=salesforce&id=003Dn00000QxAbc']);

    // The next visit: local, no request.
    clock.now = NOW + 2 * 60 * 60 * 1000;
    const again = await sidebarState(db, tab(byEmail), { lookup, now: clock.now });
    expect(again.status === 'match' && again.context.fromHub).toBeTruthy();
    expect(hub.calls).toHaveLength(1);

    // A day later the hub is asked again; offline, the day-old copy still shows.
    clock.now = NOW + LOOKUP_FRESH_MS + 60_000;
    hub.online = false;
    const stale = await sidebarState(db, tab(byEmail), { lookup, now: clock.now });
    expect(stale.status).toBe('match');
    expect(hub.calls).toHaveLength(2);
  });

  it('says so when the hub does not know the person, and asks again only after a while', async () => {
    const hub = fakeHub([]);
    const { db, lookup, clock } = setup(hub);
    await writeChunk(db, 'prospects', [{ id: 'p-own', email: 'own@northwind.example' }]);
    const state = await sidebarState(db, tab(byEmail), { lookup, now: clock.now });
    expect(state).toMatchObject({ status: 'no-match', hubLookup: 'none', hint: 'Nobody with this email or CRM id is on your hub either.' });
    await sidebarState(db, tab(byEmail), { lookup, now: clock.now });
    expect(hub.calls).toHaveLength(1);
    clock.now += LOOKUP_MISS_MS + 1;
    await sidebarState(db, tab(byEmail), { lookup, now: clock.now });
    expect(hub.calls).toHaveLength(2);
  });

  it('offline, the sidebar says the person may exist on the hub; with nothing synced yet it says there is no workspace yet', async () => {
    const hub = fakeHub();
    hub.online = false;
    const { db, lookup, clock } = setup(hub);
    // An empty browser (a first sync to run, a rebuilt database) says so first, as without a hub.
    expect(await sidebarState(db, tab(byEmail), { lookup, now: clock.now })).toMatchObject({ status: 'no-data' });
    await writeChunk(db, 'prospects', [{ id: 'p-own', email: 'own@northwind.example' }]);
    const state = await sidebarState(db, tab(byEmail), { lookup, now: clock.now });
    expect(state).toMatchObject({ status: 'no-match', hubLookup: 'offline' });
    expect(state.status === 'no-match' && state.hint).toMatch(/may exist there/);
  });

  it('a person the sync brings into the territory loses the mark; a day-old lookup is cleaned by the sync', async () => {
    const hub = fakeHub();
    const { db, hubDeps, lookup, clock } = setup(hub);
    await sidebarState(db, tab(byEmail), { lookup, now: clock.now });
    await cacheLookup(db, { prospects: [{ ...DANA, id: 'p-other', email: 'other@meridian.example' }], touches: [] }, NOW - 2 * DAY);
    expect(await db.lookups.count()).toBe(2);
    hub.sync = () => ({ changes: [{ seq: 5, kind: 'prospect', op: 'upsert', id: 'p-dana', data: DANA }], cursor: 5, hasMore: false });
    await syncHub(hubDeps, { force: true });
    expect(await readCursor(db)).toBe(5);
    // Dana is in scope now; the two-day-old lookup went with its touches.
    expect(await db.lookups.toArray()).toEqual([]);
    expect(await db.prospects.get('p-other')).toBeUndefined();
    const state = await sidebarState(db, tab(byEmail), { lookup, now: clock.now });
    expect(state.status === 'match' && state.context.fromHub).toBeUndefined();
  });

  it('a token of another user starts that user’s feed from zero and drops the previous person’s workspace; a rotated token keeps both', async () => {
    const hub = fakeHub();
    const { db, hubDeps } = setup(hub);
    hub.sync = (cursor) => (cursor === 0 ? { changes: [{ seq: 9, kind: 'prospect', op: 'upsert', id: 'p-own', data: { id: 'p-own', email: 'own@x.example' } }], cursor: 9, hasMore: false } : { changes: [], cursor, hasMore: false });
    await syncHub(hubDeps, { force: true });
    expect(await readCursor(db)).toBe(9);
    // Same user, new token: nothing starts over.
    await hubDeps.settings.writeToken('cch_ann_rotated');
    await db.meta.delete('hub:identity');
    await syncHub(hubDeps, { force: true });
    expect(hub.calls.filter((call) => call.startsWith('/v1/sync')).at(-1)).toBe('/v1/sync?cursor=9&limit=5000');
    // Another person's token.
    hub.me = 'u-ben';
    await db.meta.delete('hub:identity');
    hub.sync = (cursor) => ({ changes: cursor === 0 ? [{ seq: 3, kind: 'prospect', op: 'upsert', id: 'p-ben', data: { id: 'p-ben', email: 'ben@x.example' } }] : [], cursor: Math.max(cursor, 3), hasMore: false });
    await syncHub(hubDeps, { force: true });
    expect(hub.calls.filter((call) => call.startsWith('/v1/sync')).at(-1)).toBe('/v1/sync?cursor=0&limit=5000');
    expect((await db.prospects.toArray()).map((p) => p.id)).toEqual(['p-ben']);
  });
});

describe('the local cache’s budget', () => {
  const people = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, email: `${prefix}${i}@northwind.example`, name: `Person ${i}`, title: 'Head of Logistics' }));
  const touches = (prospectId: string, count: number): Touch[] =>
    Array.from({ length: count }, (_, i) => ({ id: `${prospectId}-t${i}`, prospectId, type: 'page_view', occurredAt: new Date(NOW - i * DAY).toISOString(), title: 'Visited the pricing page' }));

  it('trims looked-up people first (least recently viewed), then the territory never viewed, then least recently viewed; never the outbox', async () => {
    const db = freshDb();
    await writeChunk(db, 'prospects', people('p-own', 6));
    await writeChunk(db, 'touches', people('p-own', 6).flatMap((p) => touches(p.id, 10)));
    for (const [i, person] of people('p-seen', 2).entries()) await cacheLookup(db, { prospects: [person], touches: touches(person.id, 10) }, NOW - i);
    await noteViewed(db, 'p-seen-0', NOW - 5_000);
    await noteViewed(db, 'p-seen-1', NOW - 9_000);
    await noteViewed(db, 'p-own-2', NOW - 3_000);
    await noteViewed(db, 'p-own-4', NOW - 8_000);
    await recordUsage(db, { id: '00000000-0000-4000-8000-000000000001', type: 'sidebar_opened', at: new Date(NOW).toISOString(), surface: 'salesforce', prospectId: 'p-seen-1' });
    const full = await cacheFootprint(db);
    const perPerson = full.perProspect + 10 * full.perTouch;

    // Room for all but three people: the two looked up, then the first never viewed.
    const trimmed = await trimToBudget(db, full.bytes - 2.5 * perPerson);
    expect(trimmed.prospects).toBe(3);
    expect((await db.prospects.toArray()).map((p) => p.id).sort()).toEqual(['p-own-1', 'p-own-2', 'p-own-3', 'p-own-4', 'p-own-5']);
    expect(await db.touches.where('[prospectId+at+id]').between(['p-seen-1', -Infinity, ''], ['p-seen-1', Infinity, '\uffff']).count()).toBe(0);
    // Then the rest never viewed, then the one viewed longest ago; the person on screen is kept.
    await trimToBudget(db, (await cacheFootprint(db)).bytes - 2.5 * perPerson, new Set(['p-own-3']));
    expect((await db.prospects.toArray()).map((p) => p.id).sort()).toEqual(['p-own-2', 'p-own-3']);
    // Not on screen any more: never viewed goes before viewed.
    await trimToBudget(db, (await cacheFootprint(db)).bytes - 0.5 * perPerson);
    expect((await db.prospects.toArray()).map((p) => p.id)).toEqual(['p-own-2']);
    expect(await db.outbox.count()).toBe(1);
  });

  it('leaves a cache under the rep’s budget alone', async () => {
    const db = freshDb();
    await writeChunk(db, 'prospects', people('p-own', 300));
    await writeChunk(db, 'touches', people('p-own', 300).flatMap((p) => touches(p.id, 40)));
    expect(await keepWithinBudget(testHubDeps(db, { user: { cacheBudgetMb: 50 } }))).toBeNull();
    expect(await db.prospects.count()).toBe(300);
    expect(await db.touches.count()).toBe(12_000);
  });
});
