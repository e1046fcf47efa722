/**
 * A real OpenID Provider for the tests: oidc-provider (an OpenID Certified implementation) on
 * 127.0.0.1, with a login form, users with passwords and groups, and one confidential client.
 * Run as its own process (`tsx tests/oidc/idp-server.ts '<options JSON>'`) so that its clock can
 * be set apart from the hub's: an "expired ID token" is one signed by a provider whose clock is
 * behind. tests/oidc/test-idp.ts starts it and speaks to it.
 *
 * Prints one JSON line on stdout when listening: {"issuer": "http://127.0.0.1:<port>"}.
 *
 * Test-only control (never part of a real provider): POST /__control {clockOffsetSeconds?, users?}.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface IdpUser {
  username: string;
  password: string;
  email: string;
  name: string;
  groups: string[];
  /** false: the provider says the address is not verified. */
  emailVerified?: boolean;
}

export interface IdpOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  users: IdpUser[];
  /** true: names, addresses and groups only from userinfo (OIDC Core's default), not in the ID token. */
  claimsOnlyFromUserinfo?: boolean;
  /** Seconds an ID token lives (default 300). */
  idTokenTtl?: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as IdpOptions;
let users = new Map(options.users.map((user) => [user.username, user]));
let clockOffsetMs = 0;

// The provider's clock: Date.now in this process only (the hub runs in another).
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + clockOffsetMs;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

function loginPage(uid: string, clientId: string, error?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in to Acme</title></head>
<body>
  <main>
    <h1>Acme sign-in</h1>
    <p>Sign in to continue to ${escapeHtml(clientId)}.</p>
    ${error ? `<p role="alert" id="login-error">${escapeHtml(error)}</p>` : ''}
    <form method="post" action="/interaction/${escapeHtml(uid)}/login">
      <label>Username <input name="username" autocomplete="username" autofocus></label>
      <label>Password <input name="password" type="password" autocomplete="current-password"></label>
      <button type="submit">Sign in</button>
    </form>
    <form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Cancel</button></form>
  </main>
</body></html>`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: options.clientId,
      client_secret: options.clientSecret,
      redirect_uris: options.redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomUUID()] },
  // Groups ride with profile, as an Okta org authorization server or Entra's groups claim sends them without a scope of their own.
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
  conformIdTokenClaims: options.claimsOnlyFromUserinfo === true,
  pkce: { required: () => true, methods: ['S256'] },
  features: { devInteractions: { enabled: false } },
  ttl: { IdToken: options.idTokenTtl ?? 300, AuthorizationCode: 120, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
  interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
  findAccount: async (_ctx: unknown, id: string) => {
    const user = [...users.values()].find((candidate) => candidate.username === id);
    if (!user) return undefined;
    return {
      accountId: id,
      claims: async () => ({ sub: id, email: user.email, email_verified: user.emailVerified ?? true, name: user.name, groups: user.groups }),
    };
  },
});
const callback = provider.callback();

server.on('request', (req: IncomingMessage, res: ServerResponse) => {
  void (async () => {
    const url = new URL(req.url ?? '/', issuer);
    const interaction = /^\/interaction\/([\w-]+)(\/login|\/abort)?$/.exec(url.pathname);
    try {
      if (url.pathname === '/__control' && req.method === 'POST') {
        const change = JSON.parse(await readBody(req)) as { clockOffsetSeconds?: number; users?: IdpUser[] };
        if (change.clockOffsetSeconds !== undefined) clockOffsetMs = change.clockOffsetSeconds * 1000;
        if (change.users) users = new Map(change.users.map((user) => [user.username, user]));
        res.writeHead(204).end();
        return;
      }
      if (interaction && req.method === 'GET' && !interaction[2]) {
        const details = await provider.interactionDetails(req, res);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, String(details.params.client_id)));
        return;
      }
      if (interaction && req.method === 'POST' && interaction[2] === '/abort') {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The user cancelled the sign-in.' }, { mergeWithLastSubmission: false });
        return;
      }
      if (interaction && req.method === 'POST' && interaction[2] === '/login') {
        const details = await provider.interactionDetails(req, res);
        const form = new URLSearchParams(await readBody(req));
        const user = users.get(form.get('username') ?? '');
        if (!user || user.password !== form.get('password')) {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(loginPage(details.uid, String(details.params.client_id), 'Wrong username or password.'));
          return;
        }
        const grant = new provider.Grant({ accountId: user.username, clientId: String(details.params.client_id) });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId: user.username }, consent: { grantId } }, { mergeWithLastSubmission: false });
        return;
      }
      callback(req, res);
    } catch (error) {
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end(String((error as Error).message));
    }
  })();
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
