/**
 * HubSpot records → contract rows, for the hub's HubSpot connector (hub/connectors/hubspot.ts).
 * Sources: ../shared/research/connectors.md §1 (AB-HS, HS-EE); type tables shared with the CSV
 * presets (lib/import/presets/hubspot.ts), so an export and the live feed name touches alike and
 * give them the same ids (`t-hs-<event id>`).
 */
import { normalizeDomain, normalizeEmail } from '../../match/keys';
import { stableId } from '../ids';
import { HUBSPOT_EMAIL_SKIPPED, HUBSPOT_EMAIL_TOUCHES, HUBSPOT_STAGES } from '../presets/hubspot';
import { slug, typeKey, vendorUrl, withoutUndefined } from '../presets/preset';
import { clip, isoFrom, mapped, skipped, type Mapped, type VendorPerson, type VendorTouch } from './types';

/** Contact properties the connector asks for (CRM search `properties`). */
export const HUBSPOT_CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'jobtitle',
  'company',
  'website',
  'industry',
  'lifecyclestage',
  'hs_persona',
  'hubspot_owner_id',
  'hs_lifecyclestage_marketingqualifiedlead_date',
  'hs_analytics_source',
  'lastmodifieddate',
  'hs_object_id',
] as const;

export interface HubspotContact {
  id: string;
  properties: Partial<Record<string, string | null>>;
  updatedAt?: string | Date;
  archived?: boolean;
  archivedAt?: string | Date;
}

/** hs_analytics_source values (HubSpot "Original source") in words. */
const SOURCES: Record<string, string> = {
  ORGANIC_SEARCH: 'Organic search',
  PAID_SEARCH: 'Paid search',
  EMAIL_MARKETING: 'Email marketing',
  SOCIAL_MEDIA: 'Organic social',
  PAID_SOCIAL: 'Paid social',
  REFERRALS: 'Referrals',
  DIRECT_TRAFFIC: 'Direct traffic',
  OFFLINE: 'Offline sources',
  OTHER_CAMPAIGNS: 'Other campaigns',
  AI_REFERRALS: 'AI referrals',
};

/** `owners`: HubSpot owner id → the owner's email (GET /crm/v3/owners). */
export function hubspotContactToPerson(contact: HubspotContact, owners: ReadonlyMap<string, string> = new Map()): Mapped<VendorPerson> {
  const p = contact.properties;
  const email = p.email ? normalizeEmail(p.email) : '';
  if (!email) return skipped('HubSpot contact without an email address');
  const stage = p.lifecyclestage ? (HUBSPOT_STAGES[typeKey(p.lifecyclestage)] ?? slug(p.lifecyclestage)) : undefined;
  const name = [p.firstname, p.lastname].map((part) => part?.trim()).filter(Boolean).join(' ');
  const source = p.hs_analytics_source ? (SOURCES[p.hs_analytics_source] ?? p.hs_analytics_source) : undefined;
  return mapped({
    vendorId: contact.id,
    crm: { system: 'hubspot', recordId: contact.id },
    prospect: withoutUndefined({
      email,
      name: clip(name, 300),
      title: clip(p.jobtitle, 300),
      company: clip(p.company, 300),
      domain: p.website ? normalizeDomain(p.website) : undefined,
      stage: clip(stage, 100),
      persona: clip(slug(p.hs_persona ?? undefined), 100),
      industry: clip(p.industry, 100),
      crmIds: { hubspot: contact.id },
      updatedAt: isoFrom(p.lastmodifieddate) ?? isoFrom(contact.updatedAt),
      owner: p.hubspot_owner_id ? owners.get(p.hubspot_owner_id) : undefined,
      qualifiedAt: isoFrom(p.hs_lifecyclestage_marketingqualifiedlead_date),
      source: clip(source, 300),
    }),
  });
}

/** One event of GET /email/public/v1/events (HS-EE; AB-HS email_events.json). */
export interface HubspotEmailEvent {
  id: string;
  type: string;
  recipient?: string;
  created: number;
  emailCampaignId?: number;
  url?: string;
  filteredEvent?: boolean;
}

/** What the connector knows of an email campaign (GET /email/public/v1/campaigns/{id}). */
export interface HubspotEmailCampaign {
  name?: string;
  subject?: string;
}

export function hubspotEmailEventToTouch(event: HubspotEmailEvent, campaign?: HubspotEmailCampaign): Mapped<VendorTouch> {
  const key = typeKey(event.type ?? '');
  if (HUBSPOT_EMAIL_SKIPPED.has(key)) return skipped(`email event ${event.type}`);
  const kind = HUBSPOT_EMAIL_TOUCHES[key];
  if (!kind) return skipped(`unmapped email event ${String(event.type).slice(0, 40)}`);
  // UNBOUNCE and a few others lack `recipient` (HS-EE); a touch needs its person.
  if (!event.recipient) return skipped('email event without a recipient');
  const occurredAt = isoFrom(event.created);
  if (!occurredAt) return skipped('email event without a time');
  const subject = campaign?.subject ?? campaign?.name;
  return mapped({
    person: { email: normalizeEmail(event.recipient) },
    touch: withoutUndefined({
      id: `t-hs-${event.id}`,
      type: kind.type,
      occurredAt,
      title: clip(subject ? `${kind.verb}: ${subject}` : undefined, 500),
      campaign: clip(campaign?.name, 300),
      url: kind.type === 'email_click' ? vendorUrl(event.url) : undefined,
      // HubSpot's own call: the event is filtered out of reporting (bot or security scanner).
      automated: typeof event.filteredEvent === 'boolean' ? event.filteredEvent : undefined,
      botFlag: typeof event.filteredEvent === 'boolean' ? `filteredEvent=${event.filteredEvent}` : undefined,
    }),
  });
}

/** One submission of GET /form-integrations/v1/submissions/forms/{guid} (AB-HS contacts_form_submissions.json). */
export interface HubspotFormSubmission {
  submittedAt: number;
  values: { name: string; value: string }[];
  pageUrl?: string;
}

export function hubspotFormSubmissionToTouch(form: { guid: string; name?: string }, submission: HubspotFormSubmission): Mapped<VendorTouch> {
  const emailValue = submission.values.find((value) => value.name === 'email')?.value;
  if (!emailValue) return skipped('form submission without an email field');
  const email = normalizeEmail(emailValue);
  const occurredAt = isoFrom(submission.submittedAt);
  if (!occurredAt) return skipped('form submission without a time');
  return mapped({
    person: { email },
    touch: withoutUndefined({
      // Submissions carry no id of their own in this API: form, person and time identify one.
      id: stableId('t-hs-form', [form.guid, email, String(submission.submittedAt)]),
      type: 'form_submit' as const,
      occurredAt,
      title: clip(`Submitted form: ${form.name ?? form.guid}`, 500),
      campaign: clip(form.name, 300),
      url: vendorUrl(submission.pageUrl),
    }),
  });
}
