/**
 * HubSpot presets: the CRM contacts export and the marketing email events export.
 */
import type { TouchType } from '../../contract';
import {
  idOf,
  PERSON_COLUMNS,
  readDate,
  requireValue,
  slug,
  typeKey,
  unknownType,
  vendorPerson,
  vendorProspect,
  vendorSkip,
  vendorTouch,
  vendorUrl,
  type CsvPreset,
} from './preset';

export const HUBSPOT_STAGES: Record<string, string> = {
  SUBSCRIBER: 'subscriber',
  LEAD: 'lead',
  MARKETINGQUALIFIEDLEAD: 'mql',
  MQL: 'mql',
  SALESQUALIFIEDLEAD: 'sql',
  SQL: 'sql',
  OPPORTUNITY: 'opportunity',
  CUSTOMER: 'customer',
  EVANGELIST: 'evangelist',
  OTHER: 'other',
};

export const hubspotContacts: CsvPreset<'prospects'> = {
  id: 'hubspot-contacts',
  label: 'HubSpot — contacts export',
  collection: 'prospects',
  columns: {
    ...PERSON_COLUMNS,
    crmId: ['Record ID', 'Contact ID', 'Record ID - Contact', 'hs_object_id'],
    title: ['Job Title', 'jobtitle'],
    company: ['Company Name', 'Associated Company', 'company'],
    domain: ['Company domain name', 'Website URL'],
    stage: ['Lifecycle Stage', 'lifecyclestage'],
    persona: ['Persona', 'hs_persona'],
    industry: ['Industry'],
    updatedAt: ['Last Modified Date', 'lastmodifieddate'],
    // A name in the UI export ("Jordan Ellis"): only read when a file carries the owner's email.
    owner: ['Contact owner', 'Contact owner email'],
    leadStatus: ['Lead Status'],
    marketingStatus: ['Marketing contact status'],
    qualifiedAt: ['Became a Marketing Qualified Lead Date', 'hs_lifecyclestage_marketingqualifiedlead_date'],
    source: ['Original Source', 'hs_analytics_source', 'Lead Source'],
  },
  required: ['email'],
  signature: ['crmId', 'stage', 'title', 'owner', 'marketingStatus', 'leadStatus', 'qualifiedAt'],
  dateFields: ['updatedAt', 'qualifiedAt'],
  source:
    'HubSpot CRM "Export" of contacts (file hubspot-crm-exports-all-contacts-<date>.csv): property labels as headers — '
    + 'Record ID, First Name, Last Name, Email, Phone Number, Contact owner, Lead Status, Marketing contact status, '
    + 'Lifecycle Stage, Job Title, Company Name, Create Date, Last Modified Date (headers seen in public scripts that read '
    + 'real exports); lifecycle stage values per HubSpot (subscriber, lead, marketingqualifiedlead, salesqualifiedlead, '
    + 'opportunity, customer, evangelist, other). "Became a Marketing Qualified Lead Date" (the lifecycle stage date '
    + 'property hs_lifecyclestage_marketingqualifiedlead_date) is the MQL date; "Original Source" the source.',
  map(row, context) {
    const rawStage = row.get('stage');
    return vendorProspect(row, context, {
      ids: [idOf('hubspot', row.get('crmId'))],
      stage: rawStage === undefined ? undefined : (HUBSPOT_STAGES[typeKey(rawStage)] ?? slug(rawStage)),
      persona: slug(row.get('persona')),
    });
  },
};

export const HUBSPOT_EMAIL_TOUCHES: Record<string, { type: TouchType; verb: string }> = {
  OPEN: { type: 'email_open', verb: 'Opened' },
  OPENED: { type: 'email_open', verb: 'Opened' },
  CLICK: { type: 'email_click', verb: 'Clicked' },
  CLICKED: { type: 'email_click', verb: 'Clicked' },
  // Forwarding or printing a marketing email means the recipient opened it.
  FORWARD: { type: 'email_open', verb: 'Forwarded' },
  PRINT: { type: 'email_open', verb: 'Printed' },
};
/** Delivery and subscription events: real, but not something the prospect did with content. */
export const HUBSPOT_EMAIL_SKIPPED = new Set([
  'SENT', 'PROCESSED', 'DEFERRED', 'DELIVERED', 'BOUNCE', 'BOUNCED', 'HARDBOUNCE', 'SOFTBOUNCE', 'DROPPED', 'SPAMREPORT',
  'UNSUBSCRIBED', 'STATUSCHANGE', 'MTADROPPED', 'UNBOUNCE', 'SUPPRESSED', 'REPLY', 'REPLIED',
]);

export const hubspotEmailEvents: CsvPreset<'touches'> = {
  id: 'hubspot-email-events',
  label: 'HubSpot — marketing email events export',
  collection: 'touches',
  columns: {
    email: ['Recipient', 'Email address', 'Email', 'recipient'],
    eventType: ['Event type', 'Event', 'type'],
    occurredAt: ['Event date', 'Timestamp', 'Date', 'created'],
    emailName: ['Email name', 'Marketing email name', 'emailName'],
    subject: ['Email subject', 'Subject', 'subject'],
    campaign: ['Campaign', 'Campaign name', 'emailCampaignGroupName'],
    url: ['URL', 'Clicked URL', 'Link', 'url'],
    filtered: ['Filtered event', 'filteredEvent', 'Bot event'],
    eventId: ['Event ID', 'id'],
    emailCampaignId: ['Email campaign ID', 'emailCampaignId'],
  },
  required: ['email', 'eventType', 'occurredAt'],
  signature: ['eventType', 'emailName', 'filtered', 'emailCampaignId', 'subject'],
  dateFields: ['occurredAt'],
  source:
    'HubSpot Email Events API (legacydocs.hubspot.com/docs/methods/email/email_events_overview: each event has id, created, '
    + 'type SENT/DELIVERED/OPEN/CLICK/…, recipient, emailCampaignId, filteredEvent; CLICK has url) and HubSpot knowledge base '
    + '"What do the email terms in my basic export mean?" (event names Sent, Processed, Deferred, Delivered, Open, Click, '
    + 'Bounce, Dropped, SpamReport, Unsubscribed, StatusChange, MTA_Dropped, Forward, Print). The UI export\'s exact header '
    + 'labels were not found in public docs: both the API names and title-case labels are accepted.',
  map(row, context) {
    const recipient = vendorPerson(row, context);
    const rawType = requireValue(row, 'eventType');
    const key = typeKey(rawType);
    if (HUBSPOT_EMAIL_SKIPPED.has(key)) return vendorSkip(recipient, `email event ${rawType}`);
    const mapped = HUBSPOT_EMAIL_TOUCHES[key];
    if (!mapped) unknownType(row, 'eventType', rawType, 'Open, Click, Forward, Print; delivery events are skipped');
    const occurredAt = readDate(row, 'occurredAt', context)!;
    const subject = row.get('subject') ?? row.get('emailName');
    const filtered = row.get('filtered');
    const eventId = row.get('eventId');
    return vendorTouch(
      recipient,
      {
        type: mapped.type,
        occurredAt,
        title: subject ? `${mapped.verb}: ${subject}` : undefined,
        campaign: row.get('campaign') ?? row.get('emailName'),
        url: mapped.type === 'email_click' ? vendorUrl(row.get('url')) : undefined,
        automated: filtered === undefined ? undefined : /^(true|yes|1)$/i.test(filtered),
      },
      eventId ? `t-hs-${eventId}` : undefined,
      'hs',
    );
  },
};
