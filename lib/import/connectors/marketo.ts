/**
 * Marketo REST records → contract rows, for the hub's Marketo connector (hub/connectors/marketo.ts).
 * Sources: ../shared/research/connectors.md §3 (MK activities, leads, paging-tokens; Adobe
 * "Filtering Email Bot Activity"). Activity types are read by name through the CSV preset's table
 * (lib/import/presets/marketo.ts), and touches get the same ids (`t-mkto-<marketoGUID>`).
 */
import type { TouchType } from '../../contract';
import { normalizeDomain, normalizeEmail } from '../../match/keys';
import { MARKETO_SKIPPED, MARKETO_TOUCHES, MARKETO_TYPE_IDS } from '../presets/marketo';
import { slug, typeKey, vendorUrl, withoutUndefined } from '../presets/preset';
import { clip, isoFrom, mapped, skipped, type Mapped, type VendorPerson, type VendorTouch } from './types';

/** Lead fields read by id (GET /rest/v1/leads.json?filterType=id&fields=…); REST names (MK leads). */
export const MARKETO_LEAD_FIELDS = [
  'id', 'email', 'firstName', 'lastName', 'title', 'company', 'website', 'industry', 'leadSource', 'leadStatus',
  'sfdcContactId', 'sfdcLeadId', 'updatedAt',
] as const;

/**
 * Activity type ids the connector asks for (at most 10 per call, MK activities): the touches, plus
 * New Lead (12) and Change Data Value (13), which say a lead must be read again. Delete Lead (37)
 * comes from its own feed (deletedleads.json).
 */
export const MARKETO_ACTIVITY_TYPE_IDS = [1, 2, 3, 10, 11, 104, 12, 13] as const;
/** Activity types that mean "read this lead again", not a touch. */
export const MARKETO_LEAD_CHANGE_TYPE_IDS: ReadonlySet<number> = new Set([12, 13]);

export interface MarketoLead {
  id: number;
  email?: string | null;
  [field: string]: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

export function marketoLeadToPerson(lead: MarketoLead): Mapped<VendorPerson> {
  const emailText = text(lead.email);
  if (!emailText) return skipped('Marketo lead without an email address');
  const salesforceId = text(lead.sfdcContactId) ?? text(lead.sfdcLeadId);
  const status = text(lead.leadStatus);
  const website = text(lead.website);
  return mapped({
    vendorId: String(lead.id),
    crm: salesforceId ? { system: 'salesforce', recordId: salesforceId } : undefined,
    prospect: withoutUndefined({
      email: normalizeEmail(emailText),
      name: clip([text(lead.firstName), text(lead.lastName)].filter(Boolean).join(' '), 300),
      title: clip(text(lead.title), 300),
      company: clip(text(lead.company), 300),
      domain: website ? normalizeDomain(website) : undefined,
      stage: clip(slug(status), 100),
      industry: clip(text(lead.industry), 100),
      crmIds: withoutUndefined({ marketo: String(lead.id), salesforce: salesforceId }),
      updatedAt: isoFrom(lead.updatedAt),
      source: clip(text(lead.leadSource), 300),
    }),
  });
}

export interface MarketoActivity {
  id?: number;
  marketoGUID: string;
  leadId: number;
  activityDate: string;
  activityTypeId: number;
  campaignId?: number;
  primaryAttributeValueId?: number;
  primaryAttributeValue?: string;
  attributes?: { name: string; value: unknown }[];
}

function attribute(activity: MarketoActivity, name: string): unknown {
  return activity.attributes?.find((item) => item.name === name)?.value;
}

/** Marketo sends booleans as JSON booleans in REST and as "true"/"false" text in some payloads. */
function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/**
 * `typeNames`: activity type id → name as this instance names it (GET /rest/v1/activities/types.json),
 * falling back to the standard ids.
 */
export function marketoActivityToTouch(activity: MarketoActivity, typeNames: ReadonlyMap<number, string> = new Map()): Mapped<VendorTouch> {
  const typeName = typeNames.get(activity.activityTypeId) ?? MARKETO_TYPE_IDS[String(activity.activityTypeId)] ?? `type ${activity.activityTypeId}`;
  const key = typeKey(typeName);
  const primary = text(activity.primaryAttributeValue);
  let kind = MARKETO_TOUCHES[key];
  if (key === 'CHANGESTATUSINPROGRESSION') {
    // Event and webinar programs record attendance as a program status change (MK activities, type 104).
    const status = text(attribute(activity, 'New Status')) ?? '';
    const program = `${primary ?? ''} ${text(attribute(activity, 'Program')) ?? ''}`;
    if (/attended/i.test(status)) kind = { type: /webinar/i.test(program) ? 'webinar' : 'event', verb: 'Attended' };
    else if (/registered/i.test(status)) kind = { type: 'form_submit', verb: 'Registered' };
    else return skipped('Marketo Change Status in Progression');
  }
  if (!kind) return skipped(MARKETO_SKIPPED.has(key) ? `Marketo ${typeName}` : `unmapped Marketo activity ${typeName.slice(0, 60)}`);
  const occurredAt = isoFrom(activity.activityDate);
  if (!occurredAt) return skipped('Marketo activity without a date');
  const isEmail = kind.type === 'email_open' || kind.type === 'email_click';
  const link = vendorUrl(text(attribute(activity, 'Link')) ?? (kind.type === 'page_view' ? primary : undefined));
  const isDownload = kind.type === 'page_view' && /\.(pdf|pptx?|docx?|xlsx?|zip)(\?|$)/i.test(link ?? primary ?? '');
  const type: TouchType = isDownload ? 'download' : kind.type;
  const bot = isEmail ? flag(attribute(activity, 'Is Bot Activity')) : undefined;
  const pattern = text(attribute(activity, 'Bot Activity Pattern'));
  return mapped({
    person: { vendorId: String(activity.leadId) },
    touch: withoutUndefined({
      id: `t-mkto-${activity.marketoGUID}`,
      type,
      occurredAt,
      title: clip(primary ? `${isDownload ? 'Downloaded' : kind.verb}: ${primary}` : undefined, 500),
      // Email assets are named "<program>.<email>" ("2024-05 Webinar Invite.Email 1"): the program is the campaign.
      campaign: clip(isEmail && primary?.includes('.') ? primary.slice(0, primary.lastIndexOf('.')) : undefined, 300),
      url: link,
      automated: bot,
      botFlag: bot === undefined ? undefined : `Is Bot Activity=${bot}${pattern ? `; Bot Activity Pattern=${pattern}` : ''}`,
    }),
  });
}
