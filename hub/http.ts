/**
 * What every route module of the hub shares: errors as JSON `{ error: { code, message } }`,
 * contract validation, JSON bodies, and the kit createHubApp hands each module (authorize,
 * body limits) so a route is registered the same way wherever it lives.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import type { RunOptions } from './connectors/runtime';
import type { HubDb } from './db';
import type { RateLimit } from './rate-limit';
import type { SecretBox } from './secret-box';
import type { SsoConfig } from './sso/config';
import type { HubRoute } from './roles';
import type { HubUser } from './store';

export class HubError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

function issuesText(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export function parseOr400<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HubError(400, 'invalid_request', issuesText(parsed.error));
  return parsed.data;
}

export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new HubError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

/** A JSON body that may be left out (an empty body reads as `{}`). */
export async function readOptionalJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new HubError(400, 'invalid_json', 'The request body is not valid JSON.');
  }
}

/** Decimal digits only: "1e3", " 7", "0x10" and "1; DROP TABLE" are all 400s, not coerced numbers. */
export const decimal = (max: number) =>
  z
    .string()
    .regex(/^\d{1,16}$/, 'must be a non-negative integer')
    .transform(Number)
    .refine((value) => value <= max, `must be at most ${max}`);

export type HubEnv = {
  /** sessionHash: set when the request came with the console's session cookie rather than a token. */
  Variables: { user: HubUser; sessionHash?: string };
  Bindings: { incoming?: { socket?: { remoteAddress?: string } } };
};

export interface HubLimits {
  importBytes: number;
  usageBytes: number;
  /** DELETE and other small bodies. */
  smallBytes: number;
}
/** What the connector routes need besides the database (hub/routes/connectors.ts). */
export interface ConnectorServices {
  /** Seals and opens connector credentials (hub/secret-box.ts; the hub's one key). */
  secrets: SecretBox;
  /** Minutes between scheduled runs, for the next run a manual run sets (default 15). */
  intervalMinutes?: number;
  /** Tests only: vendor adapters in place of the hub's own. */
  adapters?: RunOptions['adapters'];
  log?: (line: string) => void;
}

/** Handed to each route module: register routes with `app.<method>(path, kit.authorize(route), kit.limitBody(n), handler)`. */
export interface RouteKit {
  db: HubDb;
  limits: HubLimits;
  /** Absent when the hub has no key to seal credentials with: the connector routes say so. */
  connectors?: ConnectorServices;
  authorize(route: HubRoute): MiddlewareHandler<HubEnv>;
  limitBody(maxSize: number): MiddlewareHandler<HubEnv>;
  /** A token presented outside the Authorization header (the console's sign-in): same limits, same refusals. */
  checkToken(c: Context<HubEnv>, token: string): Promise<HubUser>;
  /** Spends one request from the bucket of `key` (the request limit unless `limit` says otherwise); throws the 429 when it is empty. */
  rateLimit(key: string, limit?: RateLimit): Promise<void>;
  /** X-Forwarded-For/-Proto/-Host are the client's (the hub runs behind a TLS proxy). */
  trustProxy: boolean;
  /** The client's address (the proxy's last X-Forwarded-For entry under trustProxy). */
  clientAddress(c: Context<HubEnv>): string;
  /** The built console: undefined = the default build folder, null = none. */
  consoleDir: string | null | undefined;
  /** Failed sign-ins per client address (the limit unknown tokens share): check before, note after a failure. */
  failedSignIns: { check(c: Context<HubEnv>): void; note(c: Context<HubEnv>): void };
  /** Secrets the hub reads back (the identity provider's client secret): hub/secret-box.ts. */
  secrets: SecretBox;
  /** Single sign-on as saved by `sso set` and overridden by CUECARD_SSO_*; null when not set up. */
  ssoConfig(): Promise<SsoConfig | null>;
}
