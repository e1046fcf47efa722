/**
 * Salesforce records (SOQL `queryAll` rows) → contract rows, for the hub's Salesforce connector
 * (hub/connectors/salesforce.ts). Sources: ../shared/research/connectors.md §2 (SF-Q, SF-CM, TS).
 * Lead stages and campaign member statuses are read as the CSV presets read them
 * (lib/import/presets/salesforce.ts), and member touches get the same ids (`t-sfcm-<Id>-<type>`).
 */
import { normalizeDomain, normalizeEmail } from '../../match/keys';
import { CAMPAIGN_STATUS_SKIPPED, campaignMemberTouch, SALESFORCE_LEAD_STAGES } from '../presets/salesforce';
import { slug, typeKey, withoutUndefined } from '../presets/preset';
import { clip, isoFrom, mapped, skipped, type Mapped, type VendorPerson, type VendorTouch } from './types';

/** Fields read per object; relationship fields (Account.Name, Owner.Email) save a query per page. */
export const SALESFORCE_FIELDS = {
  Contact: ['Id', 'Email', 'FirstName', 'LastName', 'Title', 'LeadSource', 'Account.Name', 'Account.Website', 'Account.Industry', 'Owner.Email', 'IsDeleted', 'MasterRecordId', 'SystemModstamp'],
  Lead: ['Id', 'Email', 'FirstName', 'LastName', 'Title', 'Company', 'Website', 'Industry', 'Status', 'LeadSource', 'Owner.Email', 'IsConverted', 'ConvertedContactId', 'ConvertedDate', 'IsDeleted', 'MasterRecordId', 'SystemModstamp'],
  Campaign: ['Id', 'Name', 'Type', 'StartDate', 'IsDeleted', 'SystemModstamp'],
  CampaignMember: ['Id', 'CampaignId', 'ContactId', 'LeadId', 'Email', 'Status', 'HasResponded', 'FirstRespondedDate', 'CreatedDate', 'IsDeleted', 'SystemModstamp'],
} as const;

type Related = { Name?: string | null; Website?: string | null; Industry?: string | null; Email?: string | null } | null | undefined;

export interface SalesforceRecord {
  Id: string;
  IsDeleted?: boolean;
  SystemModstamp: string;
  [field: string]: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

function person(record: SalesforceRecord, fields: { company?: string; website?: string; industry?: string; stage?: string; salesforceId: string }): Mapped<VendorPerson> {
  const emailText = text(record.Email);
  if (!emailText) return skipped(`Salesforce ${record.Id.startsWith('00Q') ? 'lead' : 'contact'} without an email address`);
  const owner = text((record.Owner as Related)?.Email);
  const name = [text(record.FirstName), text(record.LastName)].filter(Boolean).join(' ');
  return mapped({
    vendorId: record.Id,
    crm: { system: 'salesforce', recordId: fields.salesforceId },
    prospect: withoutUndefined({
      email: normalizeEmail(emailText),
      name: clip(name, 300),
      title: clip(text(record.Title), 300),
      company: clip(fields.company, 300),
      domain: fields.website ? normalizeDomain(fields.website) : undefined,
      stage: clip(fields.stage, 100),
      industry: clip(fields.industry, 100),
      crmIds: { salesforce: fields.salesforceId },
      updatedAt: isoFrom(record.SystemModstamp),
      owner: owner ? normalizeEmail(owner) : undefined,
      source: clip(text(record.LeadSource), 300),
    }),
  });
}

export function salesforceContactToPerson(record: SalesforceRecord): Mapped<VendorPerson> {
  const account = record.Account as Related;
  return person(record, { company: text(account?.Name), website: text(account?.Website), industry: text(account?.Industry), salesforceId: record.Id });
}

export function salesforceLeadToPerson(record: SalesforceRecord): Mapped<VendorPerson> {
  const status = text(record.Status);
  // A converted lead lives on as its contact: the person keeps the contact's id, the page reps open.
  const convertedTo = record.IsConverted === true ? text(record.ConvertedContactId) : undefined;
  return person(record, {
    company: text(record.Company),
    website: text(record.Website),
    industry: text(record.Industry),
    stage: status === undefined ? 'lead' : (SALESFORCE_LEAD_STAGES[typeKey(status)] ?? slug(status)),
    salesforceId: convertedTo ?? record.Id,
  });
}

export interface SalesforceCampaign {
  Name?: string;
  Type?: string | null;
}

/** Every touch id a member may have been written under (one per touch type, as the preset does). */
export function salesforceMemberTouchIds(memberId: string, types: readonly string[]): string[] {
  return types.map((type) => `t-sfcm-${memberId}-${type}`);
}

export function salesforceMemberToTouch(member: SalesforceRecord, campaign: SalesforceCampaign | undefined): Mapped<VendorTouch> {
  const status = text(member.Status) ?? '';
  const campaignName = campaign?.Name ?? 'Salesforce campaign';
  if (!status || CAMPAIGN_STATUS_SKIPPED.test(status)) return skipped(`campaign member status ${status || '(none)'}`);
  const kind = campaignMemberTouch(status, campaignName, campaign?.Type ?? '');
  if (!kind) {
    // A custom status Salesforce counts as a response (CampaignMemberStatus.HasResponded, SF-CM) is still a touch.
    if (member.HasResponded !== true) return skipped(`campaign member status ${status}`);
  }
  const chosen = kind ?? { type: 'form_submit' as const, verb: status };
  // FirstRespondedDate is a date without a time (SF-CM); CreatedDate is when they joined the campaign.
  const occurredAt = isoFrom(member.FirstRespondedDate) ?? isoFrom(member.CreatedDate);
  if (!occurredAt) return skipped('campaign member without a date');
  const personId = text(member.ContactId) ?? text(member.LeadId);
  const email = text(member.Email);
  if (!personId && !email) return skipped('campaign member without a contact or lead');
  return mapped({
    person: { vendorId: personId, email: email ? normalizeEmail(email) : undefined },
    touch: withoutUndefined({
      id: `t-sfcm-${member.Id}-${chosen.type}`,
      type: chosen.type,
      occurredAt,
      title: clip(`${chosen.verb}: ${campaignName}`, 500),
      campaign: clip(campaignName, 300),
    }),
  });
}
