/**
 * The usage outbox: every sidebar action is stored here first, in the background's database,
 * and delivered to the hub later (lib/sync). Idempotent by event id: recording the same event
 * twice keeps one row, and the hub ignores ids it already has.
 */
import type { UsageEvent } from '../contract';
import type { CuecardDb, OutboxRow } from './db';

export async function recordUsage(db: CuecardDb, event: UsageEvent): Promise<void> {
  const row: OutboxRow = { id: event.id, event, at: Date.parse(event.at), attempts: 0 };
  await db.transaction('rw', db.outbox, async () => {
    if (!(await db.outbox.get(event.id))) await db.outbox.add(row);
  });
}

/** The oldest events first, at most `limit`. */
export async function pendingUsage(db: CuecardDb, limit: number): Promise<OutboxRow[]> {
  return db.outbox.orderBy('at').limit(limit).toArray();
}

/** Removes delivered events (the hub answered for them, accepted or duplicate). */
export async function markDelivered(db: CuecardDb, ids: string[]): Promise<void> {
  await db.outbox.bulkDelete(ids);
}

export async function outboxSize(db: CuecardDb): Promise<number> {
  return db.outbox.count();
}
