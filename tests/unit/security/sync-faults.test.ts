/**
 * Injected faults on the import and sync paths: storage quota exhausted mid-import, a hub that
 * answers 500, 429 with Retry-After, never, with malformed JSON, with a cursor that goes backwards,
 * or with corrupted rows; a worker that dies between the hub's answer and the outbox delete.
 * Each: nothing lost, nothing doubled, a clear status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { SyncChange, SyncResponse, UsageEvent } from '../../../lib/contract';
import { routeMessage } from '../../../lib/background/router';
import { describeStorageError } from '../../../lib/store/storage-errors';
import { importCsv } from '../../../lib/import/csv/import';
import { cuecardProspects } from '../../../lib/import/presets/cuecard';
import type { CsvPreset } from '../../../lib/import/presets/preset';
import { importBundle, type ImportSink } from '../../../lib/import/bundle';
import { recordUsage } from '../../../lib/store/outbox';
import { countRows } from '../../../lib/store/write';
import { createHubClient, HubRequestError, type FetchLike } from '../../../lib/sync/hub-client';
import { flushOutbox } from '../../../lib/sync/outbox-flush';
import { readCursor } from '../../../lib/store/sync-state';
import { runSync, SyncRefusedError } from '../../../lib/sync/sync';
import { createHubApp } from '../../../hub/app';
import type { HubDb } from '../../../hub/db';
import { openHubDb } from '../../../hub/server';
import { addUser } from '../../../hub/store';
import { dbSink, freshDb } from '../store/test-db';
import { testRouterDeps } from '../background/test-deps';
import { dexieQuotaError, interceptWrites, quotaError } from '../store/full-disk';
import { ONE_MB } from './corpus';

let faultsInjected = 0;
afterAll(() => console.log(`[sync-faults] faults injected: ${faultsInjected}`));


/**
 * A fresh database whose storage layer (Dexie's DBCore, below every table API) refuses writes to
 * `tables` with a quota error while `failing` is on: what a full disk looks like to our code.
 */
function quotaDb(tables: string[]) {
  const db = freshDb();
  const control = { failing: false };
  interceptWrites(db, 'quota-fault', (name, request, write) =>
    control.failing && tables.includes(name) && request.type !== 'delete' ? Promise.reject(quotaError()) : write(request),
  );
  return { db, control };
}

const prospects = (n: number, prefix = 'p') => Array.from({ length: n }, (_, i) => ({ id: `${prefix}-${i}`, email: `${prefix}${i}@northwind.example`, name: `Person ${i}` }));

describe('storage quota exhausted mid-import', () => {
  it.each([
    ['QuotaExceededError', quotaError],
    ['Dexie AbortError with inner QuotaExceededError', dexieQuotaError],
  ])('%s on the 3rd chunk: earlier data and whole earlier chunks stay, the failing chunk leaves nothing', async (_name, makeError) => {
    const db = freshDb();
    await importBundle({ format: 'cuecard/v1', prospects: prospects(5, 'old') }, dbSink(db));
    const real = dbSink(db);
    let writes = 0;
    const sink: ImportSink = {
      async write(collection, rows) {
        writes++;
        if (writes === 3) {
          faultsInjected++;
          throw makeError();
        }
        await real.write(collection, rows);
      },
    };
    const error = await importBundle({ format: 'cuecard/v1', prospects: prospects(500, 'new') }, sink, { chunkSize: 100 }).catch((e: unknown) => e);
    expect(describeStorageError(error)).toMatchObject({ code: 'quota', message: expect.stringMatching(/storage space.*data already saved is kept/) });
    const stored = await db.prospects.toArray();
    expect(stored.filter((p) => p.id.startsWith('old-'))).toHaveLength(5);
    expect(stored.filter((p) => p.id.startsWith('new-'))).toHaveLength(200);
  });

  it('through the router (import:chunk): a "quota" reply in words, and the stored workspace unchanged', async () => {
    const { db, control } = quotaDb(['prospects']);
    await importBundle({ format: 'cuecard/v1', prospects: prospects(3, 'old') }, dbSink(db));
    control.failing = true;
    faultsInjected++;
    const reply = await routeMessage(
      { type: 'import:chunk', collection: 'prospects', rows: prospects(10, 'new') },
      { id: 'x', origin: 'chrome-extension://x' },
      testRouterDeps({ db, runtimeId: 'x', extensionOrigin: 'chrome-extension://x' }),
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'quota' } });
    expect(await db.prospects.count()).toBe(3);
  });

  it('the quota message says how much space is needed and how much is in use', () => {
    const message = describeStorageError(quotaError(), { neededBytes: 3 * 1024 * 1024, usage: 1.9 * 1024 ** 3, quota: 2 * 1024 ** 3 }).message;
    expect(message).toMatch(/About 3\.0 MB more is needed/);
    expect(message).toMatch(/uses 1\.9 GB of the 2\.0 GB the browser allows/);
    expect(message).toMatch(/data already saved is kept/);
  });

  it('CSV import: a failing sink ends with a fatal report naming the rows kept', async () => {
    const db = freshDb();
    const real = dbSink(db);
    let writes = 0;
    const sink: ImportSink = {
      async write(collection, rows) {
        if (++writes === 2) {
          faultsInjected++;
          throw quotaError();
        }
        await real.write(collection, rows);
      },
    };
    const csv = ['id,email,name', ...prospects(250).map((p) => `${p.id},${p.email},${p.name}`)].join('\n');
    const report = await importCsv(csv, cuecardProspects as CsvPreset, sink, { chunkSize: 100 });
    expect(report.fatal).toMatch(/100 rows written before it stay; run the import again to finish/);
    expect(await db.prospects.count()).toBe(100);
  });

  it('a sync page that hits the quota writes nothing, keeps the cursor and never touches the outbox', async () => {
    const { db, control } = quotaDb(['prospects']);
    const event: UsageEvent = { id: randomUUID(), type: 'message_copied', at: '2026-11-20T10:00:00Z', surface: 'salesforce' };
    await recordUsage(db, event);
    control.failing = true;
    faultsInjected++;
    const hub = { sync: async (): Promise<SyncResponse> => ({ changes: [up(1, prospects(1)[0]!)], cursor: 1, hasMore: false }) };
    const error = await runSync(db, hub).catch((e: unknown) => e);
    expect(describeStorageError(error).code).toBe('quota');
    control.failing = false;
    expect(await readCursor(db)).toBe(0);
    expect(await db.outbox.count()).toBe(1);
  });
});

const up = (seq: number, data: { id: string } & Record<string, unknown>, kind: SyncChange['kind'] = 'prospect'): SyncChange => ({ seq, kind, op: 'upsert', id: data.id, data });

/** A hub client over a scripted fetch. */
function clientAnswering(answer: (url: string, init: RequestInit) => Promise<Response> | Response, timeoutMs = 50) {
  const fetch: FetchLike = async (input, init) => answer(input, init);
  return createHubClient({ url: 'https://hub.example', token: 'cch_test', fetch, timeoutMs });
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

describe('hub faults seen by the sync client', () => {
  const cases: [string, () => Response | Promise<Response>, string, Partial<HubRequestError>][] = [
    ['500 with a cause in the body', () => json(500, { error: { code: 'internal', message: 'The hub hit an unexpected error.' } }), 'server', { status: 500 }],
    ['502 from a proxy, HTML body', () => new Response('<html>Bad gateway</html>', { status: 502 }), 'server', { status: 502 }],
    ['429 with Retry-After seconds', () => json(429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': '7' }), 'rate_limited', { retryAfterMs: 7_000 }],
    ['503 with Retry-After as an HTTP date', () => json(503, {}, { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() }), 'server', {}],
    ['200 with malformed JSON', () => new Response('{"changes": [', { status: 200 }), 'bad_response', {}],
    ['200 with an empty body', () => new Response('', { status: 200 }), 'bad_response', {}],
    ['200 with the wrong shape', () => json(200, { changes: 'all of them', cursor: -1 }), 'bad_response', {}],
    ['200 with a cursor that is not a number', () => json(200, { changes: [], cursor: '9; DROP', hasMore: false }), 'bad_response', {}],
    ['401', () => json(401, { error: { code: 'unauthorized', message: 'bad token' } }), 'unauthorized', {}],
    ['network down', () => Promise.reject(new TypeError('Failed to fetch')), 'offline', {}],
    [
      'no answer (timeout)',
      () => new Promise<Response>(() => undefined),
      'timeout',
      {},
    ],
  ];

  it.each(cases)('%s → %s, nothing written, cursor kept', async (_name, answer, code, extra) => {
    const db = freshDb();
    await runSync(db, { sync: async () => ({ changes: [up(1, prospects(1, 'before')[0]!)], cursor: 1, hasMore: false }) });
    faultsInjected++;
    const client = clientAnswering((_url, init) => {
      // The timeout case: the client's own AbortSignal must end the wait.
      if (code === 'timeout') {
        return new Promise<Response>((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal?.reason ?? new DOMException('aborted', 'AbortError')));
        });
      }
      return answer();
    });
    const error = (await runSync(db, client).catch((e: unknown) => e)) as HubRequestError;
    expect(error).toBeInstanceOf(HubRequestError);
    expect(error.code).toBe(code);
    expect(error).toMatchObject(extra);
    expect(error.message.length).toBeGreaterThan(20);
    expect(error.message).not.toMatch(/undefined|\[object/);
    expect(await readCursor(db)).toBe(1);
    expect(await countRows(db)).toMatchObject({ prospects: 1 });
  });

  it('a 503 Retry-After date becomes a wait in ms', async () => {
    faultsInjected++;
    const error = (await clientAnswering(() => json(503, {}, { 'Retry-After': new Date(Date.now() + 60_000).toUTCString() }))
      .sync(0, 10)
      .catch((e: unknown) => e)) as HubRequestError;
    expect(error.retryAfterMs).toBeGreaterThan(50_000);
    expect(error.retryable).toBe(true);
  });

  it('a cursor that goes backwards is refused with words, and nothing is applied', async () => {
    const db = freshDb();
    await runSync(db, { sync: async () => ({ changes: [up(10, prospects(1)[0]!)], cursor: 10, hasMore: false }) });
    faultsInjected++;
    const restored = { sync: async (): Promise<SyncResponse> => ({ changes: [up(4, { ...prospects(1)[0]!, name: 'Old copy' })], cursor: 4, hasMore: false }) };
    const error = await runSync(db, restored).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncRefusedError);
    expect((error as Error).message).toMatch(/older than this browser already has/);
    expect((await db.prospects.get('p-0'))?.name).toBe('Person 0');
    expect(await readCursor(db)).toBe(10);
  });

  it('"hasMore" with no progress is refused instead of looping forever', async () => {
    faultsInjected++;
    const stuck = { sync: async (cursor: number): Promise<SyncResponse> => ({ changes: [], cursor, hasMore: true }) };
    await expect(runSync(freshDb(), stuck)).rejects.toBeInstanceOf(SyncRefusedError);
  });

  it('corrupted and hostile rows are skipped and reported; good rows land; the cursor advances past them', async () => {
    const db = freshDb();
    const garbage: SyncChange[] = [
      { seq: 1, kind: 'prospect', op: 'upsert', id: 'no-data' },
      { seq: 2, kind: 'prospect', op: 'upsert', id: 'a-string', data: 'DROP TABLE' },
      { seq: 3, kind: 'prospect', op: 'upsert', id: 'mismatch', data: { id: 'someone-else', email: 'x@y.example' } },
      { seq: 4, kind: 'prospect', op: 'upsert', id: 'bad-email', data: { id: 'bad-email', email: '<img src=x onerror=alert(1)>' } },
      { seq: 5, kind: 'touch', op: 'upsert', id: 'huge', data: { id: 'huge', prospectId: 'p-0', type: 'webinar', occurredAt: '2026-01-01T00:00:00Z', title: ONE_MB } },
      { seq: 6, kind: 'asset', op: 'upsert', id: 'js-url', data: { id: 'js-url', title: 't', url: 'javascript:alert(1)', kind: 'k', status: 'approved' } },
      { seq: 7, kind: 'message', op: 'upsert', id: 'array', data: [1, 2, 3] },
      { seq: 8, kind: 'touch', op: 'upsert', id: 'bad-type', data: { id: 'bad-type', prospectId: 'p-0', type: 'phone_call', occurredAt: '2026-01-01T00:00:00Z' } },
      { seq: 9, kind: 'prospect', op: 'upsert', id: 'null', data: null },
      up(10, prospects(1)[0]!),
      { seq: 11, kind: 'prospect', op: 'upsert', id: 'pp', data: JSON.parse('{"id":"pp","email":"pp@x.example","__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}') },
    ];
    faultsInjected += garbage.length - 2;
    const outcome = await runSync(db, { sync: async () => ({ changes: garbage, cursor: 11, hasMore: false }) });
    expect(outcome.skippedCount).toBe(9);
    expect(outcome.skipped.map((s) => s.id)).toEqual(expect.arrayContaining(['no-data', 'a-string', 'mismatch', 'bad-email', 'huge', 'js-url', 'array', 'bad-type', 'null']));
    expect(await readCursor(db)).toBe(11);
    expect(await db.prospects.get('p-0')).toBeDefined();
    const pp = (await db.prospects.get('pp')) as unknown as Record<string, unknown>;
    expect(Object.hasOwn(pp, '__proto__')).toBe(false);
    expect(Object.hasOwn(pp, 'constructor')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  // A newer hub may send kinds this client does not know: skipped and reported, the cursor advances.
  it('a change of an unknown kind is skipped, not fatal for the page', async () => {
    const db = freshDb();
    const client = clientAnswering(() =>
      json(200, { changes: [up(1, prospects(1)[0]!), { seq: 2, kind: 'campaign', op: 'upsert', id: 'c1', data: {} }], cursor: 2, hasMore: false }),
    );
    faultsInjected++;
    const outcome = await runSync(db, client);
    expect(outcome.skippedCount).toBe(1);
    expect(await readCursor(db)).toBe(2);
  });
});

describe('usage delivery under faults, against the real hub in-process', () => {
  let hubDb: HubDb;
  let app: ReturnType<typeof createHubApp>;
  let token: string;
  beforeAll(async () => {
    hubDb = await openHubDb({});
    app = createHubApp({ db: hubDb, rateLimit: false, logError: () => undefined });
    token = (await addUser(hubDb, 'Rex', 'rep')).token;
  }, 120_000);
  afterAll(async () => hubDb?.close());

  const events = (n: number): UsageEvent[] =>
    Array.from({ length: n }, (_, i) => ({ id: randomUUID(), type: 'message_copied', at: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(), surface: 'salesforce', messageId: `m-${i % 3}` }));

  async function storedCount(ids: string[]): Promise<number> {
    const result = await hubDb.query<{ n: number }>('SELECT count(*)::int AS n FROM usage_events WHERE id = ANY($1::uuid[])', [ids]);
    return result.rows[0]!.n;
  }

  it('500s, 429s, timeouts and a worker killed after the POST: every event stored exactly once', async () => {
    const db = freshDb();
    const list = events(1_200);
    for (const event of list) await recordUsage(db, event);
    // The hub answers through app.request; every third call fails in a different way first.
    let call = 0;
    const faults = ['500', '429', 'timeout', 'malformed'];
    const client = createHubClient({
      url: 'https://hub.example',
      token,
      timeoutMs: 50,
      fetch: async (input, init) => {
        call++;
        if (call % 3 === 1) {
          const fault = faults[Math.floor(call / 3) % faults.length]!;
          faultsInjected++;
          if (fault === '500') return json(500, { error: { code: 'internal', message: 'x' } });
          if (fault === '429') return json(429, { error: { code: 'rate_limited', message: 'x' } }, { 'Retry-After': '1' });
          if (fault === 'malformed') {
            // The hub stored the batch, but the answer is lost: the retry must not double it.
            await app.request(input.replace('https://hub.example', ''), init);
            return new Response('{"accep', { status: 200 });
          }
          return new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
        }
        return app.request(input.replace('https://hub.example', ''), init);
      },
    });
    let killed = false;
    for (let attempt = 0; attempt < 30 && (await db.outbox.count()) > 0; attempt++) {
      await flushOutbox(db, client, {
        afterPost: () => {
          if (!killed) {
            killed = true;
            faultsInjected++;
            throw new Error('worker stopped after the hub answered');
          }
        },
      }).catch(() => undefined);
    }
    expect(await db.outbox.count()).toBe(0);
    expect(await storedCount(list.map((e) => e.id))).toBe(list.length);
    const total = await hubDb.query<{ n: number }>('SELECT count(*)::int AS n FROM usage_events');
    expect(total.rows[0]!.n).toBe(list.length);
  }, 60_000);
});
