/**
 * The two settings the page side needs: is this site switched off, and which email domains are
 * the rep's own (never a prospect). Read straight from storage (user settings, then enterprise
 * policy on top) without zod, which the content script's size budget cannot carry: values that
 * are not lists of short strings are ignored.
 */
export interface PageSettings {
  disabledSites: string[];
  ownEmailDomains: string[];
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.filter((item): item is string => typeof item === 'string' && item.length > 0 && item.length <= 253).map((item) => item.trim().toLowerCase());
}

/** `userSettings` is storage.local's `settings` object; `policy` is storage.managed's contents. */
export function readPageSettings(userSettings: unknown, policy: unknown): PageSettings {
  const user = (typeof userSettings === 'object' && userSettings) || {};
  const managed = (typeof policy === 'object' && policy) || {};
  const pick = (key: keyof PageSettings) =>
    stringList((managed as Record<string, unknown>)[key]) ?? stringList((user as Record<string, unknown>)[key]) ?? [];
  return { disabledSites: pick('disabledSites'), ownEmailDomains: pick('ownEmailDomains') };
}
