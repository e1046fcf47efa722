/**
 * The usage outbox: every sidebar action is stored here first, in the background's database,
 * and delivered to the hub later (lib/sync). Idempotent by event id: recording the same event
 * twice keeps one row, and the hub ignores ids it already has.
 */
import type { UsageEvent } from '../contract';
import type { CuecardDb, OutboxRow, RecentSendRow } from './db';
import { writeOwnData, type EvictionRecord, type EvictOptions } from './evict';
import { noteLeadActivity } from './leads';

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
  const send = recentSendOf(event, at);
  const written = await writeOwnData(
    db,
    () =>
      db.transaction('rw', [db.outbox, db.recentSends, db.leadActivity], async () => {
        if (!(await db.outbox.get(event.id))) await db.outbox.add(row);
        if (send) await putRecentSend(db, send);
        await noteLeadActivity(db, event);
      }),
    options,
  );
  return { evicted: written.evicted, eviction: written.record };
}

/**
 * Without usage consent nothing enters the outbox, but what the rep did still counts here: an asset
 * they sent is "sent recently" for ranking, a lead they looked at no longer waits, their feedback
 * shows in the sidebar. These tables never leave the browser.
 */
export async function recordLocally(db: CuecardDb, event: UsageEvent, options?: EvictOptions): Promise<void> {
  const send = recentSendOf(event, Date.parse(event.at));
  if (!send && !event.prospectId) return;
  await writeOwnData(
    db,
    () =>
      db.transaction('rw', [db.recentSends, db.leadActivity], async () => {
        if (send) await putRecentSend(db, send);
        await noteLeadActivity(db, event);
      }),
    options,
  );
}

function recentSendOf(event: UsageEvent, at: number): RecentSendRow | undefined {
  return (event.type === 'asset_copied' || event.type === 'asset_inserted' || event.type === 'asset_sent') && event.prospectId && event.assetId
    ? { id: event.id, prospectId: event.prospectId, assetId: event.assetId, type: event.type, at }
    : undefined;
}

async function putRecentSend(db: CuecardDb, send: RecentSendRow): Promise<void> {
  await db.recentSends.put(send);
  await db.recentSends.where('at').below(send.at - RECENT_SENDS_KEEP_MS).delete();
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

/** One more delivery attempt for these events (the hub did not answer for them). */
export async function countAttempt(db: CuecardDb, ids: string[]): Promise<void> {
  await db.outbox
    .where('id')
    .anyOf(ids)
    .modify((row) => {
      row.attempts += 1;
    });
}

/** Every event still waiting, oldest first: in local-only mode they are the rep's own usage history. */
export async function outboxEvents(db: CuecardDb): Promise<UsageEvent[]> {
  return (await db.outbox.orderBy('at').toArray()).map((row) => row.event);
}
