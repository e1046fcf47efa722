/**
 * The console (DESIGN.md: `GET /` on the hub): its sign-in and sign-out, and the built web app
 * (`npm run build` → .output/console) served as static files under a strict CSP.
 *
 * - Sign-in exchanges a hub token for a session cookie (hub/session-cookie.ts); the token is never
 *   stored by the page. Marketing and admins only: a rep's token is refused in words.
 * - The app's HTML and scripts carry `script-src 'self'` (no inline script, no eval),
 *   `frame-ancestors 'none'` and nosniff; everything it shows comes from the /v1 routes.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';
import { sessionCreate, type Role } from '../../lib/contract';
import { createSession, endSession } from '../accounts';
import { errorBody, HubError, parseOr400, readJson, type HubEnv } from '../http';
import { ROUTE_ROLES } from '../roles';
import { clearSessionCookie, isSameOriginWrite, isSecureRequest, setSessionCookie } from '../session-cookie';
import type { RegisterRoutes } from './index';

/** Where `npm run build` writes the console (CUECARD_OUT_DIR moves every build, as for the extension). */
export function defaultConsoleDir(): string {
  return path.resolve(import.meta.dirname, '../..', process.env.CUECARD_OUT_DIR ?? '.output', 'console');
}

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The console's own views: a reload or a shared link on any of them loads the app. */
const VIEW_PATTERN = 'library|attention|imports|users|usage|connectors|changes';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json; charset=utf-8',
};

function consoleHeaders(c: Context<HubEnv>) {
  c.header('Content-Security-Policy', CONSOLE_CSP);
  c.header('X-Frame-Options', 'DENY');
  c.header('Referrer-Policy', 'no-referrer');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Cross-Origin-Resource-Policy', 'same-origin');
}

export const registerConsoleRoutes: RegisterRoutes = (app, kit) => {
  const { db } = kit;
  const consoleDir = kit.consoleDir === undefined ? defaultConsoleDir() : kit.consoleDir;

  app.post('/v1/session', kit.limitBody(kit.limits.smallBytes), async (c) => {
    await kit.rateLimit(`sign-in:${kit.clientAddress(c)}`);
    // A page elsewhere must not sign the browser in to someone else's session (login CSRF).
    if (!isSameOriginWrite(c, kit.trustProxy)) throw new HubError(403, 'cross_origin', "Sign in from the console's own page.");
    const { token } = parseOr400(sessionCreate, await readJson(c));
    const user = await kit.checkToken(c, token);
    if (!(ROUTE_ROLES['POST /v1/session'] as readonly Role[]).includes(user.role)) {
      throw new HubError(
        403,
        'forbidden',
        `The console is for marketing and admins, and this is a ${user.role}'s token. Reps use Cuecard in the browser: paste the token on the extension's options page.`,
      );
    }
    const session = await createSession(db, user.id);
    setSessionCookie(c, session.id, session.expiresAt, isSecureRequest(c, kit.trustProxy));
    return c.json({ user: { id: user.id, name: user.name, role: user.role, email: user.email }, expiresAt: session.expiresAt });
  });

  app.delete('/v1/session', kit.authorize('DELETE /v1/session'), kit.limitBody(kit.limits.smallBytes), async (c) => {
    const sessionHash = c.get('sessionHash');
    const ended = sessionHash ? await endSession(db, sessionHash) : false;
    clearSessionCookie(c, isSecureRequest(c, kit.trustProxy));
    return c.json({ ended });
  });

  const serveFile = async (c: Context<HubEnv>, relative: string, cache: 'immutable' | 'no-store') => {
    consoleHeaders(c);
    if (!consoleDir) return c.json(errorBody('not_found', 'This hub serves no console.'), 404);
    const file = path.resolve(consoleDir, relative);
    // Only files inside the build folder, whatever the path says ("..", encoded slashes).
    if (!file.startsWith(consoleDir + path.sep)) return c.json(errorBody('not_found', 'No such file.'), 404);
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      if (relative === 'index.html') {
        return c.json(errorBody('console_not_built', 'The console is not built: run `npm run build`, then start the hub again.'), 503);
      }
      return c.json(errorBody('not_found', 'No such file.'), 404);
    }
    // Built assets carry a content hash in their name: they never change under it.
    c.header('Cache-Control', cache === 'immutable' ? 'public, max-age=31536000, immutable' : 'no-store');
    return c.body(new Uint8Array(body), 200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
  };

  app.get('/', (c) => serveFile(c, 'index.html', 'no-store'));
  app.get(`/:view{${VIEW_PATTERN}}`, (c) => serveFile(c, 'index.html', 'no-store'));
  app.get(`/:view{${VIEW_PATTERN}}/*`, (c) => serveFile(c, 'index.html', 'no-store'));
  app.get('/console-assets/:file{[A-Za-z0-9._-]+}', (c) => serveFile(c, path.join('console-assets', c.req.param('file')), 'immutable'));
  app.get('/favicon.svg', (c) => serveFile(c, 'favicon.svg', 'no-store'));
};
