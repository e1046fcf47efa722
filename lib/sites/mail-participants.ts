/**
 * Who a mail thread or draft is about, shared by the webmail adapters (Gmail, Outlook).
 *
 * Invariants:
 * - The signed-in user and colleagues are never the prospect: an address is "own" when it is one
 *   of the user's addresses (plus-tags ignored) or sits at one of the user's domains or their
 *   subdomains. A free-mail domain (gmail.com, outlook.com…) is never treated as an own domain,
 *   or every prospect writing from the same provider would vanish.
 * - Addresses are read by lib/match/emails.ts and normalized by lib/match/keys.ts. Dedup is on
 *   the plus-stripped form, so `dana+x@a.com` and `Dana@A.com` are one participant; the first
 *   spelling seen is kept.
 * - Pure: the adapters read the page (lib/sites/dom.ts) and hand over ordered candidates;
 *   nothing here touches the DOM.
 */
import type { ProspectRef } from '../contract';
import { cleanName, mailbox, toEmail, type Mailbox } from '../match/emails';
import { isFreeMailDomain, normalizeDomain, normalizeEmail, stripPlusTag } from '../match/keys';

/** One person a message or draft names; the email module's mailbox. */
export type MailParticipant = Mailbox;

export interface OwnIdentity {
  /** Plus-stripped, normalized addresses of the signed-in user (and mailboxes they own). */
  addresses: ReadonlySet<string>;
  /** Lowercase domains whose people are colleagues. */
  domains: readonly string[];
}

/** ProspectRef.emails is capped by the contract. */
const MAX_EMAILS = 50;

/**
 * The user's identity from what the page shows (`addresses`) plus the colleague domains the
 * rep or an admin configured (`extraDomains`, from settings).
 */
export function ownIdentity(addresses: Iterable<string>, extraDomains: Iterable<string> = []): OwnIdentity {
  const own = new Set<string>();
  const domains = new Set<string>();
  for (const raw of addresses) {
    const email = toEmail(raw);
    if (!email) continue;
    own.add(stripPlusTag(email));
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (!isFreeMailDomain(domain)) domains.add(domain);
  }
  for (const raw of extraDomains) {
    const domain = normalizeDomain(raw.replace(/^@/, ''));
    if (domain && !isFreeMailDomain(domain)) domains.add(domain);
  }
  return { addresses: own, domains: [...domains] };
}

export function isOwnAddress(email: string, identity: OwnIdentity): boolean {
  const normalized = normalizeEmail(email);
  if (identity.addresses.has(stripPlusTag(normalized))) return true;
  const domain = normalized.slice(normalized.lastIndexOf('@') + 1);
  return identity.domains.some((own) => domain === own || domain.endsWith(`.${own}`));
}

/**
 * The prospect reference for a list of candidates already in order of relevance (the adapter
 * decides the order: latest external sender first in a thread, To then Cc in a draft).
 * Own addresses and colleagues are dropped, duplicates merged, the name is the first
 * participant's (taken from any mention of that address that carried one).
 */
export function externalParticipants(candidates: Iterable<MailParticipant>, identity: OwnIdentity): ProspectRef {
  const order: string[] = [];
  const byKey = new Map<string, MailParticipant>();
  for (const candidate of candidates) {
    const email = toEmail(candidate.email);
    if (!email || isOwnAddress(email, identity)) continue;
    const key = stripPlusTag(email);
    const known = byKey.get(key);
    if (known) {
      if (!known.name && candidate.name) known.name = cleanName(candidate.name, email);
      continue;
    }
    if (order.length >= MAX_EMAILS) continue;
    order.push(key);
    byKey.set(key, mailbox(email, candidate.name));
  }
  const first = order[0] === undefined ? undefined : byKey.get(order[0]);
  const ref: ProspectRef = { emails: order.map((key) => byKey.get(key)!.email) };
  if (first?.name) ref.name = first.name;
  return ref;
}

/**
 * With no thread to read and the rep in no draft (e.g. they clicked into the sidebar): the
 * latest draft that names someone external, else the latest draft.
 */
export function latestDraftRef(refs: readonly ProspectRef[]): ProspectRef {
  return [...refs].reverse().find((ref) => ref.emails.length) ?? refs[refs.length - 1] ?? { emails: [] };
}
