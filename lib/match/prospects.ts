/**
 * Which known prospect a person in an import is: the one rule the extension's store and the hub
 * both apply (each fetches candidates its own way, through its own indexes, then calls
 * matchProspects on them), and the ids a person gets before anyone knows their email.
 *
 * Invariants
 * - An id in another system first (in the lookup's order), then the email (case-insensitive,
 *   plus-tag tolerant); among several candidates for one key, the first one given wins. A
 *   superset of candidates is fine.
 * - Keys are spelled by keys.ts (crmKey, emailKeys), the same spelling the store indexes.
 * - A person named only by a marketing platform's lead id (Marketo activities carry `leadId`,
 *   no email) is filed under prospectIdForLead. Whoever later turns out to carry that lead id
 *   adopts what was filed there (adoptableProspectIds), so either import order ends on one prospect.
 */
import type { IdSystem, Prospect } from '../contract';
import { crmKey, emailKeys } from './keys';

/** A record id in a CRM or marketing platform. */
export interface IdRef {
  system: IdSystem;
  recordId: string;
}

/** Who a touch belongs to (or who a prospect row is), for matching against the store. */
export interface ProspectLookup {
  email?: string;
  /** Ids in other systems, the most telling first. */
  ids?: IdRef[];
}

/**
 * Finds prospects already in the store for a batch of people, in input order. Lets a vendor export
 * attach touches to existing prospects and update them in place (CSV values over stored ones)
 * instead of creating `p-<hash>` twins.
 */
export type ProspectResolver = (lookups: readonly ProspectLookup[]) => Promise<readonly (Prospect | undefined)[]>;

/** The CRM keys of a prospect (every id it carries), spelled as the store indexes them. */
export function prospectCrmKeys(prospect: Pick<Prospect, 'crmIds'>): string[] {
  const keys: string[] = [];
  for (const [system, recordId] of Object.entries(prospect.crmIds ?? {})) {
    if (recordId) keys.push(crmKey(system as IdSystem, recordId));
  }
  return keys;
}

export function matchProspects<P extends Prospect>(lookups: readonly ProspectLookup[], candidates: readonly P[]): (P | undefined)[] {
  const crmIndex = new Map<string, P>();
  const emailIndex = new Map<string, P>();
  for (const prospect of candidates) {
    for (const key of prospectCrmKeys(prospect)) if (!crmIndex.has(key)) crmIndex.set(key, prospect);
    for (const key of emailKeys(prospect.email)) if (!emailIndex.has(key)) emailIndex.set(key, prospect);
  }
  return lookups.map((lookup) => {
    for (const id of lookup.ids ?? []) {
      const viaId = crmIndex.get(crmKey(id.system, id.recordId));
      if (viaId) return viaId;
    }
    return lookup.email ? emailKeys(lookup.email).map((key) => emailIndex.get(key)).find(Boolean) : undefined;
  });
}

/** Marketing platforms whose activity exports name people by lead id only. */
export const LEAD_ID_SYSTEMS = ['marketo', 'mautic'] as const satisfies readonly IdSystem[];
export type LeadIdSystem = (typeof LEAD_ID_SYSTEMS)[number];

/** The prospect id of a person known by a marketing platform's lead id alone (no email yet). */
export function prospectIdForLead(system: LeadIdSystem, leadId: string): string {
  return `p-${system}-${leadId.trim()}`;
}

/**
 * Ids, other than its own, under which touches of this prospect may have been filed before the
 * prospect was known: the lead-id ids of the marketing-platform ids it carries. The store moves
 * the touches filed there onto this prospect when it writes it.
 */
export function adoptableProspectIds(prospect: Pick<Prospect, 'id' | 'crmIds'>): string[] {
  const ids: string[] = [];
  for (const system of LEAD_ID_SYSTEMS) {
    const leadId = prospect.crmIds?.[system];
    if (!leadId) continue;
    const filed = prospectIdForLead(system, leadId);
    if (filed !== prospect.id) ids.push(filed);
  }
  return ids;
}
