/**
 * The one email normalizer and the lookup keys derived from records. The store indexes these
 * keys and the queries look them up, so both sides must come from here.
 */
import type { IdSystem } from '../contract';

/** Lowercase, trimmed, with a surrounding `mailto:` or angle brackets removed. */
export function normalizeEmail(raw: string): string {
  let value = raw.trim();
  if (value.toLowerCase().startsWith('mailto:')) value = value.slice(7).split('?')[0] ?? '';
  value = value.replace(/^<|>$/g, '').trim();
  try {
    value = decodeURIComponent(value);
  } catch {
    // A stray % is not an encoding: keep the text as it is.
  }
  return value.toLowerCase();
}

/** `name+tag@x` → `name@x`; any other address unchanged. */
export function stripPlusTag(normalized: string): string {
  const at = normalized.lastIndexOf('@');
  if (at <= 0) return normalized;
  const local = normalized.slice(0, at);
  const plus = local.indexOf('+');
  return plus > 0 ? `${local.slice(0, plus)}${normalized.slice(at)}` : normalized;
}

export function emailDomain(raw: string): string | undefined {
  const normalized = normalizeEmail(raw);
  const at = normalized.lastIndexOf('@');
  return at > 0 ? normalized.slice(at + 1) : undefined;
}

/**
 * Mailbox providers whose domain says nothing about the company; matching a company by them
 * would put every gmail.com contact into one "buying committee".
 */
const FREE_MAIL_DOMAINS = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'hotmail.com',
  'hotmail.co.uk', 'outlook.com', 'live.com', 'msn.com', 'aol.com', 'icloud.com', 'me.com',
  'mac.com', 'proton.me', 'protonmail.com', 'gmx.com', 'gmx.de', 'gmx.net', 'web.de',
  'mail.com', 'yandex.com', 'yandex.ru', 'zoho.com', 'qq.com', '163.com', 'fastmail.com',
  'hey.com', 'pm.me', 'orange.fr', 'free.fr', 'laposte.net', 't-online.de',
]);

export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL_DOMAINS.has(domain.toLowerCase());
}

/** `https://www.acme.com/about` / `www.Acme.com` / `acme.com` → `acme.com`. */
export function normalizeDomain(raw: string): string | undefined {
  let value = raw.trim().toLowerCase();
  if (!value) return undefined;
  try {
    if (value.includes('://')) value = new URL(value).hostname;
  } catch {
    return undefined;
  }
  value = value.split('/')[0]!.replace(/^www\./, '').replace(/\.$/, '');
  return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(value) ? value : undefined;
}

/** Salesforce ids come as 15 (case-sensitive) or 18 characters; the first 15 identify the record. */
export function crmKey(system: IdSystem, recordId: string): string {
  const trimmed = recordId.trim();
  if (system === 'salesforce') return `salesforce:${trimmed.slice(0, 15)}`;
  if (system === 'dynamics') return `dynamics:${trimmed.replace(/[{}]/g, '').toLowerCase()}`;
  return `${system}:${trimmed}`;
}

/** The exact and the plus-stripped form, deduplicated: both go into the prospect's email index. */
export function emailKeys(raw: string): string[] {
  const exact = normalizeEmail(raw);
  const base = stripPlusTag(exact);
  return base === exact ? [exact] : [exact, base];
}

/**
 * Company names as CRMs and marketing tools spell them differently: case, spacing, punctuation
 * and legal suffixes ("Northwind Logistics, Inc." = "northwind logistics").
 */
export function companyKey(raw: string | undefined): string {
  if (!raw) return '';
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[.,'"’()]/g, ' ')
    .replace(/\b(inc|llc|ltd|gmbh|ag|kg|sa|sas|srl|spa|bv|nv|as|asa|ab|oy|pty|plc|corp|corporation|co|limited)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
