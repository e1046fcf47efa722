/**
 * The leads report (`GET /v1/reports/leads`, DESIGN.md "Hub protocol"): what happened to the
 * leads marketing handed to sales. The hub answers it (hub/leads-report.ts), the extension's
 * dashboard parses it with these schemas; neither imports the other.
 *
 * Words, as the report means them:
 * - handed over: prospects with `owner` and `qualifiedAt`, their `qualifiedAt` inside the period
 *   (`from` inclusive, `to` exclusive; either may be left open).
 * - followed up: the owner's first usage event naming the prospect at or after `qualifiedAt`
 *   (any type: the sidebar opened on them, a copy, an insert, a send, feedback). The owner is the
 *   hub user whose email is the prospect's `owner`; an owner without a hub user never follows up.
 * - within 1 / 3 days: that first event came within 24 / 72 hours of the handover. `never`: no
 *   such event yet (as of the report).
 * - feedback: the latest `lead_feedback` reason per handed-over prospect, from any rep.
 */
import { z } from 'zod';
import { LEAD_REASONS, leadReason } from './usage';

export const LEADS_GROUP_BY = ['campaign', 'source', 'reason', 'rep'] as const;
export const leadsGroupBy = z.enum(LEADS_GROUP_BY);
export type LeadsGroupBy = z.infer<typeof leadsGroupBy>;

export const leadsReportQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  groupBy: leadsGroupBy.default('campaign'),
});
export type LeadsReportQuery = z.input<typeof leadsReportQuery>;

/** A count per feedback code, every code present (0 when nobody said it). */
export const feedbackCounts = z.object(
  Object.fromEntries(LEAD_REASONS.map((code) => [code, z.number().int().nonnegative()])) as Record<(typeof LEAD_REASONS)[number], z.ZodNumber>,
);
export type FeedbackCounts = z.infer<typeof feedbackCounts>;

/** Group keys for leads that have no value in the grouping (no source, no feedback, …). */
export const LEADS_NONE_KEY = '(none)';

export const leadsReportRow = z.object({
  /**
   * campaign / source: the name as the data spells it; reason: a feedback code; rep: the owner's
   * email, lower-cased. LEADS_NONE_KEY for leads without one.
   */
  key: z.string(),
  /** rep: the owner's hub user name when there is one; otherwise null. */
  label: z.string().nullable(),
  handedOver: z.number().int().nonnegative(),
  followedUp: z.number().int().nonnegative(),
  within1Day: z.number().int().nonnegative(),
  within3Days: z.number().int().nonnegative(),
  never: z.number().int().nonnegative(),
  /** Median hours from handover to the first follow-up, over the leads followed up; null when none were. */
  medianHoursToFollowUp: z.number().nonnegative().nullable(),
  /** Handed-over leads with any feedback, and how many of them said each code (the latest word counts). */
  withFeedback: z.number().int().nonnegative(),
  feedback: feedbackCounts,
});
export type LeadsReportRow = z.infer<typeof leadsReportRow>;

export const leadsReportResponse = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  groupBy: leadsGroupBy,
  /** Most handed over first (ties: key). */
  rows: z.array(leadsReportRow),
  /** Every handed-over lead of the period in one row (key "all"). */
  totals: leadsReportRow,
});
export type LeadsReportResponse = z.infer<typeof leadsReportResponse>;

export function emptyFeedbackCounts(): FeedbackCounts {
  return Object.fromEntries(LEAD_REASONS.map((code) => [code, 0])) as FeedbackCounts;
}

/** Parses a stored reason; anything else is no reason. */
export function asLeadReason(value: unknown): z.infer<typeof leadReason> | undefined {
  const parsed = leadReason.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
