import { describe, expect, it } from 'vitest';
import type { CollectionName, RowTypes } from '../../../lib/contract';
import { summarizeReport, type ImportSink } from '../../../lib/import/bundle';
import { importCsv } from '../../../lib/import/csv/import';
import { inspectCsv } from '../../../lib/import/csv/inspect';
import { prospectIdForEmail } from '../../../lib/import/ids';
import { cuecardProspects, cuecardTouches } from '../../../lib/import/presets/cuecard';
import { hubspotContacts, hubspotEmailEvents } from '../../../lib/import/presets/hubspot';
import { marketoActivityLog } from '../../../lib/import/presets/marketo';
import { countRows } from '../../../lib/store/write';
import { dbSink, freshDb } from '../store/test-db';

const TOUCH_HEADER = 'id,prospectId,type,occurredAt,title';

function bytesOf(text: string): Blob {
  return new Blob([new TextEncoder().encode(text)]);
}

describe('CSV files that are not what they claim', () => {
  it('drops a UTF-8 BOM so the first column still matches', async () => {
    const db = freshDb();
    const withBom = new Blob([new Uint8Array([0xef, 0xbb, 0xbf]), new TextEncoder().encode('Email,First Name,Last Name,Record ID\ndana.whitfield@northwind-logistics.com,Dana,Whitfield,51234001\n')]);
    const report = await importCsv(withBom, hubspotContacts, dbSink(db));
    expect(report.imported.prospects).toBe(1);
    const asString = await importCsv('\uFEFFEmail,Record ID\nlena.park@northwind-logistics.com,51234004\n', hubspotContacts, dbSink(db));
    expect(asString.imported.prospects).toBe(1);
  });

  it('reads semicolon- and tab-separated exports (Excel in EU locales) without being told', async () => {
    const db = freshDb();
    const semicolon = await importCsv('"Email";"First Name";"Company Name"\n"priya.raman@helixbio.io";"Priya";"Helix Biotech"\n', hubspotContacts, dbSink(db));
    expect(semicolon).toMatchObject({ imported: { prospects: 1 }, delimiter: ';', rejected: 0 });
    const tabs = await importCsv('Email\tFirst Name\tCompany Name\nlena.park@northwind-logistics.com\tLena\tNorthwind Logistics\n', hubspotContacts, dbSink(db));
    expect(tabs).toMatchObject({ imported: { prospects: 1 }, delimiter: '\t' });
    expect((await db.prospects.get(prospectIdForEmail('priya.raman@helixbio.io')))?.company).toBe('Helix Biotech');
  });

  it('refuses a file whose columns come out as one, saying which separators work, and writes nothing', async () => {
    const db = freshDb();
    const report = await importCsv('Email^First Name^Last Name\ndana.whitfield@northwind-logistics.com^Dana^Whitfield\n', hubspotContacts, dbSink(db));
    expect(report.fatal).toBe(
      'Only one column was found ("Email^First Name^Last Name"): the columns must be separated by commas, semicolons or tabs. Save the file as CSV and try again. Nothing was imported.',
    );
    expect(await countRows(db)).toEqual({ prospects: 0, touches: 0, messages: 0, assets: 0 });
    const forced = await importCsv('Email;Record ID\nx@y.co;1\n', hubspotContacts, dbSink(db), { delimiter: ',' });
    expect(forced.fatal).toMatch(/^Only one column was found \("Email;Record ID"\)/);
    expect((await inspectCsv('Email^First Name\nx@y.co^X\n')).fatal).toMatch(/^Only one column was found/);
  });

  it('keeps newlines, commas and quotes inside quoted cells, and numbers rows as a spreadsheet does', async () => {
    const db = freshDb();
    const csv = [
      TOUCH_HEADER,
      't1,p-dana,page_view,2026-11-12T13:58:00Z,"Visited: Pricing, ""Enterprise"" tier\nsecond line"',
      't2,p-dana,webinar,2026-11-18T15:00:00Z,"Attended:\nRoute\nanalytics"',
      't3,p-dana,teleport,2026-11-18T15:00:00Z,Row four in a spreadsheet',
    ].join('\r\n');
    const report = await importCsv(csv, cuecardTouches, dbSink(db), { chunkSize: 1 });
    expect(report.imported.touches).toBe(2);
    expect((await db.touches.get('t1'))?.title).toBe('Visited: Pricing, "Enterprise" tier\nsecond line');
    expect(report.errors).toEqual([
      {
        collection: 'touches',
        row: 4,
        field: 'type',
        reason: 'unknown touch type "teleport": expected one of email_open, email_click, webinar, download, page_view, ad_click, event, form_submit',
      },
    ]);
  });

  it('reports a quoted cell that is never closed instead of importing the rest of the file into it', async () => {
    const report = await importCsv(`${TOUCH_HEADER}\nt1,p-dana,webinar,2026-11-18T15:00:00Z,ok\nt2,p-dana,webinar,2026-11-18T15:00:00Z,"never closed\nt3,p-dana,webinar,2026-11-18T15:00:00Z,lost\n`, cuecardTouches, dbSink(freshDb()));
    expect(report.imported.touches).toBe(1);
    expect(report.errors).toEqual([
      { collection: 'touches', row: 3, field: '(row)', reason: 'a quoted value is never closed: the rest of the file was read into this row' },
    ]);
  });

  it('reads ISO, US and EU dates as told, and names the row of an ambiguous date under auto', async () => {
    const csv = [
      'prospectId,type,occurredAt,title',
      'p-dana,webinar,2026-11-18T15:00:00Z,iso',
      'p-dana,webinar,2026-11-18 15:00,iso without zone',
      'p-dana,webinar,11/18/2026 3:00 PM,us only',
      'p-dana,webinar,18.11.2026 15:00,dotted is day-first',
      'p-dana,webinar,03/04/2026,ambiguous',
      'p-dana,webinar,"Nov 18, 2026 3:00 PM",named month',
    ].join('\n');
    const auto = await importCsv(csv, cuecardTouches, dbSink(freshDb()));
    expect(auto.imported.touches).toBe(5);
    expect(auto.errors).toEqual([
      {
        collection: 'touches',
        row: 6,
        field: 'occurredAt',
        reason: 'ambiguous date "03/04/2026": it could be month/day (US) or day/month (EU); choose the date order and import again',
      },
    ]);

    const usDb = freshDb();
    const us = await importCsv(csv, cuecardTouches, dbSink(usDb), { dateOrder: 'us' });
    expect(us.imported.touches).toBe(6);
    const ambiguousAsUs = (await usDb.touches.toArray()).find((touch) => touch.title === 'ambiguous');
    expect(ambiguousAsUs?.occurredAt).toBe('2026-03-04T00:00:00.000Z');

    const euDb = freshDb();
    const eu = await importCsv(csv, cuecardTouches, dbSink(euDb), { dateOrder: 'eu' });
    expect(eu.errors).toEqual([
      { collection: 'touches', row: 4, field: 'occurredAt', reason: '"11/18/2026 3:00 PM" is not an EU (DD/MM/YYYY) date' },
    ]);
    expect((await euDb.touches.toArray()).find((touch) => touch.title === 'ambiguous')?.occurredAt).toBe('2026-04-03T00:00:00.000Z');
  });

  it('refuses a file missing required columns, naming them, and writes nothing', async () => {
    const db = freshDb();
    const report = await importCsv('Email Address,Activity Type,Campaign\ndana.whitfield@northwind-logistics.com,Visit Webpage,Website\n', marketoActivityLog, dbSink(db));
    expect(report.fatal).toBe(
      'This file is missing required columns for "Marketo — activity log export": "Activity Date". Columns found: "Email Address", "Activity Type", "Campaign". Nothing was imported.',
    );
    expect(summarizeReport(report)).toMatch(/Nothing was imported\. Rejected rows: 0$/);
    expect(await countRows(db)).toEqual({ prospects: 0, touches: 0, messages: 0, assets: 0 });
    const eitherOr = await importCsv('type,occurredAt\nwebinar,2026-11-18\n', cuecardTouches, dbSink(db));
    expect(eitherOr.fatal).toMatch(/missing required columns for "Cuecard — touches \(our columns\)": "prospectId" or "prospectEmail"\./);
  });

  it('keeps the last row of a repeated id and counts the repeats, within and across chunks', async () => {
    const db = freshDb();
    const csv = [
      'id,email,name',
      'p1,dana.whitfield@northwind-logistics.com,First Dana',
      'p2,marcus.oyelaran@northwind-logistics.com,Marcus',
      'p1,dana.whitfield@northwind-logistics.com,Second Dana',
      'p3,lena.park@northwind-logistics.com,Lena',
      'p1,dana.whitfield@northwind-logistics.com,Last Dana',
    ].join('\n');
    const report = await importCsv(csv, cuecardProspects, dbSink(db), { chunkSize: 2 });
    expect(report).toMatchObject({ imported: { prospects: 3 }, duplicates: 2, rejected: 0 });
    expect((await db.prospects.get('p1'))?.name).toBe('Last Dana');
    expect(await db.prospects.count()).toBe(3);
    expect(summarizeReport(report)).toBe(
      'Imported prospects 3, touches 0, messages 0, assets 0 (2 duplicate ids, last row kept). Rejected rows: 0',
    );
  });

  it('reports vendor activity types it does not know, and skips delivery events without reporting them', async () => {
    const csv = [
      'Recipient,Event type,Event date,Email subject',
      'dana.whitfield@northwind-logistics.com,Open,2026-11-16 08:41,Reminder',
      'dana.whitfield@northwind-logistics.com,Delivered,2026-11-16 08:01,Reminder',
      'dana.whitfield@northwind-logistics.com,Snoozed,2026-11-16 09:00,Reminder',
    ].join('\n');
    const report = await importCsv(csv, hubspotEmailEvents, dbSink(freshDb()));
    expect(report).toMatchObject({ imported: { touches: 1 }, skipped: 1, rejected: 1 });
    expect(report.errors).toEqual([
      {
        collection: 'touches',
        row: 4,
        field: 'Event type',
        reason: 'unknown activity type "Snoozed": not one of the mapped types (Open, Click, Forward, Print; delivery events are skipped)',
      },
    ]);
    expect(summarizeReport(report)).toMatch(/\(1 rows skipped as not marketing touches\)\. Rejected rows: 1$/);
  });

  it('rejects bad cells with the header name and reason, and imports the good rows around them', async () => {
    const csv = 'Email,Record ID,Last Modified Date\nnot-an-email,1,2026-11-18\ndana.whitfield@northwind-logistics.com,2,yesterday\nlena.park@northwind-logistics.com,3,2026-11-08\n';
    const report = await importCsv(csv, hubspotContacts, dbSink(freshDb()));
    expect(report.imported.prospects).toBe(1);
    expect(report.errors).toEqual([
      { collection: 'prospects', row: 2, field: 'Email', reason: '"not-an-email" is not an email address' },
      { collection: 'prospects', row: 3, field: 'Last Modified Date', reason: '"yesterday" is not a date' },
    ]);
  });
});

describe('chunks, progress and cancel', () => {
  function touchesCsv(rows: number): string {
    const lines = [TOUCH_HEADER];
    for (let i = 0; i < rows; i++) lines.push(`t${i},p-dana,page_view,2026-11-12T13:58:00Z,Visit ${i}`);
    return lines.join('\n');
  }

  it('writes one chunk per sink.write and reports byte progress to the end', async () => {
    const writes: number[] = [];
    const sink: ImportSink = { write: async (_collection, rows) => void writes.push(rows.length) };
    const progress: number[] = [];
    const csv = touchesCsv(2_500);
    const report = await importCsv(bytesOf(csv), cuecardTouches, sink, { chunkSize: 1_000, onProgress: (p) => progress.push(p.done / p.total) });
    expect(writes).toEqual([1_000, 1_000, 500]);
    expect(report.imported.touches).toBe(2_500);
    expect(progress.at(-1)).toBe(1);
  });

  it('stops between chunks when cancelled, leaving whole chunks, and a second run completes the import', async () => {
    const db = freshDb();
    const controller = new AbortController();
    const inner = dbSink(db);
    let writes = 0;
    const sink: ImportSink = {
      async write<C extends CollectionName>(collection: C, rows: RowTypes[C][]) {
        await inner.write(collection, rows);
        if (++writes === 2) controller.abort();
      },
    };
    const csv = touchesCsv(5_000);
    const report = await importCsv(csv, cuecardTouches, sink, { chunkSize: 1_000, signal: controller.signal });
    expect(report).toMatchObject({ cancelled: true, imported: { touches: 2_000 } });
    expect(await db.touches.count()).toBe(2_000);
    expect(summarizeReport(report)).toMatch(/^Import cancelled after prospects 0, touches 2000/);

    const again = await importCsv(csv, cuecardTouches, dbSink(db), { chunkSize: 1_000 });
    expect(again.imported.touches).toBe(5_000);
    expect(await db.touches.count()).toBe(5_000);
  });

  it('ends with a message when the store fails mid-import, keeping the chunks written before', async () => {
    let writes = 0;
    const sink: ImportSink = {
      async write() {
        if (++writes === 3) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    const report = await importCsv(touchesCsv(5_000), cuecardTouches, sink, { chunkSize: 1_000 });
    expect(report.imported.touches).toBe(2_000);
    expect(report.fatal).toBe(
      'The import stopped at row 3001 (The quota has been exceeded.). 2000 rows written before it stay; run the import again to finish.',
    );
  });
});
