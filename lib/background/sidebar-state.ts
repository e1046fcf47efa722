import type { SidebarState } from '../contract';
import type { CuecardDb } from '../store/db';
import { companyContext, prospectContext, prospectContextById } from '../store/queries';
import type { TabContext } from './tab-context';

export async function sidebarState(db: CuecardDb, tab: TabContext | undefined): Promise<SidebarState> {
  if (!tab || !tab.ref) return { status: 'no-page' };
  const { site, ref, settled } = tab;
  const context = await prospectContext(db, ref);
  if (context) return { status: 'match', site, context };
  // An account/company page (or a deal without a contact) names a company, not a person.
  if (ref.emails.length === 0 && (ref.domain || ref.company)) {
    const company = await companyContext(db, ref);
    if (company) return { status: 'company', site, company };
  }
  if (!settled) return { status: 'loading', site };
  if ((await db.prospects.count()) === 0) return { status: 'no-data', site };
  return { status: 'no-match', site, hint: noMatchHint(tab) };
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
