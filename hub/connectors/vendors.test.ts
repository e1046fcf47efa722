/**
 * What each vendor does differently, against its fake: HubSpot's 10,000-result search cap and
 * private-app tokens, Salesforce's rotated refresh tokens, client credentials, converted leads
 * and Sforce-Limit-Info, Marketo's empty pages that are not the end and its quota reset at US
 * Central midnight, Mautic's basic auth. On PGlite and on a Postgres server.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importBundle } from '../../lib/import/bundle';
import type { HubDb } from '../db';
import { hubImportSink } from '../store';
import { FakeHubspot } from './fakes/hubspot';
import { json } from './fakes/http';
import { FakeMarketo, marketoError } from './fakes/marketo';
import { FakeMautic } from './fakes/mautic';
import { FakeSalesforce } from './fakes/salesforce';
import { nextCentralMidnight } from './marketo';
import { createConnector, getConnectorView, loadConnector } from './registry';
import { runConnector, type RunOptions } from './runtime';
import { BACKENDS, resetDb, testSecrets, workspace } from './test-kit';

const noSleep: RunOptions['sleep'] = async () => undefined;

for (const backend of BACKENDS) {
  const suite = backend.skipReason ? describe.skip : describe;
  suite(backend.skipReason ? `${backend.name} — skipped: ${backend.skipReason}` : `vendor specifics on ${backend.name}`, () => {
    let db: HubDb;
    let cleanup: () => Promise<void>;
    const secrets = testSecrets();
    const fakes: { close(): Promise<void> }[] = [];
    beforeAll(async () => {
      ({ db, cleanup } = await backend.open());
    }, 120_000);
    afterAll(async () => {
      await cleanup?.();
    });
    beforeEach(async () => {
      await resetDb(db);
    });
    afterEach(async () => {
      for (const fake of fakes.splice(0)) await fake.close();
    });
    const run = (connectorId: string, extra: Partial<RunOptions> = {}) => runConnector({ db, secrets, connectorId, trigger: 'manual', sleep: noSleep, ...extra });

    describe('HubSpot', () => {
      let fake: FakeHubspot;
      beforeEach(async () => {
        fake = new FakeHubspot();
        fakes.push(fake);
        await fake.start();
      });

      it('reads past the 10,000-result search cap without paging into it', async () => {
        const at = Date.now() - 60_000;
        // A bulk edit stamps every contact with one lastmodifieddate (airbytehq/airbyte#43317).
        for (let i = 0; i < 10_050; i++) fake.addContact({ email: `bulk${i}@example.com`, firstname: 'Bulk' }, { id: String(70_000_000 + i), modifiedAt: at });
        const connectorId = (await createConnector(db, secrets, { vendor: 'hubspot', name: 'Bulk', baseUrl: fake.url, credentials: { token: fake.issueToken() } })).id;
        const result = await run(connectorId);
        expect(result.error).toBeUndefined();
        expect(result.people).toBe(10_050);
        expect((await workspace(db)).prospects.size).toBe(10_050);
        const searches = fake.requests.filter((request) => request.path.endsWith('/search'));
        expect(searches.every((request) => JSON.parse(request.body).after === undefined)).toBe(true);
        expect(fake.failures).toEqual([]);
      }, 120_000);

      it('a revoked private-app token ends the run, saying where to make a new one', async () => {
        const token = fake.issueToken();
        const connectorId = (await createConnector(db, secrets, { vendor: 'hubspot', name: 'Private app', baseUrl: fake.url, credentials: { token } })).id;
        fake.addContact({ email: 'a@example.com' });
        expect((await run(connectorId)).error).toBeUndefined();
        fake.validTokens.delete(token);
        const before = fake.requests.length;
        const result = await run(connectorId);
        expect(result.error).toMatch(/HubSpot refused the private app token \(401.*Settings › Integrations › Private apps/);
        expect(result.error).not.toContain(token);
        // No refresh exists for a private-app token: one refused request ends the run, no retry storm.
        expect(fake.requests.length - before).toBe(1);
        expect((await getConnectorView(db, connectorId))!.state).toBe('error');
      });

      it('a private app without the owners scope still brings its contacts, without owners', async () => {
        fake.addContact({ email: 'ana@acme.example', firstname: 'Ana', hubspot_owner_id: '7' });
        fake.owners.set('7', 'rep@acme.example');
        fake.inject({ match: (request) => request.path.startsWith('/crm/v3/owners'), responses: [json(403, { status: 'error', message: 'This app hasn’t been granted all required scopes', category: 'MISSING_SCOPES' })] });
        const logs: string[] = [];
        const connectorId = (await createConnector(db, secrets, { vendor: 'hubspot', name: 'Scopes', baseUrl: fake.url, credentials: { token: fake.issueToken() } })).id;
        const result = await run(connectorId, { log: (line) => logs.push(line) });
        expect(result.error).toBeUndefined();
        const [ana] = [...(await workspace(db)).prospects.values()];
        expect(ana).toMatchObject({ email: 'ana@acme.example' });
        expect(ana!.owner).toBeUndefined();
        expect(logs.join('\n')).toMatch(/owners not readable \(HubSpot denied access \(403/);
      });

      it('deletes a person already on the hub (from a file) whom HubSpot archived before the first run', async () => {
        await importBundle({ format: 'cuecard/v1', prospects: [{ id: 'p-marcus', email: 'marcus@northwind.example', name: 'Marcus', crmIds: { hubspot: '51234002' } }] }, hubImportSink(db));
        fake.addContact({ email: 'marcus@northwind.example', firstname: 'Marcus' }, { id: '51234002' });
        fake.archiveContact('51234002');
        const connectorId = (await createConnector(db, secrets, { vendor: 'hubspot', name: 'Archive', baseUrl: fake.url, credentials: { token: fake.issueToken() } })).id;
        const result = await run(connectorId);
        expect(result.error).toBeUndefined();
        expect((await workspace(db)).deleted).toContain('prospect:p-marcus');
      });
    });

    describe('Salesforce', () => {
      let fake: FakeSalesforce;
      beforeEach(async () => {
        fake = new FakeSalesforce();
        fakes.push(fake);
        await fake.start();
      });

      it('saves a rotated refresh token at once, so the next run signs in with it', async () => {
        fake.rotateRefreshTokens = true;
        const first = fake.issueRefreshToken();
        fake.upsert('Contact', { Email: 'dana@northwind.example', FirstName: 'Dana', LastName: 'W' });
        const connectorId = (await createConnector(db, secrets, { vendor: 'salesforce', name: 'Rotating', loginUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: fake.client.secret, refreshToken: first } })).id;
        expect((await run(connectorId)).error).toBeUndefined();
        const stored = (await loadConnector(db, secrets, connectorId)).credentials.refreshToken!;
        expect(stored).not.toBe(first);
        expect(fake.refreshTokens.has(first)).toBe(false);
        expect(fake.refreshTokens.has(stored)).toBe(true);
        expect((await run(connectorId)).error).toBeUndefined();
      });

      it('signs in with client credentials when there is no refresh token', async () => {
        fake.upsert('Contact', { Email: 'dana@northwind.example', FirstName: 'Dana' });
        const view = await createConnector(db, secrets, { vendor: 'salesforce', name: 'Client credentials', loginUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: fake.client.secret } });
        expect(view.auth).toBe('client-credentials');
        expect((await run(view.id)).error).toBeUndefined();
        expect(fake.requests.some((request) => request.path === '/services/oauth2/token' && new URLSearchParams(request.body).get('grant_type') === 'client_credentials')).toBe(true);
        expect((await workspace(db)).prospects.size).toBe(1);
      });

      it('a converted lead and its contact are one person, the contact’s id on it', async () => {
        const contact = fake.upsert('Contact', { Email: 'priya@helix.example', FirstName: 'Priya', LastName: 'Raman', Title: 'CTO' });
        const lead = fake.upsert('Lead', { Email: 'Priya@Helix.example', FirstName: 'Priya', Company: 'Helix', Status: 'Closed - Converted', IsConverted: true, ConvertedContactId: contact.Id });
        const campaign = fake.upsert('Campaign', { Name: 'Biotech summit', Type: 'Event' });
        fake.upsert('CampaignMember', { CampaignId: campaign.Id, LeadId: lead.Id, Status: 'Attended', HasResponded: true, FirstRespondedDate: '2026-10-02' });
        const connectorId = (await createConnector(db, secrets, { vendor: 'salesforce', name: 'Leads', loginUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: fake.client.secret } })).id;
        expect((await run(connectorId)).error).toBeUndefined();
        const { prospects, touches } = await workspace(db);
        expect(prospects.size).toBe(1);
        const [priya] = [...prospects.values()];
        expect(priya).toMatchObject({ email: 'priya@helix.example', crmIds: { salesforce: contact.Id } });
        expect([...touches.values()]).toMatchObject([{ type: 'event', title: 'Attended: Biotech summit', prospectId: priya!.id }]);
      });

      it('learns the org’s allocation from Sforce-Limit-Info and spends at most its share of it', async () => {
        fake.apiLimit = 40;
        fake.batchSize = 5;
        for (let i = 0; i < 200; i++) fake.upsert('Contact', { Email: `p${i}@example.com`, FirstName: `P${i}` });
        const connectorId = (await createConnector(db, secrets, { vendor: 'salesforce', name: 'Quota', loginUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: fake.client.secret } })).id;
        const result = await run(connectorId);
        expect(result.error).toBeUndefined();
        // 25 % of 40: ten calls, the sign-in among them.
        expect(result.apiCalls).toBe(10);
        expect((await getConnectorView(db, connectorId))!.status).toMatch(/^Stopped after 10 API calls: 25 % of Salesforce’s 40 a day/);
      });
    });

    describe('Marketo', () => {
      let fake: FakeMarketo;
      beforeEach(async () => {
        fake = new FakeMarketo();
        fakes.push(fake);
        await fake.start();
      });

      it('keeps paging through empty pages that say moreResult: true', async () => {
        const at = Date.now() - 10 * 24 * 60 * 60_000;
        const lead = fake.addLead({ email: 'ana@acme.example', firstName: 'Ana' }, at);
        // 1,000 delivered emails the connector does not ask for: three scans of 300 come back empty.
        for (let i = 0; i < 1_000; i++) fake.activity({ leadId: lead, activityTypeId: 7 }, at + 1_000 + i);
        const click = fake.activity({ leadId: lead, activityTypeId: 11, primaryAttributeValue: 'Prog.Email', attributes: [{ name: 'Link', value: 'https://acme.example/x' }] }, at + 5_000);
        const connectorId = (await createConnector(db, secrets, { vendor: 'marketo', name: 'Empty pages', baseUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: fake.client.secret } })).id;
        expect((await run(connectorId)).error).toBeUndefined();
        const pages = fake.requests.filter((request) => request.path === '/rest/v1/activities.json');
        expect(pages.length).toBeGreaterThanOrEqual(4);
        expect((await workspace(db)).touches.has(`t-mkto-${click.marketoGUID}`)).toBe(true);
      });

      it('renews its token a minute before it expires, so no call meets a 602', async () => {
        const at = Date.now() - 24 * 60 * 60_000;
        const lead = fake.addLead({ email: 'ana@acme.example', firstName: 'Ana' }, at);
        for (let i = 0; i < 900; i++) fake.activity({ leadId: lead, activityTypeId: 1, primaryAttributeValue: `acme.example/p-${i}` }, at + i);
        const connectorId = (await createConnector(db, secrets, { vendor: 'marketo', name: 'Renewal', baseUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: fake.client.secret } })).id;
        // The run's clock moves 59 minutes after the first activities page: the 3,599-second token is nearly spent.
        let shift = 0;
        fake.onAnswered = (request) => {
          if (request.path === '/rest/v1/activities.json') shift = 59 * 60_000;
        };
        const result = await run(connectorId, { now: () => new Date(Date.now() + shift) });
        fake.onAnswered = undefined;
        expect(result.error).toBeUndefined();
        // Signed in at the start, and again once the clock said the token had under a minute left
        // (the fake's token, in real time, never expired: no 602 forced it).
        expect(fake.count((request) => request.path === '/identity/oauth/token')).toBe(2);
        expect((await workspace(db)).touches.size).toBe(900);
      });

      it('607 pauses until the next midnight US Central, when the quota resets', async () => {
        fake.addLead({ email: 'ana@acme.example' });
        fake.inject({ match: (request) => request.path === '/rest/v1/activities.json', responses: [marketoError('607', 'Daily quota reached')] });
        const connectorId = (await createConnector(db, secrets, { vendor: 'marketo', name: 'Quota', baseUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: fake.client.secret } })).id;
        const result = await run(connectorId);
        const reset = nextCentralMidnight(new Date());
        expect(result.error).toMatch(/Marketo’s daily API quota is used up.*resets at midnight US Central/);
        expect(result.pausedUntil).toBe(reset.toISOString());
        expect((await getConnectorView(db, connectorId))!.pausedUntil).toBe(reset.toISOString());
        // Midnight in Chicago: 06:00 UTC in winter (CST), 05:00 UTC in summer (CDT).
        expect(nextCentralMidnight(new Date('2026-11-20T15:00:00Z')).toISOString()).toBe('2026-11-21T06:00:00.000Z');
        expect(nextCentralMidnight(new Date('2026-07-01T04:59:00Z')).toISOString()).toBe('2026-07-01T05:00:00.000Z');
        expect(nextCentralMidnight(new Date('2026-07-01T05:01:00Z')).toISOString()).toBe('2026-07-02T05:00:00.000Z');
      });

      it('a 5xx is retried a few times, then the run stops where it was and the next run resumes there', async () => {
        const at = Date.now() - 24 * 60 * 60_000;
        const lead = fake.addLead({ email: 'ana@acme.example', firstName: 'Ana' }, at);
        for (let i = 0; i < 700; i++) fake.activity({ leadId: lead, activityTypeId: 1, primaryAttributeValue: `acme.example/page-${i}` }, at + i);
        fake.inject({ match: (request) => request.path === '/rest/v1/activities.json', after: 1, responses: Array.from({ length: 4 }, () => json(503, 'Service Unavailable')) });
        const connectorId = (await createConnector(db, secrets, { vendor: 'marketo', name: 'Outage', baseUrl: fake.url, credentials: { clientId: fake.client.id, clientSecret: fake.client.secret } })).id;
        const waits: number[] = [];
        const broken = await run(connectorId, { sleep: async (ms) => void waits.push(ms) });
        expect(broken.error).toMatch(/Marketo answered HTTP 503.*4 times in a row/);
        expect(waits).toEqual([500, 1_000, 2_000]);
        const resumed = await run(connectorId);
        expect(resumed.error).toBeUndefined();
        expect((await workspace(db)).touches.size).toBe(700);
      });
    });

    describe('Mautic', () => {
      it('signs in with HTTP basic auth for an API user', async () => {
        const fake = new FakeMautic();
        fakes.push(fake);
        await fake.start();
        fake.addContact({ email: 'ana@acme.example', firstname: 'Ana' });
        const view = await createConnector(db, secrets, { vendor: 'mautic', name: 'Basic', baseUrl: fake.url, credentials: { username: fake.basicUser.username, password: fake.basicUser.password } });
        expect(view.auth).toBe('basic');
        expect((await run(view.id)).error).toBeUndefined();
        expect(fake.requests.every((request) => request.path === '/oauth/v2/token' || String(request.headers.authorization).startsWith('Basic '))).toBe(true);
        expect((await workspace(db)).prospects.size).toBe(1);
        fake.basicUser.password = 'changed-by-an-admin';
        expect((await run(view.id)).error).toMatch(/Mautic refused the credentials \(401/);
      });
    });
  });
}
