/**
 * Starts the test OpenID Provider (tests/oidc/idp-server.ts) in its own process and drives it:
 * its clock, its users, and a sign-in through its login form over plain HTTP (what a browser does,
 * for tests that have no browser; the e2e tests use a real one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { IdpOptions, IdpUser } from './idp-server';

export type { IdpUser } from './idp-server';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface TestIdp {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Moves the provider's clock (tokens it signs from now on carry that time). */
  setClockOffset(seconds: number): Promise<void>;
  setUsers(users: IdpUser[]): Promise<void>;
  close(): Promise<void>;
}

export const ACME_USERS: IdpUser[] = [
  { username: 'ann', password: 'ann-pass', email: 'ann.rep@acme.example', name: 'Ann Rep', groups: ['Everyone', 'Cuecard Users'] },
  { username: 'mo', password: 'mo-pass', email: 'mo.marketing@acme.example', name: 'Mo Marketing', groups: ['Everyone', 'Cuecard Users', 'Cuecard Marketing'] },
  { username: 'ada', password: 'ada-pass', email: 'ada.admin@acme.example', name: 'Ada Admin', groups: ['Everyone', 'Cuecard Users', 'Cuecard Admins'] },
  { username: 'eve', password: 'eve-pass', email: 'eve.outsider@acme.example', name: 'Eve Outsider', groups: ['Everyone'] },
];

export async function startTestIdp(options: Partial<IdpOptions> & { redirectUris: string[] }): Promise<TestIdp> {
  const config: IdpOptions = {
    clientId: 'cuecard-hub',
    clientSecret: 'test-client-secret-0123456789',
    users: ACME_USERS,
    ...options,
  };
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [path.join(ROOT, 'tests/oidc/idp-server.ts'), JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const issuer = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`the test provider did not start: ${stderr}`)), 30_000);
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
    child.once('exit', (code) => reject(new Error(`the test provider exited (${code}): ${stderr}`)));
  });
  const control = async (body: unknown) => {
    const response = await fetch(`${issuer}/__control`, { method: 'POST', body: JSON.stringify(body) });
    if (response.status !== 204) throw new Error(`control: HTTP ${response.status}`);
  };
  return {
    issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    setClockOffset: (seconds) => control({ clockOffsetSeconds: seconds }),
    setUsers: (users) => control({ users }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A tiny cookie jar for one origin: what the provider's login needs between its redirects. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response) {
    for (const header of response.headers.getSetCookie()) {
      const [pair] = header.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const value = pair!.slice(index + 1).trim();
      if (/expires=Thu, 01 Jan 1970/i.test(header) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Signs in at the provider as a browser would: follows the authorization URL's redirects to the
 * login form, posts the credentials (or presses Cancel), and answers the URL the provider finally
 * sends the browser to (the redirect URI with code, state and iss, or with an error).
 */
export async function signInAtProvider(authorizationUrl: string, credentials: { username: string; password: string } | 'cancel'): Promise<string> {
  const jar = new CookieJar();
  const origin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    if (new URL(url).origin !== origin) return url;
    const response = await fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { Cookie: jar.header(), ...(body ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
    });
    jar.take(response);
    const location = response.headers.get('Location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new Error(`the provider answered ${response.status}: ${html.slice(0, 300)}`);
    const uid = /action="\/interaction\/([\w-]+)\/login"/.exec(html)?.[1];
    if (!uid) throw new Error(`no login form at ${url}: ${html.slice(0, 300)}`);
    if (credentials === 'cancel') {
      url = `${origin}/interaction/${uid}/abort`;
      method = 'POST';
      body = '';
    } else {
      if (/id="login-error"/.test(html)) throw new Error('the provider refused the username or password');
      url = `${origin}/interaction/${uid}/login`;
      method = 'POST';
      body = new URLSearchParams(credentials).toString();
    }
  }
  throw new Error('too many redirects at the provider');
}
