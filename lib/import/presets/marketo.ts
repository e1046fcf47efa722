/**
 * Marketo presets: the activity log export (UI columns, with the lead's email), and the bulk API's
 * two extracts, leads and activities, with API field names (`id`, `email`, `sfdcContactId`…;
 * `marketoGUID`, `leadId`, `activityTypeId`, `attributes`…).
 *
 * A bulk activity names a lead id and no email. Its touch is filed under prospectIdForLead (the
 * Marketo lead id), or under the stored prospect that carries that lead id; a lead imported later
 * is written under that same id when nobody else is known, or adopts the touches when it turns
 * out to be a known person (lib/match/prospects.ts). Either import order ends on one prospect.
 */
import type { Touch, TouchType } from '../../contract';
import { prospectIdForLead } from '../../match/prospects';
import {
  idOf,
  readDate,
  requireValue,
  RowProblem,
  typeKey,
  unknownType,
  vendorPerson,
  vendorProspect,
  vendorSkip,
  vendorTouch,
  vendorUrl,
  type CsvPreset,
  type CsvRowReader,
  type NamedPerson,
} from './preset';
import { salesforceLeadStage } from './salesforce';

/** Standard Marketo activity type ids (REST "Get Activity Types"); exports of the bulk API carry the id only. */
export const MARKETO_TYPE_IDS: Record<string, string> = {
  '1': 'Visit Webpage', '2': 'Fill Out Form', '3': 'Click Link', '6': 'Send Email', '7': 'Email Delivered',
  '8': 'Email Bounced', '9': 'Unsubscribe Email', '10': 'Open Email', '11': 'Click Email', '12': 'New Lead',
  '13': 'Change Data Value', '22': 'Change Score', '24': 'Add to List', '32': 'Merge Leads', '37': 'Delete Lead',
  '46': 'Interesting Moment', '104': 'Change Status in Progression',
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

/** Attributes cells: a JSON object in bulk extracts and UI exports, a [{name, value}] list in REST payloads. */
function parseAttributes(value: string | undefined): Record<string, unknown> {
  if (!value || !/^[[{]/.test(value)) return {};
  try {
    const parsed = JSON.parse(value) as unknown;
    if (Array.isArray(parsed)) {
      const named = parsed.filter((item): item is { name: string; value?: unknown } => typeof (item as { name?: unknown } | null)?.name === 'string');
      return Object.fromEntries(named.map((item) => [item.name, item.value]));
    }
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  } catch {
    // A broken attributes cell loses the status and bot flag, not the activity.
    return {};
  }
}

export function newStatus(value: string | undefined): string | undefined {
  if (!value?.startsWith('{')) return value;
  const status = parseAttributes(value)['New Status'];
  return typeof status === 'string' ? status : undefined;
}

type Activity = { kind: 'touch'; type: TouchType; verb: string } | { kind: 'skip'; reason: string } | { kind: 'unknown' };

/** What a Marketo activity is to a rep: one of our touch types, a known non-touch, or a type we do not know. */
function classifyActivity(typeName: string, status: string | undefined, program: string): Activity {
  const key = typeKey(typeName);
  if (key === 'CHANGESTATUSINPROGRESSION') {
    // Event and webinar programs record attendance as a program status change ("… to Attended").
    if (/attended/i.test(status ?? '')) return { kind: 'touch', type: /webinar/i.test(program) ? 'webinar' : 'event', verb: 'Attended' };
    if (/registered/i.test(status ?? '')) return { kind: 'touch', type: 'form_submit', verb: 'Registered' };
    return { kind: 'skip', reason: 'Marketo Change Status in Progression' };
  }
  const mapped = MARKETO_TOUCHES[key];
  if (mapped) return { kind: 'touch', ...mapped };
  return MARKETO_SKIPPED.has(key) ? { kind: 'skip', reason: `Marketo ${typeName}` } : { kind: 'unknown' };
}

/** The touch of a classified activity: page visits to documents are downloads. */
function activityTouch(
  activity: { type: TouchType; verb: string },
  primary: string | undefined,
  link: string | undefined,
): Pick<Touch, 'type' | 'title' | 'url'> {
  const isDownload = activity.type === 'page_view' && /\.(pdf|pptx?|docx?|xlsx?|zip)(\?|$)/i.test(link ?? primary ?? '');
  return {
    type: isDownload ? 'download' : activity.type,
    title: primary ? `${isDownload ? 'Downloaded' : activity.verb}: ${primary}` : undefined,
    url: link,
  };
}

const LEAD_ID = /^\d{1,18}$/;

/** Marketo lead ids are integers; in the activity log anything else in the column is no id. */
function readLeadId(row: CsvRowReader, field: string): string | undefined {
  const value = row.get(field);
  return value !== undefined && LEAD_ID.test(value) ? value : undefined;
}

/** The bulk extracts' join key: a row without a valid one cannot be placed. */
function requireLeadId(row: CsvRowReader, field: string): string {
  const value = requireValue(row, field);
  if (!LEAD_ID.test(value)) throw new RowProblem(row.column(field), `"${value.slice(0, 40)}" is not a Marketo lead id (a whole number)`);
  return value;
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
    + 'activity log UI columns "Date/Time", "Activity Type", "Detail". Email is required here: the bulk extract without '
    + 'emails is its own preset (marketo-bulk-activities).',
  map(row, context) {
    const lead = vendorPerson(row, context, { ids: [idOf('marketo', readLeadId(row, 'leadId'))] });
    const rawType = requireValue(row, 'activityType');
    const typeName = MARKETO_TYPE_IDS[rawType] ?? rawType;
    const primary = row.get('primary');
    const campaign = row.get('campaign');
    const status = newStatus(row.get('newStatus')) ?? primary;
    const activity = classifyActivity(typeName, status, `${campaign ?? ''} ${primary ?? ''}`);
    if (activity.kind === 'skip') return vendorSkip(lead, activity.reason);
    if (activity.kind === 'unknown') {
      unknownType(row, 'activityType', rawType, 'Visit Webpage, Click Link, Fill Out Form, Open Email, Click Email, Change Status in Progression (Attended/Registered)');
    }
    const link = vendorUrl(row.get('url') ?? (activity.type === 'page_view' ? primary : undefined));
    const activityId = row.get('activityId');
    return vendorTouch(
      lead,
      { ...activityTouch(activity, primary, link), occurredAt: readDate(row, 'occurredAt', context)!, campaign },
      activityId ? `t-mkto-${activityId}` : undefined,
      'mkto',
    );
  },
};

/** Bulk extracts write `null` for an empty field (Marketo "Bulk Lead Extract": "then null is placed in the corresponding field"). */
function nullAsEmpty(row: CsvRowReader): CsvRowReader {
  return {
    get: (field) => {
      const value = row.get(field);
      return value === 'null' ? undefined : value;
    },
    column: (field) => row.column(field),
  };
}

export const marketoBulkLeads: CsvPreset<'prospects'> = {
  id: 'marketo-bulk-leads',
  label: 'Marketo — bulk lead extract (API field names)',
  collection: 'prospects',
  columns: {
    leadId: ['id'],
    email: ['email'],
    firstName: ['firstName'],
    lastName: ['lastName'],
    title: ['title'],
    company: ['company'],
    industry: ['industry'],
    domain: ['website'],
    leadStatus: ['leadStatus'],
    source: ['leadSource'],
    owner: ['leadOwnerEmailAddress'],
    sfdcContactId: ['sfdcContactId'],
    sfdcLeadId: ['sfdcLeadId'],
    sfdcAccountId: ['sfdcAccountId'],
    sfdcType: ['sfdcType'],
    leadScore: ['leadScore'],
    createdAt: ['createdAt'],
    updatedAt: ['updatedAt'],
  },
  required: ['leadId', 'email'],
  // The system dates are spelled this way only by Marketo's API; a Salesforce report says "Created Date".
  signature: ['createdAt', 'updatedAt'],
  dateFields: ['updatedAt', 'createdAt'],
  source:
    'Marketo "Bulk Lead Extract" (experienceleague.adobe.com …/marketo-developer/marketo/rest/bulk-extract/bulk-lead-extract): '
    + 'columns are the REST API names of the requested fields, empty values written as null; field names per "Standard '
    + 'Fields" (id, email, firstName, lastName, title, company, industry, website, leadSource, leadStatus, leadScore, createdAt, '
    + 'updatedAt) plus the Salesforce sync fields sfdcContactId, sfdcLeadId, sfdcAccountId, sfdcType and '
    + 'leadOwnerEmailAddress ("Lead Owner Email Address", emails.md ccFields example). Lead Status is the synced Salesforce picklist.',
  map(raw, context) {
    const row = nullAsEmpty(raw);
    const leadId = requireLeadId(row, 'leadId');
    const status = row.get('leadStatus');
    return vendorProspect(row, context, {
      // Known to nobody yet: the id the lead's bulk activities were filed under, so they attach.
      id: prospectIdForLead('marketo', leadId),
      ids: [idOf('marketo', leadId), idOf('salesforce', row.get('sfdcContactId')), idOf('salesforce', row.get('sfdcLeadId'))],
      stage: status === undefined ? undefined : salesforceLeadStage(status),
    });
  },
};

/** "Is Bot Activity" as the bulk extract writes it: a JSON boolean, or the text "true"/"false". */
function botFlag(attributes: Record<string, unknown>): boolean | undefined {
  const flag = attributes['Is Bot Activity'];
  if (flag === true || (typeof flag === 'string' && /^true$/i.test(flag.trim()))) return true;
  if (flag === false || (typeof flag === 'string' && /^false$/i.test(flag.trim()))) return false;
  return undefined;
}

/** Email assets are named "<program>.<email>"; the program is the campaign a rep knows. */
function emailProgram(primary: string | undefined): string | undefined {
  const dot = primary?.lastIndexOf('.') ?? -1;
  return dot > 0 ? primary!.slice(0, dot) : undefined;
}

export const marketoBulkActivities: CsvPreset<'touches'> = {
  id: 'marketo-bulk-activities',
  label: 'Marketo — bulk activity extract (API field names)',
  collection: 'touches',
  columns: {
    activityId: ['marketoGUID'],
    leadId: ['leadId'],
    occurredAt: ['activityDate'],
    activityTypeId: ['activityTypeId'],
    campaignId: ['campaignId'],
    primaryId: ['primaryAttributeValueId'],
    primary: ['primaryAttributeValue'],
    attributes: ['attributes'],
    actionResult: ['actionResult'],
  },
  required: ['activityId', 'leadId', 'occurredAt', 'activityTypeId'],
  signature: ['activityId', 'leadId', 'activityTypeId', 'primaryId', 'attributes'],
  dateFields: ['occurredAt'],
  source:
    'Marketo "Bulk Activity Extract" (experienceleague.adobe.com …/marketo-developer/marketo/rest/bulk-extract/bulk-activity-extract): '
    + 'columns marketoGUID, leadId, activityDate, activityTypeId, campaignId, primaryAttributeValueId, primaryAttributeValue, '
    + 'attributes (a JSON object, e.g. {"New Status":"Attended"}), optional actionResult; null for empty values. Activity type '
    + 'ids per "Get Activity Types" (1 Visit Webpage, 2 Fill Out Form, 10 Open Email, 11 Click Email, 104 Change Status in '
    + 'Progression); "Is Bot Activity" inside attributes per Adobe "Filtering Email Bot Activity".',
  map(raw, context) {
    const row = nullAsEmpty(raw);
    const leadId = requireLeadId(row, 'leadId');
    const lead: NamedPerson = { person: { ids: [{ system: 'marketo', recordId: leadId }] }, prospectId: prospectIdForLead('marketo', leadId) };
    const typeId = requireValue(row, 'activityTypeId');
    const typeName = MARKETO_TYPE_IDS[typeId];
    if (!typeName) return { kind: 'skip', reason: `Marketo activity type ${typeId.slice(0, 20)}` };
    if (/^(failed|skipped)$/i.test(row.get('actionResult') ?? '')) return { kind: 'skip', reason: `Marketo ${typeName} not performed` };
    const attributes = parseAttributes(row.get('attributes'));
    const primary = row.get('primary');
    const status = typeof attributes['New Status'] === 'string' ? attributes['New Status'] : undefined;
    const activity = classifyActivity(typeName, status, primary ?? '');
    if (activity.kind !== 'touch') return { kind: 'skip', reason: activity.kind === 'skip' ? activity.reason : `Marketo ${typeName}` };
    const clicked = typeof attributes.Link === 'string' ? attributes.Link : undefined;
    const link = vendorUrl(activity.type === 'page_view' ? (clicked ?? primary) : activity.type === 'email_click' ? clicked : undefined);
    const isEmail = activity.type === 'email_open' || activity.type === 'email_click';
    return vendorTouch(
      lead,
      {
        ...activityTouch(activity, primary, link),
        occurredAt: readDate(row, 'occurredAt', context)!,
        campaign: isEmail ? emailProgram(primary) : typeId === '104' ? primary : undefined,
        automated: isEmail ? botFlag(attributes) : undefined,
      },
      // Same id as the activity log's "Activity ID": one activity from both exports is one touch.
      `t-mkto-${requireValue(row, 'activityId')}`,
      'mkto',
    );
  },
};

