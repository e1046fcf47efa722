/**
 * The extension's side of the leads report and of "who am I" on the hub: against the real hub app
 * on PGlite, in-process, through the extension's own hub client.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshHubIdentity, waitingLeads } from '../../../lib/background/leads';
import { syncHub } from '../../../lib/background/hub-service';
import { DEMO_REP, generateWorkspace } from '../../../lib/demo/generate';
import { importBundle } from '../../../lib/import/bundle';
import { readHubIdentity } from '../../../lib/store/leads';
import { createHubClient, type FetchLike } from '../../../lib/sync/hub-client';
import { hubLeadsDashboard, localLeadsDashboard } from '../../../lib/sync/leads-report';
import { createHubApp } from '../../../hub/app';
import type { HubDb } from '../../../hub/db';
import { openHubDb } from '../../../hub/server';
import { addUser, hubImportSink, insertUsage } from '../../../hub/store';
import { testHubDeps } from '../background/test-deps';
import { freshDb } from '../store/test-db';

const HUB = 'https://hub.example';
const NOW = Date.parse('2026-11-20T12:00:00.000Z');
let hubDb: HubDb;
let fetchVia: FetchLike;
const calls: string[] = [];
const tokens: Record<'rep' | 'marketing', string> = { rep: '', marketing: '' };

beforeAll(async () => {
  hubDb = await openHubDb({});
  await importBundle(generateWorkspace({ prospects: 40, touches: 400, seed: 5 }), hubImportSink(hubDb));
  const app = createHubApp({ db: hubDb, rateLimit: false, logError: () => undefined });
  fetchVia = async (input, init) => {
    calls.push(new URL(input).pathname);
    return app.request(input, init);
  };
  const rep = await addUser(hubDb, 'Demo Rep', 'rep', DEMO_REP.email);
  tokens.rep = rep.token;
  tokens.marketing = (await addUser(hubDb, 'Mo Marketing', 'marketing')).token;
  // The rep opened Marcus (handed over 15 November) the next morning.
  await insertUsage(hubDb, rep.user.id, [{ id: randomUUID(), type: 'sidebar_opened', at: '2026-11-16T09:25:00.000Z', surface: 'salesforce', prospectId: 'p-marcus' }]);
}, 120_000);
afterAll(async () => hubDb?.close());

const client = (role: 'rep' | 'marketing') => createHubClient({ url: HUB, token: tokens[role], fetch: fetchVia });

describe('the dashboard’s leads report', () => {
  const range = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };

  it('comes from the hub for marketing, grouped as asked; a rep is told it is not theirs; without a hub it says so', async () => {
    const report = await hubLeadsDashboard(client('marketing'), range, 'campaign', NOW);
    expect(report).toMatchObject({ mode: 'hub', groupBy: 'campaign', from: range.from, to: range.to, user: { name: 'Mo Marketing', role: 'marketing' } });
    const launch = report.rows.find((row) => row.key === 'Integration Hub Launch')!;
    expect(launch).toMatchObject({ handedOver: 1, followedUp: 1, within1Day: 1, never: 0, medianHoursToFollowUp: 23 });
    expect(report.totals?.handedOver).toBe(report.rows.reduce((sum, row) => sum + row.handedOver, 0));

    expect(await hubLeadsDashboard(client('rep'), range, 'rep', NOW)).toMatchObject({ mode: 'forbidden', rows: [] });
    expect(localLeadsDashboard(range, 'source', NOW)).toEqual({ mode: 'local', groupBy: 'source', from: range.from, to: range.to, rows: [] });
  });
});

describe('who the rep is, as the hub says', () => {
  it('a sync keeps the rep’s email from /v1/me (asked again at most hourly), and their waiting leads follow from it', async () => {
    const db = freshDb();
    const deps = testHubDeps(db, { user: { hubUrl: HUB }, fetch: fetchVia, now: () => NOW });
    await deps.settings.writeToken(tokens.rep);
    await syncHub(deps, { force: true });
    expect(await readHubIdentity(db)).toMatchObject({ hubUrl: HUB, email: DEMO_REP.email, at: NOW });
    const view = await waitingLeads(deps);
    expect(view).toMatchObject({ repEmail: DEMO_REP.email, emailFrom: 'hub' });
    expect(view.leads.length).toBeGreaterThan(0);

    calls.length = 0;
    await refreshHubIdentity(db, client('rep'), NOW + 30 * 60_000);
    expect(calls).toEqual([]);
    await refreshHubIdentity(db, client('rep'), NOW + 61 * 60_000);
    expect(calls).toEqual(['/v1/me']);
  });
});
