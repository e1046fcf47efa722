/**
 * The hub's HTTP client, used by the background only. Invariants:
 * - The base URL comes from settings (checkHubUrl), never from a message.
 * - Every request is aborted after 30 s: a service worker must not hang on a dead hub.
 * - Every answer is validated with the contract's schemas; anything else is a HubRequestError
 *   whose message is words a rep can act on.
 */
import type { z } from 'zod';
import {
  hubError,
  leadsReportResponse,
  lookupResponse,
  meResponse,
  parseLookupRows,
  REFRESH_REUSED,
  SIGNED_OUT,
  ssoInfoResponse,
  ssoLogoutResponse,
  ssoStartResponse,
  ssoTokenResponse,
  syncResponse,
  TOKEN_DISABLED,
  TOKEN_EXPIRED,
  TOKEN_REVOKED,
  usagePostResponse,
  usageReportResponse,
  type LeadsGroupBy,
  type LeadsReportResponse,
  type LookupQuery,
  type LookupRows,
  type SsoStartResponse,
  type SsoTokenResponse,
  type SyncResponse,
  type UsageEvent,
  type UsageReportResponse,
} from '../contract';
import { checkHubUrl } from '../settings/settings';

export const HUB_TIMEOUT_MS = 30_000;

export type HubErrorCode =
  | 'not_configured'
  | 'bad_url'
  | 'offline'
  | 'timeout'
  | 'unauthorized'
  /** A company sign-in ended (sign-out, a refresh token used twice): sign in again. */
  | 'signed_out'
  | 'forbidden'
  | 'rate_limited'
  | 'bad_request'
  | 'server'
  | 'bad_response';

export class HubRequestError extends Error {
  constructor(
    readonly code: HubErrorCode,
    message: string,
    readonly status?: number,
    /** From Retry-After on a 429/503, in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HubRequestError';
  }
  /** Worth retrying later with backoff; a wrong token or URL is not. */
  get retryable(): boolean {
    return this.code === 'offline' || this.code === 'timeout' || this.code === 'rate_limited' || this.code === 'server';
  }
}

export type Me = z.infer<typeof meResponse>;

export interface HubClient {
  readonly url: string;
  me(): Promise<Me>;
  sync(cursor: number, limit: number): Promise<SyncResponse>;
  postUsage(events: UsageEvent[]): Promise<{ accepted: number; duplicates: number }>;
  usageReport(query: { from?: string; to?: string; groupBy: 'message' | 'asset' | 'rep' | 'surface' | 'week' }): Promise<UsageReportResponse>;
  leadsReport(query: { from?: string; to?: string; groupBy: LeadsGroupBy }): Promise<LeadsReportResponse>;
  /** Issue 17: one person outside the rep's scope, by one address or one CRM record id (nothing else of the page). */
  lookup(query: LookupQuery): Promise<LookupRows>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HubClientOptions {
  url: string;
  token: string;
  /**
   * A company sign-in's access token lives an hour (issue 18): on "expired", this gets a fresh one
   * (the refresh token) and the request is sent once more. Pasted tokens have none.
   */
  renewToken?: () => Promise<string>;
  /** Tests pass a fake; the default calls the global fetch unbound-safe (a service worker throws "Illegal invocation" otherwise). */
  fetch?: FetchLike;
  timeoutMs?: number;
}

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function describeStatus(status: number, hubCode: string | undefined, hubMessage: string | undefined, origin: string): HubRequestError {
  const said = hubMessage ? ` The hub said: ${hubMessage}` : '';
  // A token that worked before says why it stopped, so the rep is not told to "check" a token that is fine.
  if (status === 401 && hubCode === TOKEN_REVOKED) return new HubRequestError('unauthorized', 'Your access was revoked by your hub admin: Cuecard no longer syncs. Ask them if you still need it.', status);
  if (status === 401 && hubCode === TOKEN_EXPIRED) return new HubRequestError('unauthorized', `Your hub token has expired: ask your admin for a new one.${said}`, status);
  if ((status === 401 || status === 403) && hubCode === TOKEN_DISABLED) {
    return new HubRequestError('unauthorized', "Your company's identity provider has turned off your Cuecard access, so Cuecard no longer syncs. Ask your IT admin if you still need it.", status);
  }
  if (status === 401 && (hubCode === SIGNED_OUT || hubCode === REFRESH_REUSED)) {
    return new HubRequestError('signed_out', `You are signed out of the hub: sign in again with your company.${said}`, status);
  }
  if (status === 401) return new HubRequestError('unauthorized', `The hub refused the token: check it or ask your admin for a new one.${said}`, status);
  if (status === 403) return new HubRequestError('forbidden', `Your hub role may not do this.${said}`, status);
  if (status === 429) return new HubRequestError('rate_limited', `The hub is busy (too many requests); Cuecard will retry.${said}`, status);
  if (status >= 500) return new HubRequestError('server', `The hub at ${origin} had a problem (HTTP ${status}); Cuecard will retry.${said}`, status);
  if (status === 404 && !hubCode) return new HubRequestError('bad_url', `${origin} does not look like a Cuecard hub (HTTP 404). Check the hub URL.`, status);
  return new HubRequestError('bad_request', `The hub refused the request (HTTP ${status}${hubCode ? `, ${hubCode}` : ''}).${said}`, status);
}

export function createHubClient(options: HubClientOptions): HubClient {
  const check = checkHubUrl(options.url);
  if (!check.ok) throw new HubRequestError(options.url.trim() ? 'bad_url' : 'not_configured', check.message);
  if (!options.token) throw new HubRequestError('not_configured', 'No hub token is set. Paste the token your admin gave you and save.');
  const base = check.url;
  const origin = new URL(base).origin;
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? HUB_TIMEOUT_MS;

  let token = options.token;
  async function call<T extends z.ZodType>(path: string, schema: T, init: { method?: string; body?: unknown; renewed?: boolean } = {}): Promise<z.infer<T>> {
    let response: Response;
    try {
      response = await doFetch(base + path, {
        method: init.method ?? 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
        // The token is the credential; cookies of the hub's site must not ride along.
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw new HubRequestError('timeout', `The hub at ${origin} did not answer within ${Math.round(timeoutMs / 1000)} seconds; Cuecard will retry.`);
      }
      throw new HubRequestError('offline', `Cannot reach the hub at ${origin}: it may be down, or this computer is offline. Cuecard will retry.`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    if (!response.ok) {
      const parsed = hubError.safeParse(body);
      if (response.status === 401 && parsed.data?.error.code === TOKEN_EXPIRED && options.renewToken && !init.renewed) {
        token = await options.renewToken();
        return call(path, schema, { ...init, renewed: true });
      }
      const error = describeStatus(response.status, parsed.data?.error.code, parsed.data?.error.message, origin);
      const retryAfterMs = parseRetryAfter(response.headers.get('Retry-After'));
      throw retryAfterMs === undefined ? error : new HubRequestError(error.code, error.message, error.status, retryAfterMs);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      throw new HubRequestError('bad_response', `The hub at ${origin} answered ${path.split('?')[0]} with data Cuecard does not understand (is the hub up to date?).`);
    }
    return parsed.data;
  }

  return {
    url: base,
    me: () => call('/v1/me', meResponse),
    sync: (cursor, limit) => call(`/v1/sync?cursor=${Math.floor(cursor)}&limit=${Math.floor(limit)}`, syncResponse),
    postUsage: (events) => call('/v1/usage', usagePostResponse, { method: 'POST', body: { events } }),
    usageReport: (query) => {
      const params = new URLSearchParams({ groupBy: query.groupBy });
      if (query.from) params.set('from', query.from);
      if (query.to) params.set('to', query.to);
      return call(`/v1/reports/usage?${params.toString()}`, usageReportResponse);
    },
    leadsReport: (query) => {
      const params = new URLSearchParams({ groupBy: query.groupBy });
      if (query.from) params.set('from', query.from);
      if (query.to) params.set('to', query.to);
      return call(`/v1/reports/leads?${params.toString()}`, leadsReportResponse);
    },
    lookup: async (query) => {
      const params = query.email !== undefined ? new URLSearchParams({ email: query.email }) : new URLSearchParams({ system: query.system!, id: query.id! });
      return parseLookupRows(await call(`/v1/lookup?${params.toString()}`, lookupResponse));
    },
  };
}

// ------------------------------------------------------------------------------------------------
// Company sign-in (issue 18): the calls that obtain a token, so they carry none.

export interface HubSsoClient {
  readonly url: string;
  info(): Promise<{ enabled: boolean }>;
  start(input: { redirectUri: string; loginChallenge: string }): Promise<SsoStartResponse>;
  exchange(input: { callbackUrl: string; loginSecret: string }): Promise<SsoTokenResponse>;
  refresh(refreshToken: string): Promise<SsoTokenResponse>;
  logout(refreshToken: string): Promise<{ ended: boolean }>;
}

export function createHubSsoClient(options: Omit<HubClientOptions, 'token' | 'renewToken'>): HubSsoClient {
  const check = checkHubUrl(options.url);
  if (!check.ok) throw new HubRequestError(options.url.trim() ? 'bad_url' : 'not_configured', check.message);
  const base = check.url;
  const origin = new URL(base).origin;
  const doFetch: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const timeoutMs = options.timeoutMs ?? HUB_TIMEOUT_MS;

  async function call<T extends z.ZodType>(path: string, schema: T, body?: unknown): Promise<z.infer<T>> {
    let response: Response;
    try {
      response = await doFetch(base + path, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch (error) {
      const name = (error as Error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new HubRequestError('timeout', `The hub at ${origin} did not answer within ${Math.round(timeoutMs / 1000)} seconds.`);
      throw new HubRequestError('offline', `Cannot reach the hub at ${origin}: it may be down, or this computer is offline.`);
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const said = hubError.safeParse(json);
      const code = said.data?.error.code;
      // The hub's sign-in errors are written for the rep (what happened, what to do): passed on as they are.
      if (code && said.data && response.status !== 404) {
        const kind: HubErrorCode = code === SIGNED_OUT || code === REFRESH_REUSED ? 'signed_out' : response.status === 401 || response.status === 403 ? 'unauthorized' : response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'server' : 'bad_request';
        throw new HubRequestError(kind, said.data.error.message, response.status, parseRetryAfter(response.headers.get('Retry-After')));
      }
      if (code === 'sso_not_configured') throw new HubRequestError('not_configured', said.data!.error.message, response.status);
      throw describeStatus(response.status, code, said.data?.error.message, origin);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new HubRequestError('bad_response', `The hub at ${origin} answered ${path} with data Cuecard does not understand (is the hub up to date?).`);
    return parsed.data;
  }

  return {
    url: base,
    info: () => call('/v1/sso', ssoInfoResponse),
    start: (input) => call('/v1/sso/start', ssoStartResponse, input),
    exchange: (input) => call('/v1/sso/token', ssoTokenResponse, { grant: 'authorization_code', ...input }),
    refresh: (refreshToken) => call('/v1/sso/token', ssoTokenResponse, { grant: 'refresh_token', refreshToken }),
    logout: (refreshToken) => call('/v1/sso/logout', ssoLogoutResponse, { refreshToken }),
  };
}
