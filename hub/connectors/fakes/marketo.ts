/**
 * A Marketo Engage instance on loopback, for the connector's tests. Behaviour as Marketo documents
 * it (../shared/research/connectors.md §3; MK = AdobeDocs/marketo-developer.en help/rest-api/*):
 *
 * - `GET /identity/oauth/token?grant_type=client_credentials&client_id&client_secret`: a token
 *   with `expires_in` (3,599 s); asking again before expiry returns the SAME token with its
 *   remaining life (MK authentication).
 * - Every REST error arrives in an HTTP 200 body `{requestId, success: false, errors: [{code,
 *   message}]}` with string codes: 601 invalid token, 602 expired token (MK error-codes); tests
 *   script 606/607/615 the same way.
 * - `GET /rest/v1/activities/types.json`; `GET /rest/v1/activities/pagingtoken.json?sinceDatetime=`
 *   (ISO with offset or Z; MK paging-tokens); `GET /rest/v1/activities.json?nextPageToken&activityTypeIds`:
 *   each call scans at most 300 activities of EVERY type from the token's position and returns the
 *   ones of the asked types — possibly none, with `moreResult: true` (MK activities; Adobe KB
 *   ka-29362); `nextPageToken` always returned; at the end it points past the last activity.
 * - `GET /rest/v1/activities/deletedleads.json?nextPageToken`: Delete Lead (37) activities, same paging.
 * - `GET /rest/v1/leads.json?filterType=id&filterValues=1,2&fields=…`: up to 300 ids (MK leads);
 *   deleted leads are simply absent.
 * Tokens are opaque base64 of a position in the (time-ordered) activity log.
 */
import { randomUUID } from 'node:crypto';
import type { MarketoActivity } from '../../../lib/import/connectors/marketo';
import { FakeVendor, json, type FakeRequest, type FakeResponse } from './http';

/** An activity as the fake serves it: the wire shape the connector reads, with the id and attributes Marketo always sends. */
export type FakeMarketoActivity = MarketoActivity & { id: number; attributes: NonNullable<MarketoActivity['attributes']> };

export const MARKETO_TYPES: { id: number; name: string }[] = [
  { id: 1, name: 'Visit Webpage' },
  { id: 2, name: 'Fill Out Form' },
  { id: 3, name: 'Click Link' },
  { id: 6, name: 'Send Email' },
  { id: 7, name: 'Email Delivered' },
  { id: 10, name: 'Open Email' },
  { id: 11, name: 'Click Email' },
  { id: 12, name: 'New Lead' },
  { id: 13, name: 'Change Data Value' },
  { id: 37, name: 'Delete Lead' },
  { id: 104, name: 'Change Status in Progression' },
];

const SCAN = 300;

export class FakeMarketo extends FakeVendor {
  readonly leads = new Map<number, Record<string, unknown> & { id: number }>();
  private readonly log: FakeMarketoActivity[] = [];
  private readonly deletedLog: FakeMarketoActivity[] = [];
  client = { id: 'mkto-client-id', secret: 'mkto-client-secret-fake' };
  tokenLifetimeSeconds = 3_599;
  private token: { value: string; expiresAt: number } | undefined;
  private nextLeadId = 5_900_000;
  private nextActivityId = 2_024_000_000;

  constructor() {
    super('Marketo', (request) => this.route(request));
  }

  addLead(fields: Record<string, unknown>, at = Date.now()): number {
    const id = (fields.id as number | undefined) ?? this.nextLeadId++;
    this.leads.set(id, { ...fields, id, updatedAt: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    this.activity({ leadId: id, activityTypeId: 12, primaryAttributeValue: String(fields.email ?? '') }, at);
    return id;
  }

  /** A change in Marketo: the lead's fields, and a Change Data Value activity saying so. */
  updateLead(id: number, fields: Record<string, unknown>, at = Date.now()): void {
    const lead = this.leads.get(id);
    if (!lead) throw new Error(`no lead ${id}`);
    Object.assign(lead, fields, { updatedAt: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z') });
    this.activity({ leadId: id, activityTypeId: 13, primaryAttributeValue: Object.keys(fields).join(', ') }, at);
  }

  deleteLead(id: number, at = Date.now()): void {
    const lead = this.leads.get(id);
    this.leads.delete(id);
    this.deletedLog.push(this.makeActivity({ leadId: id, activityTypeId: 37, primaryAttributeValue: `${String(lead?.firstName ?? '')} ${String(lead?.lastName ?? '')}`.trim() }, at));
  }

  activity(fields: Omit<Partial<FakeMarketoActivity>, 'attributes'> & { leadId: number; activityTypeId: number; attributes?: FakeMarketoActivity['attributes'] }, at = Date.now()): FakeMarketoActivity {
    const activity = this.makeActivity(fields, at);
    this.log.push(activity);
    return activity;
  }

  private makeActivity(fields: Omit<Partial<FakeMarketoActivity>, 'attributes'> & { leadId: number; activityTypeId: number; attributes?: FakeMarketoActivity['attributes'] }, at: number): FakeMarketoActivity {
    const id = this.nextActivityId++;
    return { id, marketoGUID: String(id), activityDate: new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z'), attributes: [], ...fields };
  }

  /** The token now held stops working before its time (Marketo answers 601 / 602). */
  expireToken(): void {
    if (this.token) this.token.expiresAt = 0;
  }

  private route(request: FakeRequest): FakeResponse {
    if (request.path === '/identity/oauth/token') return this.identity(request);
    const presented = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1] ?? request.query.get('access_token') ?? '';
    const requestId = `${randomUUID().slice(0, 4)}#${Date.now().toString(16)}`;
    if (!this.token || presented !== this.token.value) {
      return json(200, { requestId, success: false, errors: [{ code: '601', message: 'Access token invalid' }] });
    }
    if (this.token.expiresAt <= Date.now()) return json(200, { requestId, success: false, errors: [{ code: '602', message: 'Access token expired' }] });
    switch (request.path) {
      case '/rest/v1/activities/types.json':
        return json(200, { requestId, success: true, result: MARKETO_TYPES.map((type) => ({ ...type, primaryAttribute: { name: 'id', dataType: 'integer' } })) });
      case '/rest/v1/activities/pagingtoken.json':
        return this.pagingToken(request, requestId);
      case '/rest/v1/activities.json':
        return this.activities(request, requestId, this.log, true);
      case '/rest/v1/activities/deletedleads.json':
        return this.activities(request, requestId, this.deletedLog, false);
      case '/rest/v1/leads.json':
        return this.leadsById(request, requestId);
      default:
        return json(404, { requestId, success: false, errors: [{ code: '404', message: `fake Marketo has no ${request.path}` }] });
    }
  }

  private identity(request: FakeRequest): FakeResponse {
    if (request.query.get('grant_type') !== 'client_credentials' || request.query.get('client_id') !== this.client.id || request.query.get('client_secret') !== this.client.secret) {
      return json(401, { error: 'unauthorized', error_description: 'Bad client credentials' });
    }
    // Asked again before expiry: the same token with what is left of its life (MK authentication).
    if (!this.token || this.token.expiresAt <= Date.now()) this.token = { value: `${randomUUID()}:ab`, expiresAt: Date.now() + this.tokenLifetimeSeconds * 1000 };
    return json(200, { access_token: this.token.value, token_type: 'bearer', expires_in: Math.max(0, Math.floor((this.token.expiresAt - Date.now()) / 1000)), scope: 'apiuser@acme.com' });
  }

  private encode(position: number): string {
    return Buffer.from(`pos:${position}`, 'utf8').toString('base64');
  }

  private decode(token: string): number | undefined {
    const text = Buffer.from(token, 'base64').toString('utf8');
    const match = /^pos:(\d+)$/.exec(text);
    return match ? Number(match[1]) : undefined;
  }

  private sorted(log: FakeMarketoActivity[]): FakeMarketoActivity[] {
    return log.sort((a, b) => a.activityDate.localeCompare(b.activityDate) || a.id - b.id);
  }

  private pagingToken(request: FakeRequest, requestId: string): FakeResponse {
    const since = request.query.get('sinceDatetime') ?? '';
    if (!/(Z|[+-]\d{2}:?\d{2})$/.test(since) || Number.isNaN(Date.parse(since))) {
      return json(200, { requestId, success: false, errors: [{ code: '1001', message: "Invalid value for sinceDatetime: needs a time zone" }] });
    }
    // Both logs are time-ordered; a date token is the position of the first activity at or after it in each.
    const at = Date.parse(since);
    const position = this.sorted(this.log).findIndex((activity) => Date.parse(activity.activityDate) >= at);
    const deletedPosition = this.sorted(this.deletedLog).findIndex((activity) => Date.parse(activity.activityDate) >= at);
    return json(200, { requestId, success: true, nextPageToken: Buffer.from(`date:${position < 0 ? this.log.length : position}:${deletedPosition < 0 ? this.deletedLog.length : deletedPosition}`, 'utf8').toString('base64') });
  }

  private position(token: string, deleted: boolean): number | undefined {
    const text = Buffer.from(token, 'base64').toString('utf8');
    const date = /^date:(\d+):(\d+)$/.exec(text);
    if (date) return Number(deleted ? date[2] : date[1]);
    return this.decode(token);
  }

  private activities(request: FakeRequest, requestId: string, log: FakeMarketoActivity[], typed: boolean): FakeResponse {
    const token = request.query.get('nextPageToken');
    const start = token ? this.position(token, !typed) : undefined;
    if (start === undefined) return json(200, { requestId, success: false, errors: [{ code: '1003', message: 'Invalid nextPageToken' }] });
    const types = typed ? new Set((request.query.get('activityTypeIds') ?? '').split(',').filter(Boolean).map(Number)) : undefined;
    if (types && types.size > 10) return json(200, { requestId, success: false, errors: [{ code: '1003', message: 'Too many activityTypeIds (at most 10)' }] });
    const ordered = this.sorted(log);
    const scanned = ordered.slice(start, start + SCAN);
    const result = types ? scanned.filter((activity) => types.has(activity.activityTypeId)) : scanned;
    const end = start + scanned.length;
    return json(200, { requestId, success: true, nextPageToken: this.encode(end), moreResult: end < ordered.length, ...(result.length > 0 ? { result } : {}) });
  }

  private leadsById(request: FakeRequest, requestId: string): FakeResponse {
    if (request.query.get('filterType') !== 'id') return json(200, { requestId, success: false, errors: [{ code: '1003', message: 'filterType must be id in this fake' }] });
    const ids = (request.query.get('filterValues') ?? '').split(',').filter(Boolean).map(Number);
    if (ids.length > 300) return json(200, { requestId, success: false, errors: [{ code: '1003', message: 'Too many filterValues (at most 300)' }] });
    const fields = (request.query.get('fields') ?? 'id,email,firstName,lastName,updatedAt').split(',');
    const result = ids
      .map((id) => this.leads.get(id))
      .filter((lead): lead is NonNullable<typeof lead> => !!lead)
      .map((lead) => Object.fromEntries(fields.map((field) => [field, lead[field] ?? null])));
    return json(200, { requestId, success: true, result });
  }

  /** The next activities (or deleted leads) call must carry this stored token. */
  expectTokenCursor(kind: 'activities' | 'deleted-leads', nextPageToken: string): void {
    this.expectCursor({
      label: kind,
      match: (request) => request.path === (kind === 'activities' ? '/rest/v1/activities.json' : '/rest/v1/activities/deletedleads.json'),
      read: (request) => ({ nextPageToken: request.query.get('nextPageToken') ?? undefined }),
      expected: { nextPageToken },
    });
  }
}

export const marketoError = (code: string, message: string): FakeResponse => json(200, { requestId: `${randomUUID().slice(0, 4)}#x`, success: false, errors: [{ code, message }] });
