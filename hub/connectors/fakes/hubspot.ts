/**
 * A HubSpot portal on loopback, for the connector's tests, the bench and the e2e test. It answers
 * the endpoints the connector calls the way HubSpot documents them (../shared/research/connectors.md
 * §1; each behaviour below names its source):
 *
 * - `POST /crm/v3/objects/contacts/search`: filters on `lastmodifieddate` (ms) and `hs_object_id`,
 *   AND within a filter group; sorts; `limit` ≤ 200; `after` paging that answers 400 past 10,000
 *   results (AB-HS BEHAVIOR §3); `total` counts every match (AB-HS unit_tests contacts.json).
 *   Archived contacts never match a search: archiving does not change lastmodifieddate
 *   (airbytehq/airbyte#19838).
 * - `GET /crm/v3/objects/contacts?archived=true`: only archived contacts, `paging.next.after` (AB-HS `contacts_archived`).
 * - `GET /crm/v3/owners`: owner ids → emails.
 * - `GET /email/public/v1/events?startTimestamp&endTimestamp&limit&offset`: events in the window
 *   (ms, both ends inclusive), oldest first, `hasMore` + opaque `offset`, limit ≤ 1000 (HS-EE;
 *   AB-HS email_events.json for the fields, `filteredEvent` on OPEN/CLICK).
 * - `GET /email/public/v1/campaigns/{id}`: name and subject.
 * - `GET /forms/v2/forms`, `GET /form-integrations/v1/submissions/forms/{guid}` (newest first, `paging.next.after`, limit ≤ 50).
 * - `POST /oauth/v1/token` (grant_type=refresh_token; access tokens expire, HubSpot's after 30 min: AB-HS BEHAVIOR §8).
 * - 401 for an unknown or expired token; 429 bodies `{status, message, errorType: "RATE_LIMIT",
 *   correlationId, policyName}` scripted by tests (AB-HS; HS-SDK RetryDecorator reads policyName);
 *   `X-HubSpot-RateLimit-Daily` / `-Daily-Remaining` on every answer (HubSpot "API usage details" headers).
 */
import { randomUUID } from 'node:crypto';
import { mulberry32 } from '../../../lib/demo/random';
import { FakeVendor, json, type FakeRequest, type FakeResponse } from './http';

export interface FakeContact {
  id: string;
  properties: Record<string, string | null>;
  createdAt: number;
  /** lastmodifieddate, ms. */
  modifiedAt: number;
  archivedAt?: number;
}

export interface FakeEmailEvent {
  id: string;
  type: string;
  recipient: string;
  created: number;
  emailCampaignId?: number;
  url?: string;
  filteredEvent?: boolean;
}

export interface FakeForm {
  guid: string;
  name: string;
  submissions: { submittedAt: number; values: { name: string; value: string }[]; pageUrl?: string }[];
}

const SEARCH_CAP = 10_000;

export class FakeHubspot extends FakeVendor {
  readonly contacts = new Map<string, FakeContact>();
  private events: FakeEmailEvent[] = [];
  private eventsSorted = true;
  readonly campaigns = new Map<number, { name: string; subject: string }>();
  readonly owners = new Map<string, string>();
  readonly forms: FakeForm[] = [];
  /** Private-app tokens and OAuth access tokens that are valid now. */
  readonly validTokens = new Set<string>();
  /** OAuth: refresh token → client id; a revoked one is removed. */
  readonly refreshTokens = new Map<string, string>();
  oauthClient = { id: 'hs-client-id', secret: 'hs-client-secret-fake' };
  dailyLimit = 250_000;
  private nextId = 51_300_000;

  constructor() {
    super('HubSpot', (request) => this.route(request));
    this.everyAnswer = () => ({
      'X-HubSpot-RateLimit-Daily': String(this.dailyLimit),
      'X-HubSpot-RateLimit-Daily-Remaining': String(Math.max(0, this.dailyLimit - this.requests.length)),
    });
  }

  // --- the portal's data, as tests change it ----------------------------------------------------

  addContact(properties: Record<string, string>, options: { id?: string; modifiedAt?: number } = {}): FakeContact {
    const id = options.id ?? String(this.nextId++);
    const at = options.modifiedAt ?? Date.now();
    const contact: FakeContact = { id, properties: { ...properties, hs_object_id: id }, createdAt: at, modifiedAt: at };
    this.contacts.set(id, contact);
    return contact;
  }

  /** An edit in HubSpot: the properties change and lastmodifieddate moves to now. */
  updateContact(id: string, properties: Record<string, string>, modifiedAt = Date.now()): void {
    const contact = this.contacts.get(id);
    if (!contact) throw new Error(`no contact ${id}`);
    Object.assign(contact.properties, properties);
    contact.modifiedAt = modifiedAt;
  }

  /** Archive (HubSpot's delete): lastmodifieddate stays as it was (airbytehq/airbyte#19838). */
  archiveContact(id: string, at = Date.now()): void {
    const contact = this.contacts.get(id);
    if (!contact) throw new Error(`no contact ${id}`);
    contact.archivedAt = at;
  }

  addEvent(event: Omit<FakeEmailEvent, 'id'> & { id?: string }): FakeEmailEvent {
    const full = { id: event.id ?? randomUUID(), ...event };
    this.events.push(full);
    this.eventsSorted = false;
    return full;
  }

  addEvents(events: FakeEmailEvent[]): void {
    for (const event of events) this.events.push(event);
    this.eventsSorted = false;
  }

  get eventCount(): number {
    return this.events.length;
  }

  issueToken(token = `pat-na1-${randomUUID()}`): string {
    this.validTokens.add(token);
    return token;
  }

  /** An OAuth app install: a refresh token the connector trades for access tokens. */
  issueRefreshToken(token = `hs-refresh-${randomUUID()}`): string {
    this.refreshTokens.set(token, this.oauthClient.id);
    return token;
  }

  /** Every access token stops working (expiry); private-app tokens too when `all`. */
  expireAccessTokens(): void {
    this.validTokens.clear();
  }

  // --- requests --------------------------------------------------------------------------------

  private authorized(request: FakeRequest): boolean {
    const match = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''));
    return !!match && this.validTokens.has(match[1]!);
  }

  private route(request: FakeRequest): FakeResponse {
    if (request.method === 'POST' && request.path === '/oauth/v1/token') return this.token(request);
    if (!this.authorized(request)) {
      // HubSpot's 401 body (AB-HS BEHAVIOR §8).
      return json(401, { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION', correlationId: randomUUID() });
    }
    if (request.method === 'POST' && request.path === '/crm/v3/objects/contacts/search') return this.search(request);
    if (request.method === 'GET' && request.path === '/crm/v3/objects/contacts') return this.list(request);
    if (request.method === 'GET' && request.path === '/crm/v3/owners/') return this.ownerList();
    if (request.method === 'GET' && request.path === '/crm/v3/owners') return this.ownerList();
    if (request.method === 'GET' && request.path === '/email/public/v1/events') return this.emailEvents(request);
    const campaign = /^\/email\/public\/v1\/campaigns\/(\d+)$/.exec(request.path);
    if (request.method === 'GET' && campaign) {
      const found = this.campaigns.get(Number(campaign[1]));
      return found ? json(200, { id: Number(campaign[1]), ...found }) : json(404, { status: 'error', message: 'resource not found' });
    }
    if (request.method === 'GET' && request.path === '/forms/v2/forms') return json(200, this.forms.map((form) => ({ guid: form.guid, name: form.name })));
    const submissions = /^\/form-integrations\/v1\/submissions\/forms\/([^/]+)$/.exec(request.path);
    if (request.method === 'GET' && submissions) return this.formSubmissions(decodeURIComponent(submissions[1]!), request);
    return json(404, { status: 'error', message: `fake HubSpot has no ${request.method} ${request.path}` });
  }

  private token(request: FakeRequest): FakeResponse {
    const form = new URLSearchParams(request.body);
    const refresh = form.get('refresh_token') ?? '';
    if (form.get('grant_type') !== 'refresh_token' || form.get('client_id') !== this.oauthClient.id || form.get('client_secret') !== this.oauthClient.secret) {
      return json(400, { status: 'BAD_CLIENT_ID', message: 'missing or unknown client id' });
    }
    if (!this.refreshTokens.has(refresh)) return json(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or unknown refresh token' });
    const access = this.issueToken(`hs-access-${randomUUID()}`);
    return json(200, { token_type: 'bearer', refresh_token: refresh, access_token: access, expires_in: 1800 });
  }

  private filterValue(body: { filterGroups?: { filters?: { propertyName: string; operator: string; value?: string }[] }[] }, property: string, operator: string): string | undefined {
    return body.filterGroups?.[0]?.filters?.find((filter) => filter.propertyName === property && filter.operator === operator)?.value;
  }

  private search(request: FakeRequest): FakeResponse {
    const body = JSON.parse(request.body || '{}') as {
      filterGroups?: { filters?: { propertyName: string; operator: string; value?: string }[] }[];
      sorts?: (string | { propertyName: string; direction?: string })[];
      properties?: string[];
      limit?: number;
      after?: string;
    };
    const limit = body.limit ?? 10;
    if (limit > 200) return json(400, { status: 'error', message: 'limit must be at most 200', category: 'VALIDATION_ERROR' });
    const offset = Number(body.after ?? 0);
    if (offset + limit > SEARCH_CAP) {
      return json(400, { status: 'error', message: `Cannot page beyond ${SEARCH_CAP} results`, category: 'VALIDATION_ERROR' });
    }
    const matches = (contact: FakeContact) =>
      (body.filterGroups ?? [{ filters: [] }]).some((group) =>
        (group.filters ?? []).every((filter) => {
          const value = filter.propertyName === 'lastmodifieddate' ? contact.modifiedAt : Number(contact.properties[filter.propertyName] ?? Number.NaN);
          const wanted = Number(filter.value);
          switch (filter.operator) {
            case 'GTE': return value >= wanted;
            case 'GT': return value > wanted;
            case 'LTE': return value <= wanted;
            case 'LT': return value < wanted;
            case 'EQ': return value === wanted;
            default: return false;
          }
        }),
      );
    const sort = body.sorts?.[0];
    const sortProperty = typeof sort === 'string' ? sort.replace(/^-/, '') : (sort?.propertyName ?? 'hs_object_id');
    const descending = typeof sort === 'string' ? sort.startsWith('-') : sort?.direction === 'DESCENDING';
    const key = (contact: FakeContact) => (sortProperty === 'lastmodifieddate' ? contact.modifiedAt : Number(contact.properties[sortProperty] ?? contact.id));
    const all = [...this.contacts.values()].filter((contact) => contact.archivedAt === undefined && matches(contact)).sort((a, b) => (descending ? key(b) - key(a) : key(a) - key(b)));
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? String(offset + limit) : undefined;
    return json(200, {
      total: all.length,
      results: page.map((contact) => this.contactJson(contact, body.properties)),
      ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}),
    });
  }

  private contactJson(contact: FakeContact, properties?: string[]) {
    const wanted = properties ?? ['email', 'firstname', 'lastname'];
    const props: Record<string, string | null> = {};
    for (const name of wanted) {
      if (name === 'lastmodifieddate') props[name] = new Date(contact.modifiedAt).toISOString();
      else if (name in contact.properties) props[name] = contact.properties[name] ?? null;
    }
    props.hs_object_id = contact.id;
    return {
      id: contact.id,
      properties: props,
      createdAt: new Date(contact.createdAt).toISOString(),
      updatedAt: new Date(contact.modifiedAt).toISOString(),
      archived: contact.archivedAt !== undefined,
      ...(contact.archivedAt !== undefined ? { archivedAt: new Date(contact.archivedAt).toISOString() } : {}),
    };
  }

  private list(request: FakeRequest): FakeResponse {
    const archived = request.query.get('archived') === 'true';
    const limit = Math.min(100, Number(request.query.get('limit') ?? 10));
    const offset = Number(request.query.get('after') ?? 0);
    const properties = request.query.getAll('properties').flatMap((value) => value.split(','));
    const all = [...this.contacts.values()].filter((contact) => (contact.archivedAt !== undefined) === archived).sort((a, b) => Number(a.id) - Number(b.id));
    const page = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? String(offset + limit) : undefined;
    return json(200, { results: page.map((contact) => this.contactJson(contact, properties)), ...(next ? { paging: { next: { after: next, link: `?after=${next}` } } } : {}) });
  }

  private ownerList(): FakeResponse {
    return json(200, { results: [...this.owners].map(([id, email]) => ({ id, email, firstName: '', lastName: '', userId: Number(id), archived: false })) });
  }

  private sortedEvents(): FakeEmailEvent[] {
    if (!this.eventsSorted) {
      this.events.sort((a, b) => a.created - b.created || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.eventsSorted = true;
    }
    return this.events;
  }

  private emailEvents(request: FakeRequest): FakeResponse {
    const start = Number(request.query.get('startTimestamp') ?? 0);
    const end = Number(request.query.get('endTimestamp') ?? Number.MAX_SAFE_INTEGER);
    const limit = Math.min(1_000, Number(request.query.get('limit') ?? 100));
    const offsetText = request.query.get('offset');
    const events = this.sortedEvents();
    // First event at or after `start` (binary search: the bench portal holds 500,000).
    let low = 0;
    let high = events.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (events[mid]!.created < start) low = mid + 1;
      else high = mid;
    }
    const from = offsetText ? Number(Buffer.from(offsetText, 'base64url').toString('utf8')) : low;
    const page: FakeEmailEvent[] = [];
    let index = from;
    for (; index < events.length && page.length < limit; index++) {
      const event = events[index]!;
      if (event.created > end) break;
      page.push(event);
    }
    const hasMore = index < events.length && events[index]!.created <= end;
    return json(200, {
      hasMore,
      ...(hasMore ? { offset: Buffer.from(String(index), 'utf8').toString('base64url') } : {}),
      events: page.map((event) => ({
        appName: 'Batch',
        portalId: 4821337,
        sentBy: { id: randomUUID(), created: event.created - 60_000 },
        ...event,
      })),
    });
  }

  private formSubmissions(guid: string, request: FakeRequest): FakeResponse {
    const form = this.forms.find((candidate) => candidate.guid === guid);
    if (!form) return json(404, { status: 'error', message: 'form not found' });
    const limit = Math.min(50, Number(request.query.get('limit') ?? 20));
    const offset = Number(request.query.get('after') ?? 0);
    const newestFirst = [...form.submissions].sort((a, b) => b.submittedAt - a.submittedAt);
    const page = newestFirst.slice(offset, offset + limit);
    const next = offset + limit < newestFirst.length ? String(offset + limit) : undefined;
    return json(200, { results: page, ...(next ? { paging: { next: { after: next, link: '' } } } : {}) });
  }

  // --- expectations ----------------------------------------------------------------------------

  /** The next contacts search must start from this stored cursor. */
  expectSearchCursor(expected: { since: number; afterId: string }): void {
    this.expectCursor({
      label: 'contacts search',
      match: (request) => request.path === '/crm/v3/objects/contacts/search',
      read: (request) => {
        const body = JSON.parse(request.body || '{}') as Parameters<FakeHubspot['filterValue']>[0];
        return { since: this.filterValue(body, 'lastmodifieddate', 'GTE'), afterId: this.filterValue(body, 'hs_object_id', 'GT') };
      },
      expected: { since: String(expected.since), afterId: expected.afterId },
    });
  }

  /** The next email events request must start from this stored cursor. */
  expectEventsCursor(expected: { start: number; offset: string | null }): void {
    this.expectCursor({
      label: 'email events',
      match: (request) => request.path === '/email/public/v1/events',
      read: (request) => ({ start: request.query.get('startTimestamp') ?? undefined, offset: request.query.get('offset') ?? undefined }),
      expected: { start: String(expected.start), offset: expected.offset ?? undefined },
    });
  }
}

export const RATE_LIMIT_BODY = (policyName: 'TEN_SECONDLY_ROLLING' | 'DAILY') => ({
  status: 'error',
  message: `You have reached your ${policyName.toLowerCase()} limit.`,
  errorType: 'RATE_LIMIT',
  correlationId: randomUUID(),
  policyName,
});

const FIRST = ['Ana', 'Ben', 'Chloe', 'Dev', 'Elif', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jon', 'Kemi', 'Luca', 'Mina', 'Noor', 'Omar', 'Pia'];
const LAST = ['Ruiz', 'Okafor', 'Lindqvist', 'Patel', 'Yilmaz', 'Haddad', 'Kim', 'Moreau', 'Silva', 'Berg', 'Adeyemi', 'Rossi'];
const COMPANIES = ['Acme Freight', 'Borealis Health', 'Cobalt Bank', 'Delta Robotics', 'Ember Retail', 'Fjord Energy', 'Granite Insurance', 'Helix Biotech'];
const TYPES = ['OPEN', 'OPEN', 'CLICK', 'DELIVERED', 'OPEN', 'CLICK', 'SENT', 'OPEN'];

/**
 * A portal of `contacts` people and `events` email events over the last `days` days, the same for
 * the same seed: the bench's 10,000 people / 500,000 events.
 */
export function seedHubspotPortal(
  fake: FakeHubspot,
  options: { contacts: number; events: number; seed?: number; days?: number; now?: number; /** Event types, cycled (default: opens, clicks and delivery events). */ types?: readonly string[] },
): void {
  const types = options.types ?? TYPES;
  // Seeded, so the fake holds the same data in every run.
  const random = mulberry32(options.seed ?? 42);
  const now = options.now ?? Date.now();
  const span = (options.days ?? 300) * 24 * 60 * 60_000;
  const emails: string[] = [];
  for (let i = 0; i < options.contacts; i++) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const company = COMPANIES[i % COMPANIES.length]!;
    const domain = `${company.toLowerCase().replace(/[^a-z]+/g, '-')}.example`;
    const email = `${first.toLowerCase()}.${last.toLowerCase()}.${i}@${domain}`;
    emails.push(email);
    fake.addContact(
      { email, firstname: first, lastname: last, company, jobtitle: i % 3 === 0 ? 'VP Finance' : 'Operations Manager', lifecyclestage: i % 4 === 0 ? 'marketingqualifiedlead' : 'lead', website: `https://www.${domain}` },
      { id: String(60_000_000 + i), modifiedAt: now - span + Math.floor(random() * span) },
    );
  }
  for (let c = 1; c <= 40; c++) fake.campaigns.set(1_000 + c, { name: `Campaign ${c}`, subject: `Freight insights #${c}` });
  const events: FakeEmailEvent[] = new Array(options.events);
  const step = span / Math.max(1, options.events);
  for (let i = 0; i < options.events; i++) {
    const type = types[i % types.length]!;
    events[i] = {
      id: `ev-${i.toString(36)}`,
      type,
      recipient: emails[Math.floor(random() * emails.length)] ?? 'nobody@example.com',
      created: Math.floor(now - span + i * step),
      emailCampaignId: 1_001 + (i % 40),
      ...(type === 'CLICK' ? { url: 'https://www.example.com/freight-guide' } : {}),
      ...(type === 'OPEN' || type === 'CLICK' ? { filteredEvent: random() < 0.05 } : {}),
    };
  }
  fake.addEvents(events);
}
