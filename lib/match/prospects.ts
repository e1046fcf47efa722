/**
 * Which known prospect a person in an import is: the one rule the extension's store and the hub
 * both apply (each fetches candidates its own way, through its own indexes, then calls
 * matchProspects on them).
 *
 * Invariants
 * - CRM id first, then the email (case-insensitive, plus-tag tolerant); among several candidates
 *   for one key, the first one given wins. A superset of candidates is fine.
 * - Keys are spelled by keys.ts (crmKey, emailKeys), the same spelling the store indexes.
 */
import type { CrmSystem, Prospect } from '../contract';
import { crmKey, emailKeys } from './keys';

/** Who a touch belongs to (or who a prospect row is), for matching against the store. */
export interface ProspectLookup {
  email?: string;
  crm?: { system: CrmSystem; recordId: string };
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
    if (recordId) keys.push(crmKey(system as keyof NonNullable<Prospect['crmIds']>, recordId));
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
    const viaCrm = lookup.crm ? crmIndex.get(crmKey(lookup.crm.system, lookup.crm.recordId)) : undefined;
    const viaEmail = lookup.email ? emailKeys(lookup.email).map((key) => emailIndex.get(key)).find(Boolean) : undefined;
    return viaCrm ?? viaEmail;
  });
}
