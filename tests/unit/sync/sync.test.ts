import { describe, expect, it } from 'vitest';
import type { SyncChange, SyncResponse } from '../../../lib/contract';
import { applySyncPage, runSync, SyncRefusedError } from '../../../lib/sync/sync';
import { readCursor } from '../../../lib/store/sync-state';
import { freshDb } from '../store/test-db';

const prospect = (id: string, name = 'Dana Kim') => ({ id, email: `${id}@northwind-logistics.com`, name });
const touch = (id: string, prospectId: string) => ({ id, prospectId, type: 'webinar', occurredAt: '2026-10-01T10:00:00Z', title: 'Webinar' });

/** A fake hub: a compact change log read in seq order, like hub/store.ts readChanges. */
function fakeHub(changes: SyncChange[]) {
  const calls: number[] = [];
  return {
    calls,
    log: changes,
    async sync(cursor: number, limit: number): Promise<SyncResponse> {
      calls.push(cursor);
      const page = this.log.filter((c) => c.seq > cursor).sort((a, b) => a.seq - b.seq).slice(0, limit);
      const last = page.at(-1)?.seq ?? cursor;
      return { changes: page, cursor: last, hasMore: this.log.some((c) => c.seq > last) };
    },
  };
}

const up = (seq: number, kind: SyncChange['kind'], data: { id: string }): SyncChange => ({ seq, kind, op: 'upsert', id: data.id, data });

describe('cursor sync', () => {
  it('writes every page with its cursor and resumes after a worker killed between pages, nothing lost or doubled', async () => {
    const db = freshDb();
    const log: SyncChange[] = [];
    for (let i = 1; i <= 25; i += 1) log.push(up(i, 'prospect', prospect(`p-${i}`)));
    for (let i = 26; i <= 60; i += 1) log.push(up(i, 'touch', touch(`t-${i}`, 'p-1')));
    const hub = fakeHub(log);
    // "Kill" the worker after the second page: the exception stops the run like a dead worker would.
    await expect(
      runSync(db, hub, {
        limit: 10,
        onPage: (_result, cursor) => {
          if (cursor === 20) throw new Error('worker stopped');
        },
      }),
    ).rejects.toThrow('worker stopped');
    expect(await readCursor(db)).toBe(20);
    expect(await db.prospects.count()).toBe(20);
    const outcome = await runSync(db, hub, { limit: 10 });
    expect(outcome.cursor).toBe(60);
    expect(await db.prospects.count()).toBe(25);
    expect(await db.touches.count()).toBe(35);
    expect((await db.touches.get('t-30'))?.at).toBe(Date.parse('2026-10-01T10:00:00Z'));
    expect((await db.prospects.get('p-3'))?.emailKeys).toContain('p-3@northwind-logistics.com');
  });

  it('applies updates and deletes made on the hub after the first sync', async () => {
    const db = freshDb();
    const hub = fakeHub([up(1, 'prospect', prospect('p-1')), up(2, 'prospect', prospect('p-2')), up(3, 'touch', touch('t-1', 'p-2'))]);
    await runSync(db, hub);
    // The compact log: p-1 changed (new seq), p-2 deleted (tombstone).
    hub.log = [up(3, 'touch', touch('t-1', 'p-2')), up(4, 'prospect', prospect('p-1', 'Dana Kim-Okafor')), { seq: 5, kind: 'prospect', op: 'delete', id: 'p-2' }];
    const outcome = await runSync(db, hub);
    expect(outcome).toMatchObject({ upserted: 1, deleted: 1, cursor: 5 });
    expect((await db.prospects.get('p-1'))?.name).toBe('Dana Kim-Okafor');
    expect(await db.prospects.get('p-2')).toBeUndefined();
    // Mirrors the hub: a deleted prospect's touches stay until the hub deletes them.
    expect(await db.touches.get('t-1')).toBeDefined();
  });

  it('skips and reports a row that fails the contract, and still advances the cursor', async () => {
    const db = freshDb();
    const hub = fakeHub([
      up(1, 'prospect', prospect('p-1')),
      { seq: 2, kind: 'prospect', op: 'upsert', id: 'p-bad', data: { id: 'p-bad', email: 'not an email' } },
      { seq: 3, kind: 'asset', op: 'upsert', id: 'a-1', data: { id: 'a-1', title: 'Deck', url: 'javascript:alert(1)', kind: 'deck', status: 'approved' } },
      { seq: 4, kind: 'message', op: 'upsert', id: 'm-1', data: { id: 'm-other', title: 'T', body: 'B', status: 'approved' } },
    ]);
    const outcome = await runSync(db, hub);
    expect(outcome.cursor).toBe(4);
    expect(outcome.skippedCount).toBe(3);
    expect(outcome.skipped.map((row) => row.id)).toEqual(['p-bad', 'a-1', 'm-1']);
    expect(await db.prospects.count()).toBe(1);
    expect(await readCursor(db)).toBe(4);
  });

  it('refuses a hub whose cursor goes backwards, and changes nothing', async () => {
    const db = freshDb();
    await db.meta.put({ key: 'sync:cursor', value: 100 });
    const hub = { sync: async () => ({ changes: [up(7, 'prospect', prospect('p-old'))], cursor: 7, hasMore: false }) };
    await expect(runSync(db, hub)).rejects.toBeInstanceOf(SyncRefusedError);
    await expect(runSync(db, hub)).rejects.toThrow(/older than this browser already has/);
    expect(await readCursor(db)).toBe(100);
    expect(await db.prospects.count()).toBe(0);
  });

  it('drops a page when a concurrent sync already moved the cursor (no stale overwrite)', async () => {
    const db = freshDb();
    await db.meta.put({ key: 'sync:cursor', value: 5 });
    const result = await applySyncPage(db, 0, { changes: [up(1, 'prospect', prospect('p-1'))], cursor: 1, hasMore: false });
    expect(result.written).toBe(false);
    expect(await readCursor(db)).toBe(5);
    expect(await db.prospects.count()).toBe(0);
  });
});
