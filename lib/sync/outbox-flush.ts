/**
 * Delivers the usage outbox to the hub (`POST /v1/usage`) in batches of at most 500, oldest first.
 * Invariants:
 * - An event leaves the outbox only after the hub answered for its batch (accepted or duplicate).
 *   A worker killed after the POST but before the delete sends the batch again; the hub drops
 *   the ids it has (ON CONFLICT DO NOTHING), so each event counts once.
 * - A row that no longer passes the contract (say, an older version wrote it) can never be
 *   accepted: it is dropped and counted, so it does not block every batch behind it.
 * - On failure, attempts are counted on the rows; the caller records backoff (lib/sync/backoff.ts).
 */
import { usageEvent, type UsageEvent } from '../contract';
import type { CuecardDb } from '../store/db';
import { countAttempt, markDelivered, outboxSize, pendingUsage } from '../store/outbox';
import type { HubClient } from './hub-client';

export const FLUSH_BATCH_SIZE = 500;
/** One run delivers at most this many batches; the next alarm picks up the rest. */
export const FLUSH_MAX_BATCHES = 40;

export interface FlushOutcome {
  batches: number;
  accepted: number;
  duplicates: number;
  /** Rows dropped because they fail the contract. */
  dropped: number;
  remaining: number;
}

export interface FlushOptions {
  batchSize?: number;
  maxBatches?: number;
  /** Called after the hub answered and before the delivered ids are removed (tests kill the worker here). */
  afterPost?: (ids: string[]) => void | Promise<void>;
}

export async function flushOutbox(db: CuecardDb, client: Pick<HubClient, 'postUsage'>, options: FlushOptions = {}): Promise<FlushOutcome> {
  const batchSize = Math.min(options.batchSize ?? FLUSH_BATCH_SIZE, FLUSH_BATCH_SIZE);
  const maxBatches = options.maxBatches ?? FLUSH_MAX_BATCHES;
  const outcome: FlushOutcome = { batches: 0, accepted: 0, duplicates: 0, dropped: 0, remaining: 0 };
  while (outcome.batches < maxBatches) {
    const rows = await pendingUsage(db, batchSize);
    if (rows.length === 0) break;
    const events: UsageEvent[] = [];
    const invalid: string[] = [];
    for (const row of rows) {
      const parsed = usageEvent.safeParse(row.event);
      if (parsed.success) events.push(parsed.data);
      else invalid.push(row.id);
    }
    if (invalid.length > 0) {
      await markDelivered(db, invalid);
      outcome.dropped += invalid.length;
    }
    if (events.length === 0) continue;
    const ids = events.map((event) => event.id);
    let answer: { accepted: number; duplicates: number };
    try {
      answer = await client.postUsage(events);
    } catch (error) {
      await countAttempt(db, ids).catch(() => undefined);
      throw error;
    }
    await options.afterPost?.(ids);
    await markDelivered(db, ids);
    outcome.batches += 1;
    outcome.accepted += answer.accepted;
    outcome.duplicates += answer.duplicates;
  }
  outcome.remaining = await outboxSize(db);
  return outcome;
}
