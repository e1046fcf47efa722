/**
 * Match patterns of the form `https://<host>/*` and `https://*.<domain>/*` (the only forms the
 * adapters declare), applied to an origin. The background uses it to accept page reports only
 * from the hosts the content script is injected into.
 */
export function originMatchesPattern(origin: string, pattern: string): boolean {
  const parsed = /^(https):\/\/(\*\.)?([^/*]+)\/\*$/.exec(pattern);
  if (!parsed) return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== `${parsed[1]}:` || url.port !== '') return false;
  const host = url.hostname.toLowerCase();
  const domain = parsed[3]!.toLowerCase();
  return parsed[2] ? host === domain || host.endsWith(`.${domain}`) : host === domain;
}

export function originMatchesAny(origin: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => originMatchesPattern(origin, pattern));
}
