/**
 * The console's session cookie and the same-origin rule for writes made with it (CSRF).
 *
 * - The cookie holds a random session id (the table holds its sha-256): HttpOnly, SameSite=Strict,
 *   Path=/, and over https Secure with the `__Host-` prefix (no Domain, so no sibling host can set
 *   or read it). Never the hub token, never localStorage.
 * - A write with the cookie must come from the hub's own origin: SameSite=Strict already keeps
 *   other sites' requests from carrying it, and the Origin check also covers same-site
 *   neighbours (another port or subdomain) and older browsers.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'cuecard_session';

/**
 * The origin the browser addressed. Behind a TLS proxy (trustProxy) the hub sees plain http on
 * loopback; the proxy names the scheme and host it was reached by.
 */
export function requestOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  const host = c.req.header('Host');
  if (host) url.host = host;
  if (trustProxy) {
    const proto = c.req.header('X-Forwarded-Proto')?.split(',')[0]?.trim().toLowerCase();
    if (proto === 'https' || proto === 'http') url.protocol = `${proto}:`;
    const forwardedHost = c.req.header('X-Forwarded-Host')?.split(',')[0]?.trim();
    if (forwardedHost) url.host = forwardedHost;
  }
  return url.origin;
}

export function isSecureRequest(c: Context, trustProxy: boolean): boolean {
  return requestOrigin(c, trustProxy).startsWith('https:');
}

/** The session id the browser sent, if any (the secure name first). */
export function readSessionId(c: Context): string | undefined {
  // Over https the name carries the `__Host-` prefix, which browsers refuse without Secure.
  const value = getCookie(c, SESSION_COOKIE, 'host') ?? getCookie(c, SESSION_COOKIE);
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

export function setSessionCookie(c: Context, id: string, expiresAt: string, secure: boolean): void {
  const maxAge = Math.max(0, Math.round((Date.parse(expiresAt) - Date.now()) / 1000));
  if (secure) {
    setCookie(c, SESSION_COOKIE, id, { path: '/', httpOnly: true, secure: true, sameSite: 'Strict', maxAge, prefix: 'host' });
  } else {
    setCookie(c, SESSION_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Strict', maxAge });
  }
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  if (secure) deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true, prefix: 'host' });
  else deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/**
 * Whether a state-changing request comes from the hub's own pages. A missing Origin fails: every
 * current browser sends it on POST/PUT/PATCH/DELETE, so only a non-browser client lacks it, and
 * such a client uses the Bearer token. Sec-Fetch-Site, when present, must agree.
 */
export function isSameOriginWrite(c: Context, trustProxy: boolean): boolean {
  const origin = c.req.header('Origin');
  if (!origin || origin === 'null') return false;
  const site = c.req.header('Sec-Fetch-Site');
  if (site !== undefined && site !== 'same-origin') return false;
  return origin === requestOrigin(c, trustProxy);
}
