/**
 * Salesforce presets: contacts and leads report exports, and campaign members.
 */
import type { TouchType } from '../../contract';
import {
  firstDate,
  PERSON_COLUMNS,
  readEmail,
  requireValue,
  RowProblem,
  slug,
  typeKey,
  unknownType,
  vendorProspect,
  vendorTouch,
  type CsvPreset,
} from './preset';

export const SALESFORCE_LEAD_STAGES: Record<string, string> = {
  NEW: 'lead', OPENNOTCONTACTED: 'lead', WORKING: 'lead', WORKINGCONTACTED: 'lead', NURTURING: 'lead',
  QUALIFIED: 'sql', CLOSEDCONVERTED: 'opportunity', UNQUALIFIED: 'unqualified', CLOSEDNOTCONVERTED: 'unqualified',
};

export const salesforceContactsReport: CsvPreset<'prospects'> = {
  id: 'salesforce-contacts-report',
  label: 'Salesforce — contacts report export',
  collection: 'prospects',
  columns: {
    ...PERSON_COLUMNS,
    fullName: ['Contact Name', 'Full Name', 'Name'],
    crmId: ['Contact ID', 'Contact: Contact ID', 'Id'],
    title: ['Title'],
    company: ['Account Name', 'Account'],
    domain: ['Website', 'Account Website'],
    industry: ['Industry'],
    updatedAt: ['Last Modified Date', 'Contact Last Modified Date'],
    accountId: ['Account ID'],
    mailingCity: ['Mailing City'],
  },
  required: ['email'],
  signature: ['crmId', 'company', 'accountId', 'mailingCity'],
  dateFields: ['updatedAt'],
  source:
    'Salesforce report export ("Export > Details Only", CSV) uses field labels as headers: Contact ID, First Name, '
    + 'Last Name, Title, Email, Account Name, Account ID, Mailing City, Last Modified Date (Contact object field labels; '
    + 'Contact ids start 003 — SITES.md). Cross-object columns may come as "Account: Account Name"; the part after the '
    + 'colon also matches.',
  map(row, context) {
    return vendorProspect(row, context, { crm: 'salesforce' });
  },
};

export const salesforceLeadsReport: CsvPreset<'prospects'> = {
  id: 'salesforce-leads-report',
  label: 'Salesforce — leads report export',
  collection: 'prospects',
  columns: {
    ...PERSON_COLUMNS,
    fullName: ['Lead Name', 'Full Name', 'Name'],
    crmId: ['Lead ID', 'Lead: Lead ID', 'Id'],
    title: ['Title'],
    company: ['Company / Account', 'Company'],
    domain: ['Website'],
    industry: ['Industry'],
    leadStatus: ['Lead Status', 'Status'],
    leadSource: ['Lead Source'],
    updatedAt: ['Last Modified Date', 'Lead Last Modified Date'],
  },
  required: ['email'],
  signature: ['crmId', 'leadStatus', 'company', 'leadSource'],
  dateFields: ['updatedAt'],
  source:
    'Salesforce leads report export with Lead field labels: Lead ID, First Name, Last Name, Title, Company / Account, '
    + 'Email, Lead Status, Lead Source, Industry, Last Modified Date (lead ids start 00Q — SITES.md); Lead Status '
    + 'values are the standard picklist (Open - Not Contacted, Working - Contacted, Closed - Converted, Closed - Not '
    + 'Converted) or the newer New/Working/Nurturing/Qualified/Unqualified.',
  map(row, context) {
    const status = row.get('leadStatus');
    return vendorProspect(row, context, {
      crm: 'salesforce',
      stage: status === undefined ? 'lead' : (SALESFORCE_LEAD_STAGES[typeKey(status)] ?? slug(status)),
    });
  },
};

/** Member statuses that mean "targeted" rather than "did something". */
export const CAMPAIGN_STATUS_SKIPPED = /^(sent|invited|planned|received|targeted|member|added|no[\s-]?show|declined|not attended|did not attend|unsubscribed|bounced|opted out)$/i;

export function campaignMemberTouch(status: string, campaign: string, campaignType: string): { type: TouchType; verb: string } | undefined {
  const context = `${campaign} ${campaignType}`;
  if (/attend/i.test(status)) return { type: /webinar/i.test(context) ? 'webinar' : 'event', verb: 'Attended' };
  if (/visited booth|booth|met at/i.test(status)) return { type: 'event', verb: 'Visited booth' };
  if (/download/i.test(status)) return { type: 'download', verb: 'Downloaded' };
  if (/click/i.test(status)) return { type: /ad|paid|social/i.test(campaignType) ? 'ad_click' : 'email_click', verb: 'Clicked' };
  if (/open/i.test(status)) return { type: 'email_open', verb: 'Opened' };
  if (/regist|respond|submitted|signed up|requested/i.test(status)) return { type: 'form_submit', verb: status };
  return undefined;
}

export const salesforceCampaignMembers: CsvPreset<'touches'> = {
  id: 'salesforce-campaign-members',
  label: 'Salesforce — campaign members export',
  collection: 'touches',
  columns: {
    memberId: ['Campaign Member ID', 'Member ID'],
    campaign: ['Campaign Name', 'Campaign'],
    campaignType: ['Campaign Type', 'Type'],
    status: ['Member Status', 'Status'],
    responded: ['Responded', 'Has Responded'],
    firstResponded: ['First Responded Date', 'First Responded'],
    associated: ['Member First Associated Date', 'Created Date', 'Last Modified Date'],
    email: ['Email', 'Email Address'],
    contactId: ['Contact ID'],
    leadId: ['Lead ID'],
    leadOrContactId: ['Lead/Contact ID', 'Lead or Contact ID'],
  },
  required: ['campaign', 'status', 'email', ['firstResponded', 'associated']],
  signature: ['memberId', 'status', 'responded', 'firstResponded', 'campaignType'],
  dateFields: ['firstResponded', 'associated'],
  source:
    'Salesforce CampaignMember object (developer docs: CampaignId, ContactId, LeadId, Status, HasResponded labelled '
    + '"Responded", FirstRespondedDate) and its report labels (Campaign Member ID, Campaign Name, Member Status, '
    + 'Responded, First Responded Date); statuses per Salesforce help "Campaign Member Statuses" (Sent, Responded, and '
    + 'per campaign type e.g. Invited, Registered, Attended, No Show).',
  map(row, context) {
    const email = readEmail(row);
    const status = requireValue(row, 'status');
    const campaign = requireValue(row, 'campaign');
    if (CAMPAIGN_STATUS_SKIPPED.test(status)) return { kind: 'skip', reason: `campaign member status ${status}` };
    const mapped = campaignMemberTouch(status, campaign, row.get('campaignType') ?? '');
    if (!mapped) unknownType(row, 'status', status, 'Attended, Registered, Responded, Opened, Clicked, Downloaded, Visited Booth; Sent/Invited/No Show are skipped');
    const occurredAt = firstDate(row, ['firstResponded', 'associated'], context);
    if (!occurredAt) throw new RowProblem(row.column('firstResponded'), 'required value is empty');
    const recordId = row.get('contactId') ?? row.get('leadId') ?? row.get('leadOrContactId');
    const memberId = row.get('memberId');
    return vendorTouch(
      { email, ...(recordId ? { crm: { system: 'salesforce', recordId } } : {}) },
      { type: mapped.type, occurredAt, title: `${mapped.verb}: ${campaign}`, campaign },
      // A member row shows the latest status only: one touch per member and touch type, so "Registered"
      // then "Attended" in a later export adds the webinar without losing the registration.
      memberId ? `t-sfcm-${memberId}-${mapped.type}` : undefined,
      'sfcm',
    );
  },
};
