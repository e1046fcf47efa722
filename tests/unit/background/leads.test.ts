/**
 * The background's lead handlers through the one router: waiting leads for the popup (whose email,
 * CRM links from the hosts the rep used), the sidebar's lead status and feedback, the account at a
 * glance, and an unknown person at a known company (issue 14).
 */
import { describe, expect, it } from 'vitest';
import { routeMessage } from '../../../lib/background/router';
import type { AccountEngagement, Prospect, SidebarContextView, UsageEvent, WaitingLeadsView } from '../../../lib/contract';
import { DEMO_NOW, DEMO_REP, generateWorkspace } from '../../../lib/demo/generate';
import { importBundle } from '../../../lib/import/bundle';
import { readHubIdentity, writeHubIdentity } from '../../../lib/store/leads';
import { dbSink } from '../store/test-db';
import { bindSidebar, keyed, TEST_FRAME_KEY } from './sidebar-key';
import { testRouterDeps, type TestRouterDeps } from './test-deps';

const RUNTIME_ID = 'cuecard-test-id';
const ORIGIN = 'chrome-extension://cuecard-test-id';
const SALESFORCE = 'https://northwind-demo.lightning.force.com';
const HUBSPOT = 'https://app-eu1.hubspot.com';
const NOW = new Date(DEMO_NOW);

const optionsPage = { id: RUNTIME_ID, origin: ORIGIN };
const sidebar = { id: RUNTIME_ID, origin: ORIGIN, tab: { id: 7 }, frameId: 3 };
const contentScript = (origin: string, tab = 7) => ({ id: RUNTIME_ID, origin, tab: { id: tab }, frameId: 0 });

function deps(settings: Record<string, unknown> = {}): TestRouterDeps {
  return testRouterDeps({ runtimeId: RUNTIME_ID, extensionOrigin: ORIGIN, now: () => NOW, settings });
}

async function ask<T>(d: TestRouterDeps, message: unknown, sender: object = optionsPage): Promise<T> {
  const reply = await routeMessage(message, sender, d);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.value as T;
}

let ids = 0;
const usage = (fields: Partial<UsageEvent>): UsageEvent =>
  ({ id: `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`, at: NOW.toISOString(), surface: 'salesforce', type: 'sidebar_opened', ...fields }) as UsageEvent;

const demoWorkspace = () => generateWorkspace({ prospects: 60, touches: 1_500, seed: 7 });

describe('leads waiting for the rep (popup)', () => {
  it('knows nobody’s leads until it knows the rep’s email; then lists Marcus, oldest handover first, and never a lead sales took up', async () => {
    const d = deps();
    await importBundle(demoWorkspace(), dbSink(d.db));
    expect(await ask<WaitingLeadsView>(d, { type: 'leads:waiting' })).toEqual({ leads: [], total: 0 });

    await ask(d, { type: 'settings:save', patch: { repEmail: DEMO_REP.email } });
    const view = await ask<WaitingLeadsView>(d, { type: 'leads:waiting' });
    expect(view).toMatchObject({ repEmail: DEMO_REP.email, emailFrom: 'settings' });
    const names = view.leads.map((lead) => lead.prospect.id);
    expect(names).toContain('p-marcus');
    // Dana (SQL), Lena (SQL) and Priya (opportunity) are the rep's too, but sales has taken them up.
    expect(names).not.toContain('p-dana');
    expect(names).not.toContain('p-priya');
    const times = view.leads.map((lead) => lead.handedAt);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(view.leads.find((lead) => lead.prospect.id === 'p-marcus')).toMatchObject({ qualifiedAt: '2026-11-15T10:25:00.000Z', source: 'Integration Hub Launch' });
    expect(view.total).toBe(view.leads.length);
  });

  it('a lead the rep opens in the sidebar leaves the list, also without usage sharing (nothing enters the outbox)', async () => {
    const d = deps({ usageConsent: false, repEmail: DEMO_REP.email });
    await importBundle(demoWorkspace(), dbSink(d.db));
    await bindSidebar(d.session);
    await ask(d, keyed({ type: 'usage:record', event: usage({ type: 'sidebar_opened', prospectId: 'p-marcus' }) }), sidebar);
    const view = await ask<WaitingLeadsView>(d, { type: 'leads:waiting' });
    expect(view.leads.map((lead) => lead.prospect.id)).not.toContain('p-marcus');
    expect(await d.db.outbox.count()).toBe(0);
  });

  it('takes the rep’s email from the hub first, for the hub it is connected to, and forgets it when the token changes', async () => {
    const d = deps({ hubUrl: 'https://hub.example', repEmail: 'typed.by.hand@northwind-demo.example' });
    await writeHubIdentity(d.db, { hubUrl: 'https://hub.example', userId: 'u-1', email: DEMO_REP.email, at: NOW.getTime() });
    expect(await ask<WaitingLeadsView>(d, { type: 'leads:waiting' })).toMatchObject({ repEmail: DEMO_REP.email, emailFrom: 'hub' });
    await writeHubIdentity(d.db, { hubUrl: 'https://old-hub.example', userId: 'u-1', email: DEMO_REP.email, at: NOW.getTime() });
    expect(await ask<WaitingLeadsView>(d, { type: 'leads:waiting' })).toMatchObject({ repEmail: 'typed.by.hand@northwind-demo.example', emailFrom: 'settings' });
    await writeHubIdentity(d.db, { hubUrl: 'https://hub.example', userId: 'u-1', email: DEMO_REP.email, at: NOW.getTime() });
    await ask(d, { type: 'settings:save', patch: { hubToken: 'cch_another-person' } });
    expect(await readHubIdentity(d.db)).toBeUndefined();
  });

  it('links a lead to its record in the CRM host the rep used last, never to a host another CRM’s page claimed', async () => {
    const d = deps({ repEmail: 'ann.rep@acme.example' });
    const rep = (id: string, days: number, crmIds?: Prospect['crmIds']): Prospect => ({
      id,
      email: `${id}@buyer.example`,
      stage: 'mql',
      owner: 'ann.rep@acme.example',
      qualifiedAt: new Date(NOW.getTime() - days * 86_400_000).toISOString(),
      ...(crmIds ? { crmIds } : {}),
    });
    await importBundle(
      {
        format: 'cuecard/v1',
        prospects: [
          rep('p-sf-lead', 9, { salesforce: '00QDn00000Lm7AbMAJ' }),
          rep('p-both', 8, { salesforce: '003Dn00000QxQqqIAF', hubspot: '51230001' }),
          rep('p-hs', 7, { hubspot: '51230002' }),
          rep('p-dynamics', 6, { dynamics: '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5' }),
          rep('p-none', 5),
        ],
      },
      dbSink(d.db),
    );
    const urls = async () => Object.fromEntries((await ask<WaitingLeadsView>(d, { type: 'leads:waiting' })).leads.map((lead) => [lead.prospect.id, lead.crmUrl]));
    expect(Object.values(await urls()).every((url) => url === undefined)).toBe(true);

    // A HubSpot page whose script claims to be on Salesforce: the origin is not Salesforce's, nothing is kept.
    const forged = { type: 'page:context', site: 'salesforce', ref: { emails: [], crm: { system: 'salesforce', objectType: 'Contact', recordId: '003Dn00000QxAbcIAF' } }, settled: true, frameKey: TEST_FRAME_KEY };
    await ask(d, forged, contentScript(HUBSPOT));
    expect(Object.values(await urls()).every((url) => url === undefined)).toBe(true);

    await ask(d, { ...forged }, contentScript(SALESFORCE));
    expect(await urls()).toEqual({
      'p-sf-lead': `${SALESFORCE}/lightning/r/Lead/00QDn00000Lm7AbMAJ/view`,
      'p-both': `${SALESFORCE}/lightning/r/Contact/003Dn00000QxQqqIAF/view`,
      'p-hs': undefined,
      'p-dynamics': undefined,
      'p-none': undefined,
    });

    // Then the rep works in HubSpot (its portal is in the URL the page script read): the newest CRM wins.
    d.now = () => new Date(NOW.getTime() + 60_000);
    await ask(d, { type: 'page:context', site: 'hubspot', ref: { emails: [], crm: { system: 'hubspot', objectType: 'contact', recordId: '51234001', portal: '4821337' } }, settled: true, frameKey: TEST_FRAME_KEY }, contentScript(HUBSPOT, 8));
    const after = await urls();
    expect(after['p-both']).toBe(`${HUBSPOT}/contacts/4821337/record/0-1/51230001`);
    expect(after['p-hs']).toBe(`${HUBSPOT}/contacts/4821337/record/0-1/51230002`);
    expect(after['p-sf-lead']).toBe(`${SALESFORCE}/lightning/r/Lead/00QDn00000Lm7AbMAJ/view`);
  });
});

describe('the sidebar: lead status and feedback', () => {
  async function openMarcus(d: TestRouterDeps) {
    await ask(d, { type: 'page:context', site: 'salesforce', ref: { emails: ['marcus.oyelaran@northwind-logistics.com'] }, settled: true, frameKey: TEST_FRAME_KEY }, contentScript(SALESFORCE));
    return ask<SidebarContextView>(d, keyed({ type: 'sidebar:context' }), sidebar);
  }

  it('says a waiting lead waits, keeps what the rep said (the latest counts), and sends only ids and the code', async () => {
    const d = deps({ repEmail: DEMO_REP.email });
    await importBundle(demoWorkspace(), dbSink(d.db));
    const first = await openMarcus(d);
    expect(first.status).toBe('match');
    if (first.status !== 'match') return;
    expect(first.context.lead).toEqual({ mine: true, waiting: true, qualifiedAt: '2026-11-15T10:25:00.000Z', source: 'Integration Hub Launch' });

    const said = usage({ type: 'lead_feedback', prospectId: 'p-marcus', reason: 'not_decision_maker', at: '2026-11-20T12:01:00.000Z' });
    await ask(d, keyed({ type: 'usage:record', event: said }), sidebar);
    const changed = usage({ type: 'lead_feedback', prospectId: 'p-marcus', reason: 'good_fit', at: '2026-11-20T12:05:00.000Z' });
    await ask(d, keyed({ type: 'usage:record', event: changed }), sidebar);
    const again = await ask<SidebarContextView>(d, keyed({ type: 'sidebar:context' }), sidebar);
    expect(again.status === 'match' && again.context.lead).toEqual({
      mine: true,
      waiting: false,
      qualifiedAt: '2026-11-15T10:25:00.000Z',
      source: 'Integration Hub Launch',
      feedback: { reason: 'good_fit', at: '2026-11-20T12:05:00.000Z' },
    });
    const sent = (await d.db.outbox.toArray()).map((row) => row.event).filter((event) => event.type === 'lead_feedback');
    expect(sent).toEqual([said, changed]);
    for (const event of sent) expect(Object.keys(event).sort()).toEqual(['at', 'id', 'prospectId', 'reason', 'surface', 'type']);
  });

  it('never waits on slow settings: right after a browser start the session’s last known email is used', async () => {
    const d = deps({ repEmail: DEMO_REP.email });
    await importBundle(demoWorkspace(), dbSink(d.db));
    expect((await openMarcus(d)).status).toBe('match');
    // Chromium's first storage.managed reads can take seconds after start-up (lib/settings/stores.ts).
    d.hub.settings.readManaged = () => new Promise((resolve) => setTimeout(() => resolve({}), 5_000));
    const started = Date.now();
    const state = await ask<SidebarContextView>(d, keyed({ type: 'sidebar:context' }), sidebar);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(state.status === 'match' && state.context.lead).toMatchObject({ mine: true, waiting: true });
  });

  it('refuses lead feedback without a prospect or a reason', async () => {
    const d = deps();
    await bindSidebar(d.session);
    for (const event of [usage({ type: 'lead_feedback', reason: 'good_fit' }), usage({ type: 'lead_feedback', prospectId: 'p-marcus' })]) {
      const reply = await routeMessage(keyed({ type: 'usage:record', event }), sidebar, d);
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    expect(await d.db.outbox.count()).toBe(0);
    expect(await d.db.leadActivity.count()).toBe(0);
  });

  it('an unknown person at a known company: no-match for the person, then the company’s people (issue 14)', async () => {
    const d = deps();
    await importBundle(demoWorkspace(), dbSink(d.db));
    await ask(
      d,
      { type: 'page:context', site: 'salesforce', ref: { emails: ['new.hire@northwind-logistics.com'], crm: { system: 'salesforce', objectType: 'Contact', recordId: '003Dn00000QxNewIAF' }, company: 'Northwind Logistics' }, settled: true, frameKey: TEST_FRAME_KEY },
      contentScript(SALESFORCE),
    );
    const state = await ask<SidebarContextView>(d, keyed({ type: 'sidebar:context' }), sidebar);
    expect(state.status).toBe('no-match');
    expect(state.status === 'no-match' && state.company?.people.map((p) => p.id).sort()).toEqual(['p-dana', 'p-lena', 'p-marcus']);

    // A contact page without an email, at a company nobody in the workspace works for: plain no-match.
    await ask(d, { type: 'page:context', site: 'salesforce', ref: { emails: [], crm: { system: 'salesforce', objectType: 'Contact', recordId: '003Dn00000QxZzzIAF' }, company: 'Fjord Bakery' }, settled: true, frameKey: TEST_FRAME_KEY }, contentScript(SALESFORCE));
    const unknown = await ask<SidebarContextView>(d, keyed({ type: 'sidebar:context' }), sidebar);
    expect(unknown).toMatchObject({ status: 'no-match' });
    expect(unknown.status === 'no-match' && unknown.company).toBeUndefined();
  });
});

describe('the account at a glance', () => {
  const account = { emails: [], crm: { system: 'salesforce', objectType: 'Account', recordId: '001Dn00000AbCdeIAB' }, company: 'Northwind Logistics', domain: 'northwind-logistics.com' };

  it('sums up the account’s last 90 days and ranks the next asset over its people, with reasons', async () => {
    const d = deps();
    await importBundle(demoWorkspace(), dbSink(d.db));
    await ask(d, { type: 'page:context', site: 'salesforce', ref: account, settled: true, frameKey: TEST_FRAME_KEY }, contentScript(SALESFORCE));
    expect((await ask<SidebarContextView>(d, keyed({ type: 'sidebar:context' }), sidebar)).status).toBe('company');
    const view = await ask<AccountEngagement>(d, keyed({ type: 'sidebar:account' }), sidebar);
    expect(view).toMatchObject({ days: 90, people: 3, to: DEMO_NOW });
    // Monday-aligned weeks covering the window, oldest first; their sum is every deliberate touch.
    expect(view.weeks[0]!.start <= view.from.slice(0, 10)).toBe(true);
    expect(view.weeks.every((week) => new Date(`${week.start}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    expect(view.weeks.reduce((sum, week) => sum + week.touches, 0)).toBe(view.touches);
    expect(view.engaged[0]!.person.id).toBe('p-dana');
    expect(view.engaged.map((e) => e.touches)).toEqual([...view.engaged.map((e) => e.touches)].sort((a, b) => b - a));
    expect(view.topTopics.map((t) => t.topic)).toContain('pricing');
    expect(view.campaigns.map((c) => c.name)).toContain('Route Analytics Webinar Series');
    const top = view.assets[0]!;
    expect(top.reasonTexts.length).toBeGreaterThan(0);
    expect(top.reasonTexts[0]).toMatch(/^Fits \d of the \d most engaged people here$/);
    // Dana attended the route analytics webinar: it is not her next asset, and so not the account's for her.
    expect(view.assets.find((cue) => cue.asset.id === 'a-route-webinar')?.people.map((p) => p.id) ?? []).not.toContain('p-dana');
  });

  it('answers nothing on a person’s page: the summary is the account page’s', async () => {
    const d = deps();
    await importBundle(demoWorkspace(), dbSink(d.db));
    await ask(d, { type: 'page:context', site: 'salesforce', ref: { emails: ['dana.whitfield@northwind-logistics.com'] }, settled: true, frameKey: TEST_FRAME_KEY }, contentScript(SALESFORCE));
    expect(await ask(d, keyed({ type: 'sidebar:account' }), sidebar)).toBeNull();
  });
});
