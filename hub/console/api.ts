/**
 * The console's only way to the data: the hub's /v1 routes on the same origin, answers checked with
 * the contract's schemas. The session travels as the hub's HttpOnly cookie (the page never sees it,
 * and never holds the token after signing in); a 401 anywhere means the session is over.
 */
import type { z } from 'zod';
import {
  attentionResponse,
  auditResponse,
  connectorListResponse,
  connectorResponse,
  connectorRemovedResponse,
  connectorStartedResponse,
  connectorTestResponse,
  hubError,
  importReportResponse,
  itemHistoryResponse,
  itemListResponse,
  itemPutResponse,
  itemResponse,
  leadsReportResponse,
  meResponse,
  sessionEndResponse,
  sessionResponse,
  scimTokenResponse,
  ssoInfoResponse,
  usageReportResponse,
  userResponse,
  usersResponse,
  userTokenResponse,
  type ConnectorCreate,
  type ConnectorPatch,
  type ItemListQuery,
  type LeadsGroupBy,
  type SyncKind,
  type UserCreate,
  type UserPatch,
} from '../../lib/contract';
import { STRINGS } from './strings';

export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ConsoleApiError';
  }
}

type Listener = (error: ConsoleApiError) => void;
let onSessionEnded: Listener | undefined;
/** The store listens here: any 401 but a failed sign-in shows the sign-in form again. */
export function whenSessionEnds(listener: Listener): void {
  onSessionEnded = listener;
}

interface CallInit {
  body?: unknown;
  /** A body sent as is (CSV), with its content type. */
  raw?: { text: string; type: string };
  /** Sign-in: a 401 is the answer to show, not a session that ended. */
  signingIn?: boolean;
}

async function call<T extends z.ZodType>(method: string, path: string, schema: T, init: CallInit = {}): Promise<z.infer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (init.raw) {
    headers['Content-Type'] = init.raw.type;
    body = init.raw.text;
  } else if (init.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(init.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store', redirect: 'error' });
  } catch {
    throw new ConsoleApiError(0, 'offline', STRINGS.errors.offline);
  }
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const said = hubError.safeParse(json);
    const error = new ConsoleApiError(response.status, said.data?.error.code ?? `http_${response.status}`, said.data?.error.message ?? STRINGS.errors.status(response.status));
    if (response.status === 401 && !init.signingIn) onSessionEnded?.(error);
    throw error;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ConsoleApiError(response.status, 'bad_response', STRINGS.errors.badResponse(path.split('?')[0]!));
  return parsed.data;
}

function queryString(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '' || value === false) continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const path = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

export const api = {
  signIn: (token: string) => call('POST', '/v1/session', sessionResponse, { body: { token }, signingIn: true }),
  signOut: () => call('DELETE', '/v1/session', sessionEndResponse),
  me: () => call('GET', '/v1/me', meResponse),
  /** Whether to offer "Sign in with your company" (no session needed to ask). */
  ssoInfo: () => call('GET', '/v1/sso', ssoInfoResponse, { signingIn: true }),
  /** A new SCIM token for the identity provider, shown once (admins). */
  scimToken: () => call('POST', '/v1/scim/token', scimTokenResponse),

  listItems: (kind: SyncKind, query: ItemListQuery) =>
    call('GET', `/v1/items/${path(kind)}${queryString(query as Record<string, string | number | undefined>)}`, itemListResponse),
  getItem: (kind: SyncKind, id: string) => call('GET', `/v1/items/${path(kind, id)}`, itemResponse),
  saveItem: (kind: SyncKind, id: string, row: unknown) => call('PUT', `/v1/items/${path(kind, id)}`, itemPutResponse, { body: row }),
  itemHistory: (kind: SyncKind, id: string) => call('GET', `/v1/items/${path(kind, id)}/history`, itemHistoryResponse),
  attention: () => call('GET', '/v1/attention', attentionResponse),
  audit: (query: { kind?: string; cursor?: number; limit?: number }) => call('GET', `/v1/audit${queryString(query)}`, auditResponse),

  importBundle: (text: string) => call('POST', '/v1/import', importReportResponse, { raw: { text, type: 'application/json' } }),
  importCsv: (text: string, choice: { preset?: string; dateOrder?: 'us' | 'eu' }) =>
    call('POST', `/v1/import${queryString(choice)}`, importReportResponse, { raw: { text, type: 'text/csv' } }),

  users: () => call('GET', '/v1/users', usersResponse),
  addUser: (input: UserCreate) => call('POST', '/v1/users', userTokenResponse, { body: input }),
  updateUser: (id: string, patch: UserPatch) => call('PATCH', `/v1/users/${path(id)}`, userResponse, { body: patch }),
  rotateToken: (id: string) => call('POST', `/v1/users/${path(id)}/rotate`, userTokenResponse),
  revokeUser: (id: string) => call('DELETE', `/v1/users/${path(id)}`, userResponse),

  usageReport: (query: { from?: string; to?: string; groupBy: 'message' | 'asset' | 'rep' | 'surface' | 'week' }) =>
    call('GET', `/v1/reports/usage${queryString(query)}`, usageReportResponse),
  leadsReport: (query: { from?: string; to?: string; groupBy: LeadsGroupBy }) => call('GET', `/v1/reports/leads${queryString(query)}`, leadsReportResponse),

  connectors: () => call('GET', '/v1/connectors', connectorListResponse),
  addConnector: (input: ConnectorCreate) => call('POST', '/v1/connectors', connectorResponse, { body: input }),
  /** Pause and resume are `{ enabled }`; a new URL needs the credentials again (the hub refuses it otherwise). */
  updateConnector: (id: string, patch: ConnectorPatch) => call('PATCH', `/v1/connectors/${path(id)}`, connectorResponse, { body: patch }),
  /** "Test the credentials": the hub signs in and reads one record, writes nothing. */
  testConnector: (id: string) => call('POST', `/v1/connectors/${path(id)}/run`, connectorTestResponse, { body: { dryRun: true } }),
  /** Starts a run and answers at once; its progress shows in connectors(). */
  runConnector: (id: string) => call('POST', `/v1/connectors/${path(id)}/run`, connectorStartedResponse, { body: {} }),
  removeConnector: (id: string) => call('DELETE', `/v1/connectors/${path(id)}`, connectorRemovedResponse),
};
