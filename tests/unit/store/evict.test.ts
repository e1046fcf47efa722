/**
 * A full disk (a DBCore middleware that refuses writes until rows are deleted): the rep's own rows
 * (usage events, recent sends) get room by evicting the oldest touches in batches, never outbox,
 * recentSends or meta rows; cache writes (sync pages, import chunks) evict nothing.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EVICTION_NOTICE_KEY, type EvictionNotice, type SyncResponse, type Touch, type UsageEvent } from '../../../lib/contract';
import { routeMessage } from '../../../lib/background/router';
import { isQuotaError } from '../../../lib/store/storage-errors';
import { EVICTION_META_KEY, evictOldestTouches, writeOwnData, type EvictionRecord } from '../../../lib/store/evict';
import { recordUsage } from '../../../lib/store/outbox';
import { writeChunk } from '../../../lib/store/write';
import { describeHubStatus } from '../../../components/shared/status-text';
import { readCursor } from '../../../lib/store/sync-state';
import { runSync } from '../../../lib/sync/sync';
import type { HubClient } from '../../../lib/sync/hub-client';
import { memoryArea } from '../background/memory-area';
import { testRouterDeps } from '../background/test-deps';
import { dexieQuotaError, fullDiskDb, quotaError } from './full-disk';
import { freshDb } from './test-db';


const DAY = 86_400_000;
const BASE = Date.UTC(2025, 0, 1);
/** `n` touches, one a day, t-0 the oldest; ids in reverse so id order is not age order. */
function touches(n: number): (Touch & { at: number })[] {
  return Array.from({ length: n }, (_, i) => {
    const occurredAt = new Date(BASE + i * DAY).toISOString();
    return { id: `t-${String(n - i).padStart(4, '0')}`, prospectId: `p-${i % 7}`, type: 'page_view' as const, occurredAt, at: Date.parse(occurredAt) };
  });
}

const event = (extra: Partial<UsageEvent> = {}): UsageEvent => ({ id: randomUUID(), type: 'message_copied', at: '2026-11-20T10:00:00.000Z', surface: 'salesforce', messageId: 'm-1', ...extra });

async function seed(db: ReturnType<typeof freshDb>, n: number) {
  const rows = touches(n);
  await db.touches.bulkPut(rows);
  await db.meta.put({ key: 'hubToken', value: 'tok' });
  return rows;
}

describe('quota: the rep’s own rows evict the oldest touches, never outbox, recentSends or meta', () => {
  it.each([
    ['QuotaExceededError', quotaError],
    ['Dexie AbortError with inner QuotaExceededError', dexieQuotaError],
  ])('%s on a usage event: the oldest batch of touches goes, the event is kept, the eviction recorded', async (_name, makeError) => {
    const { db, control } = fullDiskDb(makeError);
    const rows = await seed(db, 100);
    await recordUsage(db, event());
    control.full = true;
    const kept = event({ type: 'asset_copied', assetId: 'a-1', prospectId: 'p-1', messageId: undefined });
    const outcome = await recordUsage(db, kept, { batch: 10, now: () => Date.UTC(2026, 10, 23) });

    expect(outcome.evicted).toBe(10);
    expect(await db.outbox.get(kept.id)).toMatchObject({ event: kept });
    expect(await db.recentSends.get(kept.id)).toMatchObject({ assetId: 'a-1' });
    expect(await db.outbox.count()).toBe(2);
    // Exactly the ten oldest by occurredAt, whatever their ids.
    const left = new Set((await db.touches.toArray()).map((t) => t.id));
    expect(rows.slice(0, 10).every((t) => !left.has(t.id))).toBe(true);
    expect(rows.slice(10).every((t) => left.has(t.id))).toBe(true);
    expect(control.deleted).toEqual({ touches: 10 });
    expect((await db.meta.get('hubToken'))?.value).toBe('tok');
    const record = (await db.meta.get(EVICTION_META_KEY))?.value as EvictionRecord;
    expect(record).toEqual({ at: '2026-11-23T00:00:00.000Z', touches: 10, upToAt: rows[9]!.at });
    expect(outcome.eviction).toEqual(record);
  });

  it('a write that needs more room evicts in several bounded batches, and the total adds up across writes', async () => {
    const { db, control } = fullDiskDb();
    await seed(db, 200);
    control.full = true;
    control.cost = 25; // one event "weighs" 25 touches; the eviction record too
    const first = await recordUsage(db, event(), { batch: 10 });
    expect(first.evicted).toBe(30);
    expect(control.free).toBe(5);
    const second = await recordUsage(db, event(), { batch: 10 });
    expect(second.evicted).toBe(20);
    // The record itself did not fit the second time without more room: best effort, the event is stored.
    expect(await db.outbox.count()).toBe(2);
    expect(await db.touches.count()).toBe(150);
    expect(control.deleted).toEqual({ touches: 50 });
  });

  it('no touch left to evict: the quota error comes through and no outbox row was touched', async () => {
    const { db, control } = fullDiskDb();
    await seed(db, 5);
    const before = event();
    await recordUsage(db, before);
    control.full = true;
    control.cost = 1_000;
    const error = await recordUsage(db, event(), { batch: 2 }).catch((e: unknown) => e);
    expect(isQuotaError(error)).toBe(true);
    expect(await db.touches.count()).toBe(0);
    expect(await db.outbox.count()).toBe(1);
    expect(control.deleted).toEqual({ touches: 5 });
  });

  it('the rounds are bounded: past them the quota error comes through', async () => {
    const { db, control } = fullDiskDb();
    await seed(db, 100);
    control.full = true;
    control.cost = 1_000;
    const error = await recordUsage(db, event(), { batch: 5, maxRounds: 3 }).catch((e: unknown) => e);
    expect(isQuotaError(error)).toBe(true);
    expect(await db.touches.count()).toBe(85);
  });

  it('writeOwnData leaves other errors alone and evicts nothing for them', async () => {
    const { db, control } = fullDiskDb();
    await seed(db, 10);
    const error = await writeOwnData(db, () => Promise.reject(Object.assign(new Error('x'), { name: 'ConstraintError' }))).catch((e: unknown) => e);
    expect((error as Error).name).toBe('ConstraintError');
    expect(control.deleted).toEqual({});
  });

  it('evictOldestTouches reads keys only, oldest first, at most the batch', async () => {
    const { db } = fullDiskDb();
    const rows = await seed(db, 30);
    expect(await evictOldestTouches(db, 12)).toEqual({ deleted: 12, upToAt: rows[11]!.at });
    expect((await db.touches.orderBy('at').first())?.id).toBe(rows[12]!.id);
    expect(await evictOldestTouches(freshDb(), 12)).toEqual({ deleted: 0 });
  });
});

describe('quota: cache writes keep today’s behaviour and evict nothing', () => {
  it('an import chunk that hits the quota writes nothing and evicts nothing', async () => {
    const { db, control } = fullDiskDb();
    await seed(db, 50);
    control.full = true;
    const error = await writeChunk(db, 'touches', touches(20).map(({ at: _at, ...t }) => ({ ...t, id: `new-${t.id}` }))).catch((e: unknown) => e);
    expect(isQuotaError(error)).toBe(true);
    expect(await db.touches.count()).toBe(50);
    expect(control.deleted).toEqual({});
  });

  it('a sync page that hits the quota writes nothing, keeps the cursor and evicts nothing', async () => {
    const { db, control } = fullDiskDb();
    await seed(db, 50);
    await db.meta.put({ key: 'sync:cursor', value: 7 });
    control.full = true;
    const page: SyncResponse = {
      changes: [{ seq: 8, kind: 'prospect', op: 'upsert', id: 'p-new', data: { id: 'p-new', email: 'new@northwind.example' } }],
      cursor: 8,
      hasMore: false,
    };
    const client = { sync: async () => page } as unknown as HubClient;
    const error = await runSync(db, client).catch((e: unknown) => e);
    expect(isQuotaError(error)).toBe(true);
    expect(await readCursor(db)).toBe(7);
    expect(await db.touches.count()).toBe(50);
    expect(control.deleted).toEqual({});
  });
});

describe('quota: the rep is told', () => {
  it('usage:record through the router: a success, and the status explains what was removed', async () => {
    const { db, control } = fullDiskDb();
    await seed(db, 1_200);
    control.full = true;
    const local = memoryArea();
    const session = memoryArea();
    const reply = await routeMessage(
      { type: 'usage:record', event: event() },
      { id: 'x', origin: 'chrome-extension://x' },
      testRouterDeps({ db, runtimeId: 'x', extensionOrigin: 'chrome-extension://x', session, local }),
    );
    expect(reply).toEqual({ ok: true, value: null });
    expect(await db.outbox.count()).toBe(1);
    const notice = local.data.get(EVICTION_NOTICE_KEY) as EvictionNotice;
    expect(notice.touches).toBe(500);
    const status = describeHubStatus({
      mode: 'local',
      hubUrl: '',
      usageConsent: true,
      pending: 1,
      sync: { backoff: { failures: 0, nextAttemptAt: 0 } },
      flush: { backoff: { failures: 0, nextAttemptAt: 0 } },
      notices: { evicted: notice },
    });
    expect(status).toBe('Storage was full: 500 older touches were removed from this browser to keep your usage events. Local only: no hub configured. 1 usage event waiting to be sent.');
  });
});
