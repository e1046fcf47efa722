import type { CompanyContext, ProspectContext, ProspectRef, SidebarState } from '../contract';
import { emailDomain, isFreeMailDomain } from '../match/keys';
import type { CuecardDb } from '../store/db';
import { companyContext, hasProspects, prospectContext, prospectContextById } from '../store/queries';
import { lookupMark, LOOKUP_FRESH_MS } from '../store/lookups';
import type { LookupOutcome } from './lookup';
import type { TabContext } from './tab-context';

/**
 * A page about one person (a contact, a lead, a mail thread), as opposed to an account/company page
 * or a deal without a contact. Object types as each CRM names them in its URLs (lib/sites).
 */
const PERSON_OBJECTS = new Set(['contact', 'lead', 'person']);
export function isPersonRef(ref: ProspectRef): boolean {
  return ref.emails.length > 0 || PERSON_OBJECTS.has((ref.crm?.objectType ?? '').toLowerCase());
}

export interface SidebarStateOptions {
  /** Asks the hub about a person this browser does not hold (issue 17; lib/background/lookup.ts). Absent: local only. */
  lookup?: (ref: ProspectRef) => Promise<LookupOutcome>;
  now?: number;
}

export async function sidebarState(db: CuecardDb, tab: TabContext | undefined, options: SidebarStateOptions = {}): Promise<SidebarState> {
  if (!tab || !tab.ref) return { status: 'no-page' };
  const { site, ref, settled } = tab;
  const now = options.now ?? Date.now();
  const context = await prospectContext(db, ref);
  if (context) {
    const at = await lookupMark(db, context.prospect.id);
    // A looked-up person older than a day is asked about again; offline, the day-old copy still shows.
    if (at !== undefined && now - at > LOOKUP_FRESH_MS && settled && options.lookup && (await options.lookup(ref)).status === 'found') {
      return sidebarState(db, tab, { now });
    }
    return { status: 'match', site, context: await withHubMark(db, context) };
  }
  const person = isPersonRef(ref);
  // An account/company page (or a deal without a contact) names a company, not a person.
  if (!person && (ref.domain || ref.company)) {
    const company = await companyContext(db, ref);
    if (company) return { status: 'company', site, company };
  }
  if (!settled) return { status: 'loading', site };
  // Issue 17: a person outside the rep's scope is asked about on the hub, once the page has settled.
  const asked = person && options.lookup ? await options.lookup(ref) : undefined;
  if (asked?.status === 'found') {
    const found = await prospectContext(db, ref);
    if (found) return { status: 'match', site, context: await withHubMark(db, found) };
  }
  const hubLookup = asked?.status === 'none' || asked?.status === 'offline' ? asked.status : undefined;
  // An empty browser says so first (a first sync to run, or a rebuilt database), whatever the hub said.
  if (!(await hasProspects(db))) return { status: 'no-data', site };
  // Issue 14: an unknown person at a known company is said to be unknown first; their company's people follow.
  const company = person ? await companyOfPerson(db, ref) : undefined;
  return { status: 'no-match', site, hint: noMatchHint(tab, hubLookup), ...(hubLookup ? { hubLookup } : {}), ...(company ? { company } : {}) };
}

/** A looked-up person carries when the hub answered: the sidebar says "from your hub". */
async function withHubMark(db: CuecardDb, context: ProspectContext): Promise<ProspectContext> {
  const at = await lookupMark(db, context.prospect.id);
  return at === undefined ? context : { ...context, fromHub: { at: new Date(at).toISOString() } };
}

/** The company of a person the workspace does not know: the page's account, else their email's domain. */
async function companyOfPerson(db: CuecardDb, ref: ProspectRef): Promise<CompanyContext | undefined> {
  const domain = ref.domain ?? ref.emails.map((email) => emailDomain(email)).find((d): d is string => !!d && !isFreeMailDomain(d));
  if (!domain && !ref.company) return undefined;
  return companyContext(db, { emails: [], domain, company: ref.company });
}

function noMatchHint(tab: TabContext, hubLookup?: 'none' | 'offline'): string {
  const ref = tab.ref!;
  if (ref.emails.length === 0 && !ref.crm) return 'This page shows no email address Cuecard can match.';
  if (hubLookup === 'offline') return 'This person is not in your browser’s copy of the workspace, and your hub cannot be reached right now: they may exist there. Cuecard will ask again when it can.';
  if (hubLookup === 'none') return 'Nobody with this email or CRM id is on your hub either.';
  if (ref.emails.length === 0) return 'This record has no email address, and its CRM id is not in your workspace.';
  return 'Nobody with this email or CRM id is in your workspace. Marketing may not have synced them yet.';
}

/**
 * A person the rep picked in the sidebar (buying committee) instead of the one the page names.
 * Falls back to the page's state when the id is unknown (e.g. deleted by a sync meanwhile).
 */
export async function selectedProspectState(db: CuecardDb, tab: TabContext | undefined, prospectId: string, options: SidebarStateOptions = {}): Promise<SidebarState> {
  if (!tab) return { status: 'no-page' };
  const context = await prospectContextById(db, prospectId);
  if (context) return { status: 'match', site: tab.site, context: await withHubMark(db, context) };
  return sidebarState(db, tab, options);
}
