/**
 * The company sign-in's tokens in use (issue 18): the access token for the next hub request,
 * renewed with the refresh token shortly before its hour is up (or when the hub says it expired).
 *
 * Invariants:
 * - One refresh at a time across the extension's contexts (a Web Lock): the hub rotates refresh
 *   tokens and treats a second use of one as theft, ending the sign-in everywhere. Whoever waited
 *   for the lock first looks whether the token was renewed meanwhile.
 * - The tokens live in the background's IndexedDB only (lib/store/hub-session.ts); nothing here
 *   hands them to a page.
 * - A sign-in the hub ended (signed out, a refresh token used twice) is forgotten, so the pages
 *   offer "Sign in with your company" again; a disabled or revoked account is kept, so every sync
 *   keeps saying why.
 */
import type { StoredHubSession } from '../contract';
import { readHubSession, writeHubSession } from '../store/hub-session';
import type { CuecardDb } from '../store/db';
import { createHubSsoClient, HubRequestError, type FetchLike } from './hub-client';

/** Renew this long before the access token's expiry: a sync started just before would fail halfway. */
export const RENEW_BEFORE_MS = 2 * 60_000;
const LOCK_NAME = 'cuecard-sso-refresh';

export interface SsoSessionDeps {
  db: CuecardDb;
  fetch?: FetchLike;
  now?: () => number;
}

/**
 * Runs `fn` alone. Web Locks reach across the worker and every extension page; where there are
 * none (unit tests in Node), a chain in this module does it for one context.
 */
let chain: Promise<unknown> = Promise.resolve();
async function exclusively<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: { request(name: string, fn: () => Promise<T>): Promise<T> } } }).navigator?.locks;
  if (locks) return locks.request(LOCK_NAME, fn);
  const run = chain.then(fn, fn);
  chain = run.catch(() => undefined);
  return run;
}

export const SIGNED_OUT_WORDS = 'You are signed out of the hub: sign in again with your company.';

async function renew(deps: SsoSessionDeps, hubUrl: string, stale: string): Promise<string> {
  return exclusively(async () => {
    const now = (deps.now ?? Date.now)();
    const current = await readHubSession(deps.db);
    if (!current || current.hubUrl !== hubUrl) throw new HubRequestError('signed_out', SIGNED_OUT_WORDS);
    // Another context renewed it while this one waited for the lock.
    if (current.accessToken !== stale && Date.parse(current.accessExpiresAt) - now > RENEW_BEFORE_MS) return current.accessToken;
    try {
      const next = await createHubSsoClient({ url: hubUrl, fetch: deps.fetch }).refresh(current.refreshToken);
      const session: StoredHubSession = {
        ...current,
        accessToken: next.accessToken,
        accessExpiresAt: next.accessExpiresAt,
        refreshToken: next.refreshToken,
        refreshExpiresAt: next.refreshExpiresAt,
        user: next.user,
      };
      await writeHubSession(deps.db, session);
      return next.accessToken;
    } catch (error) {
      if (error instanceof HubRequestError && error.code === 'signed_out') await writeHubSession(deps.db, null);
      throw error;
    }
  });
}

/**
 * The access token to send to `hubUrl` now, and how to renew it, or null when nobody signed in
 * with the company on this hub (the pasted token, if any, applies).
 */
export async function ssoAccess(deps: SsoSessionDeps, hubUrl: string): Promise<{ token: string; renew: () => Promise<string> } | null> {
  const session = await readHubSession(deps.db);
  if (!session || session.hubUrl !== hubUrl) return null;
  let token = session.accessToken;
  const renewNow = async () => {
    token = await renew(deps, hubUrl, token);
    return token;
  };
  if (Date.parse(session.accessExpiresAt) - (deps.now ?? Date.now)() <= RENEW_BEFORE_MS) await renewNow();
  return { token, renew: renewNow };
}

/** Who is signed in with the company on `hubUrl` (for the pages), or null. */
export async function ssoUser(db: CuecardDb, hubUrl: string): Promise<StoredHubSession['user'] | null> {
  const session = await readHubSession(db);
  return session && session.hubUrl === hubUrl ? session.user : null;
}
