/**
 * Marketo presets: the activity log export (UI columns or the bulk API's names, with email).
 */
import type { TouchType } from '../../contract';
import { readDate, readEmail, requireValue, typeKey, unknownType, vendorTouch, vendorUrl, type CsvPreset } from './preset';

/** Standard Marketo activity type ids (REST "Get Activity Types"); exports of the bulk API carry the id only. */
export const MARKETO_TYPE_IDS: Record<string, string> = {
  '1': 'Visit Webpage', '2': 'Fill Out Form', '3': 'Click Link', '6': 'Send Email', '7': 'Email Delivered',
  '8': 'Email Bounced', '9': 'Unsubscribe Email', '10': 'Open Email', '11': 'Click Email', '12': 'New Lead',
  '13': 'Change Data Value', '22': 'Change Score', '24': 'Add to List', '104': 'Change Status in Progression',
};
export const MARKETO_TOUCHES: Record<string, { type: TouchType; verb: string }> = {
  VISITWEBPAGE: { type: 'page_view', verb: 'Visited' },
  CLICKLINK: { type: 'page_view', verb: 'Clicked link' },
  FILLOUTFORM: { type: 'form_submit', verb: 'Submitted form' },
  FILLOUTLINKEDINLEADGENFORM: { type: 'form_submit', verb: 'Submitted LinkedIn form' },
  FILLOUTFACEBOOKLEADADSFORM: { type: 'form_submit', verb: 'Submitted Facebook form' },
  OPENEMAIL: { type: 'email_open', verb: 'Opened' },
  CLICKEMAIL: { type: 'email_click', verb: 'Clicked' },
  OPENSALESEMAIL: { type: 'email_open', verb: 'Opened' },
  CLICKSALESEMAIL: { type: 'email_click', verb: 'Clicked' },
  ATTENDEVENT: { type: 'event', verb: 'Attended' },
  CLICKADINTERACTION: { type: 'ad_click', verb: 'Clicked ad' },
  ADCLICK: { type: 'ad_click', verb: 'Clicked ad' },
};
export const MARKETO_SKIPPED = new Set([
  'SENDEMAIL', 'EMAILDELIVERED', 'EMAILBOUNCED', 'EMAILBOUNCEDSOFT', 'UNSUBSCRIBEEMAIL', 'NEWLEAD', 'CHANGEDATAVALUE',
  'CHANGESCORE', 'CHANGEOWNER', 'ADDTOLIST', 'REMOVEFROMLIST', 'SYNCLEADTOSFDC', 'CONVERTLEAD', 'INTERESTINGMOMENT',
  'ADDTOOPPORTUNITY', 'REMOVEFROMOPPORTUNITY', 'REQUESTCAMPAIGN', 'CHANGESEGMENT', 'MERGELEADS', 'SENDALERT',
  'CHANGEPROGRAMMEMBERDATA', 'ADDTONURTURE', 'CHANGENURTURETRACK', 'CHANGENURTURECADENCE', 'CHANGELEADPARTITION',
  'CHANGEREVENUESTAGE', 'DELETELEAD', 'SENDSALESEMAIL', 'CHANGECAMPAIGNSTREAM', 'CHANGECAMPAIGNCADENCE',
  'SYNCLEADUPDATESTOSFDC', 'CHANGEACCOUNTOWNER', 'ADDTOSFDCCAMPAIGN', 'CHANGESTATUSINSFDCCAMPAIGN',
]);

export function newStatus(value: string | undefined): string | undefined {
  if (!value?.startsWith('{')) return value;
  try {
    const attributes = JSON.parse(value) as Record<string, unknown>;
    const status = attributes['New Status'];
    return typeof status === 'string' ? status : undefined;
  } catch {
    return undefined;
  }
}

export const marketoActivityLog: CsvPreset<'touches'> = {
  id: 'marketo-activity-log',
  label: 'Marketo — activity log export',
  collection: 'touches',
  columns: {
    activityId: ['Activity ID', 'ID', 'marketoGUID'],
    leadId: ['Lead ID', 'leadId'],
    email: ['Email Address', 'Email', 'email'],
    occurredAt: ['Activity Date', 'Date/Time', 'activityDate'],
    activityType: ['Activity Type', 'Activity Type Name', 'activityType', 'Activity Type ID', 'activityTypeId'],
    primary: ['Primary Attribute Value', 'Detail', 'Asset Name', 'primaryAttributeValue'],
    campaign: ['Campaign', 'Campaign Name', 'Program Name', 'Program', 'campaignName'],
    url: ['Link', 'Webpage URL', 'URL'],
    // Bulk extracts carry the status change inside a JSON "attributes" cell.
    newStatus: ['New Status', 'Attributes'],
  },
  required: ['email', 'occurredAt', 'activityType'],
  signature: ['activityType', 'primary', 'leadId', 'activityId'],
  dateFields: ['occurredAt'],
  source:
    'Marketo REST Activities and Bulk Activity Extract docs (developers.marketo.com/rest-api/lead-database/activities; '
    + 'experienceleague.adobe.com …/bulk-extract/bulk-activity-extract): every activity has id/marketoGUID, leadId, '
    + 'activityDate, activityTypeId, primaryAttributeValue, campaignId; type names such as "Fill Out Form" (id 2); '
    + 'activity log UI columns "Date/Time", "Activity Type", "Detail". Email is required: activities name a lead id, and '
    + 'Cuecard matches people by email.',
  map(row, context) {
    const email = readEmail(row);
    const rawType = requireValue(row, 'activityType');
    const typeName = MARKETO_TYPE_IDS[rawType] ?? rawType;
    const key = typeKey(typeName);
    const primary = row.get('primary');
    const campaign = row.get('campaign');
    let mapped = MARKETO_TOUCHES[key];
    if (key === 'CHANGESTATUSINPROGRESSION') {
      // Event and webinar programs record attendance as a program status change ("… to Attended").
      const status = newStatus(row.get('newStatus')) ?? primary ?? '';
      const program = `${campaign ?? ''} ${primary ?? ''}`;
      if (/attended/i.test(status)) mapped = { type: /webinar/i.test(program) ? 'webinar' : 'event', verb: 'Attended' };
      else if (/registered/i.test(status)) mapped = { type: 'form_submit', verb: 'Registered' };
      else return { kind: 'skip', reason: 'Marketo Change Status in Progression' };
    }
    if (!mapped) {
      if (MARKETO_SKIPPED.has(key)) return { kind: 'skip', reason: `Marketo ${typeName}` };
      unknownType(row, 'activityType', rawType, 'Visit Webpage, Click Link, Fill Out Form, Open Email, Click Email, Change Status in Progression (Attended/Registered)');
    }
    const link = vendorUrl(row.get('url') ?? (mapped.type === 'page_view' ? primary : undefined));
    const isDownload = mapped.type === 'page_view' && /\.(pdf|pptx?|docx?|xlsx?|zip)(\?|$)/i.test(link ?? primary ?? '');
    const type: TouchType = isDownload ? 'download' : mapped.type;
    const activityId = row.get('activityId');
    return vendorTouch(
      { email },
      {
        type,
        occurredAt: readDate(row, 'occurredAt', context)!,
        title: primary ? `${isDownload ? 'Downloaded' : mapped.verb}: ${primary}` : undefined,
        campaign,
        url: link,
      },
      activityId ? `t-mkto-${activityId}` : undefined,
      'mkto',
    );
  },
};
