/**
 * The one way Cuecard finds email addresses in what a page shows: attribute values and
 * `mailto:` hrefs (one address each), free text (any number), and `Name <address>` mailboxes.
 * Every site adapter and the mail-participant rules use these; each result goes through
 * normalizeEmail (keys.ts), so what an adapter reports is what the store indexes.
 *
 * What counts as an address: an RFC 5322 dot-atom local part (letters of any script allowed,
 * as in internationalized mail), `@`, then dot-separated labels ending in a top-level domain of
 * two or more letters or a punycode one (`xn--…`). `dana@localhost` and `a@b.c` are not
 * addresses; `tom@bäckerei.de` is.
 */
import { normalizeEmail } from './keys';
import { cleanText } from './text';

export interface Mailbox {
  email: string;
  /** Display name as the page shows it, when it is a name and not the address again. */
  name?: string;
}

const LOCAL = "[\\p{L}\\p{N}.!#$%&'*+/=?^_`{|}~-]+";
const DOMAIN = '(?:[\\p{L}\\p{N}-]+\\.)+(?:\\p{L}{2,}|xn--[\\p{L}\\p{N}-]+)';
const EMAIL_IN_TEXT = new RegExp(`${LOCAL}@${DOMAIN}`, 'gu');
const ONE_EMAIL = new RegExp(`^${LOCAL}@${DOMAIN}$`, 'u');

/**
 * The address an attribute value or href holds (`mailto:a@b.com?subject=…`, `<a@b.com>`, a bare
 * address), normalized; undefined when the value is anything else (a name, two addresses).
 */
export function toEmail(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const email = normalizeEmail(raw);
  return ONE_EMAIL.test(email) ? email : undefined;
}

/** Every address written in a piece of text, in order, normalized ("Google Account: Sam (sam@x.com)"). */
export function emailsInText(text: string | null | undefined): string[] {
  if (!text) return [];
  return Array.from(text.matchAll(EMAIL_IN_TEXT), (match) => normalizeEmail(match[0]));
}

/** A display name worth showing: clean, unquoted, not an address (nor this mailbox's), not empty. */
export function cleanName(raw: string | null | undefined, email?: string): string | undefined {
  const name = cleanText(raw?.replace(/^["'\s]+|["'\s]+$/g, ''));
  if (!name || name.includes('@')) return undefined;
  return email && normalizeEmail(name) === email ? undefined : name;
}

/** A mailbox with its name when the name is worth keeping. */
export function mailbox(email: string, rawName?: string | null): Mailbox {
  const name = cleanName(rawName, email);
  return name ? { email, name } : { email };
}

/** `Dana Whitfield <dana@x.com>` / `"Whitfield, Dana" <dana@x.com>` / `dana@x.com` → mailbox. */
export function parseMailbox(text: string | null | undefined): Mailbox | undefined {
  const value = cleanText(text, Infinity);
  if (!value) return undefined;
  const angled = /^(.*?)\s*<([^<>]+)>$/.exec(value);
  const email = toEmail(angled ? angled[2] : value);
  if (!email) return undefined;
  return angled ? mailbox(email, angled[1]) : { email };
}
