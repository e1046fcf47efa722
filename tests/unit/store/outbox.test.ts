import { describe, expect, it } from 'vitest';
import { markDelivered, outboxSize, pendingUsage, recentSendsFor, recordUsage } from '../../../lib/store/outbox';
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

describe('recent sends', () => {
  const send = (id: string, at: string, type: 'asset_copied' | 'asset_inserted' | 'message_copied' = 'asset_inserted') => ({
    id,
    type,
    at,
    surface: 'gmail' as const,
    prospectId: 'p-dana',
    assetId: 'a-pricing-guide',
  });

  it('remembers an asset sent to a prospect after the hub has the event', async () => {
    const db = freshDb();
    await recordUsage(db, send('00000000-0000-4000-8000-00000000000a', '2026-11-18T10:00:00Z'));
    await markDelivered(db, ['00000000-0000-4000-8000-00000000000a']);
    expect(await outboxSize(db)).toBe(0);
    const recent = await recentSendsFor(db, 'p-dana', Date.parse('2026-11-10T00:00:00Z'));
    expect(recent.map((row) => row.assetId)).toEqual(['a-pricing-guide']);
    expect(await recentSendsFor(db, 'p-marcus', 0)).toEqual([]);
  });

  it('keeps only asset sends, and forgets those older than 30 days as new ones come in', async () => {
    const db = freshDb();
    await recordUsage(db, send('00000000-0000-4000-8000-00000000000b', '2026-09-01T10:00:00Z'));
    await recordUsage(db, send('00000000-0000-4000-8000-00000000000c', '2026-11-18T10:00:00Z', 'message_copied'));
    await recordUsage(db, send('00000000-0000-4000-8000-00000000000d', '2026-11-19T10:00:00Z', 'asset_copied'));
    expect((await recentSendsFor(db, 'p-dana', 0)).map((row) => row.id.slice(-1))).toEqual(['d']);
  });
});
