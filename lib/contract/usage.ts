import { z } from 'zod';

export const USAGE_EVENT_TYPES = [
  'sidebar_opened',
  'message_copied',
  'message_inserted',
  'asset_copied',
  'asset_inserted',
  'asset_opened',
  'brief_copied',
  'recommendation_dismissed',
  'content_request',
] as const;

export const SURFACES = ['salesforce', 'hubspot', 'gmail', 'outlook', 'pipedrive', 'dynamics', 'extension'] as const;
export const surface = z.enum(SURFACES);
export type Surface = z.infer<typeof surface>;

const ref = z.string().trim().min(1).max(200);

/** Ids only: a usage event never carries prospect names, emails, page text or drafts. */
export const usageEvent = z.object({
  id: z.uuid(),
  type: z.enum(USAGE_EVENT_TYPES),
  at: z.iso.datetime({ offset: true }),
  surface,
  prospectId: ref.optional(),
  messageId: ref.optional(),
  messageVersion: z.number().int().nonnegative().optional(),
  assetId: ref.optional(),
  rank: z.number().int().nonnegative().max(1000).optional(),
  reasons: z.array(z.string().max(100)).max(20).optional(),
  request: z.string().max(500).optional(),
});
export type UsageEvent = z.infer<typeof usageEvent>;
