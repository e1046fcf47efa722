/**
 * What a CSV preset is, and the field readers the vendor presets share. A preset maps one export's
 * columns onto one cuecard/v1 collection. Pure: no I/O, no clock.
 *
 * Invariants
 * - A preset maps one CSV row to one contract row, or skips it (a known vendor activity that is
 *   not a marketing touch: "Sent", "Email Delivered", "Change Score"…), or throws RowProblem
 *   (the row is reported with its field and reason). Unknown activity types are RowProblems.
 * - Ids are deterministic: the export's own id when it has one, else a hash of stable fields,
 *   so importing the same file twice changes nothing.
 * - Vendor presets derive a prospect id from the normalized email (`p-…`); touches carry the
 *   person (email, CRM id) so the importer can swap in the id of a prospect already in the store.
 * - Dates go through parseCsvDate only (one date parser).
 *
 * Column names and where they come from are listed on each preset (`source`). Header matching
 * (columns.ts) ignores case, spaces and punctuation ("Record ID" = "record_id" = "RecordId"), and
 * a Salesforce-style "Object: Field" header also matches "Field".
 */
import type { CollectionName, CrmSystem, Prospect, RowTypes, Touch } from '../../contract';
import { normalizeDomain, normalizeEmail } from '../../match/keys';
import type { ProspectLookup } from '../../match/prospects';
import { parseCsvDate, type DateOrder } from '../dates';
import { prospectIdForEmail, stableId } from '../ids';

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

export type MapResult<C extends CollectionName> =
  | { kind: 'row'; row: RowTypes[C]; person?: ProspectLookup }
  | { kind: 'skip'; reason: string };

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

// ---------------------------------------------------------------------------------------------
// Field readers shared by the presets

export function requireValue(row: CsvRowReader, field: string): string {
  const value = row.get(field);
  if (value === undefined) throw new RowProblem(row.column(field), 'required value is empty');
  return value;
}

export function readDate(row: CsvRowReader, field: string, context: MapContext): string | undefined {
  const value = row.get(field);
  if (value === undefined) return undefined;
  const parsed = parseCsvDate(value, context.dateOrder);
  if (!parsed.ok) throw new RowProblem(row.column(field), parsed.reason);
  return parsed.iso;
}

/** The first date among fields, in order (exports often have several candidate date columns). */
export function firstDate(row: CsvRowReader, fields: readonly string[], context: MapContext): string | undefined {
  for (const field of fields) {
    const iso = readDate(row, field, context);
    if (iso) return iso;
  }
  return undefined;
}

export function readEmail(row: CsvRowReader, field = 'email'): string {
  const value = normalizeEmail(requireValue(row, field));
  if (!/^[^\s@<>()",;:]+@[^\s@<>()",;:]+\.[^\s@<>()",;:]+$/.test(value)) {
    throw new RowProblem(row.column(field), `"${value.slice(0, 80)}" is not an email address`);
  }
  return value;
}

export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(';').map((item) => item.trim()).filter(Boolean);
  return items.length > 0 ? items : undefined;
}

export function slug(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const result = value.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return result || undefined;
}

/** Vendor link columns: keep https links, read scheme-less page names as https, drop the rest. */
export function vendorUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : /^[a-z0-9-]+(\.[a-z0-9-]+)+(\/|$)/i.test(value) ? `https://${value}` : value;
  try {
    return new URL(candidate).protocol === 'https:' ? candidate : undefined;
  } catch {
    return undefined;
  }
}

export function fullName(row: CsvRowReader): string | undefined {
  const joined = [row.get('firstName'), row.get('lastName')].filter(Boolean).join(' ');
  return joined || row.get('fullName');
}

/** A copy without the undefined fields (copying, not `delete`, keeps objects in V8's fast mode). */
export function withoutUndefined<T extends object>(value: T): T {
  const result = {} as T;
  for (const key in value) if (value[key] !== undefined) result[key] = value[key];
  return result;
}

/** Upper-case letters and digits only: "Open Email" = "OPEN_EMAIL" = "open email". */
export function typeKey(value: string): string {
  return value.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function unknownType(row: CsvRowReader, field: string, value: string, known: string): never {
  throw new RowProblem(row.column(field), `unknown activity type "${value.slice(0, 80)}": not one of the mapped types (${known})`);
}

export const PERSON_COLUMNS = {
  email: ['Email', 'Email Address', 'E-mail'],
  firstName: ['First Name'],
  lastName: ['Last Name'],
  fullName: ['Full Name', 'Name'],
} as const;

export function vendorProspect(
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

export function vendorTouch(
  person: ProspectLookup & { email: string },
  touch: Omit<Touch, 'id' | 'prospectId'>,
  ownId: string | undefined,
  idPrefix: string,
): MapResult<'touches'> {
  const id = ownId ?? stableId(`t-${idPrefix}`, [person.email, touch.type, touch.occurredAt, touch.campaign, touch.title, touch.url]);
  return { kind: 'row', row: withoutUndefined({ id, prospectId: prospectIdForEmail(person.email), ...touch }), person };
}
