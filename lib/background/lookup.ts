/**
 * On-demand lookup (issue 17): a person page whose person this browser does not hold asks the hub,
 * through the background, with the one thing the page script already read — the record's CRM id,
 * else one email address. Nothing else of the page leaves the tab.
 *
 * - A found person is cached for a day (lib/store/lookups.ts) and the sidebar says "from your hub";
 *   the next visit is served locally. The hub counts the person as opened: they join the rep's
 *   scope at the next sync, which replaces the cached copy with the synced one.
 * - "Not on the hub" is remembered for LOOKUP_MISS_MS and "could not ask" for LOOKUP_RETRY_MS (in
 *   storage.session, keyed by hub and query), so a sidebar refreshing on every sync ping asks once.
 * - The sidebar waits for the answer; a hub slower than LOOKUP_TIMEOUT_MS counts as unreachable.
 */
import { CRM_SYSTEMS, type CrmSystem, type LookupQuery, type ProspectRef } from '../contract';
import { toEmail } from '../match/emails';
import type { CuecardDb } from '../store/db';
import { cacheLookup } from '../store/lookups';
import { HubRequestError } from '../sync/hub-client';
import { hubClientFor, keepWithinBudget, type HubDeps } from './hub-service';
import type { SessionArea } from './tab-context';

export const LOOKUP_TIMEOUT_MS = 5_000;
export const LOOKUP_MISS_MS = 10 * 60_000;
export const LOOKUP_RETRY_MS = 30_000;
const MISS_PREFIX = 'lookup:miss:';

export type LookupOutcome =
  | { status: 'found'; prospectId: string }
  | { status: 'none' }
  | { status: 'offline'; message: string }
  /** No hub, or nothing on the page a hub could be asked with. */
  | { status: 'skipped' };

/** The CRM record id when the page is a CRM record, else the first address the page names. */
export function lookupQueryFor(ref: ProspectRef): LookupQuery | undefined {
  if (ref.crm && (CRM_SYSTEMS as readonly string[]).includes(ref.crm.system) && ref.crm.recordId.trim()) {
    return { system: ref.crm.system as CrmSystem, id: ref.crm.recordId.trim() };
  }
  const email = ref.emails.map((raw) => toEmail(raw)).find((value): value is string => !!value);
  return email ? { email } : undefined;
}

interface Miss {
  at: number;
  status: 'none' | 'offline';
  message?: string;
}

export async function lookUpPerson(deps: { db: CuecardDb; hub: HubDeps; session: SessionArea; now: () => Date }, ref: ProspectRef): Promise<LookupOutcome> {
  const query = lookupQueryFor(ref);
  if (!query) return { status: 'skipped' };
  let client;
  try {
    client = await hubClientFor(deps.hub, { timeoutMs: LOOKUP_TIMEOUT_MS });
  } catch (error) {
    return { status: 'offline', message: (error as Error).message };
  }
  if (!client) return { status: 'skipped' };
  const now = deps.now().getTime();
  const missKey = `${MISS_PREFIX}${client.url} ${query.email ?? `${query.system}:${query.id}`}`;
  const miss = (await deps.session.get(missKey).catch(() => ({}) as Record<string, unknown>))[missKey] as Miss | undefined;
  if (miss && now - miss.at < (miss.status === 'none' ? LOOKUP_MISS_MS : LOOKUP_RETRY_MS)) {
    return miss.status === 'none' ? { status: 'none' } : { status: 'offline', message: miss.message ?? '' };
  }
  try {
    const rows = await client.lookup(query);
    const best = rows.prospects[0];
    if (!best) {
      await deps.session.set({ [missKey]: { at: now, status: 'none' } satisfies Miss }).catch(() => undefined);
      return { status: 'none' };
    }
    await cacheLookup(deps.db, rows, now);
    // A day of looked-up people must not push the cache past its budget; the one on screen stays.
    await keepWithinBudget(deps.hub, new Set([best.id])).catch(() => undefined);
    return { status: 'found', prospectId: best.id };
  } catch (error) {
    const message = error instanceof HubRequestError ? error.message : (error as Error).message;
    await deps.session.set({ [missKey]: { at: now, status: 'offline', message } satisfies Miss }).catch(() => undefined);
    return { status: 'offline', message };
  }
}
