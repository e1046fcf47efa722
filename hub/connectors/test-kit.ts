/**
 * What the connector tests share: the two database backends of hub/hub.test.ts (hub/test-backends.ts:
 * PGlite in memory, and a Postgres server when CUECARD_TEST_PG_URL is set), a hub app with
 * connector routes, and one scenario per vendor that drives its loopback fake the way the vendor
 * would change (new activity, an edit, a delete, a rate limit, expired credentials).
 *
 * Test code only: imported by *.test.ts, never by the hub.
 */
import { randomBytes } from 'node:crypto';
import type { ConnectorCreate, ConnectorVendor, Prospect, Touch } from '../../lib/contract';
import { createHubApp } from '../app';
import type { HubDb } from '../db';
import { addUser, readChanges } from '../store';
import { FakeHubspot, RATE_LIMIT_BODY } from './fakes/hubspot';
import { json, type FakeVendor } from './fakes/http';
import { FakeMarketo, marketoError } from './fakes/marketo';
import { FakeMautic } from './fakes/mautic';
import { FakeSalesforce, type FakeRecord } from './fakes/salesforce';
import { secretBoxFromKey, type SecretBox } from '../secret-box';

export { backends as BACKENDS } from '../test-backends';

export const TEST_KEY = randomBytes(32);
export const testSecrets = (): SecretBox => secretBoxFromKey(TEST_KEY, 'the test key');

export async function resetDb(db: HubDb): Promise<void> {
  await db.query('TRUNCATE changes, usage_events, users, hub_meta, connectors, audit_log RESTART IDENTITY CASCADE');
}

/** Everything on the change log, latest state per item, as a rep's sync would end up. */
export async function workspace(db: HubDb): Promise<{ prospects: Map<string, Prospect>; touches: Map<string, Touch>; deleted: Set<string>; seq: number }> {
  const prospects = new Map<string, Prospect>();
  const touches = new Map<string, Touch>();
  const deleted = new Set<string>();
  let cursor = 0;
  for (;;) {
    const page = await readChanges(db, cursor, 5_000);
    const body = JSON.parse(page.json) as { changes: { kind: string; op: string; id: string; data?: unknown }[]; cursor: number; hasMore: boolean };
    for (const change of body.changes) {
      if (change.op === 'delete') deleted.add(`${change.kind}:${change.id}`);
      else if (change.kind === 'prospect') prospects.set(change.id, change.data as Prospect);
      else if (change.kind === 'touch') touches.set(change.id, change.data as Touch);
    }
    cursor = body.cursor;
    if (!body.hasMore) return { prospects, touches, deleted, seq: cursor };
  }
}

export async function storedCursors(db: HubDb, connectorId: string): Promise<Map<string, unknown>> {
  const rows = (await db.query<{ stream: string; cursor: unknown }>('SELECT stream, cursor FROM connector_streams WHERE connector_id = $1', [connectorId])).rows;
  return new Map(rows.map((row) => [row.stream, row.cursor]));
}

export async function adminApp(db: HubDb, extra: { log?: (line: string) => void; logError?: (error: unknown) => void } = {}) {
  const { token } = await addUser(db, 'Test admin', 'admin');
  const app = createHubApp({ db, rateLimit: false, logError: extra.logError ?? (() => undefined), connectors: { secrets: testSecrets(), log: extra.log } });
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await app.request(path, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, text, json: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };
  return { app, call, token };
}

// ------------------------------------------------------------------------------------------
// Vendor scenarios

const DAY = 24 * 60 * 60_000;

export interface Scenario {
  vendor: ConnectorVendor;
  fake: FakeVendor;
  /** The body of POST /v1/connectors (credentials the fake accepts). */
  create(name: string): ConnectorCreate;
  /** Every secret the connector holds: none may appear in an answer or a log line. */
  secretValues(): string[];
  /** `people` people with `activities` activities each, over the last few weeks. */
  seed(people: number, activities: number): void;
  email(i: number): string;
  /** Touch ids the seed and later additions should produce. */
  expectedTouchIds(): Set<string>;
  /** A new click by person i; answers the touch id it should become. */
  addClick(i: number): string;
  /** A bot open by person i, when the vendor flags bots: the touch id and the raw flag it should keep. */
  addBotOpen?(i: number): { id: string; botFlag: string };
  update(i: number, title: string): void;
  /** The vendor deletes person i (a connector only learns it through the vendor's deletes feed). */
  remove(i: number, db: HubDb, connectorId: string): Promise<void>;
  /** Arms the fake to fail the test unless the next requests carry these stored cursors. */
  expectStoredCursors(cursors: Map<string, unknown>): void;
  /** The next data request is rate limited; the wait the connector should honour (ms). */
  rateLimitNext(): number;
  /** The next data request says the daily quota is spent (undefined: the vendor has no daily quota). */
  dailyQuotaNext?(): void;
  /** The credentials in use expire after the next data answer (they refresh). */
  expireAfterNextAnswer(): void;
  /** The credentials are revoked for good. */
  revoke(): void;
  /** Streams whose pages a broken run can stop between. */
  dataPaths: RegExp;
}

export function hubspotScenario(): Scenario {
  const fake = new FakeHubspot();
  const touchIds = new Set<string>();
  const people: string[] = [];
  const refresh = fake.issueRefreshToken();
  const email = (i: number) => `person${i}@northwind-${i % 7}.example`;
  const event = (i: number, type: string, at: number, extra: Partial<{ url: string; filteredEvent: boolean }> = {}) => {
    const added = fake.addEvent({ type, recipient: email(i), created: at, emailCampaignId: 11, ...extra });
    if (type === 'OPEN' || type === 'CLICK') touchIds.add(`t-hs-${added.id}`);
    return added;
  };
  fake.campaigns.set(11, { name: 'Freight webinar', subject: 'Cut freight costs' });
  return {
    vendor: 'hubspot',
    fake,
    create: (name) => ({ vendor: 'hubspot', name, baseUrl: fake.url, credentials: { clientId: fake.oauthClient.id, clientSecret: fake.oauthClient.secret, refreshToken: refresh } }),
    secretValues: () => [refresh, fake.oauthClient.secret, fake.oauthClient.id, ...fake.validTokens],
    seed(count, activities) {
      const now = Date.now();
      for (let i = 0; i < count; i++) {
        const contact = fake.addContact({ email: email(i), firstname: `Person${i}`, lastname: 'Test', jobtitle: 'Buyer', company: `Northwind ${i % 7}` }, { modifiedAt: now - 40 * DAY + i });
        people.push(contact.id);
        for (let a = 0; a < activities; a++) event(i, a % 3 === 2 ? 'DELIVERED' : a % 2 ? 'CLICK' : 'OPEN', now - 60 * DAY + i * 1_000 + a * 12 * 60 * 60_000, a % 2 ? { url: 'https://northwind.example/guide' } : {});
      }
    },
    email,
    expectedTouchIds: () => touchIds,
    addClick: (i) => `t-hs-${event(i, 'CLICK', Date.now() - 1_000, { url: 'https://northwind.example/pricing', filteredEvent: false }).id}`,
    addBotOpen: (i) => ({ id: `t-hs-${event(i, 'OPEN', Date.now() - 900, { filteredEvent: true }).id}`, botFlag: 'filteredEvent=true' }),
    update: (i, title) => fake.updateContact(people[i]!, { jobtitle: title }),
    async remove(i) {
      // Archived contacts keep their events at HubSpot; the connector deletes them with the person.
      fake.archiveContact(people[i]!);
    },
    expectStoredCursors(cursors) {
      const contacts = cursors.get('contacts') as { since: number; afterId: string };
      const events = cursors.get('email-events') as { start: number; offset: string | null };
      fake.expectSearchCursor({ since: contacts.since, afterId: contacts.afterId });
      fake.expectEventsCursor({ start: events.start, offset: events.offset });
    },
    rateLimitNext() {
      fake.inject({ match: (request) => request.path === '/crm/v3/objects/contacts/search', responses: [json(429, RATE_LIMIT_BODY('TEN_SECONDLY_ROLLING'), { 'Retry-After': '3' })] });
      return 3_000;
    },
    dailyQuotaNext() {
      fake.inject({ match: (request) => request.path === '/crm/v3/objects/contacts/search', responses: [json(429, RATE_LIMIT_BODY('DAILY'))] });
    },
    expireAfterNextAnswer() {
      const previous = fake.onAnswered;
      fake.onAnswered = (request, count) => {
        previous?.(request, count);
        if (request.path.startsWith('/crm/') || request.path.startsWith('/email/')) {
          fake.expireAccessTokens();
          fake.onAnswered = previous;
        }
      };
    },
    revoke() {
      fake.refreshTokens.clear();
      fake.expireAccessTokens();
    },
    dataPaths: /^\/(crm|email)\//,
  };
}

export function salesforceScenario(): Scenario {
  const fake = new FakeSalesforce();
  fake.rotateRefreshTokens = true;
  fake.batchSize = 40;
  const refresh = fake.issueRefreshToken();
  const issuedRefreshTokens = [refresh];
  const originalIssue = fake.issueRefreshToken.bind(fake);
  fake.issueRefreshToken = (token?: string) => {
    const issued = originalIssue(token);
    issuedRefreshTokens.push(issued);
    return issued;
  };
  let usedFirst = 0;
  const touchIds = new Set<string>();
  const contacts: FakeRecord[] = [];
  const email = (i: number) => `person${i}@northwind-${i % 7}.example`;
  const account = (i: number) => ({ Name: `Northwind ${i % 7}`, Website: `https://www.northwind-${i % 7}.example`, Industry: 'Logistics' });
  const webinar = fake.upsert('Campaign', { Name: 'Freight webinar', Type: 'Webinar' }, Date.now() - 90 * DAY);
  const email1 = fake.upsert('Campaign', { Name: 'November newsletter', Type: 'Email' }, Date.now() - 90 * DAY);
  return {
    vendor: 'salesforce',
    fake,
    // Each connector gets its own grant: with rotation on, a token one connector spent is void for the next.
    create: (name) => ({ vendor: 'salesforce', name, loginUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: fake.client.secret, refreshToken: issuedRefreshTokens.length === 1 && !usedFirst++ ? refresh : fake.issueRefreshToken() } }),
    secretValues: () => [...issuedRefreshTokens, fake.client.secret, fake.client.id, ...fake.accessTokens],
    seed(count, activities) {
      const now = Date.now();
      for (let i = 0; i < count; i++) {
        const contact = fake.upsert('Contact', { Email: email(i), FirstName: `Person${i}`, LastName: 'Test', Title: 'Buyer', Account: account(i), Owner: { Email: 'rep@acme.example' } }, now - 40 * DAY + i);
        contacts.push(contact);
        for (let a = 0; a < activities; a++) {
          const member = fake.upsert(
            'CampaignMember',
            { CampaignId: a % 2 ? email1.Id : webinar.Id, ContactId: contact.Id, Email: email(i), Status: a % 2 ? 'Clicked' : 'Attended', HasResponded: true, FirstRespondedDate: new Date(now - 50 * DAY + a * DAY).toISOString().slice(0, 10), CreatedDate: new Date(now - 55 * DAY).toISOString() },
            now - 39 * DAY + i * 10 + a,
          );
          touchIds.add(`t-sfcm-${member.Id}-${a % 2 ? 'email_click' : 'webinar'}`);
        }
      }
    },
    email,
    expectedTouchIds: () => touchIds,
    addClick(i) {
      const member = fake.upsert('CampaignMember', { CampaignId: email1.Id, ContactId: contacts[i]!.Id, Email: email(i), Status: 'Clicked', HasResponded: true, FirstRespondedDate: new Date().toISOString().slice(0, 10), CreatedDate: new Date().toISOString() });
      const id = `t-sfcm-${member.Id}-email_click`;
      touchIds.add(id);
      return id;
    },
    update: (i, title) => void fake.upsert('Contact', { ...contacts[i]!, Title: title }),
    async remove(i) {
      fake.softDelete('Contact', contacts[i]!.Id);
    },
    expectStoredCursors(cursors) {
      const contact = cursors.get('contacts') as { since: string; after: { ts: string; id: string } | null };
      const members = cursors.get('campaign-members') as { since: string; after: { ts: string; id: string } | null };
      fake.expectSoqlCursor('Contact', contact);
      fake.expectSoqlCursor('CampaignMember', members);
    },
    rateLimitNext() {
      // The per-org concurrency limit shares the error code with the daily one, not its message.
      fake.inject({ match: (request) => /\/query(All)?$/.test(request.path), responses: [json(403, [{ message: 'ConcurrentPerOrgLongTxn Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }])] });
      return 1_000;
    },
    dailyQuotaNext() {
      fake.inject({ match: (request) => /\/query(All)?$/.test(request.path), responses: [json(403, [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }])] });
    },
    expireAfterNextAnswer() {
      const previous = fake.onAnswered;
      fake.onAnswered = (request, count) => {
        previous?.(request, count);
        if (request.path.startsWith('/services/data/')) {
          fake.expireSessions();
          fake.onAnswered = previous;
        }
      };
    },
    revoke() {
      fake.refreshTokens.clear();
      fake.expireSessions();
    },
    dataPaths: /^\/services\/data\//,
  };
}

export function marketoScenario(): Scenario {
  const fake = new FakeMarketo();
  const touchIds = new Set<string>();
  const leads: number[] = [];
  const email = (i: number) => `person${i}@northwind-${i % 7}.example`;
  const originalSecret = fake.client.secret;
  return {
    vendor: 'marketo',
    fake,
    create: (name) => ({ vendor: 'marketo', name, baseUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: originalSecret } }),
    secretValues: () => [originalSecret, fake.client.id],
    seed(count, activities) {
      const now = Date.now() - 40 * DAY;
      for (let i = 0; i < count; i++) leads.push(fake.addLead({ email: email(i), firstName: `Person${i}`, lastName: 'Test', title: 'Buyer', company: `Northwind ${i % 7}` }, now + i));
      for (let a = 0; a < activities; a++) {
        for (let i = 0; i < count; i++) {
          // Delivered mail interleaved: the connector does not ask for type 7, so some scans come back empty.
          fake.activity({ leadId: leads[i]!, activityTypeId: 7, primaryAttributeValue: 'Freight.Email 1' }, now + DAY + a * 1_000 + i);
          const activity = fake.activity(
            a % 2
              ? { leadId: leads[i]!, activityTypeId: 11, primaryAttributeValue: 'Freight.Email 1', attributes: [{ name: 'Link', value: 'https://northwind.example/guide' }, { name: 'Is Bot Activity', value: false }, { name: 'Bot Activity Pattern', value: 'N/A' }] }
              : { leadId: leads[i]!, activityTypeId: 1, primaryAttributeValue: 'northwind.example/pricing' },
            now + DAY + a * 1_000 + i,
          );
          touchIds.add(`t-mkto-${activity.marketoGUID}`);
        }
      }
    },
    email,
    expectedTouchIds: () => touchIds,
    addClick(i) {
      const activity = fake.activity({ leadId: leads[i]!, activityTypeId: 11, primaryAttributeValue: 'Freight.Email 2', attributes: [{ name: 'Link', value: 'https://northwind.example/pricing' }, { name: 'Is Bot Activity', value: false }] });
      touchIds.add(`t-mkto-${activity.marketoGUID}`);
      return `t-mkto-${activity.marketoGUID}`;
    },
    addBotOpen(i) {
      const activity = fake.activity({ leadId: leads[i]!, activityTypeId: 10, primaryAttributeValue: 'Freight.Email 2', attributes: [{ name: 'Is Bot Activity', value: true }, { name: 'Bot Activity Pattern', value: 'Apple MPP' }] });
      touchIds.add(`t-mkto-${activity.marketoGUID}`);
      return { id: `t-mkto-${activity.marketoGUID}`, botFlag: 'Is Bot Activity=true; Bot Activity Pattern=Apple MPP' };
    },
    update: (i, title) => fake.updateLead(leads[i]!, { title }),
    async remove(i) {
      fake.deleteLead(leads[i]!);
    },
    expectStoredCursors(cursors) {
      fake.expectTokenCursor('activities', (cursors.get('activities') as { nextPageToken: string }).nextPageToken);
      fake.expectTokenCursor('deleted-leads', (cursors.get('deleted-leads') as { nextPageToken: string }).nextPageToken);
    },
    rateLimitNext() {
      fake.inject({ match: (request) => request.path === '/rest/v1/activities.json', responses: [marketoError('606', "Max rate limit '100' exceeded with in '20' secs")] });
      return 1_000;
    },
    dailyQuotaNext() {
      fake.inject({ match: (request) => request.path === '/rest/v1/activities.json', responses: [marketoError('607', 'Daily quota reached')] });
    },
    expireAfterNextAnswer() {
      const previous = fake.onAnswered;
      fake.onAnswered = (request, count) => {
        previous?.(request, count);
        if (request.path.startsWith('/rest/')) {
          fake.expireToken();
          fake.onAnswered = previous;
        }
      };
    },
    revoke() {
      fake.client.secret = 'rotated-by-an-admin';
      fake.expireToken();
    },
    dataPaths: /^\/rest\//,
  };
}

export function mauticScenario(): Scenario {
  const fake = new FakeMautic();
  const touchIds = new Set<string>();
  const contacts: number[] = [];
  const email = (i: number) => `person${i}@northwind-${i % 7}.example`;
  const originalSecret = fake.client.secret;
  return {
    vendor: 'mautic',
    fake,
    create: (name) => ({ vendor: 'mautic', name, baseUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: originalSecret } }),
    secretValues: () => [originalSecret, fake.client.id, ...fake.accessTokens],
    seed(count, activities) {
      const now = Date.now() - 40 * DAY;
      for (let i = 0; i < count; i++) contacts.push(fake.addContact({ email: email(i), firstname: `Person${i}`, lastname: 'Test', position: 'Buyer', company: `Northwind ${i % 7}` }, now + i * 1_000).id);
      for (let a = 0; a < activities; a++) {
        for (let i = 0; i < count; i++) {
          const event = a % 2
            ? fake.addEvent({ event: 'page.hit', contactId: String(contacts[i]), details: { hit: { url: 'https://northwind.example/guide', source: 'email' } }, at: now + DAY + a * 60_000 + i })
            : fake.addEvent({ event: 'email.read', contactId: String(contacts[i]), eventLabel: { label: 'Freight webinar invite' }, details: { stat: { storedSubject: 'Cut freight costs' } }, at: now + DAY + a * 60_000 + i });
          touchIds.add(`t-mautic-${event.eventId}`);
        }
      }
    },
    email,
    expectedTouchIds: () => touchIds,
    addClick(i) {
      const event = fake.addEvent({ event: 'page.hit', contactId: String(contacts[i]), details: { hit: { url: 'https://northwind.example/pricing', source: 'email' } }, at: Date.now() - 5 * 60_000 });
      touchIds.add(`t-mautic-${event.eventId}`);
      return `t-mautic-${event.eventId}`;
    },
    update: (i, title) => fake.updateContact(contacts[i]!, { position: title }),
    async remove(i, db, connectorId) {
      fake.deleteContact(contacts[i]!);
      // Mautic has no deletes feed: the connector lists every id once a day. Here a day has passed.
      await db.query(`UPDATE connector_streams SET cursor = jsonb_set(cursor, '{lastFinishedAt}', '0') WHERE connector_id = $1 AND stream = 'deleted-contacts'`, [connectorId]);
    },
    expectStoredCursors(cursors) {
      const stored = cursors.get('contacts') as { since: number; start: number };
      fake.expectContactsCursor({ since: new Date(stored.since).toISOString().slice(0, 19).replace('T', ' '), start: stored.start });
      const activity = cursors.get('activity') as { from: number; page: number };
      fake.expectActivityCursor({ from: new Date(activity.from).toISOString().slice(0, 19).replace('T', ' '), page: activity.page });
    },
    rateLimitNext() {
      fake.inject({ match: (request) => request.path === '/api/contacts', responses: [json(429, { errors: [{ message: 'API rate limit exceeded', code: 429 }] }, { 'Retry-After': '2' })] });
      return 2_000;
    },
    expireAfterNextAnswer() {
      const previous = fake.onAnswered;
      fake.onAnswered = (request, count) => {
        previous?.(request, count);
        if (request.path.startsWith('/api/')) {
          fake.expireTokens();
          fake.onAnswered = previous;
        }
      };
    },
    revoke() {
      fake.client.secret = 'rotated-by-an-admin';
      fake.expireTokens();
    },
    dataPaths: /^\/api\//,
  };
}

export const SCENARIOS: Record<ConnectorVendor, () => Scenario> = {
  hubspot: hubspotScenario,
  salesforce: salesforceScenario,
  marketo: marketoScenario,
  mautic: mauticScenario,
};
