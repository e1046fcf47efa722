/**
 * Mautic REST records → contract rows, for the hub's Mautic connector (hub/connectors/mautic.ts).
 * Source: ../shared/research/connectors.md §4 (MA: mautic/developer-documentation-new
 * docs/rest_api/contacts.rst — contact lists keyed by id, `fields.all`, activity events).
 * Mautic has no per-event bot flag (its "exclude bots" setting drops such opens instead), so these
 * touches never carry `automated`.
 */
import type { TouchType } from '../../contract';
import { normalizeDomain, normalizeEmail } from '../../match/keys';
import { slug, vendorUrl, withoutUndefined } from '../presets/preset';
import { clip, isoFrom, mapped, skipped, type Mapped, type VendorPerson, type VendorTouch } from './types';

export interface MauticContact {
  id: number | string;
  dateModified?: string | null;
  dateAdded?: string | null;
  fields?: { all?: Record<string, unknown> };
  owner?: { email?: string | null } | null;
  stage?: { name?: string | null } | null;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined);

export function mauticContactToPerson(contact: MauticContact): Mapped<VendorPerson> {
  const all = contact.fields?.all ?? {};
  const emailText = text(all.email);
  if (!emailText) return skipped('Mautic contact without an email address (an anonymous visitor)');
  const website = text(all.website) ?? text(all.companywebsite);
  const owner = text(contact.owner?.email);
  return mapped({
    vendorId: String(contact.id),
    prospect: withoutUndefined({
      email: normalizeEmail(emailText),
      name: clip([text(all.firstname), text(all.lastname)].filter(Boolean).join(' '), 300),
      title: clip(text(all.position), 300),
      company: clip(text(all.company), 300),
      domain: website ? normalizeDomain(website) : undefined,
      stage: clip(slug(text(contact.stage?.name)), 100),
      industry: clip(text(all.companyindustry) ?? text(all.industry), 100),
      crmIds: { mautic: String(contact.id) },
      updatedAt: isoFrom(contact.dateModified),
      owner: owner ? normalizeEmail(owner) : undefined,
      source: clip(text(all.leadsource) ?? text(all.source), 300),
    }),
  });
}

/** One event of GET /api/contacts/activity (MA "Get Activity events for all contacts"). */
export interface MauticEvent {
  event: string;
  eventId: string;
  eventLabel?: { label?: string; href?: string } | string;
  eventType?: string;
  timestamp: string;
  contactId: string | number;
  details?: Record<string, unknown>;
}

/** The Mautic event types the connector asks for (`filters[includeEvents][]`), and what they become. */
export const MAUTIC_EVENTS: Readonly<Record<string, { type: TouchType; verb: string }>> = {
  'email.read': { type: 'email_open', verb: 'Opened' },
  'page.hit': { type: 'page_view', verb: 'Visited' },
  'form.submitted': { type: 'form_submit', verb: 'Submitted form' },
  'asset.download': { type: 'download', verb: 'Downloaded' },
  'webinar.attended': { type: 'webinar', verb: 'Attended' },
  'meeting.attended': { type: 'event', verb: 'Attended' },
};

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

export function mauticEventToTouch(event: MauticEvent): Mapped<VendorTouch> {
  const kind = MAUTIC_EVENTS[event.event];
  if (!kind) return skipped(`Mautic ${event.event}`);
  const occurredAt = isoFrom(event.timestamp);
  if (!occurredAt) return skipped('Mautic event without a time');
  const details = record(event.details);
  const label = typeof event.eventLabel === 'string' ? event.eventLabel : event.eventLabel?.label;
  let type = kind.type;
  let verb = kind.verb;
  let name = label;
  let url: string | undefined;
  if (event.event === 'email.read') {
    name = text(record(details.stat).storedSubject) ?? label;
  } else if (event.event === 'page.hit') {
    const hit = record(details.hit);
    url = vendorUrl(text(hit.url));
    // A tracked link in a Mautic email is recorded as a page hit whose source is the email.
    if (text(hit.source) === 'email') {
      type = 'email_click';
      verb = 'Clicked';
    }
    name = text(hit.urlTitle) ?? label ?? url;
  } else if (event.event === 'form.submitted') {
    const submission = record(details.submission);
    name = text(record(submission.form).name) ?? label;
    url = vendorUrl(text(submission.referer));
  }
  return mapped({
    person: { vendorId: String(event.contactId) },
    touch: withoutUndefined({
      id: `t-mautic-${event.eventId}`,
      type,
      occurredAt,
      title: clip(name ? `${verb}: ${name}` : undefined, 500),
      campaign: clip(event.event === 'email.read' ? label : undefined, 300),
      url,
    }),
  });
}
