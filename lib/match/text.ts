/**
 * The one cleaner for text read off a page (names, companies, field values). It lives in
 * lib/match, not lib/sites, because the email module's display names need it too and match
 * may not import sites; lib/sites/dom.ts re-exports it for the adapters.
 */

/**
 * Zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM) and bidi controls (LRM, RLM,
 * embeddings, overrides, isolates): invisible, yet CRMs and webmail put them around names and
 * addresses (copy-paste from Outlook, RTL names), and they would make "Dana" ≠ "Dana".
 */
export const INVISIBLE_CHARACTERS = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;

/**
 * One line of visible text: invisible characters dropped, whitespace runs (NBSP included) made
 * one space, trimmed, capped at `max` (the contract's 300 for names and companies);
 * undefined when nothing is left.
 */
export function cleanText(raw: string | null | undefined, max = 300): string | undefined {
  const value = raw?.replace(INVISIBLE_CHARACTERS, '').replace(/\s+/g, ' ').trim();
  return value ? value.slice(0, max) : undefined;
}
