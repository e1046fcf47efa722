/**
 * Vendor exports that name people make those people known, in every preset: a touches export
 * imported into an empty workspace still shows its people; a known person keeps their id and
 * changes only where the row says something.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CollectionName, RowTypes } from '../../../lib/contract';
import { generateWorkspace } from '../../../lib/demo/generate';
import { importBundle, summarizeReport, type ImportSink } from '../../../lib/import/bundle';
import { importCsv } from '../../../lib/import/csv/import';
import { inspectCsv } from '../../../lib/import/csv/inspect';
import { prospectIdForEmail } from '../../../lib/import/ids';
import { cuecardTouches } from '../../../lib/import/presets/cuecard';
import { hubspotContacts, hubspotEmailEvents } from '../../../lib/import/presets/hubspot';
import type { CsvPreset } from '../../../lib/import/presets/preset';
import { salesforceCampaignMembers, salesforceContactsReport, salesforceLeadsReport } from '../../../lib/import/presets/salesforce';
import { resolveProspectsInDb } from '../../../lib/store/resolve-prospects';
import { countRows } from '../../../lib/store/write';
import { dbSink, freshDb } from '../store/test-db';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/imports/${name}`, import.meta.url), 'utf8');

/** A store sink that also records what was written, in order. */
function recordingSink(db = freshDb()) {
  const writes: { collection: CollectionName; ids: string[] }[] = [];
  const inner = dbSink(db);
  const sink: ImportSink = {
    async write<C extends CollectionName>(collection: C, rows: RowTypes[C][]) {
      writes.push({ collection, ids: rows.map((row) => row.id) });
      await inner.write(collection, rows);
    },
  };
  return { db, sink, writes };
}

async function importInto(db: ReturnType<typeof freshDb>, text: string, preset: CsvPreset, sink: ImportSink = dbSink(db), chunkSize?: number) {
  const inspection = await inspectCsv(text);
  return importCsv(text, preset, sink, {
    dateOrder: inspection.dates.suggested,
    resolveProspects: (lookups) => resolveProspectsInDb(db, lookups),
    ...(chunkSize ? { chunkSize } : {}),
  });
}

describe('a Salesforce Campaign Members report into an empty workspace', () => {
  it('makes every member a prospect (name, Salesforce id) and files their touches under them', async () => {
    const db = freshDb();
    const report = await importInto(db, fixture('salesforce-campaign-members.csv'), salesforceCampaignMembers);
    expect(report).toMatchObject({ rejected: 0, errors: [], imported: { prospects: 7, touches: 6 } });
    const dana = await db.prospects.get(prospectIdForEmail('dana.whitfield@northwind-logistics.com'));
    expect(dana).toMatchObject({
      email: 'dana.whitfield@northwind-logistics.com',
      name: 'Dana Whitfield',
      crmIds: { salesforce: '003Dn00000QxAbcIAF' },
    });
    // Found the way a Salesforce contact page finds people: by the record id in its URL.
    expect(await db.prospects.where('crmKeys').equals('salesforce:003Dn00000QxAbc').count()).toBe(1);
    const touches = await db.touches.toArray();
    expect(touches.filter((touch) => touch.prospectId === dana!.id).map((touch) => touch.type).sort()).toEqual(['event', 'webinar']);
    // Every touch points at a prospect the store holds: nothing is orphaned.
    for (const touch of touches) expect(await db.prospects.get(touch.prospectId), touch.id).toBeDefined();
    // Members whose status is no touch ("Sent", "No Show") are still people in the CRM.
    expect(await db.prospects.get(prospectIdForEmail('owen.fitzgerald@granite-components.co.uk'))).toMatchObject({
      name: 'Owen Fitzgerald',
      crmIds: { salesforce: '00QDn00000Hk7RtMAJ' },
    });
  });

  it('writes each chunk’s people before the touches that point at them', async () => {
    const { db, sink, writes } = recordingSink();
    await importInto(db, fixture('salesforce-campaign-members.csv'), salesforceCampaignMembers, sink, 3);
    expect(writes.length).toBeGreaterThan(2);
    const firstWrite = new Map<string, number>();
    writes.forEach((write, index) => {
      if (write.collection === 'prospects') for (const id of write.ids) if (!firstWrite.has(id)) firstWrite.set(id, index);
    });
    for (const [index, write] of writes.entries()) {
      if (write.collection !== 'touches') continue;
      for (const id of write.ids) {
        const touch = await db.touches.get(id);
        expect(firstWrite.get(touch!.prospectId), `${id} written after its prospect`).toBeLessThan(index);
      }
    }
  });

  it('counts each person once, and a second import of the same report rewrites nobody', async () => {
    const { db, sink, writes } = recordingSink();
    const first = await importInto(db, fixture('salesforce-campaign-members.csv'), salesforceCampaignMembers, sink, 2);
    expect(first.imported.prospects).toBe(7);
    writes.length = 0;
    const again = await importInto(db, fixture('salesforce-campaign-members.csv'), salesforceCampaignMembers, sink, 2);
    expect(again.imported).toMatchObject({ prospects: 0, touches: 6 });
    expect(writes.filter((write) => write.collection === 'prospects')).toEqual([]);
    expect((await countRows(db)).prospects).toBe(7);
  });
});

describe('people named by a touches export, over a workspace already in the store', () => {
  async function demoDb() {
    const db = freshDb();
    await importBundle(generateWorkspace({ prospects: 12, touches: 40, seed: 7 }), dbSink(db));
    return db;
  }

  it('keeps the known prospect’s id and fields, adds only what the row says, and never replaces an id it has', async () => {
    const db = await demoDb();
    const before = (await db.prospects.get('p-dana'))!;
    const csv = [
      '"Campaign Member ID","Campaign Name","Campaign Type","Member Status","First Responded Date","Contact ID","Lead ID","First Name","Last Name","Title","Email","Lead Source"',
      '"00vDn00001aB9zzEAF","Freight ROI Content Syndication","Content Syndication","Downloaded","11/23/2026","","00QDn00000Hk9XyMAJ","Dana","Whitfield","CFO","Dana.Whitfield+syndication@northwind-logistics.com","Content Syndication"',
    ].join('\n');
    const report = await importInto(db, csv, salesforceCampaignMembers);
    expect(report.imported).toMatchObject({ prospects: 1, touches: 1 });
    const after = (await db.prospects.get('p-dana'))!;
    expect(after).toMatchObject({
      ...before,
      // What the row carries, over what was stored:
      title: 'CFO',
      source: 'Content Syndication',
      // The stored address, not its +tag spelling; the stored contact id, not the row's lead id.
      email: before.email,
      crmIds: before.crmIds,
    });
    expect(await db.prospects.count()).toBe(12);
    expect((await db.touches.get('t-sfcm-00vDn00001aB9zzEAF-download'))?.prospectId).toBe('p-dana');
  });

  it('makes HubSpot email recipients known, by email alone, when the workspace lacks them', async () => {
    const db = await demoDb();
    const csv = 'Recipient,Event type,Event date,Email subject\nnew.person@tidewater-grocers.com,Open,2026-11-20 09:00,Hello\n';
    const report = await importInto(db, csv, hubspotEmailEvents);
    expect(report.imported).toMatchObject({ prospects: 1, touches: 1 });
    const id = prospectIdForEmail('new.person@tidewater-grocers.com');
    expect(await db.prospects.get(id)).toMatchObject({ id, email: 'new.person@tidewater-grocers.com' });
  });

  it('makes our own touches’ prospectEmail a prospect, and leaves rows that name a prospectId alone', async () => {
    const db = freshDb();
    const csv = 'id,prospectId,prospectEmail,type,occurredAt\nt-1,,ann@acme.example,webinar,2026-11-18T15:00:00Z\nt-2,p-elsewhere,,webinar,2026-11-18T15:00:00Z\n';
    const report = await importCsv(csv, cuecardTouches, dbSink(db));
    expect(report.imported).toMatchObject({ prospects: 1, touches: 2 });
    expect((await db.prospects.toArray()).map((prospect) => prospect.email)).toEqual(['ann@acme.example']);
  });

  it('rejects a row whose person breaks the contract, naming the field, and keeps the others', async () => {
    const db = freshDb();
    const csv = [
      '"Campaign Name","Member Status","First Responded Date","Title","Email"',
      `"Webinar","Attended","11/18/2026","${'T'.repeat(400)}","long.title@acme.example"`,
      '"Webinar","Attended","11/18/2026","CTO","ok@acme.example"',
    ].join('\n');
    const report = await importCsv(csv, salesforceCampaignMembers, dbSink(db), { dateOrder: 'us' });
    expect(report.imported).toMatchObject({ prospects: 1, touches: 1 });
    expect(report.errors).toMatchObject([{ row: 2, field: 'person.title' }]);
  });
});

describe('owner, lead source and MQL date from the vendors that export them', () => {
  it('maps HubSpot’s MQL date and original source; its "Contact owner" is a name, not an owner', async () => {
    const db = freshDb();
    const csv = [
      'Record ID,Email,Contact owner,Original Source,Became a Marketing Qualified Lead Date',
      '51234002,marcus.oyelaran@northwind-logistics.com,Jordan Ellis,Organic Search,2026-10-02 14:30',
      '51234003,priya.raman@helixbio.io,sam.carter@meridian-analytics.example,Paid Social,',
    ].join('\n');
    await importCsv(csv, hubspotContacts, dbSink(db));
    const marcus = await db.prospects.get(prospectIdForEmail('marcus.oyelaran@northwind-logistics.com'));
    expect(marcus).toMatchObject({ source: 'Organic Search', qualifiedAt: '2026-10-02T14:30:00.000Z' });
    expect(marcus?.owner).toBeUndefined();
    expect((await db.prospects.get(prospectIdForEmail('priya.raman@helixbio.io')))?.owner).toBe('sam.carter@meridian-analytics.example');
  });

  it('maps Salesforce Lead Source; a Lead Owner name is not an owner, a Lead Owner email is', async () => {
    const db = freshDb();
    const csv = [
      '"Lead ID","Email","Lead Status","Lead Source","Lead Owner"',
      '"00QDn00000Hk7PqMAJ","priya.raman@helixbio.io","Working - Contacted","Webinar","Sam Carter"',
      '"00QDn00000Hk7RtMAJ","owen.fitzgerald@granite-components.co.uk","Open - Not Contacted","Trade Show","Jordan.Ellis@Meridian-Analytics.example"',
    ].join('\n');
    await importCsv(csv, salesforceLeadsReport, dbSink(db));
    const priya = await db.prospects.get(prospectIdForEmail('priya.raman@helixbio.io'));
    expect(priya).toMatchObject({ source: 'Webinar', stage: 'lead' });
    expect(priya?.owner).toBeUndefined();
    expect((await db.prospects.get(prospectIdForEmail('owen.fitzgerald@granite-components.co.uk')))?.owner).toBe('jordan.ellis@meridian-analytics.example');
  });
});

describe('Salesforce report footers', () => {
  it('skips the footer of a report export as "report footer", not as rejected rows', async () => {
    const db = freshDb();
    const report = await importInto(db, fixture('salesforce-contacts-report.csv'), salesforceContactsReport);
    expect(report).toMatchObject({ rejected: 0, errors: [], imported: { prospects: 5 }, skipped: 8, skippedReasons: { 'report footer': 8 } });
    expect(await db.prospects.count()).toBe(5);
    expect(summarizeReport(report)).toBe('Imported prospects 5, touches 0, messages 0, assets 0 (8 report footer lines skipped). Rejected rows: 0');
    const members = await importInto(freshDb(), fixture('salesforce-campaign-members.csv'), salesforceCampaignMembers);
    expect(members.skippedReasons).toEqual({ 'campaign member status No Show': 1, 'campaign member status Sent': 1, 'report footer': 7 });
    expect(members.rejected).toBe(0);
  });

  it('keeps blank lines between rows silent and still rejects a stray one-cell row that is not a footer', async () => {
    const csv = [
      '"Contact ID","Email"',
      '"003Dn00000QxAbcIAF","dana.whitfield@northwind-logistics.com"',
      '',
      '"003Dn00000QxAbdIAF","marcus.oyelaran@northwind-logistics.com"',
      '"not an email"',
      '',
      '"Confidential Information - Do Not Distribute"',
      '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."',
      '',
    ].join('\n');
    const report = await importCsv(csv, salesforceContactsReport, dbSink(freshDb()));
    expect(report).toMatchObject({ imported: { prospects: 2 }, rejected: 1, skippedReasons: { 'report footer': 3 } });
    expect(report.errors).toMatchObject([{ row: 5, field: 'Email' }]);
  });

  it('reads a footer only where a vendor writes one: our own columns reject the same lines', async () => {
    const csv = 'id,prospectId,type,occurredAt\nt-1,p-dana,webinar,2026-11-18T15:00:00Z\n"Confidential Information - Do Not Distribute"\n';
    const report = await importCsv(csv, cuecardTouches, dbSink(freshDb()));
    expect(report.rejected).toBe(1);
    expect(report.skippedReasons).toEqual({});
  });
});

