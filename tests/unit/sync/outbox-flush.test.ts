import { describe, expect, it } from 'vitest';
import type { UsageEvent } from '../../../lib/contract';
import { afterFailure, backoffDelay, mayAttempt, NO_BACKOFF } from '../../../lib/sync/backoff';
import { HubRequestError, parseRetryAfter } from '../../../lib/sync/hub-client';
import { flushOutbox } from '../../../lib/sync/outbox-flush';
import { recordUsage } from '../../../lib/store/outbox';
import { freshDb } from '../store/test-db';

const event = (i: number): UsageEvent => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  type: 'message_copied',
  at: new Date(Date.UTC(2026, 10, 1) + i * 1000).toISOString(),
  surface: 'gmail',
  messageId: 'm-1',
});

/** A fake hub that, like the real one, ignores ids it already has. */
function fakeUsageHub() {
  const stored = new Set<string>();
  const batches: number[] = [];
  return {
    stored,
    batches,
    async postUsage(events: UsageEvent[]) {
      batches.push(events.length);
      let accepted = 0;
      for (const e of events) {
        if (stored.has(e.id)) continue;
        stored.add(e.id);
        accepted += 1;
      }
      return { accepted, duplicates: events.length - accepted };
    },
  };
}

describe('outbox flush', () => {
  it('delivers in batches of at most 500, oldest first, and empties the outbox', async () => {
    const db = freshDb();
    for (let i = 0; i < 1_203; i += 1) await recordUsage(db, event(i));
    const hub = fakeUsageHub();
    const outcome = await flushOutbox(db, hub);
    expect(hub.batches).toEqual([500, 500, 203]);
    expect(outcome).toMatchObject({ accepted: 1_203, duplicates: 0, remaining: 0 });
  });

  it('is idempotent when the worker dies after the hub answered but before the outbox was cleared', async () => {
    const db = freshDb();
    for (let i = 0; i < 20; i += 1) await recordUsage(db, event(i));
    const hub = fakeUsageHub();
    await expect(
      flushOutbox(db, hub, {
        afterPost: () => {
          throw new Error('worker stopped');
        },
      }),
    ).rejects.toThrow('worker stopped');
    expect(await db.outbox.count()).toBe(20);
    const outcome = await flushOutbox(db, hub);
    expect(outcome).toMatchObject({ accepted: 0, duplicates: 20, remaining: 0 });
    expect(hub.stored.size).toBe(20);
  });

  it('keeps events and counts the attempt when the hub is down', async () => {
    const db = freshDb();
    await recordUsage(db, event(1));
    const down = { postUsage: async () => Promise.reject(new HubRequestError('offline', 'Cannot reach the hub')) };
    await expect(flushOutbox(db, down)).rejects.toThrow('Cannot reach the hub');
    expect((await db.outbox.toArray()).map((row) => row.attempts)).toEqual([1]);
  });

  it('drops a stored row that fails the contract instead of blocking the rows behind it', async () => {
    const db = freshDb();
    await recordUsage(db, event(1));
    await db.outbox.add({ id: 'broken', event: { id: 'broken' } as unknown as UsageEvent, at: 0, attempts: 0 });
    const hub = fakeUsageHub();
    const outcome = await flushOutbox(db, hub);
    expect(outcome).toMatchObject({ accepted: 1, dropped: 1, remaining: 0 });
  });
});

describe('backoff', () => {
  it('doubles from 30 s up to 30 min, with jitter between half and the whole step', () => {
    expect(backoffDelay(0)).toBe(0);
    expect(backoffDelay(1, undefined, () => 0)).toBe(15_000);
    expect(backoffDelay(1, undefined, () => 1)).toBe(30_000);
    expect(backoffDelay(3, undefined, () => 1)).toBe(120_000);
    expect(backoffDelay(20, undefined, () => 1)).toBe(30 * 60_000);
    expect(backoffDelay(20, undefined, () => 0)).toBe(15 * 60_000);
  });

  it('honours Retry-After from a 429 and resets after a success', () => {
    const now = 1_000_000;
    const state = afterFailure(NO_BACKOFF, now, 7_000);
    expect(state).toEqual({ failures: 1, nextAttemptAt: now + 7_000 });
    expect(mayAttempt(state, now + 6_999)).toBe(false);
    expect(mayAttempt(state, now + 7_000)).toBe(true);
    expect(parseRetryAfter('12')).toBe(12_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:00 GMT'))).toBe(60_000);
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
