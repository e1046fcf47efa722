import { describe, expect, it } from 'vitest';
import { markDelivered, outboxSize, pendingUsage, recordUsage } from '../../../lib/store/outbox';
import { freshDb } from './test-db';

const event = (id: string, at: string) => ({ id, type: 'message_copied' as const, at, surface: 'salesforce' as const, messageId: 'm1' });

describe('usage outbox', () => {
  it('keeps one row per event id, however often it is recorded', async () => {
    const db = freshDb();
    const e = event('7f1c1f1e-1a8b-4c84-9d1e-3b2a1c0d9e8f', '2026-11-20T10:00:00Z');
    await recordUsage(db, e);
    await recordUsage(db, e);
    expect(await outboxSize(db)).toBe(1);
  });

  it('hands out the oldest events first and forgets delivered ones', async () => {
    const db = freshDb();
    await recordUsage(db, event('00000000-0000-4000-8000-000000000002', '2026-11-20T10:00:02Z'));
    await recordUsage(db, event('00000000-0000-4000-8000-000000000001', '2026-11-20T10:00:01Z'));
    await recordUsage(db, event('00000000-0000-4000-8000-000000000003', '2026-11-20T10:00:03Z'));
    const batch = await pendingUsage(db, 2);
    expect(batch.map((row) => row.id.slice(-1))).toEqual(['1', '2']);
    await markDelivered(db, batch.map((row) => row.id));
    expect((await pendingUsage(db, 10)).map((row) => row.id.slice(-1))).toEqual(['3']);
  });
});
