/**
 * `lastTouches` holds, per prospect, its domain and its newest touch, kept by a middleware on
 * every write. Each test compares it with what the tables themselves say after every step.
 */
import Dexie, { cmp } from 'dexie';
import { describe, expect, it } from 'vitest';
import type { SyncChange } from '../../../lib/contract';
import { generateWorkspace } from '../../../lib/demo/generate';
import { openDb, type CuecardDb } from '../../../lib/store/db';
import { evictOldestTouches } from '../../../lib/store/evict';
import { importBundle } from '../../../lib/import/bundle';
import type { TouchSummaryRow } from '../../../lib/store/touch-summaries';
import { prospectContext } from '../../../lib/store/queries';
import { toStoredProspect } from '../../../lib/store/rows';
import { AT_MAX, AT_MIN } from '../../../lib/store/timeline';
import { writeChunk } from '../../../lib/store/write';
import { readCursor } from '../../../lib/store/sync-state';
import { applySyncPage } from '../../../lib/sync/sync';
import { dbSink, freshDb, oldVersionDb } from './test-db';

const KNOWN_TYPES = new Set(['email_open', 'email_click', 'webinar', 'download', 'page_view', 'ad_click', 'event', 'form_submit']);

/** What touchSummaries must hold, from full reads of prospects and touches. */
async function expected(db: CuecardDb): Promise<TouchSummaryRow[]> {
  const prospects = await db.prospects.toArray();
  const domains = new Map(prospects.map((p) => [p.id, typeof p.domainKey === 'string' ? p.domainKey : '']));
  const rows = new Map<string, TouchSummaryRow>();
  const rowOf = (id: string) => rows.get(id) ?? rows.set(id, { prospectId: id, domainKey: domains.get(id) ?? '' }).get(id)!;
  // Every prospect with a domain, and everyone with a touch.
  for (const p of prospects) if (domains.get(p.id)) rowOf(p.id);
  for (const t of await db.touches.toArray()) {
    if (typeof t.prospectId !== 'string') continue;
    if (typeof t.type === 'string' && KNOWN_TYPES.has(t.type)) {
      const row = rowOf(t.prospectId);
      row.counts = { ...row.counts, [t.type]: (row.counts?.[t.type] ?? 0) + 1 };
    }
    const at = t.at as unknown;
    if (typeof at !== 'number' || !(at >= AT_MIN && at <= AT_MAX)) continue;
    const row = rowOf(t.prospectId);
    if (row.at === undefined || cmp([at, t.id], [row.at, row.id]) > 0) Object.assign(row, { at, id: t.id });
  }
  return [...rows.values()].map((row) => ({ ...row })).sort((a, b) => cmp(a.prospectId, b.prospectId));
}

async function expectExact(db: CuecardDb, step: string): Promise<void> {
  const actual = (await db.touchSummaries.toArray()).sort((a, b) => cmp(a.prospectId, b.prospectId));
  expect(actual, step).toEqual(await expected(db));
}

const touch = (id: string, prospectId: string, occurredAt: string, type = 'page_view') => ({ id, prospectId, type, occurredAt, at: Date.parse(occurredAt) });

describe('each prospect’s touch counts and newest touch, kept on every write', () => {
  it('follows imports, re-imports that move and re-date touches, sync pages, eviction and a wipe', async () => {
    const db = freshDb();
    const workspace = generateWorkspace({ prospects: 60, touches: 900, seed: 5 });
    await importBundle(workspace, dbSink(db));
    await expectExact(db, 'after the import');
    expect((await db.touchSummaries.get('p-dana'))?.at).toBe(Date.parse('2026-11-18T15:00:00.000Z'));

    // Dana's newest touch moves to Marcus and an older one becomes her newest; one is re-dated into the past.
    await writeChunk(db, 'touches', [
      { id: 't-dana-01', prospectId: 'p-marcus', type: 'webinar', occurredAt: '2026-11-19T15:00:00.000Z' },
      { id: 't-dana-02', prospectId: 'p-dana', type: 'email_open', occurredAt: '2020-01-01T00:00:00.000Z' },
      { id: 't-orphan', prospectId: 'p-not-yet', type: 'event', occurredAt: '2026-11-01T00:00:00.000Z' },
    ]);
    await expectExact(db, 'after a re-import');
    expect((await db.touchSummaries.get('p-marcus'))?.id).toBe('t-dana-01');

    // A sync page: the orphan's prospect arrives, Lena's newest touch is deleted, Priya moves company.
    const lenaNewest = (await db.touchSummaries.get('p-lena'))!.id!;
    const priya = workspace.prospects!.find((p) => p.id === 'p-priya')!;
    const changes: SyncChange[] = [
      { seq: 1, kind: 'prospect', op: 'upsert', id: 'p-not-yet', data: { id: 'p-not-yet', email: 'new@northwind-logistics.com' } },
      { seq: 2, kind: 'touch', op: 'delete', id: lenaNewest },
      { seq: 3, kind: 'prospect', op: 'upsert', id: 'p-priya', data: { ...priya, email: 'priya@northwind-logistics.com', domain: 'northwind-logistics.com' } },
      { seq: 4, kind: 'touch', op: 'upsert', id: 't-new-lena', data: { id: 't-new-lena', prospectId: 'p-lena', type: 'download', occurredAt: '2024-05-05T00:00:00.000Z' } },
      { seq: 5, kind: 'prospect', op: 'delete', id: 'p-marcus' },
    ];
    await applySyncPage(db, await readCursor(db), { changes, cursor: 5, hasMore: false });
    await expectExact(db, 'after a sync page');
    expect((await db.touchSummaries.get('p-not-yet'))?.domainKey).toBe('northwind-logistics.com');

    // Marketo activities filed under the lead id, then the prospect that carries it takes them over.
    await writeChunk(db, 'touches', [
      { id: 't-mkto-1', prospectId: 'p-marketo-4711', type: 'email_open', occurredAt: '2026-11-19T09:00:00.000Z' },
      { id: 't-mkto-2', prospectId: 'p-marketo-4711', type: 'email_click', occurredAt: '2026-11-19T09:05:00.000Z' },
    ]);
    await expectExact(db, 'after touches under a lead id');
    await writeChunk(db, 'prospects', [{ ...priya, id: 'p-priya', crmIds: { marketo: '4711' } }]);
    await expectExact(db, 'after the prospect adopted them');
    expect(await db.touchSummaries.get('p-marketo-4711')).toBeUndefined();
    expect((await db.touchSummaries.get('p-priya'))?.id).toBe('t-mkto-2');

    await evictOldestTouches(db, 400);
    await expectExact(db, 'after eviction');

    await db.transaction('rw', [db.prospects, db.touches], async () => {
      await Promise.all([db.prospects.clear(), db.touches.clear()]);
    });
    expect(await db.touchSummaries.count()).toBe(0);
  });

  it('stays exact through random writes: overwrites, moves, ties, damaged times, deletes and clears, several per transaction', async () => {
    for (const seed of [7, 11, 23]) await randomWrites(seed);
  });
});

async function randomWrites(seed: number): Promise<void> {
    const db = freshDb();
    let state = seed;
    const random = () => ((state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const ids = Array.from({ length: 14 }, (_, i) => `t-${i}`);
    const people = ['p-a', 'p-b', 'p-c', 'p-d', 'p-e'];
    const times = [Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-02-01T00:00:00Z'), Date.parse('2026-03-01T00:00:00Z'), Date.parse('2026-03-01T00:00:00Z')];
    const damaged: unknown[] = [Number.POSITIVE_INFINITY, 'yesterday', AT_MAX, AT_MIN, -1e16];
    const randomTouch = () => {
      const at = random() < 0.15 ? pick(damaged) : pick(times);
      return { id: pick(ids), prospectId: pick(people), type: pick(['page_view', 'webinar', 'not-a-type']), occurredAt: '2026-01-01T00:00:00Z', at };
    };
    const randomProspect = () => toStoredProspect({ id: pick(people), email: `x@${pick(['a.com', 'b.com', 'gmail.com'])}` });
    const ops: (() => Promise<unknown>)[] = [
      () => db.touches.bulkPut(Array.from({ length: 1 + Math.floor(random() * 4) }, randomTouch) as never[]),
      () => db.touches.bulkDelete(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(ids))),
      () => db.touches.put(randomTouch() as never),
      // Rows that fail (an id already there, a row without an id) beside rows that are stored.
      () => db.touches.bulkAdd([randomTouch(), randomTouch()] as never[]).catch(() => undefined),
      () => db.touches.bulkPut([randomTouch(), { ...randomTouch(), id: undefined }] as never[]).catch(() => undefined),
      () => db.prospects.bulkPut([randomProspect(), randomProspect()]),
      () => db.prospects.delete(pick(people)),
      () => db.touches.where('id').between('t-2', 't-6').delete(),
      () =>
        db.transaction('rw', [db.prospects, db.touches], () =>
          Promise.all([db.touches.bulkPut([randomTouch(), randomTouch()] as never[]), db.prospects.put(randomProspect()), db.touches.bulkDelete([pick(ids)])]),
        ),
    ];
    for (let step = 0; step < 400; step++) {
      const op = step % 97 === 96 ? () => db.touches.clear() : step % 131 === 130 ? () => db.prospects.clear() : pick(ops);
      await op();
      await expectExact(db, `seed ${seed}, step ${step}`);
    }
}

describe('touch summaries in an upgraded database', () => {
  it('is filled from the rows already there when a version 6 database is upgraded', async () => {
    const name = `cuecard-v6-${Math.random().toString(36).slice(2)}`;
    const old = oldVersionDb(name, 6);
    await old.table('prospects').bulkPut([
      toStoredProspect({ id: 'p-a', email: 'a@northwind-logistics.com' }),
      toStoredProspect({ id: 'p-b', email: 'b@northwind-logistics.com' }),
      toStoredProspect({ id: 'p-c', email: 'c@gmail.com' }),
    ]);
    await old.table('touches').bulkPut([
      touch('t-1', 'p-a', '2026-01-01T00:00:00Z'),
      touch('t-2', 'p-a', '2026-03-01T00:00:00Z'),
      touch('t-3', 'p-a', '2026-03-01T00:00:00Z'),
      { ...touch('t-4', 'p-a', '2026-04-01T00:00:00Z'), at: 'not a number' },
      { ...touch('t-5', 'p-a', '2026-04-01T00:00:00Z'), at: Number.POSITIVE_INFINITY },
      { ...touch('t-6', 'p-b', '2026-04-01T00:00:00Z'), at: -1e16 },
      touch('t-7', 'p-orphan', '2025-01-01T00:00:00Z'),
      touch('t-8', 'p-orphan', '2024-01-01T00:00:00Z', 'webinar'),
      touch('t-9', 'p-orphan', '2024-02-01T00:00:00Z', 'fax'),
      touch('t-10', 'p-c', '2024-02-01T00:00:00Z', 'webinar'),
      touch('t-11', 'p-c', '2024-02-02T00:00:00Z', 'webinar'),
      // Only on the timeline: no type, no prospect row.
      { ...touch('t-12', 'p-ghost', '2023-01-01T00:00:00Z'), type: undefined },
      { ...touch('t-13', 'p-0-first', '2023-01-01T00:00:00Z') },
    ]);
    old.close();
    const db = openDb(name);
    await expectExact(db, 'after the upgrade');
    expect(await db.touchSummaries.get('p-a')).toEqual({ prospectId: 'p-a', domainKey: 'northwind-logistics.com', counts: { page_view: 5 }, at: Date.parse('2026-03-01T00:00:00Z'), id: 't-3' });
    expect(await db.touchSummaries.get('p-b')).toEqual({ prospectId: 'p-b', domainKey: 'northwind-logistics.com', counts: { page_view: 1 } });
    expect(await db.touchSummaries.get('p-orphan')).toMatchObject({ domainKey: '', counts: { page_view: 1, webinar: 1 }, id: 't-7' });
    expect(await db.touchSummaries.get('p-ghost')).toEqual({ prospectId: 'p-ghost', domainKey: '', at: Date.parse('2023-01-01T00:00:00Z'), id: 't-12' });
    expect(await db.touchSummaries.get('p-0-first')).toMatchObject({ counts: { page_view: 1 }, id: 't-13' });
    expect(await db.touchSummaries.get('p-c')).toEqual({ prospectId: 'p-c', domainKey: '', counts: { webinar: 2 }, at: Date.parse('2024-02-02T00:00:00Z'), id: 't-11' });
    db.close();
  });
});

describe('the committee in the prospect context', () => {
  it('shows each colleague’s newest touch, also when their row names another domain', async () => {
    const db = freshDb();
    await importBundle(generateWorkspace({ prospects: 200, touches: 4000, seed: 9 }), dbSink(db));
    // A colleague whose row points elsewhere (as when touches arrive before the person).
    await db.touchSummaries.update('p-marcus', { domainKey: 'elsewhere.example' });
    const context = await prospectContext(db, { emails: ['dana.whitfield@northwind-logistics.com'] });
    expect(context!.committee.map((person) => person.id)).toEqual(['p-lena', 'p-marcus']);
    for (const person of context!.committee) {
      const newest = await db.touches.where('[prospectId+at+id]').between([person.id, AT_MIN, ''], [person.id, AT_MAX, Dexie.maxKey]).last();
      expect(person.lastTouchAt).toBe(newest?.at);
    }
    expect(context!.committee.find((person) => person.id === 'p-marcus')?.lastTouchAt).toBe(Date.parse('2026-11-15T10:10:00.000Z'));
  });
});

describe('touch counts in the prospect context', () => {
  async function indexCounts(db: CuecardDb, prospectId: string) {
    const counts: Record<string, number> = {};
    for (const type of ['email_open', 'email_click', 'webinar', 'download', 'page_view', 'ad_click', 'event', 'form_submit']) {
      const n = await db.touches.where('[prospectId+type]').equals([prospectId, type]).count();
      if (n) counts[type] = n;
    }
    return counts;
  }

  it('counts every touch of a known type, also one without a usable time that the timeline cannot show', async () => {
    const db = freshDb();
    await importBundle(generateWorkspace({ prospects: 20, touches: 100, seed: 2 }), dbSink(db));
    await db.touches.put({ ...touch('t-damaged', 'p-dana', '2026-01-01T00:00:00Z', 'download'), at: 'yesterday' } as never);
    await db.touches.put({ ...touch('t-odd-type', 'p-dana', '2026-01-02T00:00:00Z'), type: 'fax' } as never);
    const context = await prospectContext(db, { emails: ['dana.whitfield@northwind-logistics.com'] });
    expect(context!.countsByType).toEqual(await indexCounts(db, 'p-dana'));
    expect(context!.touchCount).toBe(13);
    expect(context!.touches).toHaveLength(12);
  });

  it('counts a long history by type, beyond the first page', async () => {
    const db = freshDb();
    await importBundle(generateWorkspace({ prospects: 20, touches: 3000, seed: 4 }), dbSink(db));
    const busiest = (await db.touchSummaries.toArray()).map((row) => row.prospectId);
    let checked = 0;
    for (const prospectId of busiest) {
      const total = await db.touches.where('[prospectId+at+id]').between([prospectId, AT_MIN, ''], [prospectId, AT_MAX, Dexie.maxKey]).count();
      const row = await db.prospects.get(prospectId);
      if (!row) continue;
      const context = await prospectContext(db, { emails: [row.email] });
      expect(context!.touchCount).toBe(total);
      expect(context!.countsByType).toEqual(await indexCounts(db, prospectId));
      if (total >= 100) checked += 1;
    }
    expect(checked).toBeGreaterThan(3);
  });
});
