/**
 * A damaged local database (fake-indexeddb): found before Dexie patches it over, rebuilt with the
 * rep's own rows (outbox, recentSends, hub token), the cursor reset, the rep told, a resync
 * started; garbage rows never crash the queries.
 */
import Dexie from 'dexie';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { RECOVERY_NOTICE_KEY, SYNC_STATUS_KEY, type UsageEvent } from '../../../lib/contract';
import { hubStatus, syncHub, type HubDeps } from '../../../lib/background/hub-service';
import { routeMessage } from '../../../lib/background/router';
import { sidebarState } from '../../../lib/background/sidebar-state';
import { openDb, DB_VERSION, type CuecardDb } from '../../../lib/store/db';
import {
  ensureDbReady,
  isBrokenDbError,
  probeDb,
  RECOVERY_META_KEY,
  RECOVERY_STAGING_KEY,
  salvageRows,
  withDbRecovery,
  type RecoveryDeps,
  type RecoveryRecord,
} from '../../../lib/store/db-recovery';
import { prospectContext, touchPage } from '../../../lib/store/queries';
import { recordUsage } from '../../../lib/store/outbox';
import { toStoredProspect, toStoredTouch } from '../../../lib/store/rows';
import { describeHubStatus } from '../../../components/shared/status-text';
import { CURSOR_KEY } from '../../../lib/store/meta-keys';
import { readCursor } from '../../../lib/store/sync-state';
import type { SettingsStores } from '../../../lib/settings/settings';
import { memoryArea } from '../background/memory-area';
import { memoryAlarms, testRouterDeps } from '../background/test-deps';
import { oldVersionDb } from './test-db';

let counter = 0;
const uniqueName = () => `cuecard-rec-${++counter}-${Math.random().toString(36).slice(2)}`;

const event = (i: number, extra: Partial<UsageEvent> = {}): UsageEvent => ({
  id: randomUUID(),
  type: 'message_copied',
  at: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(),
  surface: 'salesforce',
  messageId: `m-${i}`,
  ...extra,
});

/** Creates `name` with plain IndexedDB at `version`, the given stores (keyPath 'id', meta 'key') and rows. */
function rawDb(name: string, version: number, stores: Record<string, unknown[]>, keyPaths: Record<string, string | null> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => {
      for (const store of Object.keys(stores)) {
        const keyPath = store in keyPaths ? keyPaths[store] : store === 'meta' ? 'key' : 'id';
        request.result.createObjectStore(store, keyPath ? { keyPath } : { autoIncrement: true });
      }
    };
    request.onsuccess = () => {
      const db = request.result;
      const names = Object.keys(stores);
      if (names.length === 0) {
        db.close();
        return resolve();
      }
      const tx = db.transaction(names, 'readwrite');
      for (const [store, rows] of Object.entries(stores)) for (const row of rows) tx.objectStore(store).put(row);
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
    request.onerror = () => reject(request.error);
  });
}

function existingNames(): Promise<string[]> {
  return indexedDB.databases().then((list) => list.map((db) => db.name ?? ''));
}

function deps(db: CuecardDb, options: { hub?: boolean; afterRebuild?: () => Promise<unknown> } = {}) {
  const session = memoryArea();
  const local = memoryArea();
  const afterRebuild = vi.fn(options.afterRebuild ?? (async () => undefined));
  const recovery: RecoveryDeps = { db, session, local, hubConfigured: async () => options.hub ?? false, afterRebuild, now: () => Date.UTC(2026, 10, 23, 9, 30) };
  return { recovery, session, local, afterRebuild };
}

async function recordOf(db: CuecardDb): Promise<RecoveryRecord | undefined> {
  return (await db.meta.get(RECOVERY_META_KEY))?.value as RecoveryRecord | undefined;
}

const ALL_STORES = ['assets', 'leadActivity', 'lookups', 'messages', 'meta', 'outbox', 'prospectViews', 'prospects', 'recentSends', 'touchSummaries', 'touches'];


/** A company sign-in as lib/store/hub-session.ts keeps it. */
const SSO_SESSION = {
  hubUrl: 'https://hub.example',
  accessToken: 'cca_access',
  accessExpiresAt: '2026-11-23T10:30:00.000Z',
  refreshToken: 'ccr_refresh',
  refreshExpiresAt: '2026-12-23T09:30:00.000Z',
  user: { id: 'u_1', name: 'Ann Rep', role: 'rep', email: 'ann@acme.example' },
  signedInAt: '2026-11-23T09:30:00.000Z',
};

describe('a damaged local database is rebuilt, keeping the rep’s own rows', () => {
  it('an existing database at a higher version with wrong stores: deleted, rebuilt at our version, the rep told to import again', async () => {
    const name = uniqueName();
    await rawDb(name, 9_999_990, { bogus: [{ id: 'x' }], junk: [] });
    expect(await probeDb(name)).toMatchObject({ state: 'broken', reason: expect.stringMatching(/Missing object stores.*prospects/) });

    const db = openDb(name);
    const { recovery, local, afterRebuild } = deps(db);
    const outcome = await ensureDbReady(recovery);
    expect(outcome.rebuilt).toBe(true);
    expect(db.verno).toBe(DB_VERSION);
    expect(db.backendDB().version).toBe(DB_VERSION * 10);
    expect([...db.backendDB().objectStoreNames].sort()).toEqual(ALL_STORES);
    expect(await recordOf(db)).toMatchObject({ at: '2026-11-23T09:30:00.000Z', reason: expect.stringMatching(/Missing object stores/), salvagedEvents: 0, tokenKept: false });
    expect(local.data.get(RECOVERY_NOTICE_KEY)).toEqual({ at: '2026-11-23T09:30:00.000Z', salvagedEvents: 0, hub: false });
    expect(afterRebuild).toHaveBeenCalledTimes(1);
    // The database works: a write and a read.
    await recordUsage(db, event(1));
    expect(await db.outbox.count()).toBe(1);
    db.close();
  });

  it('a database missing stores at our own version: the outbox, recent sends and hub token are salvaged, garbage rows left behind, the cursor reset', async () => {
    const name = uniqueName();
    const events = [event(1), event(2), event(3)];
    const sends = [{ id: 's-1', prospectId: 'p-1', assetId: 'a-1', type: 'asset_copied', at: Date.UTC(2026, 10, 20) }];
    await rawDb(name, 50, {
      outbox: [...events.map((e) => ({ id: e.id, event: e, at: Date.parse(e.at), attempts: 2 })), { id: 'garbage', event: { type: 'nope' } }, { id: 'g2', text: 'x' }],
      recentSends: [...sends, { id: 'bad', at: 'yesterday' }],
      meta: [
        { key: 'hubToken', value: 'secret-token' },
        { key: 'hubSession', value: SSO_SESSION },
        { key: CURSOR_KEY, value: 4_200 },
      ],
      // prospects, touches, messages, assets are gone.
    });
    const db = openDb(name);
    const { recovery, local, session } = deps(db, { hub: true });
    await ensureDbReady(recovery);

    const kept = await db.outbox.orderBy('at').toArray();
    expect(kept.map((row) => row.id)).toEqual(events.map((e) => e.id));
    expect(kept[0]).toMatchObject({ attempts: 2, event: events[0] });
    expect(await db.recentSends.toArray()).toEqual(sends);
    expect((await db.meta.get('hubToken'))?.value).toBe('secret-token');
    // The company sign-in (issue 18) is kept like the token: no sign-in again after a rebuild.
    expect((await db.meta.get('hubSession'))?.value).toEqual(SSO_SESSION);
    expect(await readCursor(db)).toBe(0);
    expect(await db.meta.get(CURSOR_KEY)).toBeUndefined();
    expect(await recordOf(db)).toMatchObject({ salvagedEvents: 3, salvagedSends: 1, tokenKept: true, droppedRows: 3 });
    // The token passed through storage.session only, and left it.
    expect(session.data.has(RECOVERY_STAGING_KEY)).toBe(false);
    expect(JSON.stringify([...local.data.values()])).not.toContain('secret-token');
    expect(local.data.get(SYNC_STATUS_KEY)).toBeNull();
    db.close();
  });

  it('a higher version holding only the outbox: its events survive and the status says so, with a resync from the hub', async () => {
    const name = uniqueName();
    const events = [event(1), event(2), event(3)];
    await rawDb(name, 9_999_990, { outbox: events.map((e) => ({ id: e.id, event: e, at: Date.parse(e.at), attempts: 0 })) });
    const db = openDb(name);
    const { recovery, local, afterRebuild } = deps(db, { hub: true });
    await ensureDbReady(recovery);
    expect(await db.outbox.count()).toBe(3);
    expect(afterRebuild).toHaveBeenCalledTimes(1);

    const notices = { recovered: local.data.get(RECOVERY_NOTICE_KEY) as { at: string; salvagedEvents: number; hub: boolean } };
    const base = { hubUrl: 'https://hub.example', usageConsent: true, pending: 3, sync: { backoff: { failures: 0, nextAttemptAt: 0 } }, flush: { backoff: { failures: 0, nextAttemptAt: 0 } } };
    expect(describeHubStatus({ mode: 'hub', ...base, notices }, 'en-US')).toMatch(
      /^Cuecard's local data was damaged and has been rebuilt \(3 unsent usage events kept\)\. Re-syncing from the hub… Not synced yet\. 3 usage events waiting to be sent\.$/,
    );
    expect(describeHubStatus({ mode: 'local', ...base, notices: { recovered: { ...notices.recovered, hub: false } } })).toBe(
      "Cuecard's local data was damaged and has been rebuilt (3 unsent usage events kept). Import your workspace file again. Local only: no hub configured. 3 usage events waiting to be sent.",
    );
    db.close();
  });

  it('a database with a wrong primary key in a store is broken too', async () => {
    const name = uniqueName();
    await rawDb(name, 50, { prospects: [], touches: [], messages: [], assets: [], meta: [], outbox: [{ event: event(1) }], recentSends: [] }, { outbox: null });
    expect(await probeDb(name)).toMatchObject({ state: 'broken', reason: expect.stringMatching(/Wrong primary key in: outbox/) });
    const db = openDb(name);
    await ensureDbReady(deps(db).recovery);
    // A bare row holding an event is still the rep's event.
    expect(await db.outbox.count()).toBe(1);
    db.close();
  });

  it('a healthy database from an older version is upgraded, never rebuilt', async () => {
    const name = uniqueName();
    const v5 = oldVersionDb(name, 5);
    await v5.table('prospects').put(toStoredProspect({ id: 'p-1', email: 'dana@northwind.example', name: 'Dana' }));
    await v5.table('touches').put(toStoredTouch({ id: 't-1', prospectId: 'p-1', type: 'webinar', occurredAt: '2026-01-01T00:00:00Z' }));
    await v5.table('meta').put({ key: CURSOR_KEY, value: 77 });
    v5.close();
    expect(await probeDb(name)).toEqual({ state: 'healthy', version: 50 });

    const db = openDb(name);
    const { recovery, local, afterRebuild } = deps(db);
    expect(await ensureDbReady(recovery)).toEqual({ rebuilt: false });
    expect(await db.prospects.count()).toBe(1);
    expect(await readCursor(db)).toBe(77);
    expect(await db.touches.orderBy('at').first()).toMatchObject({ id: 't-1' });
    expect(local.data.size).toBe(0);
    expect(afterRebuild).not.toHaveBeenCalled();
    db.close();
  });

  it('no database yet: the probe creates none and the first open is a plain create', async () => {
    const name = uniqueName();
    expect(await probeDb(name)).toEqual({ state: 'missing' });
    expect(await existingNames()).not.toContain(name);
    const db = openDb(name);
    const { recovery, local } = deps(db);
    expect(await ensureDbReady(recovery)).toEqual({ rebuilt: false });
    expect(local.data.size).toBe(0);
    db.close();
  });

  it('a worker stopped between deleting the database and writing the rows back: the next start finishes the job', async () => {
    const name = uniqueName();
    const events = [event(1), event(2)];
    await rawDb(name, 9_999_990, { outbox: events.map((e) => ({ id: e.id, event: e, at: Date.parse(e.at), attempts: 0 })), meta: [{ key: 'hubToken', value: 'tok' }] });
    const { session, local } = deps(openDb(name));
    // What rebuildDb stages before deleting, then the delete, then nothing: the worker is gone.
    const raw = await new Promise<IDBDatabase>((resolve) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(request.result);
    });
    const salvage = await salvageRows(raw);
    raw.close();
    await session.set({ [RECOVERY_STAGING_KEY]: { reason: 'test', salvage } });
    await Dexie.delete(name);

    const db = openDb(name); // the next worker
    const outcome = await ensureDbReady({ db, session, local, hubConfigured: async () => true });
    expect(outcome).toMatchObject({ rebuilt: true, record: { reason: 'test', salvagedEvents: 2, tokenKept: true } });
    expect(await db.outbox.count()).toBe(2);
    expect((await db.meta.get('hubToken'))?.value).toBe('tok');
    expect(session.data.has(RECOVERY_STAGING_KEY)).toBe(false);
    db.close();
  });

  it('a database replaced under an open handle: the next use finds it, rebuilds and runs again', async () => {
    const name = uniqueName();
    const db = openDb(name);
    const { recovery, local } = deps(db);
    await ensureDbReady(recovery);
    const kept = event(1);
    await recordUsage(db, kept);
    await recordUsage(db, event(2));
    // Another context deletes it and leaves a bogus one with the outbox only (one event lost with it).
    await Dexie.delete(name);
    await rawDb(name, 9_999_990, { outbox: [{ id: kept.id, event: kept, at: Date.parse(kept.at), attempts: 0 }] });

    const count = await withDbRecovery(recovery, () => db.outbox.count());
    expect(count).toBe(1);
    expect(await db.outbox.get(kept.id)).toBeDefined();
    expect([...db.backendDB().objectStoreNames].sort()).toEqual(ALL_STORES);
    expect(local.data.get(RECOVERY_NOTICE_KEY)).toMatchObject({ salvagedEvents: 1 });
    db.close();
  });

  it('several failures at once share one rebuild', async () => {
    const name = uniqueName();
    await rawDb(name, 9_999_990, { junk: [] });
    const db = openDb(name);
    const { recovery, afterRebuild } = deps(db);
    const results = await Promise.all(Array.from({ length: 5 }, () => withDbRecovery(recovery, () => db.prospects.count())));
    expect(results).toEqual([0, 0, 0, 0, 0]);
    expect(afterRebuild).toHaveBeenCalledTimes(1);
    db.close();
  });

  it('tells a broken database from a full disk or a transient abort', () => {
    const named = (name: string, inner?: unknown) => Object.assign(new Error(name), { name, inner });
    const quota = new DOMException('full', 'QuotaExceededError');
    const cases: [unknown, boolean][] = [
      [quota, false],
      [named('AbortError', quota), false],
      [named('DatabaseClosedError', named('OpenFailedError', quota)), false],
      [named('AbortError'), false],
      [named('ConstraintError'), false],
      [named('TransactionInactiveError'), false],
      [named('DataError'), false],
      [named('VersionError'), true],
      [named('UpgradeError'), true],
      [named('InvalidStateError'), true],
      [named('DatabaseClosedError'), true],
      [named('AbortError', named('UnknownError')), true],
      [new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError'), true],
      [named('NotFoundError'), true],
      [undefined, false],
    ];
    for (const [error, broken] of cases) expect([error, isBrokenDbError(error)]).toEqual([error, broken]);
  });
});

describe('through the router and the hub service', () => {
  function hubDeps(db: CuecardDb, local: ReturnType<typeof memoryArea>, fetchCalls: string[], delivered: string[]): HubDeps {
    let token: string | undefined;
    const settings: SettingsStores = {
      readUser: async () => ({ hubUrl: 'https://hub.example', usageConsent: true }),
      writeUser: async () => undefined,
      readManaged: async () => ({}),
      readToken: async () => token ?? ((await db.meta.get('hubToken'))?.value as string | undefined),
      writeToken: async (value) => void (token = value),
    };
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    return {
      db,
      local,
      settings,
      alarms: memoryAlarms(),
      fetch: async (input, init) => {
        fetchCalls.push(input);
        const url = new URL(input);
        if (url.pathname === '/v1/usage') {
          const events = (JSON.parse(String(init.body)) as { events: UsageEvent[] }).events;
          delivered.push(...events.map((e) => e.id));
          return json({ accepted: events.length, duplicates: 0 });
        }
        const cursor = Number(url.searchParams.get('cursor'));
        const changes = cursor === 0 ? [{ seq: 1, kind: 'prospect', op: 'upsert', id: 'p-dana', data: { id: 'p-dana', email: 'dana@northwind.example', name: 'Dana Whitfield' } }] : [];
        return json({ changes, cursor: cursor === 0 ? 1 : cursor, hasMore: false });
      },
    };
  }

  it('sync:status on a broken database: rebuilt, outbox kept, the status says so; the resync from cursor 0 brings the workspace back, delivers the event once and clears the notice', async () => {
    const name = uniqueName();
    const kept = event(1);
    await rawDb(name, 9_999_990, { outbox: [{ id: kept.id, event: kept, at: Date.parse(kept.at), attempts: 0 }], meta: [{ key: 'hubToken', value: 'tok' }, { key: CURSOR_KEY, value: 900 }] });
    const db = openDb(name);
    const local = memoryArea();
    const session = memoryArea();
    const fetchCalls: string[] = [];
    const delivered: string[] = [];
    const hub = hubDeps(db, local, fetchCalls, delivered);
    let resynced: Promise<unknown> | undefined;
    const recovery: RecoveryDeps = {
      db,
      session,
      local,
      hubConfigured: async () => true,
      afterRebuild: () => (resynced = syncHub(hub, { force: true })),
    };
    const sender = { id: 'x', origin: 'chrome-extension://x' };
    const routerDeps = testRouterDeps({ db, runtimeId: 'x', extensionOrigin: 'chrome-extension://x', session, local, hub, guard: (run) => withDbRecovery(recovery, run) });
    const reply = await routeMessage({ type: 'sync:status' }, sender, routerDeps);
    expect(reply).toMatchObject({ ok: true, value: { pending: 1, notices: { recovered: { salvagedEvents: 1, hub: true } } } });

    await resynced;
    expect(fetchCalls.some((url) => url.includes('/v1/sync?cursor=0&'))).toBe(true);
    expect(await db.prospects.get('p-dana')).toMatchObject({ name: 'Dana Whitfield' });
    const after = await hubStatus(hub);
    expect(after.notices).toEqual({});
    expect(describeHubStatus(after)).not.toMatch(/damaged/);

    const flushed = await routeMessage({ type: 'sync:now' }, sender, routerDeps);
    expect(flushed).toMatchObject({ ok: true, value: { pending: 0 } });
    expect(delivered).toEqual([kept.id]);
    db.close();
  });
});

describe('garbage rows never crash the queries', () => {
  it('prospects and touches that fail the contract are skipped or trimmed, the good ones shown', async () => {
    const db = openDb(uniqueName());
    const dana = toStoredProspect({ id: 'p-dana', email: 'dana@northwind.example', name: 'Dana', company: 'Northwind', domain: 'northwind.example' });
    await db.prospects.bulkPut([
      dana,
      // Same email key and domain, but no email field: not a prospect row any more.
      { ...dana, id: 'p-broken', email: undefined } as never,
      { ...toStoredProspect({ id: 'p-odd', email: 'odd@northwind.example' }), name: 42, company: { x: 1 } } as never,
    ]);
    const good = toStoredTouch({ id: 't-good', prospectId: 'p-dana', type: 'webinar', occurredAt: '2026-03-01T10:00:00Z', title: 'Pricing webinar' });
    await db.touches.bulkPut([
      good,
      { ...good, id: 't-badtype', type: 'telepathy' } as never,
      { ...good, id: 't-badat', at: 'soon' } as never,
      { ...good, id: 't-odd', at: good.at + 1, title: ['x'], topics: ['pricing', 7], automated: 'yes' } as never,
    ]);
    const context = await prospectContext(db, { emails: ['dana@northwind.example'] });
    expect(context?.prospect.id).toBe('p-dana');
    expect(context?.alsoMatched).toEqual([]);
    expect(context?.touches.map((t) => t.id)).toEqual(['t-odd', 't-good']);
    expect(context?.touches[0]).toMatchObject({ title: undefined, topics: ['pricing'], automated: undefined });
    expect(context?.committee.map((p) => [p.id, p.name, p.company])).toEqual([['p-odd', undefined, undefined]]);
    expect((await touchPage(db, 'p-dana')).length).toBe(2);
    const state = await sidebarState(db, { site: 'salesforce', ref: { emails: ['nobody@x.example'] }, settled: true } as never);
    expect(state.status).toBe('no-match');
    db.close();
  });
});
