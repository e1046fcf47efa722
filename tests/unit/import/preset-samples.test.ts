import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateWorkspace } from '../../../lib/demo/generate';
import { importBundle } from '../../../lib/import/bundle';
import { importCsv } from '../../../lib/import/csv/import';
import { inspectCsv } from '../../../lib/import/csv/inspect';
import { prospectIdForEmail } from '../../../lib/import/ids';
import { presetById } from '../../../lib/import/presets/index';
import { resolveProspectsInDb } from '../../../lib/store/resolve-prospects';
import { countRows } from '../../../lib/store/write';
import { dbSink, freshDb } from '../store/test-db';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/imports/${name}`, import.meta.url));

/** Detects the preset and date order like the options page does, then imports. */
async function importSample(name: string, db = freshDb(), withResolver = false) {
  const bytes = fixture(name);
  const file = new Blob([bytes], { type: 'text/csv' });
  const inspection = await inspectCsv(file);
  const preset = inspection.detection.best!.preset;
  const report = await importCsv(file, preset, dbSink(db), {
    dateOrder: inspection.dates.suggested,
    ...(withResolver ? { resolveProspects: (lookups) => resolveProspectsInDb(db, lookups) } : {}),
  });
  return { db, inspection, preset, report };
}

const SAMPLES = [
  // file, detected preset, collection, imported, skipped, suggested date order
  ['hubspot-contacts.csv', 'hubspot-contacts', 'prospects', 7, 0, 'auto'],
  ['hubspot-email-events.csv', 'hubspot-email-events', 'touches', 6, 4, 'auto'],
  ['marketo-activity-log.csv', 'marketo-activity-log', 'touches', 10, 4, 'auto'],
  ['marketo-bulk-leads.csv', 'marketo-bulk-leads', 'prospects', 5, 0, 'auto'],
  ['marketo-bulk-activities.csv', 'marketo-bulk-activities', 'touches', 11, 4, 'auto'],
  ['salesforce-contacts-report.csv', 'salesforce-contacts-report', 'prospects', 5, 8, 'us'],
  ['salesforce-leads-report.csv', 'salesforce-leads-report', 'prospects', 4, 0, 'eu'],
  ['salesforce-campaign-members.csv', 'salesforce-campaign-members', 'touches', 6, 9, 'us'],
  ['cuecard-prospects.csv', 'cuecard-prospects', 'prospects', 6, 0, 'auto'],
  ['cuecard-touches.csv', 'cuecard-touches', 'touches', 7, 0, 'auto'],
  ['cuecard-messages.csv', 'cuecard-messages', 'messages', 3, 0, 'auto'],
  ['cuecard-assets.csv', 'cuecard-assets', 'assets', 4, 0, 'auto'],
] as const;

describe('each preset imports its sample export', () => {
  it.each(SAMPLES)('%s is detected as %s and imports %s', async (name, presetId, collection, imported, skipped, dateOrder) => {
    const { db, inspection, report } = await importSample(name);
    expect(inspection.detection.best?.preset.id).toBe(presetId);
    expect(inspection.dates.suggested).toBe(dateOrder);
    expect(report.fatal).toBeUndefined();
    expect(report.errors).toEqual([]);
    expect(report.rejected).toBe(0);
    expect(report.imported[collection]).toBe(imported);
    expect(report.skipped).toBe(skipped);
    expect((await countRows(db))[collection]).toBe(imported);
  });

  it('maps HubSpot contacts onto the contract: name, stage vocabulary, HubSpot id, lower-cased email', async () => {
    const { db } = await importSample('hubspot-contacts.csv');
    const marcus = await db.prospects.get(prospectIdForEmail('marcus.oyelaran@northwind-logistics.com'));
    expect(marcus).toMatchObject({
      email: 'marcus.oyelaran@northwind-logistics.com',
      name: 'Marcus Oyelaran',
      title: 'Director of IT Operations',
      company: 'Northwind Logistics',
      stage: 'mql',
      crmIds: { hubspot: '51234002' },
      updatedAt: '2026-11-15T10:30:00.000Z',
    });
    const aisha = await db.prospects.get(prospectIdForEmail('a.okafor@cobalt-payments.com'));
    expect(aisha?.company).toBe('Cobalt Payments, Inc.');
  });

  it('turns HubSpot email events into opens and clicks, marking filtered opens as automated', async () => {
    const { db } = await importSample('hubspot-email-events.csv');
    const dana = await db.touches.where('[prospectId+at+id]').between(
      [prospectIdForEmail('dana.whitfield@northwind-logistics.com'), 0, ''],
      [prospectIdForEmail('dana.whitfield@northwind-logistics.com'), Infinity, '\uffff'],
    ).toArray();
    expect(dana.map((touch) => [touch.type, touch.occurredAt, touch.automated])).toEqual([
      ['email_open', '2026-10-29T16:30:00.000Z', false],
      ['email_click', '2026-10-29T16:32:00.000Z', false],
      ['email_open', '2026-11-16T08:41:00.000Z', true],
    ]);
    expect(dana[1]).toMatchObject({
      title: "Clicked: The CFO's guide to freight spend",
      campaign: 'Finance Leaders Nurture',
      url: 'https://www.meridian-analytics.example/guides/cfo-freight-spend?utm_source=email&utm_campaign=finance-leaders-nurture',
    });
  });

  it('reads Marketo attendance, page visits and PDF clicks as webinar, page_view and download', async () => {
    const { db, report } = await importSample('marketo-activity-log.csv');
    expect(report.skippedReasons).toEqual({
      'Marketo Change Score': 1,
      'Marketo Send Email': 1,
      'Marketo Email Delivered': 1,
      'Marketo Change Data Value': 1,
    });
    expect(await db.touches.get('t-mkto-884120331')).toMatchObject({
      type: 'webinar',
      occurredAt: '2026-11-18T15:00:00.000Z',
      title: 'Attended: 2026-11 Route Analytics Webinar',
    });
    expect(await db.touches.get('t-mkto-884119870')).toMatchObject({ type: 'download' });
    expect(await db.touches.get('t-mkto-884120102')).toMatchObject({
      type: 'page_view',
      url: 'https://www.meridian-analytics.example/pricing/enterprise',
    });
  });

  it('reads US dates in a Salesforce US export and EU dates in a UK one, as suggested by the sample', async () => {
    const contacts = await importSample('salesforce-contacts-report.csv');
    const lena = await contacts.db.prospects.get(prospectIdForEmail('lena.park@northwind-logistics.com'));
    expect(lena).toMatchObject({ updatedAt: '2026-11-08T00:00:00.000Z', crmIds: { salesforce: '003Dn00000QxAbeIAF' }, company: 'Northwind Logistics' });
    const leads = await importSample('salesforce-leads-report.csv');
    const sofia = await leads.db.prospects.get(prospectIdForEmail('s.brandt@linden-apparel.de'));
    expect(sofia).toMatchObject({ updatedAt: '2026-11-02T11:30:00.000Z', stage: 'opportunity', company: 'Linden Apparel GmbH' });
  });

  it('makes one touch per campaign member and type, skipping Sent and No Show', async () => {
    const { db, report } = await importSample('salesforce-campaign-members.csv');
    expect(report.skippedReasons).toEqual({ 'campaign member status No Show': 1, 'campaign member status Sent': 1, 'report footer': 7 });
    expect(await db.touches.get('t-sfcm-00vDn00001aB3cDEAF-webinar')).toMatchObject({
      type: 'webinar',
      occurredAt: '2026-11-18T00:00:00.000Z',
      campaign: 'Route Analytics Webinar Series',
    });
    expect(await db.touches.get('t-sfcm-00vDn00001aB3gHEAF-event')).toMatchObject({ type: 'event', title: 'Visited booth: Supply Chain Summit 2026' });
    expect(await db.touches.get('t-sfcm-00vDn00001aB3jKEAF-download')).toMatchObject({ occurredAt: '2026-11-03T00:00:00.000Z' });
  });

  it('reads our own columns: lists, booleans, quoted multi-line bodies, and an id derived when missing', async () => {
    const messages = await importSample('cuecard-messages.csv');
    const roi = await messages.db.messages.get('m-finance-freight-roi-v2');
    expect(roi?.body.split('\n')).toHaveLength(6);
    expect(roi).toMatchObject({ personas: ['finance', 'executive'], avoidPhrases: ['guarantee', 'guaranteed savings', 'cheapest'], version: 2, validFrom: '2026-09-01T00:00:00.000Z' });
    const prospects = await importSample('cuecard-prospects.csv');
    const rafael = await prospects.db.prospects.get(prospectIdForEmail('rafael.moreno@summit-freight.com'));
    expect(rafael?.name).toBe('Moreno, Rafael');
    const touches = await importSample('cuecard-touches.csv');
    expect(await touches.db.touches.get('t-dana-02')).toMatchObject({ automated: true, topics: ['analytics', 'pricing'] });
  });

  it('imports the same file twice without doubling anything', async () => {
    const { db } = await importSample('marketo-activity-log.csv');
    const before = await db.touches.toArray();
    const again = await importSample('marketo-activity-log.csv', db);
    expect(again.report.imported.touches).toBe(10);
    expect(await db.touches.toArray()).toEqual(before);
  });
});

describe('vendor exports over a workspace already in the store', () => {
  async function demoDb() {
    const db = freshDb();
    await importBundle(generateWorkspace({ prospects: 12, touches: 40, seed: 7 }), dbSink(db));
    return db;
  }

  it('attaches HubSpot email events to the stored showcase prospects instead of creating twins', async () => {
    const db = await demoDb();
    const before = await db.prospects.toArray();
    await importSample('hubspot-email-events.csv', db, true);
    const click = (await db.touches.toArray()).find((touch) => touch.title === "Clicked: The CFO's guide to freight spend" && touch.id.startsWith('t-hs'));
    expect(click?.prospectId).toBe('p-dana');
    // The known recipients stay one prospect each; only the two the workspace lacked are new.
    const after = await db.prospects.toArray();
    expect(after.filter((prospect) => !before.some((known) => known.id === prospect.id)).map((prospect) => prospect.email).sort()).toEqual([
      'a.okafor@cobalt-payments.com',
      'tomas.eriksen@brightpath-freight.com',
    ]);
    expect(after.filter((prospect) => prospect.email === 'dana.whitfield@northwind-logistics.com')).toHaveLength(1);
  });

  it('updates a stored prospect from a contacts export, keeping what the export lacks', async () => {
    const db = await demoDb();
    await importSample('hubspot-contacts.csv', db, true);
    const dana = await db.prospects.get('p-dana');
    expect(dana).toMatchObject({
      persona: 'finance',
      industry: 'Logistics',
      stage: 'sql',
      crmIds: { salesforce: '003Dn00000QxAbcIAF', hubspot: '51234001' },
    });
    expect(await db.prospects.get(prospectIdForEmail('dana.whitfield@northwind-logistics.com'))).toBeUndefined();
  });

  it('matches Salesforce campaign members by Salesforce id', async () => {
    const db = await demoDb();
    await importSample('salesforce-campaign-members.csv', db, true);
    expect((await db.touches.get('t-sfcm-00vDn00001aB3cDEAF-webinar'))?.prospectId).toBe('p-dana');
  });

  it('lists every preset with a sample file', () => {
    for (const [, presetId] of SAMPLES) expect(presetById(presetId)).toBeDefined();
  });
});
