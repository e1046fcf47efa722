/**
 * Who a mail thread or draft is about, shared by the webmail adapters (Gmail, Outlook).
 *
 * Invariants:
 * - The signed-in user and colleagues are never the prospect: an address is "own" when it is one
 *   of the user's addresses (plus-tags ignored) or sits at one of the user's domains or their
 *   subdomains. A free-mail domain (gmail.com, outlook.com…) is never treated as an own domain,
 *   or every prospect writing from the same provider would vanish.
 * - One email normalizer: lib/match/keys.ts. Dedup is on the plus-stripped form, so
 *   `dana+x@a.com` and `Dana@A.com` are one participant; the first spelling seen is kept.
 * - Pure: the adapters read the page and hand over ordered candidates; nothing here touches the
 *   DOM except the two focus helpers at the end, which only read it.
 */
import type { ProspectRef } from '../contract';
import { isFreeMailDomain, normalizeDomain, normalizeEmail, stripPlusTag } from '../match/keys';

export interface MailParticipant {
  email: string;
  /** Display name as the page shows it, when it is a name and not the address again. */
  name?: string;
}

export interface OwnIdentity {
  /** Plus-stripped, normalized addresses of the signed-in user (and mailboxes they own). */
  addresses: ReadonlySet<string>;
  /** Lowercase domains whose people are colleagues. */
  domains: readonly string[];
}

/** ProspectRef.emails is capped by the contract. */
const MAX_EMAILS = 50;
const EMAIL_PATTERN = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const SINGLE_EMAIL = /^[^\s@<>()",;:]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/;

/** The address in an attribute or label value (`mailto:`, `<…>`, bare), or undefined. */
export function toEmail(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const normalized = normalizeEmail(raw);
  return SINGLE_EMAIL.test(normalized) ? normalized : undefined;
}

/** Every address written in a piece of text, in order (labels like "Google Account: Sam (sam@x.com)"). */
export function emailsInText(text: string | null | undefined): string[] {
  if (!text) return [];
  return Array.from(text.matchAll(EMAIL_PATTERN), (match) => normalizeEmail(match[0]));
}

/** `Dana Whitfield <dana@x.com>` / `"Whitfield, Dana" <dana@x.com>` / `dana@x.com` → participant. */
export function parseMailbox(text: string | null | undefined): MailParticipant | undefined {
  if (!text) return undefined;
  const value = text.replace(/\s+/g, ' ').trim();
  const angled = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  if (angled) {
    const email = toEmail(angled[2]);
    if (!email) return undefined;
    const name = cleanName(angled[1], email);
    return name ? { email, name } : { email };
  }
  const email = toEmail(value);
  return email ? { email } : undefined;
}

/** A display name worth showing: trimmed, unquoted, not an address, not empty. */
export function cleanName(raw: string | null | undefined, email?: string): string | undefined {
  const name = raw?.replace(/\s+/g, ' ').replace(/^["'\s]+|["'\s]+$/g, '').trim();
  if (!name || name.includes('@')) return undefined;
  if (email && normalizeEmail(name) === email) return undefined;
  return name.slice(0, 300);
}

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
    const name = cleanName(candidate.name, email);
    byKey.set(key, name ? { email, name } : { email });
  }
  const first = order[0] === undefined ? undefined : byKey.get(order[0]);
  const ref: ProspectRef = { emails: order.map((key) => byKey.get(key)!.email) };
  if (first?.name) ref.name = first.name;
  return ref;
}

// ---------------------------------------------------------------------------------------------
// Which draft the rep is in. Read-only: no listeners, so nothing to tear down.

/**
 * True when the rep is working inside `root`: it holds keyboard focus, or it holds the
 * document's selection. The selection matters once the rep clicks into the sidebar iframe:
 * focus moves to the iframe but the page keeps its caret in the draft.
 */
export function holdsFocus(doc: Document, root: Element): boolean {
  const active = doc.activeElement;
  if (active && active !== doc.body && root.contains(active)) return true;
  const anchor = doc.getSelection?.()?.anchorNode ?? null;
  return anchor !== null && root.contains(anchor);
}

/** Hidden the way webmail hides stale views and minimized drafts (inline, cheap checks only). */
export function isHiddenWithin(el: Element, stopAt: Element | null): boolean {
  for (let node: Element | null = el; node && node !== stopAt; node = node.parentElement) {
    if (node.hasAttribute('hidden')) return true;
    const style = (node as HTMLElement).style as CSSStyleDeclaration | undefined;
    if (style?.display === 'none' || style?.visibility === 'hidden') return true;
  }
  return false;
}

/** querySelectorAll that survives selectors an engine rejects, with hidden matches dropped. */
export function visibleMatches(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector)).filter((el) => !isHiddenWithin(el, null));
  } catch {
    return [];
  }
}
