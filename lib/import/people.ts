/**
 * What an imported row says about a person, merged into what the store already knows about them.
 *
 * Invariants
 * - The known prospect keeps its id; only the fields the row carries change.
 * - A row of a prospects export is the record itself: its values win, ids included
 *   (mergeKnownProspect). A row of a touches export names the person in passing
 *   (mergeNamedPerson): its name, title, company… win, but it never replaces an id the person
 *   already has in a system (a campaign member's lead id does not overwrite the contact id), nor
 *   their address by the same address with a `+tag` or other case.
 */
import type { Prospect } from '../contract';
import { normalizeEmail, stripPlusTag } from '../match/keys';

/** A prospects export's row over the stored prospect it matched. */
export function mergeKnownProspect(known: Prospect, incoming: Prospect): Prospect {
  const crmIds = known.crmIds || incoming.crmIds ? { ...known.crmIds, ...incoming.crmIds } : undefined;
  return { ...known, ...incoming, id: known.id, ...(crmIds ? { crmIds } : {}) };
}

function sameAddress(a: string, b: string): boolean {
  return stripPlusTag(normalizeEmail(a)) === stripPlusTag(normalizeEmail(b));
}

/** The person a touches export's row names, over what is known of them (stored, or from an earlier row). */
export function mergeNamedPerson(known: Prospect, incoming: Prospect): Prospect {
  const crmIds = known.crmIds || incoming.crmIds ? { ...incoming.crmIds, ...known.crmIds } : undefined;
  return {
    ...known,
    ...incoming,
    id: known.id,
    email: sameAddress(known.email, incoming.email) ? known.email : incoming.email,
    ...(crmIds ? { crmIds } : {}),
  };
}

/** Field by field, crmIds by entry: key order does not matter. */
export function sameProspect(a: Prospect, b: Prospect): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof Prospect)[]);
  for (const key of keys) {
    if (key === 'crmIds') {
      const ids = new Set([...Object.keys(a.crmIds ?? {}), ...Object.keys(b.crmIds ?? {})] as (keyof NonNullable<Prospect['crmIds']>)[]);
      for (const system of ids) if (a.crmIds?.[system] !== b.crmIds?.[system]) return false;
    } else if (a[key] !== b[key]) {
      return false;
    }
  }
  return true;
}
