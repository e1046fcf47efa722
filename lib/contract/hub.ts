/** The hub's HTTP protocol (DESIGN.md, "Hub protocol"). Tests outside the repo speak it: keep it exact. */
import { z } from 'zod';
import { usageEvent } from './usage';

export const role = z.enum(['rep', 'marketing', 'admin']);
export type Role = z.infer<typeof role>;

export const meResponse = z.object({
  user: z.object({ id: z.string(), name: z.string(), role }),
  workspace: z.unknown(),
});

export const syncKind = z.enum(['prospect', 'touch', 'message', 'asset']);
export type SyncKind = z.infer<typeof syncKind>;

export const syncChange = z.object({
  seq: z.number().int().nonnegative(),
  kind: syncKind,
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
