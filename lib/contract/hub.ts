/** The hub's HTTP protocol (DESIGN.md, "Hub protocol"). Tests outside the repo speak it: keep it exact. */
import { z } from 'zod';
import type { CollectionName } from './data';
import { usageEvent } from './usage';

export const role = z.enum(['rep', 'marketing', 'admin']);
export type Role = z.infer<typeof role>;

export const meResponse = z.object({
  /** `email` (turn 2): the rep's own address, which finds their leads by prospect `owner`. */
  user: z.object({ id: z.string(), name: z.string(), role, email: z.string().nullable().optional() }),
  workspace: z.unknown(),
});

export const syncKind = z.enum(['prospect', 'touch', 'message', 'asset']);
export type SyncKind = z.infer<typeof syncKind>;

/** The sync kind of each bundle collection: the hub records changes by kind, the extension stores them by collection. */
export const KIND_OF_COLLECTION: Record<CollectionName, SyncKind> = {
  prospects: 'prospect',
  touches: 'touch',
  messages: 'message',
  assets: 'asset',
};
export const COLLECTION_OF_KIND = Object.fromEntries(
  Object.entries(KIND_OF_COLLECTION).map(([collection, kind]) => [kind, collection]),
) as Record<SyncKind, CollectionName>;

export const syncChange = z.object({
  seq: z.number().int().nonnegative(),
  /**
   * Any short string on the wire: a newer hub may send kinds this client does not know yet, and
   * one such change must be skipped, not fail the page (the client checks against syncKind).
   */
  kind: z.string().min(1).max(40),
  op: z.enum(['upsert', 'delete']),
  id: z.string().min(1).max(200),
  /** Validated against the row schema of its kind separately: one bad row must not sink the page. */
  data: z.unknown().optional(),
});
export type SyncChange = z.infer<typeof syncChange>;

export const syncResponse = z.object({
  changes: z.array(syncChange),
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
});
export type SyncResponse = z.infer<typeof syncResponse>;

export const usagePost = z.object({ events: z.array(usageEvent).max(1_000) });
export const usagePostResponse = z.object({ accepted: z.number().int(), duplicates: z.number().int() });

export const usageGroupBy = z.enum(['message', 'asset', 'rep', 'surface', 'week']);
export const usageReportQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  groupBy: usageGroupBy.default('message'),
});

export const hubError = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** "Sent as approved": a send that kept at least this share of the approved words (DESIGN.md). */
export const SENT_AS_APPROVED = 0.9;

/** The median of `values` to three decimals (what a share's median means), null for none. */
export function medianShare(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return Math.round(median * 1000) / 1000;
}

/**
 * 401 codes that say why a token that once worked no longer does, so a client can tell the rep in
 * words ("your access was revoked") instead of "check your token".
 */
export const TOKEN_REVOKED = 'token_revoked';
export const TOKEN_EXPIRED = 'token_expired';

/**
 * GET /v1/reports/usage answer. Lives in the contract so the extension validates it without
 * importing hub code (hub/report.ts defines the same shape; it may re-export this one).
 */
export const usageReportRow = z.object({
  key: z.string(),
  label: z.string().nullable(),
  events: z.number().int(),
  copies: z.number().int(),
  inserts: z.number().int(),
  /** Sent: message_sent + asset_sent, detected in Gmail/Outlook (scheduled sends included), not inserts. */
  sends: z.number().int(),
  /**
   * Sends that kept at least 90 % of the approved words (retained ≥ 0.9). Defaults keep answers
   * of hubs from before these fields valid.
   */
  sentAsApproved: z.number().int().default(0),
  /** The median share of approved words kept across the sends; null with no sends. */
  medianRetained: z.number().min(0).max(1).nullable().default(null),
  opens: z.number().int(),
  dismissals: z.number().int(),
  reps: z.number().int(),
  lastUsedAt: z.string().nullable(),
});
export type UsageReportRow = z.infer<typeof usageReportRow>;

export const usageReportResponse = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  groupBy: usageGroupBy,
  rows: z.array(usageReportRow),
  unused: z.object({
    messages: z.array(z.object({ id: z.string(), title: z.string().nullable() })),
    assets: z.array(z.object({ id: z.string(), title: z.string().nullable(), kind: z.string().nullable() })),
  }),
  contentRequests: z.array(
    z.object({
      segment: z.string(),
      persona: z.string(),
      industry: z.string(),
      count: z.number().int(),
      lastAt: z.string().nullable(),
      requests: z.array(z.string()),
    }),
  ),
});
export type UsageReportResponse = z.infer<typeof usageReportResponse>;
