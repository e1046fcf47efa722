/**
 * The hub's HTTP API (DESIGN.md, "Hub protocol"). Built on Hono, served by @hono/node-server
 * (server.ts) or called in-process (app.request) by tests.
 *
 * Invariants:
 * - Every route is listed in ROUTE_ROLES; its middleware checks the token, the rate limit and the
 *   role before any body is read.
 * - Every error leaves as `{ error: { code, message } }`; a 500 never carries the cause.
 * - Input is parsed with the contract's zod schemas before it touches the database.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import { SIGNED_OUT, syncKind, TOKEN_DISABLED, TOKEN_EXPIRED, TOKEN_REVOKED, usagePost, usageReportQuery, type Role } from '../lib/contract';
import { importBundle, type ImportReport } from '../lib/import/bundle';
import type { CsvImportReport } from '../lib/import/csv/import';
import { authenticateSession, hashSessionId } from './accounts';
import { writeAudit } from './audit';
import type { HubDb } from './db';
import { decimal, errorBody, HubError, parseOr400, readJson, type ConnectorServices, type HubEnv, type HubLimits, type RouteKit } from './http';
import { ROUTE_ROLES, type HubRoute } from './roles';
import { ROUTE_MODULES } from './routes';
import { csvImportQuery, CsvImportRefused, importCsvIntoHub } from './import-csv';
import { readFeed } from './feed';
import { rateLimiterFor, TokenBuckets, type RateLimit, type RateLimiter } from './rate-limit';
import { usageReport } from './report';
import { hubSecretBox, type SecretBox } from './secret-box';
import { readSsoConfig, ssoFromEnv } from './sso/config';
import { ACCESS_TOKEN_FORMAT, authenticateAccessTokenHash } from './sso/tokens';
import { isSameOriginWrite, readSessionId } from './session-cookie';
import {
  authenticateTokenHash,
  deleteItems,
  getMeta,
  hashToken,
  hubImportSink,
  insertUsage,
  latestSeq,
  setMeta,
  type HubUser,
  type TokenRefusal,
} from './store';

export const SYNC_LIMIT_DEFAULT = 1_000;
export const SYNC_LIMIT_MAX = 5_000;

export const DEFAULT_LIMITS: HubLimits = { importBytes: 50 * 1024 * 1024, usageBytes: 1024 * 1024, smallBytes: 64 * 1024 };

/** Generous: a client syncing a fresh workspace pages as fast as it can and must not hit it. */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 600, perSecond: 100 };

/**
 * Failed sign-ins per client address. Each unknown token costs a database lookup; without this a
 * client inventing tokens gets a fresh bucket per guess. Tokens that signed in before skip it, so
 * reps behind the same proxy keep working while someone floods it.
 */
export const DEFAULT_FAILED_AUTH_LIMIT: RateLimit = { burst: 20, perSecond: 1 };

export interface HubAppOptions {
  db: HubDb;
  limits?: Partial<HubLimits>;
  /** false turns rate limiting off (benchmarks), including the failed sign-in limit. */
  rateLimit?: RateLimit | false;
  failedAuthLimit?: RateLimit;
  /** Where the buckets live: by default Postgres on a server (shared by every hub process), memory on PGlite. */
  rateLimiter?: RateLimiter;
  /**
   * The hub listens on loopback behind a TLS proxy, so the socket's address is the proxy's. With
   * trustProxy the client is the last X-Forwarded-For entry (the one the proxy appended).
   */
  trustProxy?: boolean;
  /** Where unexpected errors are logged; the client only ever sees "internal". */
  logError?: (error: unknown) => void;
  /**
   * The built console (`npm run build` → .output/console). Undefined: the default build folder;
   * null: no console (GET / answers that it is not built).
   */
  consoleDir?: string | null;
  /**
   * Where secrets are sealed (hub/secret-box.ts): the identity provider's client secret. Default:
   * the connectors' box when given (one key per hub), else CUECARD_SECRET_KEY or a key file in ./hub-data.
   */
  secrets?: SecretBox;
  /** The environment the CUECARD_SSO_* overrides are read from (default process.env; tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Connector credentials' key and run settings; without it the connector routes answer 503. */
  connectors?: ConnectorServices;
}

export { ROUTE_ROLES, type HubRoute } from './roles';
export { TokenBuckets, type RateLimit } from './rate-limit';
export { HubError } from './http';

/** Extension pages only: a web page must never read a rep's workspace with a pasted token. */
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension):\/\/[A-Za-z0-9-]{1,64}$/;
export function isExtensionOrigin(origin: string): boolean {
  return EXTENSION_ORIGIN.test(origin);
}

export const syncQuery = z.object({
  cursor: decimal(Number.MAX_SAFE_INTEGER).default(0),
  limit: decimal(SYNC_LIMIT_MAX)
    .refine((value) => value >= 1, 'must be at least 1')
    .default(SYNC_LIMIT_DEFAULT),
});

const itemParams = z.object({ kind: syncKind, id: z.string().trim().min(1).max(200) });

/** Methods that change nothing: a session cookie may make them without the same-origin check. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Optional extra key of an import body: tombstones written after the bundle's rows. */
const importDeletes = z.array(itemParams).max(100_000).optional();

/** The socket's peer under @hono/node-server; in-process requests (tests) have none. */
function clientAddress(c: Context<HubEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return (c.env as HubEnv['Bindings'] | undefined)?.incoming?.socket?.remoteAddress ?? 'in-process';
}

/** Hashes of tokens that signed in; bounded, and forgetting one only means its next request is checked again. */
class KnownTokens {
  private readonly hashes = new Set<string>();
  has(hash: string) {
    return this.hashes.has(hash);
  }
  add(hash: string) {
    if (this.hashes.size >= 10_000) this.hashes.clear();
    this.hashes.add(hash);
  }
}

export function createHubApp(options: HubAppOptions): Hono<HubEnv> {
  const { db } = options;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const limiter = options.rateLimit === false ? null : (options.rateLimiter ?? rateLimiterFor(db));
  const requestLimit = options.rateLimit === false ? DEFAULT_RATE_LIMIT : (options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const failedAuthLimit = options.failedAuthLimit ?? DEFAULT_FAILED_AUTH_LIMIT;
  // The sign-in routes (hub/routes/sso.ts, scim.ts) check failed sign-ins synchronously: in this
  // process's buckets. Failed token lookups go through `limiter`, shared across processes on a server.
  const failedAuth = options.rateLimit === false ? null : new TokenBuckets(failedAuthLimit);
  /** Spends one request of `key` (0: go ahead), or says how many seconds to wait. */
  const take = async (key: string, limit: RateLimit = requestLimit) => (limiter ? limiter.take(key, limit) : 0);
  const knownTokens = new KnownTokens();
  const logError = options.logError ?? ((error: unknown) => console.error('[hub]', error));
  const app = new Hono<HubEnv>();

  app.onError((error, c) => {
    if (error instanceof HubError) return c.json(errorBody(error.code, error.message), error.status, error.headers);
    if (error instanceof HTTPException) {
      return c.json(errorBody(error.status === 413 ? 'payload_too_large' : 'bad_request', error.message || 'Bad request.'), error.status);
    }
    logError(error);
    return c.json(errorBody('internal', 'The hub hit an unexpected error.'), 500);
  });
  app.notFound((c) => c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}.`), 404));

  app.use('*', async (c, next) => {
    await next();
    // Responses carry workspace data for one token: no shared cache may keep them. Only the
    // console's content-hashed scripts and styles say otherwise (hub/routes/console.ts).
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
  });
  app.use(
    '*',
    cors({
      origin: (origin) => (isExtensionOrigin(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'DELETE'],
      allowHeaders: ['Authorization', 'Content-Type'],
      exposeHeaders: ['Retry-After'],
      maxAge: 600,
    }),
  );

  /** A known token that may not be used any more: the holder is told why, in words. */
  const refusal = (refused: TokenRefusal): HubError => {
    const day = refused.at ? new Date(refused.at).toUTCString().slice(0, 16) : '';
    const on = day ? ` on ${day}` : '';
    switch (refused.reason) {
      case 'revoked':
        return new HubError(401, TOKEN_REVOKED, `Your access to this hub was revoked${on}. Ask your admin if you still need it.`);
      case 'disabled':
        return new HubError(401, TOKEN_DISABLED, `Your company's identity provider turned off your Cuecard access${on}. Ask your IT admin if you still need it.`);
      case 'signed_out':
        return new HubError(401, SIGNED_OUT, `This sign-in was ended (${refused.note ?? 'signed out'}). Sign in again with your company.`);
      case 'expired':
        // An SSO access token lives an hour: the extension renews it with its refresh token, unseen.
        return refused.note === 'access'
          ? new HubError(401, TOKEN_EXPIRED, 'This access token has expired; renew it with the refresh token (POST /v1/sso/token).')
          : new HubError(401, TOKEN_EXPIRED, `This hub token expired${on}. Ask your admin for a new one.`);
    }
  };

  /** Rate limits and the failed sign-in limit around one credential lookup (a token or a session id, by hash). */
  const checkCredential = async <T>(c: Context<HubEnv>, credentialHash: string, lookup: () => Promise<T | null>, unknownMessage: string): Promise<T> => {
    const wait = await take(`t:${credentialHash}`);
    if (wait > 0) throw new HubError(429, 'rate_limited', `Too many requests; retry in ${wait} s.`, { 'Retry-After': String(wait) });
    const client = limiter ? clientAddress(c, options.trustProxy === true) : '';
    if (limiter && !knownTokens.has(credentialHash)) {
      const cooling = await limiter.peek(`auth:${client}`, failedAuthLimit);
      if (cooling > 0) {
        throw new HubError(429, 'rate_limited', `Too many requests with unknown tokens from this address; retry in ${cooling} s.`, { 'Retry-After': String(cooling) });
      }
    }
    const found = await lookup();
    if (!found) {
      if (limiter) await limiter.take(`auth:${client}`, failedAuthLimit);
      throw new HubError(401, 'unauthorized', unknownMessage);
    }
    knownTokens.add(credentialHash);
    return found;
  };

  const checkToken = async (c: Context<HubEnv>, token: string): Promise<HubUser> => {
    const tokenHash = hashToken(token);
    // Access tokens of a company sign-in (hub/sso/tokens.ts) live in their own table; their public
    // format (prefix and length, like the Bearer header's) says which one to look in.
    const lookup = ACCESS_TOKEN_FORMAT.test(token) ? () => authenticateAccessTokenHash(db, tokenHash) : () => authenticateTokenHash(db, tokenHash);
    const found = await checkCredential(c, tokenHash, lookup, 'This hub token is not valid.');
    if ('refused' in found) throw refusal(found.refused);
    return found.user;
  };

  /**
   * The extension and the CLI send the token (Authorization: Bearer); the console sends its
   * session cookie, and its writes must come from the hub's own origin (CSRF). Either way the
   * role comes from the users row on every request, so a role change or revocation holds at once.
   */
  const authorize =
    (route: HubRoute): MiddlewareHandler<HubEnv> =>
    async (c, next) => {
      const header = c.req.header('Authorization');
      let user: HubUser;
      if (header !== undefined) {
        const match = /^Bearer ([\x21-\x7e]{1,200})$/.exec(header);
        if (!match) throw new HubError(401, 'unauthorized', 'Send the hub token as "Authorization: Bearer <token>".');
        user = await checkToken(c, match[1]!);
      } else {
        const sessionId = readSessionId(c);
        if (!sessionId) throw new HubError(401, 'unauthorized', 'Send the hub token as "Authorization: Bearer <token>", or sign in to the console.');
        if (!SAFE_METHODS.has(c.req.method) && !isSameOriginWrite(c, options.trustProxy === true)) {
          throw new HubError(403, 'cross_origin', "Changes made with the console's session must come from the console's own page.");
        }
        const sessionHash = hashSessionId(sessionId);
        const found = await checkCredential(c, sessionHash, () => authenticateSession(db, sessionHash), 'Your console session has ended; sign in again.');
        if ('refused' in found) throw refusal(found.refused);
        user = found.user;
        c.set('sessionHash', sessionHash);
      }
      if (!(ROUTE_ROLES[route] as readonly Role[]).includes(user.role)) {
        throw new HubError(403, 'forbidden', `The ${user.role} role may not call ${route}.`);
      }
      c.set('user', user);
      await next();
    };

  const limitBody = (maxSize: number): MiddlewareHandler<HubEnv> =>
    bodyLimit({
      maxSize,
      onError: (c) => c.json(errorBody('payload_too_large', `The request body is larger than ${maxSize} bytes.`), 413),
    });
  const secrets = options.secrets ?? options.connectors?.secrets ?? hubSecretBox({ dataDir: './hub-data' });
  const env = options.env ?? process.env;
  const kit: RouteKit = {
    db,
    secrets,
    ssoConfig: async () => readSsoConfig(db, secrets, ssoFromEnv(env)),
    failedSignIns: {
      check: (c) => {
        const cooling = failedAuth?.peek(clientAddress(c, options.trustProxy === true)) ?? 0;
        if (cooling > 0) throw new HubError(429, 'rate_limited', `Too many failed sign-ins from this address; retry in ${cooling} s.`, { 'Retry-After': String(cooling) });
      },
      note: (c) => {
        failedAuth?.take(clientAddress(c, options.trustProxy === true));
      },
    },
    limits,
    authorize,
    limitBody,
    checkToken,
    trustProxy: options.trustProxy === true,
    clientAddress: (c) => clientAddress(c, options.trustProxy === true),
    consoleDir: options.consoleDir,
    connectors: options.connectors,
    rateLimit: async (key, limit) => {
      const wait = await take(key, limit);
      if (wait > 0) throw new HubError(429, 'rate_limited', `Too many requests; retry in ${wait} s.`, { 'Retry-After': String(wait) });
    },
  };

  app.get('/v1/me', authorize('GET /v1/me'), async (c) => {
    const user = c.get('user');
    const name = await getMeta(db, 'workspace');
    return c.json({
      user: { id: user.id, name: user.name, role: user.role, email: user.email },
      workspace: { name: typeof name === 'string' ? name : null, seq: await latestSeq(db) },
    });
  });

  app.get('/v1/sync', authorize('GET /v1/sync'), async (c) => {
    const query = parseOr400(syncQuery, c.req.query());
    // Each user's own feed: their scope's prospects with their touches, and all content (hub/feed.ts).
    const page = await readFeed(db, c.get('user').id, query.cursor, query.limit);
    return c.body(page.json, 200, { 'Content-Type': 'application/json; charset=utf-8' });
  });

  app.post('/v1/usage', authorize('POST /v1/usage'), limitBody(limits.usageBytes), async (c) => {
    const body = parseOr400(usagePost, await readJson(c));
    return c.json(await insertUsage(db, c.get('user').id, body.events));
  });

  app.get('/v1/reports/usage', authorize('GET /v1/reports/usage'), async (c) => {
    const query = parseOr400(usageReportQuery, c.req.query());
    return c.json(await usageReport(db, query));
  });

  /** One change-log entry per import: who imported what kind of file, and how many rows. */
  const auditImport = async (user: HubUser, report: ImportReport & { deleted?: number }, format: string) => {
    const counts = Object.entries(report.imported)
      .filter(([, count]) => count > 0)
      .map(([collection, count]) => `${count} ${collection}`);
    if (report.deleted) counts.push(`${report.deleted} deleted`);
    const note = `${format}: ${counts.join(', ') || 'nothing imported'}${report.rejected ? `; ${report.rejected} rejected` : ''}`;
    await writeAudit(db, { actor: user, action: 'import', targetKind: 'import', targetId: format, fields: Object.keys(report.imported), note });
  };

  app.post('/v1/import', authorize('POST /v1/import'), limitBody(limits.importBytes), async (c) => {
    const contentType = c.req.header('Content-Type') ?? '';
    if (/^\s*(text|application)\/(csv|x-csv|vnd\.ms-excel)\b/i.test(contentType)) {
      const query = parseOr400(csvImportQuery, c.req.query());
      let report: CsvImportReport;
      try {
        report = await importCsvIntoHub(db, await c.req.text(), query);
      } catch (error) {
        if (error instanceof CsvImportRefused) throw new HubError(400, error.code, error.message);
        throw error;
      }
      if (report.fatal) throw new HubError(400, 'invalid_csv', report.fatal);
      await auditImport(c.get('user'), report, report.presetId);
      return c.json(report);
    }
    const value = await readJson(c);
    const deletes = parseOr400(
      importDeletes,
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>).deletes : undefined,
    );
    const report: ImportReport & { deleted?: number } = await importBundle(value, hubImportSink(db));
    if (report.fatal) throw new HubError(400, 'invalid_bundle', report.fatal);
    const workspace = (value as Record<string, unknown>).workspace;
    if (typeof workspace === 'string' && workspace.length <= 200) await setMeta(db, 'workspace', workspace);
    if (deletes) report.deleted = (await db.transaction((tx) => deleteItems(tx, deletes))).length;
    await auditImport(c.get('user'), report, 'cuecard/v1');
    return c.json(report);
  });

  app.delete('/v1/items/:kind/:id', authorize('DELETE /v1/items/:kind/:id'), limitBody(limits.smallBytes), async (c) => {
    const item = parseOr400(itemParams, { kind: c.req.param('kind'), id: c.req.param('id') });
    const [tombstone] = await db.transaction(async (tx) => {
      const tombstones = await deleteItems(tx, [item]);
      await writeAudit(tx, { actor: c.get('user'), action: 'item_deleted', targetKind: item.kind, targetId: item.id });
      return tombstones;
    });
    return c.json({ ...tombstone, op: 'delete' });
  });

  // Route modules register themselves here, each with the same kit (hub/routes/*.ts).
  for (const register of ROUTE_MODULES) register(app, kit);

  return app;
}
