/**
 * A Mautic instance on loopback, for the connector's tests. Behaviour as Mautic documents it
 * (../shared/research/connectors.md §4; MA = mautic/developer-documentation-new
 * docs/rest_api/contacts.rst):
 *
 * - `POST /oauth/v2/token` with `grant_type=client_credentials` (Mautic 4+, mautic/mautic#9837),
 *   `expires_in` 3600 by default; HTTP basic auth for an API user when enabled.
 * - `GET /api/contacts`: `where[n][col|expr|val]` filters (`gte` on `date_modified`), `orderBy`
 *   (snake case) + `orderByDir`, `start`/`limit` paging, `search=ids:1,2`, `minimal`. The answer's
 *   `total` is a STRING and `contacts` an OBJECT keyed by id (MA), so clients must not rely on key order.
 * - `GET /api/contacts/activity`: `filters[dateFrom]`/`[dateTo]` (`Y-m-d H:i:s`),
 *   `filters[includeEvents][]`, `page`/`limit`; answers `events`, `total`, `page`, `limit`, `maxPages` (MA sample).
 * - 401 `{"errors":[{"message":"API authorization denied.","code":401,"type":"access_denied"}]}`;
 *   the optional rate limiter's 429 is scripted by tests (mautic/mautic#6793).
 */
import { randomUUID } from 'node:crypto';
import { FakeVendor, json, type FakeRequest, type FakeResponse } from './http';

export interface FakeMauticContact {
  id: number;
  dateAdded: string;
  dateModified: string;
  fields: { all: Record<string, unknown> };
  stage?: { name: string } | null;
  owner?: { email: string } | null;
}

export interface FakeMauticEvent {
  event: string;
  eventId: string;
  eventLabel?: { label: string; href?: string };
  eventType?: string;
  timestamp: string;
  contactId: string;
  details?: Record<string, unknown>;
}

function mauticDateTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function parseMauticDate(text: string): number {
  // `Y-m-d H:i:s`, UTC.
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

export class FakeMautic extends FakeVendor {
  readonly contacts = new Map<number, FakeMauticContact>();
  readonly events: FakeMauticEvent[] = [];
  client = { id: '1_mautic-client-id', secret: 'mautic-client-secret-fake' };
  basicUser = { username: 'api-user', password: 'mautic-basic-password-fake' };
  readonly accessTokens = new Set<string>();
  private nextId = 40;
  private nextEvent = 700;

  constructor() {
    super('Mautic', (request) => this.route(request));
  }

  addContact(all: Record<string, unknown>, at = Date.now()): FakeMauticContact {
    const id = this.nextId++;
    const contact: FakeMauticContact = { id, dateAdded: mauticDateTime(at), dateModified: mauticDateTime(at), fields: { all: { id: String(id), ...all } } };
    this.contacts.set(id, contact);
    return contact;
  }

  updateContact(id: number, all: Record<string, unknown>, at = Date.now()): void {
    const contact = this.contacts.get(id);
    if (!contact) throw new Error(`no contact ${id}`);
    Object.assign(contact.fields.all, all);
    contact.dateModified = mauticDateTime(at);
  }

  deleteContact(id: number): void {
    this.contacts.delete(id);
  }

  addEvent(event: Omit<FakeMauticEvent, 'eventId' | 'timestamp'> & { at?: number }): FakeMauticEvent {
    const { at, ...rest } = event;
    const id = this.nextEvent++;
    const full: FakeMauticEvent = { ...rest, eventId: `${event.event}${id}`, timestamp: mauticDateTime(at ?? Date.now()) };
    this.events.push(full);
    this.eventTimes = undefined;
    return full;
  }

  /** Events in time order with their times, sorted once per change (the bench instance holds 40,000). */
  private eventTimes: number[] | undefined;
  private ordered(): { events: FakeMauticEvent[]; times: number[] } {
    if (!this.eventTimes) {
      this.events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp) || (a.eventId < b.eventId ? -1 : 1));
      this.eventTimes = this.events.map((event) => Date.parse(event.timestamp));
    }
    return { events: this.events, times: this.eventTimes };
  }

  expireTokens(): void {
    this.accessTokens.clear();
  }

  private route(request: FakeRequest): FakeResponse {
    if (request.method === 'POST' && request.path === '/oauth/v2/token') return this.token(request);
    if (!this.authorized(request)) return json(401, { errors: [{ message: 'API authorization denied.', code: 401, type: 'access_denied' }] });
    if (request.method === 'GET' && request.path === '/api/contacts') return this.list(request);
    if (request.method === 'GET' && request.path === '/api/contacts/activity') return this.activity(request);
    return json(404, { errors: [{ message: `fake Mautic has no ${request.path}`, code: 404, type: null }] });
  }

  private authorized(request: FakeRequest): boolean {
    const header = String(request.headers.authorization ?? '');
    const bearer = /^Bearer (.+)$/.exec(header)?.[1];
    if (bearer) return this.accessTokens.has(bearer);
    const basic = /^Basic (.+)$/.exec(header)?.[1];
    if (basic) return Buffer.from(basic, 'base64').toString('utf8') === `${this.basicUser.username}:${this.basicUser.password}`;
    return false;
  }

  private token(request: FakeRequest): FakeResponse {
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') !== 'client_credentials' || form.get('client_id') !== this.client.id || form.get('client_secret') !== this.client.secret) {
      return json(400, { errors: [{ message: 'The client credentials are invalid', code: 400, type: 'invalid_client' }] });
    }
    const token = `mautic-${randomUUID()}`;
    this.accessTokens.add(token);
    return json(200, { access_token: token, expires_in: 3600, token_type: 'bearer', scope: null });
  }

  private list(request: FakeRequest): FakeResponse {
    const q = request.query;
    let rows = [...this.contacts.values()];
    for (let i = 0; q.has(`where[${i}][col]`); i++) {
      const col = q.get(`where[${i}][col]`);
      const expr = q.get(`where[${i}][expr]`);
      const val = q.get(`where[${i}][val]`) ?? '';
      if (col !== 'date_modified' || expr !== 'gte') return json(400, { errors: [{ message: `fake Mautic filters only date_modified gte, got ${col} ${expr}`, code: 400 }] });
      const since = parseMauticDate(val);
      rows = rows.filter((contact) => Date.parse(contact.dateModified) >= since);
    }
    const search = q.get('search') ?? '';
    const ids = /^ids:([\d,]+)$/.exec(search);
    if (ids) {
      const wanted = new Set(ids[1]!.split(',').map(Number));
      rows = rows.filter((contact) => wanted.has(contact.id));
    }
    const orderBy = q.get('orderBy') ?? 'id';
    if (orderBy !== 'id' && orderBy !== 'date_modified') return json(400, { errors: [{ message: `Unknown orderBy ${orderBy} (snake case, e.g. date_modified)`, code: 400 }] });
    const key = (contact: FakeMauticContact) => (orderBy === 'id' ? contact.id : Date.parse(contact.dateModified) * 1_000 + contact.id);
    rows.sort((a, b) => key(a) - key(b));
    if (q.get('orderByDir') === 'desc') rows.reverse();
    const start = Number(q.get('start') ?? 0);
    const limit = Math.min(1_000, Number(q.get('limit') ?? 30));
    const page = rows.slice(start, start + limit);
    const minimal = q.get('minimal') === 'true';
    // An object keyed by id, `total` a string (MA).
    const contacts: Record<string, unknown> = {};
    for (const contact of page) {
      contacts[String(contact.id)] = minimal
        ? { id: contact.id, isPublished: true, dateAdded: contact.dateAdded, dateModified: contact.dateModified }
        : { id: contact.id, isPublished: true, dateAdded: contact.dateAdded, dateModified: contact.dateModified, points: 0, stage: contact.stage ?? null, owner: contact.owner ?? null, fields: contact.fields };
    }
    return json(200, { total: String(rows.length), contacts });
  }

  private activity(request: FakeRequest): FakeResponse {
    const q = request.query;
    const from = q.get('filters[dateFrom]');
    const to = q.get('filters[dateTo]');
    const include = new Set(q.getAll('filters[includeEvents][]'));
    const { events, times } = this.ordered();
    const first = (at: number) => {
      let low = 0;
      let high = times.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (times[mid]! < at) low = mid + 1;
        else high = mid;
      }
      return low;
    };
    const start = from ? first(parseMauticDate(from)) : 0;
    const end = to ? first(parseMauticDate(to) + 1) : events.length;
    const rows = events.slice(start, end).filter((event) => include.size === 0 || include.has(event.event));
    const limit = Math.min(100, Number(q.get('limit') ?? 25));
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const maxPages = Math.max(1, Math.ceil(rows.length / limit));
    return json(200, {
      events: rows.slice((page - 1) * limit, page * limit),
      filters: { search: '', includeEvents: [...include], excludeEvents: [] },
      order: ['timestamp', 'ASC'],
      total: rows.length,
      page,
      limit,
      maxPages,
    });
  }

  expectContactsCursor(expected: { since: string; start: number }): void {
    this.expectCursor({
      label: 'contacts',
      match: (request) => request.path === '/api/contacts' && request.query.has('where[0][val]'),
      read: (request) => ({ since: request.query.get('where[0][val]') ?? undefined, start: request.query.get('start') ?? undefined }),
      expected: { since: expected.since, start: String(expected.start) },
    });
  }

  expectActivityCursor(expected: { from: string; page: number }): void {
    this.expectCursor({
      label: 'activity',
      match: (request) => request.path === '/api/contacts/activity',
      read: (request) => ({ from: request.query.get('filters[dateFrom]') ?? undefined, page: request.query.get('page') ?? undefined }),
      expected: { from: expected.from, page: String(expected.page) },
    });
  }
}
