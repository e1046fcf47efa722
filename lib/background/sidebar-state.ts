import type { CompanyContext, ProspectRef, SidebarState } from '../contract';
import { emailDomain, isFreeMailDomain } from '../match/keys';
import type { CuecardDb } from '../store/db';
import { companyContext, hasProspects, prospectContext, prospectContextById } from '../store/queries';
import type { TabContext } from './tab-context';

/**
 * A page about one person (a contact, a lead, a mail thread), as opposed to an account/company page
 * or a deal without a contact. Object types as each CRM names them in its URLs (lib/sites).
 */
const PERSON_OBJECTS = new Set(['contact', 'lead', 'person']);
export function isPersonRef(ref: ProspectRef): boolean {
  return ref.emails.length > 0 || PERSON_OBJECTS.has((ref.crm?.objectType ?? '').toLowerCase());
}

export async function sidebarState(db: CuecardDb, tab: TabContext | undefined): Promise<SidebarState> {
  if (!tab || !tab.ref) return { status: 'no-page' };
  const { site, ref, settled } = tab;
  const context = await prospectContext(db, ref);
  if (context) return { status: 'match', site, context };
  const person = isPersonRef(ref);
  // An account/company page (or a deal without a contact) names a company, not a person.
  if (!person && (ref.domain || ref.company)) {
    const company = await companyContext(db, ref);
    if (company) return { status: 'company', site, company };
  }
  if (!settled) return { status: 'loading', site };
  if (!(await hasProspects(db))) return { status: 'no-data', site };
  // Issue 14: an unknown person at a known company is said to be unknown first; their company's people follow.
  const company = person ? await companyOfPerson(db, ref) : undefined;
  return { status: 'no-match', site, hint: noMatchHint(tab), ...(company ? { company } : {}) };
}

/** The company of a person the workspace does not know: the page's account, else their email's domain. */
async function companyOfPerson(db: CuecardDb, ref: ProspectRef): Promise<CompanyContext | undefined> {
  const domain = ref.domain ?? ref.emails.map((email) => emailDomain(email)).find((d): d is string => !!d && !isFreeMailDomain(d));
  if (!domain && !ref.company) return undefined;
  return companyContext(db, { emails: [], domain, company: ref.company });
}

function noMatchHint(tab: TabContext): string {
  const ref = tab.ref!;
  if (ref.emails.length === 0 && !ref.crm) return 'This page shows no email address Cuecard can match.';
  if (ref.emails.length === 0) return 'This record has no email address, and its CRM id is not in your workspace.';
  return 'Nobody with this email or CRM id is in your workspace. Marketing may not have synced them yet.';
}

/**
 * A person the rep picked in the sidebar (buying committee) instead of the one the page names.
 * Falls back to the page's state when the id is unknown (e.g. deleted by a sync meanwhile).
 */
export async function selectedProspectState(db: CuecardDb, tab: TabContext | undefined, prospectId: string): Promise<SidebarState> {
  if (!tab) return { status: 'no-page' };
  const context = await prospectContextById(db, prospectId);
  if (context) return { status: 'match', site: tab.site, context };
  return sidebarState(db, tab);
}
