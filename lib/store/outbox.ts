/**
 * The usage outbox: every sidebar action is stored here first, in the background's database,
 * and delivered to the hub later (lib/sync). Idempotent by event id: recording the same event
 * twice keeps one row, and the hub ignores ids it already has.
 */
import type { UsageEvent } from '../contract';
import type { CuecardDb, OutboxRow, RecentSendRow } from './db';
import { writeOwnData, type EvictionRecord, type EvictOptions } from './evict';

/** Sends older than this are never "recent"; the table is pruned as it is written. */
export const RECENT_SENDS_KEEP_MS = 30 * 86_400_000;

export interface RecordOutcome {
  /** Old touches removed because the disk was full (0 almost always). */
  evicted: number;
  /** The running eviction total (meta `eviction`), when this call evicted anything. */
  eviction?: EvictionRecord;
}

/** A full disk evicts old touches rather than lose the event (evict.ts); only if that is not enough does it throw. */
export async function recordUsage(db: CuecardDb, event: UsageEvent, options?: EvictOptions): Promise<RecordOutcome> {
  const at = Date.parse(event.at);
  const row: OutboxRow = { id: event.id, event, at, attempts: 0 };
  const send: RecentSendRow | undefined =
    (event.type === 'asset_copied' || event.type === 'asset_inserted') && event.prospectId && event.assetId
      ? { id: event.id, prospectId: event.prospectId, assetId: event.assetId, type: event.type, at }
      : undefined;
  const written = await writeOwnData(
    db,
    () =>
      db.transaction('rw', db.outbox, db.recentSends, async () => {
        if (!(await db.outbox.get(event.id))) await db.outbox.add(row);
        if (send) {
          await db.recentSends.put(send);
          await db.recentSends.where('at').below(at - RECENT_SENDS_KEEP_MS).delete();
        }
      }),
    options,
  );
  return { evicted: written.evicted, eviction: written.record };
}

/** A prospect's sends since `since` (epoch ms), by index. */
export async function recentSendsFor(db: CuecardDb, prospectId: string, since: number): Promise<RecentSendRow[]> {
  return db.recentSends.where('[prospectId+at]').between([prospectId, since], [prospectId, Number.MAX_SAFE_INTEGER], true, true).toArray();
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
