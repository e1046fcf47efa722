/**
 * The store side of ProspectResolver (lib/match/prospects.ts): candidates fetched from Dexie with
 * indexed lookups only (crmKeys, emailKeys), then the shared matching rule.
 */
import type { Prospect } from '../contract';
import { crmKey, emailKeys } from '../match/keys';
import { matchProspects, type ProspectLookup } from '../match/prospects';
import type { CuecardDb, StoredProspect } from './db';

function contractProspect(stored: StoredProspect): Prospect {
  const { emailKeys: _emailKeys, crmKeys: _crmKeys, domainKey: _domainKey, companyKey: _companyKey, ...prospect } = stored;
  return prospect;
}

export async function resolveProspectsInDb(db: CuecardDb, lookups: readonly ProspectLookup[]): Promise<(Prospect | undefined)[]> {
  const crmWanted = lookups.flatMap((lookup) => (lookup.ids ?? []).map((id) => crmKey(id.system, id.recordId)));
  const emailWanted = lookups.flatMap((lookup) => (lookup.email ? emailKeys(lookup.email) : []));
  const [byCrm, byEmail] = await Promise.all([
    crmWanted.length > 0 ? db.prospects.where('crmKeys').anyOf([...new Set(crmWanted)]).toArray() : [],
    emailWanted.length > 0 ? db.prospects.where('emailKeys').anyOf([...new Set(emailWanted)]).toArray() : [],
  ]);
  return matchProspects(lookups, [...byCrm, ...byEmail].map(contractProspect));
}
