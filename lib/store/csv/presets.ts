/**
 * CSV column presets: the exports marketing teams really download (HubSpot, Marketo, Salesforce)
 * and our own columns, each mapped onto one cuecard/v1 collection. Pure: no I/O, no clock.
 *
 * Invariants
 * - A preset maps one CSV row to one contract row, or skips it (a known vendor activity that is
 *   not a marketing touch: "Sent", "Email Delivered", "Change Score"…), or throws RowProblem
 *   (the row is reported with its field and reason). Unknown activity types are RowProblems.
 * - Ids are deterministic: the export's own id when it has one, else a hash of stable fields,
 *   so importing the same file twice changes nothing.
 * - Vendor presets derive a prospect id from the normalized email (`p-…`); touches carry the
 *   person (email, CRM id) so the importer can swap in the id of a prospect already in the store.
 * - Dates go through parseCsvDate only (one date parser). Times without a zone are read as UTC.
 *
 * Column names and where they come from are listed on each preset (`source`). Header matching
 * ignores case, spaces and punctuation ("Record ID" = "record_id" = "RecordId"), and a
 * Salesforce-style "Object: Field" header also matches "Field".
 */
import { TOUCH_TYPES, type Asset, type CollectionName, type CrmSystem, type Message, type Prospect, type RowTypes, type Touch, type TouchType } from '../../contract';
import { normalizeDomain, normalizeEmail } from '../../match/keys';

// ---------------------------------------------------------------------------------------------
// Row problems, readers, ids

/** Thrown by a preset's mapper: the row is rejected and reported with this field and reason. */
export class RowProblem extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A row as a preset sees it: values by logical field, trimmed, '' read as missing. */
export interface CsvRowReader {
  get(field: string): string | undefined;
  /** The header the field was read from, for error messages. */
  column(field: string): string;
}

/** Who a touch belongs to (or who a prospect row is), for matching against the store. */
export interface ProspectLookup {
  email?: string;
  crm?: { system: CrmSystem; recordId: string };
}

export type MapResult<C extends CollectionName> =
  | { kind: 'row'; row: RowTypes[C]; person?: ProspectLookup }
  | { kind: 'skip'; reason: string };

export type DateOrder = 'auto' | 'us' | 'eu';

export interface MapContext {
  dateOrder: DateOrder;
}

export interface CsvPreset<C extends CollectionName = CollectionName> {
  id: string;
  label: string;
  collection: C;
  /** Logical field → accepted headers, most specific first. */
  columns: Readonly<Record<string, readonly string[]>>;
  /** Each entry must be present: one field, or a list meaning "one of these". */
  required: readonly (string | readonly string[])[];
  /** Fields whose headers are typical of this export and rare elsewhere; they drive detection. */
  signature: readonly string[];
  /** Fields holding dates, for date-order sniffing. */
  dateFields: readonly string[];
  /** Where the column names come from. */
  source: string;
  map(row: CsvRowReader, context: MapContext): MapResult<C>;
}

/** cyrb53: a fast 53-bit string hash (public domain); two seeds give a 106-bit id. */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  return finish53(h1, h2);
}

/**
 * A deterministic id from stable fields: same fields, same id, across files and runs. Two cyrb53
 * hashes (seeds 1 and 2) computed in one pass: 106 bits, so a million rows never collide in practice.
 */
export function stableId(prefix: string, parts: readonly (string | undefined)[]): string {
  let a1 = 0xdeadbeef ^ 1, a2 = 0x41c6ce57 ^ 1, b1 = 0xdeadbeef ^ 2, b2 = 0x41c6ce57 ^ 2;
  for (let p = 0; p < parts.length; p++) {
    const part = p === 0 ? (parts[p] ?? '') : `\u001f${parts[p] ?? ''}`;
    for (let i = 0; i < part.length; i++) {
      const ch = part.charCodeAt(i);
      a1 = Math.imul(a1 ^ ch, 2654435761);
      a2 = Math.imul(a2 ^ ch, 1597334677);
      b1 = Math.imul(b1 ^ ch, 2654435761);
      b2 = Math.imul(b2 ^ ch, 1597334677);
    }
  }
  return `${prefix}-${finish53(a1, a2).toString(36).padStart(11, '0')}${finish53(b1, b2).toString(36).padStart(11, '0')}`;
}

function finish53(h1: number, h2: number): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** The prospect id every vendor preset gives a person with this email (when the store has none). */
export function prospectIdForEmail(email: string): string {
  return stableId('p', [normalizeEmail(email)]);
}

// ---------------------------------------------------------------------------------------------
// Dates (the one date parser for CSV imports)

export type DateParse =
  | { ok: true; iso: string; /** which day/month order the text allowed */ order: 'iso' | 'us' | 'eu' | 'either' }
  | { ok: false; ambiguous: boolean; reason: string };

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const ISO_RE = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const NUMERIC_RE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[T ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;
const NAMED_RE = /^(?:[a-z]{3,9},?\s+)?(?:(\d{1,2})[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{4})|([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4}))(?:[T ,]+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AP]M)?)?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/i;

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc|gmt)$/i.test(zone)) return 0;
  const match = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

function build(
  year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number,
  ampm: string | undefined, zone: string | undefined,
): number | undefined {
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (/p/i.test(ampm) ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - zoneOffsetMinutes(zone) * 60_000;
}

/**
 * ISO (`2026-11-18`, `2026-11-18 15:00`, `…T15:00:00.000Z`, offsets), numeric day/month dates
 * (`11/18/2026`, `18/11/2026`, `18.11.2026 15:00`, `3/5/26 2:22 PM`), month names
 * (`Nov 18, 2026 3:00 PM`, `18 Nov 2026`, `18-Nov-2026`) and epoch milliseconds.
 * Under 'auto', `03/04/2026` is ambiguous (not an error of the text: the user must choose);
 * dotted dates are always day-first (no month-first locale writes dots).
 */
export function parseCsvDate(raw: string, order: DateOrder): DateParse {
  const text = raw.trim();
  const invalid = (reason = `"${text.slice(0, 60)}" is not a date`): DateParse => ({ ok: false, ambiguous: false, reason });
  let match = ISO_RE.exec(text);
  if (match) {
    const ms = match[7] ? Number(match[7].slice(0, 3).padEnd(3, '0')) : 0;
    const at = build(+match[1]!, +match[2]!, +match[3]!, +(match[4] ?? 0), +(match[5] ?? 0), +(match[6] ?? 0), ms, undefined, match[8]);
    return at === undefined ? invalid() : { ok: true, iso: new Date(at).toISOString(), order: 'iso' };
  }
  match = NUMERIC_RE.exec(text);
  if (match) {
    const first = +match[1]!;
    const second = +match[3]!;
    const year = match[4]!.length === 2 ? 2000 + +match[4]! : +match[4]!;
    const time = [+(match[5] ?? 0), +(match[6] ?? 0), +(match[7] ?? 0)] as const;
    const asUs = build(year, first, second, ...time, 0, match[8], match[9]);
    const asEu = build(year, second, first, ...time, 0, match[8], match[9]);
    let chosen: number | undefined;
    let used: 'us' | 'eu' | 'either';
    if (order === 'eu' || match[2] === '.') [chosen, used] = [asEu, 'eu'];
    else if (order === 'us') [chosen, used] = [asUs, 'us'];
    else if (asUs !== undefined && asEu !== undefined && asUs !== asEu) {
      return {
        ok: false,
        ambiguous: true,
        reason: `ambiguous date "${text}": it could be month/day (US) or day/month (EU); choose the date order and import again`,
      };
    } else [chosen, used] = asUs !== undefined ? [asUs, asEu === undefined ? 'us' : 'either'] : [asEu, 'eu'];
    if (chosen === undefined) {
      return invalid(order === 'auto' ? undefined : `"${text}" is not ${used === 'us' ? 'a US (MM/DD/YYYY)' : 'an EU (DD/MM/YYYY)'} date`);
    }
    return { ok: true, iso: new Date(chosen).toISOString(), order: used };
  }
  match = NAMED_RE.exec(text);
  if (match) {
    const monthName = (match[2] ?? match[4])!.toLowerCase();
    const month = MONTHS[monthName.slice(0, monthName.startsWith('sept') ? 4 : 3)];
    const day = +(match[1] ?? match[5])!;
    const year = +(match[3] ?? match[6])!;
    const at = month === undefined ? undefined : build(year, month, day, +(match[7] ?? 0), +(match[8] ?? 0), +(match[9] ?? 0), 0, match[10], match[11]);
    return at === undefined ? invalid() : { ok: true, iso: new Date(at).toISOString(), order: 'either' };
  }
  if (/^\d{12,13}$/.test(text)) return { ok: true, iso: new Date(Number(text)).toISOString(), order: 'iso' };
  return invalid();
}

// ---------------------------------------------------------------------------------------------
// Small field helpers shared by the presets

function requireValue(row: CsvRowReader, field: string): string {
  const value = row.get(field);
  if (value === undefined) throw new RowProblem(row.column(field), 'required value is empty');
  return value;
}

function readDate(row: CsvRowReader, field: string, context: MapContext): string | undefined {
  const value = row.get(field);
  if (value === undefined) return undefined;
  const parsed = parseCsvDate(value, context.dateOrder);
  if (!parsed.ok) throw new RowProblem(row.column(field), parsed.reason);
  return parsed.iso;
}

/** The first date among fields, in order (exports often have several candidate date columns). */
function firstDate(row: CsvRowReader, fields: readonly string[], context: MapContext): string | undefined {
  for (const field of fields) {
    const iso = readDate(row, field, context);
    if (iso) return iso;
  }
  return undefined;
}

function readEmail(row: CsvRowReader, field = 'email'): string {
  const value = normalizeEmail(requireValue(row, field));
  if (!/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(value)) {
    throw new RowProblem(row.column(field), `"${value.slice(0, 80)}" is not an email address`);
  }
  return value;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(';').map((item) => item.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

function slug(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const result = value.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return result || undefined;
}

/** Vendor link columns: keep https links, read scheme-less page names as https, drop the rest. */
function vendorUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/|$)/i.test(value) ? `https://${value}` : value;
  try {
    return new URL(candidate).protocol === 'https:' ? candidate : undefined;
  } catch {
    return undefined;
  }
}

function fullName(row: CsvRowReader): string | undefined {
  const joined = [row.get('firstName'), row.get('lastName')].filter(Boolean).join(' ');
  return joined || row.get('fullName');
}

/** A copy without the undefined fields (copying, not `delete`, keeps objects in V8's fast mode). */
function withoutUndefined<T extends object>(value: T): T {
  const result = {} as T;
  for (const key in value) if (value[key] !== undefined) result[key] = value[key];
  return result;
}

/** Upper-case letters and digits only: "Open Email" = "OPEN_EMAIL" = "open email". */
function typeKey(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

function unknownType(row: CsvRowReader, field: string, value: string, known: string): never {
  throw new RowProblem(row.column(field), `unknown activity type "${value.slice(0, 80)}": not one of the mapped types (${known})`);
}

const PERSON_COLUMNS = {
  email: ['Email', 'Email Address', 'E-mail'],
  firstName: ['First Name'],
  lastName: ['Last Name'],
  fullName: ['Full Name', 'Name'],
} as const;

function vendorProspect(
  row: CsvRowReader,
  context: MapContext,
  fields: { crm?: CrmSystem; stage?: string; persona?: string },
): MapResult<'prospects'> {
  const email = readEmail(row);
  const crmId = row.get('crmId');
  const website = row.get('domain');
  const prospect: Prospect = withoutUndefined({
    id: prospectIdForEmail(email),
    email,
    name: fullName(row),
    title: row.get('title'),
    company: row.get('company'),
    domain: website ? normalizeDomain(website) : undefined,
    stage: fields.stage,
    persona: fields.persona,
    industry: row.get('industry'),
    crmIds: fields.crm && crmId ? { [fields.crm]: crmId } : undefined,
    updatedAt: readDate(row, 'updatedAt', context),
  });
  return {
    kind: 'row',
    row: prospect,
    person: { email, ...(fields.crm && crmId ? { crm: { system: fields.crm, recordId: crmId } } : {}) },
  };
}

function vendorTouch(
  person: ProspectLookup & { email: string },
  touch: Omit<Touch, 'id' | 'prospectId'>,
  ownId: string | undefined,
  idPrefix: string,
): MapResult<'touches'> {
  const id = ownId ?? stableId(`t-${idPrefix}`, [person.email, touch.type, touch.occurredAt, touch.campaign, touch.title, touch.url]);
  return { kind: 'row', row: withoutUndefined({ id, prospectId: prospectIdForEmail(person.email), ...touch }), person };
}

// ---------------------------------------------------------------------------------------------
// HubSpot

const HUBSPOT_STAGES: Record<string, string> = {
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
    owner: ['Contact owner'],
    leadStatus: ['Lead Status'],
    marketingStatus: ['Marketing contact status'],
  },
  required: ['email'],
  signature: ['crmId', 'stage', 'title', 'owner', 'marketingStatus', 'leadStatus'],
  dateFields: ['updatedAt'],
  source:
    'HubSpot CRM "Export" of contacts (file hubspot-crm-exports-all-contacts-<date>.csv): property labels as headers — '
    + 'Record ID, First Name, Last Name, Email, Phone Number, Contact owner, Lead Status, Marketing contact status, '
    + 'Lifecycle Stage, Job Title, Company Name, Create Date, Last Modified Date (headers seen in public scripts that read '
    + 'real exports); lifecycle stage values per HubSpot (subscriber, lead, marketingqualifiedlead, salesqualifiedlead, '
    + 'opportunity, customer, evangelist, other).',
  map(row, context) {
    const rawStage = row.get('stage');
    return vendorProspect(row, context, {
      crm: 'hubspot',
      stage: rawStage === undefined ? undefined : (HUBSPOT_STAGES[typeKey(rawStage)] ?? slug(rawStage)),
      persona: slug(row.get('persona')),
    });
  },
};

const HUBSPOT_EMAIL_TOUCHES: Record<string, { type: TouchType; verb: string }> = {
  OPEN: { type: 'email_open', verb: 'Opened' },
  OPENED: { type: 'email_open', verb: 'Opened' },
  CLICK: { type: 'email_click', verb: 'Clicked' },
  CLICKED: { type: 'email_click', verb: 'Clicked' },
  // Forwarding or printing a marketing email means the recipient opened it.
  FORWARD: { type: 'email_open', verb: 'Forwarded' },
  PRINT: { type: 'email_open', verb: 'Printed' },
};
/** Delivery and subscription events: real, but not something the prospect did with content. */
const HUBSPOT_EMAIL_SKIPPED = new Set([
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
    const email = readEmail(row);
    const rawType = requireValue(row, 'eventType');
    const key = typeKey(rawType);
    if (HUBSPOT_EMAIL_SKIPPED.has(key)) return { kind: 'skip', reason: `email event ${rawType}` };
    const mapped = HUBSPOT_EMAIL_TOUCHES[key];
    if (!mapped) unknownType(row, 'eventType', rawType, 'Open, Click, Forward, Print; delivery events are skipped');
    const occurredAt = readDate(row, 'occurredAt', context)!;
    const subject = row.get('subject') ?? row.get('emailName');
    const filtered = row.get('filtered');
    const eventId = row.get('eventId');
    return vendorTouch(
      { email },
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

// ---------------------------------------------------------------------------------------------
// Marketo

/** Standard Marketo activity type ids (REST "Get Activity Types"); exports of the bulk API carry the id only. */
const MARKETO_TYPE_IDS: Record<string, string> = {
  '1': 'Visit Webpage', '2': 'Fill Out Form', '3': 'Click Link', '6': 'Send Email', '7': 'Email Delivered',
  '8': 'Email Bounced', '9': 'Unsubscribe Email', '10': 'Open Email', '11': 'Click Email', '12': 'New Lead',
  '13': 'Change Data Value', '22': 'Change Score', '24': 'Add to List', '104': 'Change Status in Progression',
};
const MARKETO_TOUCHES: Record<string, { type: TouchType; verb: string }> = {
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
const MARKETO_SKIPPED = new Set([
  'SENDEMAIL', 'EMAILDELIVERED', 'EMAILBOUNCED', 'EMAILBOUNCEDSOFT', 'UNSUBSCRIBEEMAIL', 'NEWLEAD', 'CHANGEDATAVALUE',
  'CHANGESCORE', 'CHANGEOWNER', 'ADDTOLIST', 'REMOVEFROMLIST', 'SYNCLEADTOSFDC', 'CONVERTLEAD', 'INTERESTINGMOMENT',
  'ADDTOOPPORTUNITY', 'REMOVEFROMOPPORTUNITY', 'REQUESTCAMPAIGN', 'CHANGESEGMENT', 'MERGELEADS', 'SENDALERT',
  'CHANGEPROGRAMMEMBERDATA', 'ADDTONURTURE', 'CHANGENURTURETRACK', 'CHANGENURTURECADENCE', 'CHANGELEADPARTITION',
  'CHANGEREVENUESTAGE', 'DELETELEAD', 'SENDSALESEMAIL', 'CHANGECAMPAIGNSTREAM', 'CHANGECAMPAIGNCADENCE',
  'SYNCLEADUPDATESTOSFDC', 'CHANGEACCOUNTOWNER', 'ADDTOSFDCCAMPAIGN', 'CHANGESTATUSINSFDCCAMPAIGN',
]);

function newStatus(value: string | undefined): string | undefined {
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

// ---------------------------------------------------------------------------------------------
// Salesforce

const SALESFORCE_LEAD_STAGES: Record<string, string> = {
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
const CAMPAIGN_STATUS_SKIPPED = /^(sent|invited|planned|received|targeted|member|added|no[\s-]?show|declined|not attended|did not attend|unsubscribed|bounced|opted out)$/i;

function campaignMemberTouch(status: string, campaign: string, campaignType: string): { type: TouchType; verb: string } | undefined {
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

// ---------------------------------------------------------------------------------------------
// Our own columns: the contract's field names, lists `;`-separated, booleans true/false

function contractColumns(fields: readonly string[]): Record<string, readonly string[]> {
  return Object.fromEntries(fields.map((field) => [field, [field]]));
}

function readBoolean(row: CsvRowReader, field: string): boolean | undefined {
  const value = row.get(field);
  if (value === undefined) return undefined;
  if (/^(true|yes|1|y)$/i.test(value)) return true;
  if (/^(false|no|0|n)$/i.test(value)) return false;
  throw new RowProblem(row.column(field), `"${value.slice(0, 40)}" is not true or false`);
}

function readInteger(row: CsvRowReader, field: string): number | undefined {
  const value = row.get(field);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new RowProblem(row.column(field), `"${value.slice(0, 40)}" is not a whole number`);
  return Number(value);
}

export const cuecardProspects: CsvPreset<'prospects'> = {
  id: 'cuecard-prospects',
  label: 'Cuecard — prospects (our columns)',
  collection: 'prospects',
  columns: contractColumns([
    'id', 'email', 'name', 'title', 'company', 'domain', 'stage', 'persona', 'industry',
    'crmIds.salesforce', 'crmIds.hubspot', 'crmIds.pipedrive', 'crmIds.dynamics', 'updatedAt',
  ]),
  required: ['email'],
  signature: ['id', 'persona', 'stage', 'domain', 'crmIds.salesforce', 'crmIds.hubspot', 'updatedAt'],
  dateFields: ['updatedAt'],
  source: 'DESIGN.md data contract (prospects); crmIds as crmIds.salesforce / .hubspot / .pipedrive / .dynamics.',
  map(row, context) {
    const email = readEmail(row);
    const crmIds = withoutUndefined({
      salesforce: row.get('crmIds.salesforce'),
      hubspot: row.get('crmIds.hubspot'),
      pipedrive: row.get('crmIds.pipedrive'),
      dynamics: row.get('crmIds.dynamics'),
    });
    const ownId = row.get('id');
    const prospect: Prospect = withoutUndefined({
      id: ownId ?? prospectIdForEmail(email),
      email,
      name: row.get('name'),
      title: row.get('title'),
      company: row.get('company'),
      domain: row.get('domain'),
      stage: row.get('stage'),
      persona: row.get('persona'),
      industry: row.get('industry'),
      crmIds: Object.keys(crmIds).length > 0 ? crmIds : undefined,
      updatedAt: readDate(row, 'updatedAt', context),
    });
    // A row with its own id is authoritative; without one it is matched to a stored prospect by email.
    return { kind: 'row', row: prospect, ...(ownId ? {} : { person: { email } }) };
  },
};

export const cuecardTouches: CsvPreset<'touches'> = {
  id: 'cuecard-touches',
  label: 'Cuecard — touches (our columns)',
  collection: 'touches',
  columns: {
    ...contractColumns(['id', 'prospectId', 'type', 'occurredAt', 'title', 'campaign', 'assetId', 'url', 'topics', 'automated']),
    prospectEmail: ['prospectEmail', 'email'],
  },
  required: [['prospectId', 'prospectEmail'], 'type', 'occurredAt'],
  signature: ['prospectId', 'occurredAt', 'assetId', 'topics', 'automated', 'prospectEmail'],
  dateFields: ['occurredAt'],
  source: 'DESIGN.md data contract (touches); prospectEmail may stand in for prospectId; topics `;`-separated.',
  map(row, context) {
    const prospectId = row.get('prospectId');
    const email = prospectId ? undefined : readEmail(row, 'prospectEmail');
    const occurredAt = readDate(row, 'occurredAt', context);
    if (!occurredAt) throw new RowProblem(row.column('occurredAt'), 'required value is empty');
    const type = requireValue(row, 'type');
    if (!(TOUCH_TYPES as readonly string[]).includes(type)) {
      throw new RowProblem(row.column('type'), `unknown touch type "${type.slice(0, 80)}": expected one of ${TOUCH_TYPES.join(', ')}`);
    }
    const fields = {
      type: type as TouchType,
      occurredAt,
      title: row.get('title'),
      campaign: row.get('campaign'),
      assetId: row.get('assetId'),
      url: row.get('url'),
      topics: list(row.get('topics')),
      automated: readBoolean(row, 'automated'),
    };
    const owner = prospectId ?? prospectIdForEmail(email!);
    const touch: Touch = withoutUndefined({
      id: row.get('id') ?? stableId('t', [owner, type, occurredAt, fields.campaign, fields.title, fields.url]),
      prospectId: owner,
      ...fields,
    });
    return { kind: 'row', row: touch, ...(email ? { person: { email } } : {}) };
  },
};

export const cuecardMessages: CsvPreset<'messages'> = {
  id: 'cuecard-messages',
  label: 'Cuecard — messages (our columns)',
  collection: 'messages',
  columns: contractColumns([
    'id', 'title', 'body', 'personas', 'industries', 'stages', 'status', 'validFrom', 'validUntil', 'avoidPhrases', 'version', 'replacedBy',
  ]),
  required: ['id', 'title', 'body', 'status'],
  signature: ['body', 'avoidPhrases', 'validFrom', 'personas', 'replacedBy'],
  dateFields: ['validFrom', 'validUntil'],
  source: 'DESIGN.md data contract (messages); lists `;`-separated.',
  map(row, context) {
    const message: Message = withoutUndefined({
      id: requireValue(row, 'id'),
      title: requireValue(row, 'title'),
      body: requireValue(row, 'body'),
      personas: list(row.get('personas')),
      industries: list(row.get('industries')),
      stages: list(row.get('stages')),
      status: requireValue(row, 'status').toLowerCase() as Message['status'],
      validFrom: readDate(row, 'validFrom', context),
      validUntil: readDate(row, 'validUntil', context),
      avoidPhrases: list(row.get('avoidPhrases')),
      version: readInteger(row, 'version'),
      replacedBy: row.get('replacedBy'),
    });
    return { kind: 'row', row: message };
  },
};

export const cuecardAssets: CsvPreset<'assets'> = {
  id: 'cuecard-assets',
  label: 'Cuecard — assets (our columns)',
  collection: 'assets',
  columns: contractColumns([
    'id', 'title', 'url', 'kind', 'stages', 'personas', 'industries', 'topics', 'status', 'validUntil', 'version', 'replacedBy',
  ]),
  required: ['id', 'title', 'url', 'kind', 'status'],
  signature: ['kind', 'url', 'topics', 'validUntil', 'replacedBy'],
  dateFields: ['validUntil'],
  source: 'DESIGN.md data contract (assets); lists `;`-separated; url must be https.',
  map(row, context) {
    const asset: Asset = withoutUndefined({
      id: requireValue(row, 'id'),
      title: requireValue(row, 'title'),
      url: requireValue(row, 'url'),
      kind: requireValue(row, 'kind'),
      stages: list(row.get('stages')),
      personas: list(row.get('personas')),
      industries: list(row.get('industries')),
      topics: list(row.get('topics')),
      status: requireValue(row, 'status').toLowerCase() as Asset['status'],
      validUntil: readDate(row, 'validUntil', context),
      version: readInteger(row, 'version'),
      replacedBy: row.get('replacedBy'),
    });
    return { kind: 'row', row: asset };
  },
};

export const PRESETS: readonly CsvPreset[] = [
  hubspotContacts,
  hubspotEmailEvents,
  marketoActivityLog,
  salesforceContactsReport,
  salesforceLeadsReport,
  salesforceCampaignMembers,
  cuecardProspects,
  cuecardTouches,
  cuecardMessages,
  cuecardAssets,
] as CsvPreset[];

export function presetById(id: string): CsvPreset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

// ---------------------------------------------------------------------------------------------
// Header matching and detection

/** "Record ID" → "recordid"; "Company / Account" → "companyaccount". */
export function headerKey(header: string): string {
  return header.replace(/^\uFEFF/, '').toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** For each logical field, the index of the column it is read from (absent fields are left out). */
export function matchColumns(preset: CsvPreset, header: readonly string[]): Map<string, number> {
  const byKey = new Map<string, number>();
  const bySuffix = new Map<string, number>();
  header.forEach((name, index) => {
    const key = headerKey(name);
    if (key && !byKey.has(key)) byKey.set(key, index);
    const colon = name.lastIndexOf(':');
    if (colon > 0) {
      const suffix = headerKey(name.slice(colon + 1));
      if (suffix && !bySuffix.has(suffix)) bySuffix.set(suffix, index);
    }
  });
  const used = new Set<number>();
  const matched = new Map<string, number>();
  for (const [field, aliases] of Object.entries(preset.columns)) {
    for (const alias of aliases) {
      const key = headerKey(alias);
      const index = byKey.get(key) ?? bySuffix.get(key);
      if (index !== undefined && !used.has(index)) {
        matched.set(field, index);
        used.add(index);
        break;
      }
    }
  }
  return matched;
}

/** The required columns the header lacks, named as the preset's preferred header ("Email" or "A or B"). */
export function missingColumns(preset: CsvPreset, matched: ReadonlyMap<string, number>): string[] {
  const missing: string[] = [];
  for (const requirement of preset.required) {
    const options = typeof requirement === 'string' ? [requirement] : requirement;
    if (!options.some((field) => matched.has(field))) {
      missing.push(options.map((field) => `"${preset.columns[field]?.[0] ?? field}"`).join(' or '));
    }
  }
  return missing;
}

export interface PresetMatch {
  preset: CsvPreset;
  /** 0..1; below 0.5 the file lacks a required column for this preset. */
  confidence: number;
  missing: string[];
}

export interface PresetDetection {
  best: PresetMatch | undefined;
  /** Every other preset, best first. */
  alternatives: PresetMatch[];
  /** True when the user should confirm the preset: low confidence, or a close runner-up. */
  needsConfirmation: boolean;
}

/** Scores every preset against a header row. Required columns first, then the export's typical columns. */
export function detectPreset(headerRow: readonly string[]): PresetDetection {
  const matches = PRESETS.map((preset): PresetMatch => {
    const matched = matchColumns(preset, headerRow);
    const missing = missingColumns(preset, matched);
    const fields = Object.keys(preset.columns);
    const coverage = fields.filter((field) => matched.has(field)).length / fields.length;
    const signature = preset.signature.filter((field) => matched.has(field)).length / preset.signature.length;
    // Share of the file's columns this preset understands: our own presets must not win on a vendor file
    // just because "email" and "id" appear in both.
    const understood = headerRow.length > 0 ? matched.size / headerRow.length : 0;
    const score = 0.5 * signature + 0.3 * coverage + 0.2 * understood;
    const confidence = missing.length > 0 ? Math.min(0.45, score * 0.45) : 0.5 + 0.5 * score;
    return { preset, confidence: Math.round(confidence * 100) / 100, missing };
  }).sort((a, b) => b.confidence - a.confidence);
  const [first, second] = matches;
  const best = first && first.missing.length === 0 ? first : undefined;
  return {
    best,
    alternatives: best ? matches.slice(1) : matches,
    needsConfirmation: !best || best.confidence < 0.7 || (second !== undefined && second.missing.length === 0 && best.confidence - second.confidence < 0.1),
  };
}
