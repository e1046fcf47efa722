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
  // Turn 2: what reps actually sent (lib/sites send detection) and what they said of a lead.
  'message_sent',
  'asset_sent',
  'lead_feedback',
] as const;

/** Why a lead was good or bad, as reps say it (DESIGN.md; research/send-and-leads.md). */
export const LEAD_REASONS = [
  'good_fit',
  'not_decision_maker',
  'no_budget',
  'bad_timing',
  'bad_contact_data',
  'competitor',
  'existing_customer',
  'not_a_business',
  'duplicate',
  'other',
] as const;
export const leadReason = z.enum(LEAD_REASONS);
export type LeadReason = z.infer<typeof leadReason>;

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
  /** message_sent / asset_sent: the share of the inserted words still in the email when it was sent. */
  retained: z.number().min(0).max(1).optional(),
  /** message_sent / asset_sent: a scheduled send rather than an immediate one. */
  scheduled: z.boolean().optional(),
  /** lead_feedback: the rep's verdict on the lead. */
  reason: leadReason.optional(),
});
export type UsageEvent = z.infer<typeof usageEvent>;

/** The fields a caller chooses; id, time and surface are filled in. */
export type UsageFields = Omit<UsageEvent, 'id' | 'at' | 'surface'>;

/** A fresh event: a random uuid (the hub dedupes on it), the time of the action, ids only. */
export function makeUsageEvent(surface: Surface, fields: UsageFields, now = new Date()): UsageEvent {
  return { id: crypto.randomUUID(), at: now.toISOString(), surface, ...fields };
}

/**
 * A content request carries the note and the segment, never who the prospect is. The segment
 * tail ("… [persona=finance, industry=Logistics, stage=sql]") is how the hub's report groups
 * requests (hub/report.ts reads it back): keep the two in step.
 */
export function contentRequestText(note: string, segment: { persona?: string; industry?: string; stage?: string }): string {
  const parts = [
    segment.persona && `persona=${segment.persona}`,
    segment.industry && `industry=${segment.industry}`,
    segment.stage && `stage=${segment.stage}`,
  ].filter(Boolean);
  const tail = parts.length ? ` [${parts.join(', ')}]` : '';
  const text = note.replace(/\s+/g, ' ').trim();
  return (text.slice(0, Math.max(0, 500 - tail.length)) + tail).slice(0, 500);
}
