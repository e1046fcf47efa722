/** Lead feedback codes (lib/contract, LEAD_REASONS) in the words reps and marketing read. */
import type { LeadReason } from '../../lib/contract';

export const LEAD_REASON_LABELS: Record<LeadReason, string> = {
  good_fit: 'Good fit',
  not_decision_maker: 'Not the decision maker',
  no_budget: 'No budget',
  bad_timing: 'Bad timing',
  bad_contact_data: 'Wrong or bad contact data',
  competitor: 'Competitor',
  existing_customer: 'Already a customer',
  not_a_business: 'Not a business lead',
  duplicate: 'Duplicate',
  other: 'Other',
};

const DAY_MS = 86_400_000;

/** "today", "yesterday", "6 days ago": how long a lead has waited since the handover. */
export function daysAgo(at: number, now: number): string {
  const days = Math.floor((now - at) / DAY_MS);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}
